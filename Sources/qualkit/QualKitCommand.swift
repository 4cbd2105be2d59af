import ArgumentParser
import QualKit
#if canImport(Glibc)
    import Glibc
#endif

/// `qualkit`: validate spec packs, list and describe qualifications, evaluate learners.
struct QualKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qualkit",
        abstract: "Decide which UK vocational qualifications learners have achieved, and what is missing.",
        discussion: """
            The bundled spec packs (ILM 8577, 8578 and D3) are built in; add further packs with --specs DIR.
            Exit status: 0 success, 1 errors in the input (invalid packs or rejected records), 2 usage errors,
            3 from diff --exit-code when results change.
            """,
        subcommands: [
            Validate.self, List.self, Describe.self, Evaluate.self, Diff.self, Explain.self, Report.self,
            Generate.self, Init.self, Schema.self, Achievements.self, Keygen.self, Credentials.self, Verify.self
        ])
}

@main
enum Main {
    static func main() {
        AtomicOutput.ignoreFileSizeSignal() // a file-size limit is a write error, for standard output too
        do {
            var command = try QualKitCommand.parseAsRoot()
            try command.run()
            if let why = Console.outputFailure {
                Console.err("qualkit: cannot write the output: \(Console.reason(why))")
                exit(1)
            }
        } catch let e as ExitCode {
            exit(e.rawValue)
        } catch let e as CLIError {
            Console.err("qualkit: \(e.description)") // one sentence; ArgumentParser would say "Error: "
            exit(1)
        } catch {
            let code = QualKitCommand.exitCode(for: error)
            if code == .success { // --help: written here, so that a failed write is exit 1, not 0
                Console.raw(1, QualKitCommand.fullMessage(for: error) + "\n")
                if let why = Console.outputFailure {
                    Console.err("qualkit: cannot write the output: \(Console.reason(why))")
                    exit(1)
                }
                exit(0)
            }
            if code == .validationFailure || error is UsageError {
                let text = QualKitCommand.fullMessage(for: error)
                Console.errText("qualkit: " + text)
                exit(2)
            }
            QualKitCommand.exit(withError: error)
        }
    }
}

/// A usage problem found after parsing (exit status 2).
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
}
