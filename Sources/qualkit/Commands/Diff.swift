import ArgumentParser
import Foundation
import QualKit
import QualKitLearners
#if canImport(Glibc)
    import Glibc
#endif

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare learners' results under two pack sets: which learners gain, lose or change a qualification.",
        discussion: """
            Evaluates every learner of FILE (JSON Lines or CSV, or '-' for standard input) against the 'from' packs \
            and the 'to' packs in one pass, and writes each learner and qualification whose achieved, credits, \
            route or unmet codes differ, with both sides. Each side is exactly the packs given for it: \
            --from-specs / --to-specs directories, plus the bundled packs with --from-bundled / --to-bundled \
            (a pack with a bundled pack's id replaces it). To compare two dates over one pack set, give the \
            'from' packs with --from-as-of D1 --to-as-of D2. To see who would gain or lose by moving to another \
            version of a qualification's rules, give --to-what-if QUALIFICATION@VERSION (and, to compare two \
            versions, --from-what-if QUALIFICATION@VERSION) over the 'from' packs. The summary per qualification goes \
            to standard error (to standard output with --format table).
            Exit status: 0 when the records were compared (with --exit-code: and nothing changed), 3 with \
            --exit-code when anything changed, 1 when any record was rejected (before 3: the comparison is \
            incomplete) or a pack is invalid, 2 for a usage error.
            """)

    @Option(
        name: .customLong("from-specs"),
        help: ArgumentHelp("A spec pack directory for the 'from' side (repeatable).", valueName: "DIR"))
    var fromSpecs: [String] = []

    @Option(
        name: .customLong("to-specs"),
        help: ArgumentHelp("A spec pack directory for the 'to' side (repeatable).", valueName: "DIR"))
    var toSpecs: [String] = []

    @Flag(name: .customLong("from-bundled"), help: "Add the bundled packs (8577, 8578, D3) to the 'from' side.")
    var fromBundled = false

    @Flag(name: .customLong("to-bundled"), help: "Add the bundled packs to the 'to' side.")
    var toBundled = false

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("Evaluate both sides as of this day (as evaluate --as-of does).", valueName: "YYYY-MM-DD"),
        transform: CalendarDate.argument)
    var asOf: CalendarDate?

    @Option(
        name: .customLong("from-as-of"),
        help: ArgumentHelp("Evaluate the 'from' side as of this day (instead of --as-of).", valueName: "YYYY-MM-DD"),
        transform: CalendarDate.argument)
    var fromAsOf: CalendarDate?

    @Option(
        name: .customLong("to-as-of"),
        help: ArgumentHelp(
            """
            Evaluate the 'to' side as of this day (instead of --as-of). With --from-as-of or --to-as-of and no \
            --to-specs or --to-bundled, the 'to' side has the 'from' side's packs: two dates, one pack set.
            """,
            valueName: "YYYY-MM-DD"), transform: CalendarDate.argument)
    var toAsOf: CalendarDate?

    @Option(
        name: .customLong("from-what-if"),
        help: ArgumentHelp(
            """
            Evaluate every learner on the 'from' side as if they had chosen this version of a qualification's \
            rules (as evaluate --what-if does); repeatable.
            """,
            valueName: "QUALIFICATION@VERSION"), transform: VersionReference.argument)
    var fromWhatIf: [VersionReference] = []

    @Option(
        name: .customLong("to-what-if"),
        help: ArgumentHelp(
            """
            Evaluate every learner on the 'to' side as if they had chosen this version; repeatable. With no \
            --to-specs or --to-bundled, the 'to' side has the 'from' side's packs: who would gain or lose by moving.
            """,
            valueName: "QUALIFICATION@VERSION"), transform: VersionReference.argument)
    var toWhatIf: [VersionReference] = []

    @OptionGroup var limits: LimitOptions

    @Option(
        help: "Output format: jsonl (one object per changed learner and qualification), csv, or table (the summary).")
    var format: Evaluate.OutputFormat = .jsonl

    @Option(
        name: .customLong("qualification"),
        help: ArgumentHelp(
            "Only this qualification (id or QAN), on whichever side decides it; repeatable.", valueName: "ID"))
    var qualifications: [String] = []

    @Option(name: [.short, .long], help: "Write to FILE atomically instead of standard output.")
    var output: String?

    @Option(name: .customLong("input-format"), help: "Input format: auto (by file name: .csv is CSV), jsonl or csv.")
    var inputFormat: Evaluate.InputFormat = .auto

    @Flag(
        help:
            """
            CSV: group each learner's rows wherever they are in the file, in memory. Without it each learner's \
            rows must be together.
            """
    )
    var unsorted = false

    @Option(help: "Worker threads (default: all cores; at most 256).")
    var threads: Int?

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

    @Flag(
        name: .customLong("exit-code"),
        help: "Exit with status 3 when any learner's results change (to gate a pack change on it).")
    var exitCode = false

    @Argument(help: "The learner file, or '-' for standard input.")
    var file: String

    /// The status with `--exit-code` when something changed.
    static let changedStatus: Int32 = 3

    func validate() throws {
        if let threads, threads < 1 || threads > Evaluate.maximumThreads {
            throw ValidationError("--threads must be from 1 to \(Evaluate.maximumThreads); it was \(threads)")
        }
        if fromSpecs.isEmpty && !fromBundled {
            throw ValidationError("the 'from' side has no packs; give --from-specs DIR or --from-bundled")
        }
        if toSpecs.isEmpty && !toBundled && !comparesDates {
            throw ValidationError(
                """
                the 'to' side has no packs; give --to-specs DIR or --to-bundled (or --from-as-of / --to-as-of to \
                compare two dates, or --to-what-if to compare versions, over the 'from' packs)
                """
            )
        }
    }

    /// Whether a side has a date or a what-if of its own; then a `to` side without packs takes the `from` side's.
    var comparesDates: Bool { fromAsOf != nil || toAsOf != nil || !fromWhatIf.isEmpty || !toWhatIf.isEmpty }

    func run() throws {
        let fromRegistry = try PackOptions.registry(specs: fromSpecs, bundled: fromBundled, limits: limits)
        let samePacks = toSpecs.isEmpty && !toBundled // two dates over one pack set
        let toRegistry =
            samePacks ? fromRegistry : try PackOptions.registry(specs: toSpecs, bundled: toBundled, limits: limits)
        // `--qualification`: each side decides the ones it has; an id neither side has is a usage error.
        for id in qualifications
        where fromRegistry.catalog.qualification(id) == nil && toRegistry.catalog.qualification(id) == nil {
            throw UsageError("\(EvaluatorError.unknownQualification(QualificationID(id))) (on either side)")
        }
        func evaluator(_ registry: PackRegistry) throws -> Evaluator {
            let only =
                qualifications.isEmpty
                ? nil : qualifications.filter { registry.catalog.qualification($0) != nil }.map { QualificationID($0) }
            do { return try Evaluator(catalog: registry.catalog, only: only, limits: limits.evaluation) } catch {
                throw UsageError("\(error)")
            }
        }
        let fromEvaluator = try evaluator(fromRegistry)
        let fromWhatIf = try checkedWhatIf(fromWhatIf, fromRegistry.catalog, option: "--from-what-if")
        let toWhatIf = try checkedWhatIf(toWhatIf, toRegistry.catalog, option: "--to-what-if")
        let diff = CohortDiff(
            from: fromEvaluator, to: samePacks ? fromEvaluator : try evaluator(toRegistry),
            fromOptions: EvaluationOptions(messages: false, asOf: fromAsOf ?? asOf, whatIf: fromWhatIf),
            toOptions: EvaluationOptions(messages: false, asOf: toAsOf ?? asOf, whatIf: toWhatIf))

        let lines = try LearnerInput.open(file)
        let reader = LearnerReader(
            lines: lines, format: LearnerInput.isCSV(file, inputFormat) ? .csv : .jsonLines,
            csvGrouping: unsorted ? .anyOrder : .contiguous)
        let out = try AtomicOutput(path: output)
        let errors = ErrorStream(buffered: !Console.stderrIsTerminal)
        defer { errors.flush() }
        let report: CohortDiffReport
        do {
            var buffer: [UInt8] = []
            if format == .csv { buffer.append(contentsOf: DiffEncoding.csvHeader.utf8) }
            report = try diff.run(reader, threads: threads) { d in
                switch d.changes {
                case .failure(let e): errors.line(e.description)
                case .success:
                    for (i, w) in d.warnings.enumerated() {
                        let side = i < d.warningSides.count ? d.warningSides[i] : .record
                        let which = side == .record ? "" : " (the '\(side.rawValue)' side only)"
                        errors.line("\(reader.name):\(d.line): warning: learner \(d.learner): \(w.message)\(which)")
                    }
                    switch format {
                    case .jsonl: DiffEncoding.appendJSON(d, to: &buffer)
                    case .csv: DiffEncoding.appendCSV(d, exact: csvExact, to: &buffer)
                    case .table: break
                    }
                    if buffer.count >= 1 << 16 { try out.write(buffer); buffer.removeAll(keepingCapacity: true) }
                }
            }
            errors.flush()
            if format == .table { buffer.append(contentsOf: report.render().utf8) }
            try out.write(buffer)
            try out.commit()
        } catch {
            errors.flush()
            out.abandon()
            throw error
        }
        if format != .table { Console.errText(report.render().trimmingCharacters(in: .newlines)) }
        if report.rejected > 0 {
            Console.err(
                """
                qualkit: \(report.rejected) record\(report.rejected == 1 ? "" : "s") rejected, \(report.compared) \
                compared
                """
            )
            throw ExitCode(1)
        }
        if exitCode && report.hasChanges { throw ExitCode(Self.changedStatus) }
    }
}
