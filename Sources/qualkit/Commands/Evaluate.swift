import ArgumentParser
import Foundation
import QualKit
import QualKitCore
import QualKitLearners
#if canImport(Glibc)
    import Glibc
#endif

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate learner records against the loaded qualifications.",
        discussion: """
            Reads JSON Lines (one learner per line) or CSV (header learner,unit,achieved,hours), from FILE or \
            standard input ('-'). Malformed records are reported on standard error as FILE:LINE: error: … and \
            skipped; evaluation goes on. Output keeps input order.
            Exit status: 0 when every record was evaluated, 1 when any was rejected, 2 for a usage error.
            """)

    enum InputFormat: String, ExpressibleByArgument, CaseIterable { case auto, jsonl, csv }

    @Option(help: "Output format: jsonl (one object per learner per qualification), csv, or table (a summary).")
    var format: OutputFormat = .jsonl

    @Option(
        name: .customLong("qualification"),
        help: ArgumentHelp("Only this qualification (id or QAN); repeatable.", valueName: "ID"))
    var qualifications: [String] = []

    @OptionGroup var packs: PackOptions

    @Option(name: [.short, .long], help: "Write to FILE atomically instead of standard output.")
    var output: String?

    @Option(name: .customLong("input-format"), help: "Input format: auto (by file name: .csv is CSV), jsonl or csv.")
    var inputFormat: InputFormat = .auto

    /// The most worker threads `--threads` takes: each holds a workspace and a batch of lines, so a
    /// mistyped count must not exhaust memory.
    static let maximumThreads = 256

    @Option(help: "Worker threads (default: all cores; at most 256).")
    var threads: Int?

    @Option(
        name: .customLong("duplicate-limit"),
        help:
            """
            How many learner ids to remember to warn about duplicates, and for CSV to check that each learner's \
            rows are together (16 to 32 bytes each: about 32 MB for a million; 0: no check).
            """
    )
    var duplicateLimit = 1_000_000

    @Option(
        help: ArgumentHelp(
            """
            jsonl and csv: only these result fields, in this order, comma-separated \
            (\(ResultField.allCases.map(\.rawValue).joined(separator: ",")); default: all for jsonl, the csv \
            columns for csv).
            """,
            valueName: "FIELDS"))
    var fields: String?

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            """
            Evaluate as of this day: later units and mark sheets do not count; registration, certification end \
            and completion window are judged at it.
            """,
            valueName: "YYYY-MM-DD"), transform: CalendarDate.argument)
    var asOf: CalendarDate?

    @Option(
        name: .customLong("what-if"),
        help: ArgumentHelp(
            """
            Evaluate every learner as if they had chosen this version of a qualification's rules, whatever their \
            registration date; repeatable.
            """,
            valueName: "QUALIFICATION@VERSION"), transform: VersionReference.argument)
    var whatIf: [VersionReference] = []

    @Flag(
        help:
            """
            jsonl: give each unmet requirement its sentence ('message'), as explain does. Without it, codes and \
            details only.
            """
    )
    var messages = false

    enum Where: String, ExpressibleByArgument, CaseIterable { case achieved, notAchieved = "not-achieved" }

    @Option(
        name: .customLong("where"), help: "Write only achieved or only not-achieved results (the table counts all).")
    var filter: Where?

    /// The fields asked for with `--fields`, checked.
    func parsedFields() throws -> [ResultField]? {
        guard let fields else { return nil }
        var out: [ResultField] = []
        for name in fields.split(separator: ",", omittingEmptySubsequences: false).map({
            $0.trimmingCharacters(in: .whitespaces)
        }) {
            guard let f = ResultField(rawValue: name) else {
                let known = ResultField.allCases.map(\.rawValue)
                let hint = Suggestion.closest(to: name, among: known).map { "did you mean '\($0)'? " } ?? ""
                throw ValidationError(
                    "--fields: unknown field '\(name)'; \(hint)the fields are \(known.joined(separator: ","))")
            }
            guard !out.contains(f) else { throw ValidationError("--fields: '\(name)' is given twice") }
            out.append(f)
        }
        return out
    }

    @Flag(
        help:
            """
            CSV: group each learner's rows wherever they are in the file, in memory (memory grows with the file). \
            Without it CSV is streamed and each learner's rows must be together.
            """
    )
    var unsorted = false

    @Flag(
        name: .customLong("csv-exact"),
        help:
            """
            csv: write each cell exactly. Without it a cell that starts with =, +, - or @ (a learner id such as \
            =HYPERLINK(...)) is written quoted with an apostrophe first, so that a spreadsheet does not run it as \
            a formula.
            """
    )
    var csvExact = false

    @Flag(name: .customLong("no-progress"), help: "Never draw a progress bar.")
    var noProgress = false

    @Argument(help: "The learner file, or '-' for standard input.")
    var file: String

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case jsonl, csv, table }

    func validate() throws {
        if let threads, threads < 1 || threads > Self.maximumThreads {
            throw ValidationError("--threads must be from 1 to \(Self.maximumThreads); it was \(threads)")
        }
        if duplicateLimit < 0 { throw ValidationError("--duplicate-limit must be 0 or more; it was \(duplicateLimit)") }
        if format == .table, fields != nil {
            throw ValidationError("--fields applies to jsonl and csv; the table is a summary")
        }
        if format != .jsonl, messages {
            throw ValidationError("--messages applies to jsonl (csv gives codes only; explain gives sentences)")
        }
        _ = try parsedFields()
    }

    func run() throws {
        let registry = try packs.registry()
        let evaluator: Evaluator
        do {
            evaluator = try Evaluator(
                catalog: registry.catalog,
                only: qualifications.isEmpty ? nil : qualifications.map { QualificationID($0) },
                limits: packs.limits.evaluation)
        } catch { throw UsageError("\(error)") }
        let fmt = ResultFormat(rawValue: format.rawValue)!
        var bulk = BatchPipeline(evaluator: evaluator, format: fmt, threads: threads)
        bulk.duplicateCheckLimit = duplicateLimit
        bulk.fields = try parsedFields()
        bulk.messages = messages
        bulk.asOf = asOf
        bulk.whatIf = try checkedWhatIf(whatIf, registry.catalog)
        bulk.onlyAchieved = filter.map { $0 == .achieved }
        bulk.csvExact = csvExact
        let isCSV = LearnerInput.isCSV(file, inputFormat)
        let reader = try LearnerInput.open(file)
        let out = try AtomicOutput(path: output)
        var bar = ProgressBar.make(disabled: noProgress)
        let errors = ErrorStream(buffered: bar == nil && !Console.stderrIsTerminal)
        defer { errors.flush() }
        let report: BatchPipeline.Report
        do {
            if isCSV {
                let items = LearnerCSVReader(
                    grouping: unsorted ? .anyOrder : .contiguous, maximumRowBytes: reader.maximumLineLength,
                    idLimit: duplicateLimit
                ).items(reader)
                report = try bulk.run(
                    items, file: file == "-" ? "<stdin>" : file, write: { try out.write(raw: $0) },
                    diagnose: {
                        bar?.finish(); errors.line($0)
                    })
            } else {
                report = try bulk.run(
                    reader, write: { try out.write(raw: $0) },
                    diagnose: { m in
                        bar?.finish(); errors.line(m)
                    },
                    progress: {
                        bar?.update($0); errors.flush()
                    })
            }
            errors.flush()
            bar?.finish()
            if fmt == .table { try out.write(Array(report.summary.render().utf8)) }
            try out.commit()
        } catch {
            errors.flush()
            out.abandon()
            bar?.finish()
            throw error
        }
        if report.rejected > 0 {
            Console.err(
                """
                qualkit: \(report.rejected) record\(report.rejected == 1 ? "" : "s") rejected, \
                \(report.evaluated) evaluated
                """
            )
            throw ExitCode(1)
        }
    }
}
