import QualKitEngine
import ArgumentParser
import QualKitLearners
#if canImport(Glibc)
    import Glibc
#endif

/// The learner file a command reads: its format, and the file checked and opened. One place for what
/// `evaluate`, `diff` and `explain` each did alike.
enum LearnerInput {
    /// Whether `file` is read as CSV: asked for, or by its `.csv` name.
    static func isCSV(_ file: String, _ format: Evaluate.InputFormat) -> Bool {
        format == .csv || (format == .auto && file.lowercased().hasSuffix(".csv"))
    }

    /// `file` opened (`-`: standard input), after checking that standard input is open (when
    /// `checkStandardInput`) and that the file is UTF-8; otherwise the reason on standard error and exit 1.
    static func open(_ file: String, checkStandardInput: Bool = true) throws -> LineReader {
        if checkStandardInput, file == "-" && fcntl(0, F_GETFD) == -1 {
            Console.err("qualkit: standard input is closed; give a learner file, or pipe learners in")
            throw ExitCode(1)
        }
        let reader: LineReader
        do { reader = try LineReader(path: file) } catch {
            Console.err(error.description)
            throw ExitCode(1)
        }
        // From the reader's own stream (a FIFO opened twice would lose its first bytes).
        if file != "-", let why = reader.encodingProblem() {
            Console.err("qualkit: \(why)")
            throw ExitCode(1)
        }
        return reader
    }
}
