import ArgumentParser
import Foundation
import QualKit
import QualKitReports

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report: a cohort dashboard and worksheets for the learners asked for.",
        discussion: """
            Writes DIR/index.html (the cohort dashboard) and, for the learners selected with --learner, \
            --where, --limit or --all, one worksheet each under DIR/learners/ with a paged index. The pages \
            are self-contained (no network, fonts or scripts from elsewhere) and print to A4. The report is \
            written into a temporary folder beside DIR and renamed into place: DIR is the old report or the \
            whole new one. DIR must be new, empty or an earlier report. Rejected records are counted and \
            listed on the dashboard, and printed as FILE:LINE: error: … (exit status 1).
            """)

    @Option(name: [.short, .long], help: ArgumentHelp("The report's folder.", valueName: "DIR"))
    var output: String

    @Option(
        name: .customLong("learner"),
        help: ArgumentHelp("Write this learner's worksheet; repeatable.", valueName: "ID"))
    var learners: [String] = []

    @Option(
        name: .customLong("where"),
        help: "Worksheets only for learners with a qualification not achieved (not-achieved).")
    var filter: WorksheetFilter?

    @Option(help: "At most this many worksheets, the first in the file.")
    var limit: Int?

    @Flag(help: "A worksheet for every learner.")
    var all = false

    @Option(
        help: ArgumentHelp(
            "Templates and stylesheet replacing the built-in ones (see --export-templates).",
            valueName: "DIR"))
    var templates: String?

    @Flag(help: "Write the built-in templates and stylesheet to the -o folder, to edit for --templates, and stop.")
    var exportTemplates = false

    @Option(
        name: .customLong("qualification"),
        help: ArgumentHelp("Only this qualification (id or QAN); repeatable.", valueName: "ID"))
    var qualifications: [String] = []

    @OptionGroup var packs: PackOptions

    @Option(name: .customLong("input-format"), help: "Input format: auto (by file name: .csv is CSV), jsonl or csv.")
    var inputFormat: Evaluate.InputFormat = .auto

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Evaluate as of this day; the dashboard counts deadlines within 30, 60 and 90 days.",
            valueName: "YYYY-MM-DD"),
        transform: CalendarDate.argument)
    var asOf: CalendarDate?

    @Option(help: "Worker threads (default: all cores; at most 256).")
    var threads: Int?

    @Flag(name: .customLong("no-progress"), help: "Never draw a progress bar.")
    var noProgress = false

    @Option(
        name: .customLong("list-limit"),
        help: "How many learners each dashboard figure names (the rest are counted).")
    var listLimit = 20

    @Argument(help: "The learner file (JSON Lines, or CSV by its .csv name), or '-' for standard input.")
    var file: String?

    enum WorksheetFilter: String, ExpressibleByArgument, CaseIterable { case notAchieved = "not-achieved" }

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if listLimit < 0 { throw ValidationError("--list-limit must be 0 or more") }
        if let threads, !(1...Evaluate.maximumThreads).contains(threads) {
            throw ValidationError("--threads must be 1 to \(Evaluate.maximumThreads)")
        }
        if !exportTemplates && file == nil {
            throw ValidationError("give the learner file (or '-' for standard input)")
        }
    }

    func run() throws {
        if exportTemplates {
            let files = ReportTemplates.exportedFiles.map {
                AtomicOutput.File(name: $0.name, bytes: Array($0.text.utf8))
            }
            try AtomicOutput.writeFiles(files, into: output, replacing: false)
            Console.err(
                "wrote the report templates to \(output); edit them, then: "
                    + "qualkit report --templates \(output) …")
            return
        }
        guard let file else { throw UsageError("give the learner file") }
        var chosen = ReportTemplates.builtIn()
        if let templates {
            do { chosen = try ReportTemplates(folder: templates) } catch { throw CLIError(error.description) }
        }
        let registry = try packs.registry()
        let evaluator: Evaluator
        do {
            let only = qualifications.isEmpty ? nil : qualifications.map { QualificationID($0) }
            evaluator = try Evaluator(catalog: registry.catalog, only: only, limits: packs.limits.evaluation)
        } catch { throw UsageError("\(error)") }
        let format: LearnerFileFormat = LearnerInput.isCSV(file, inputFormat) ? .csv : .jsonLines
        let reader: LearnerReader
        do {
            reader =
                file == "-"
                ? LearnerReader(fileHandle: .standardInput, format: format)
                : try LearnerReader(path: file, format: format)
        } catch { throw CLIError(error.description) }
        var writer = ReportWriter(evaluator: evaluator, templates: chosen)
        writer.asOf = asOf
        writer.threads = threads
        writer.listLimit = listLimit
        writer.selection = WorksheetSelection(
            learners: Set(learners), notAchievedOnly: filter == .notAchieved,
            limit: limit, all: all)
        var bar = ProgressBar.make(disabled: noProgress)
        let sheetsAsked = !writer.selection.isEmpty
        writer.progress = { read, worksheets in
            bar?.update(read, note: sheetsAsked ? "\(ProgressLine.grouped(worksheets)) worksheets" : nil)
        }
        let summary: ReportWriter.Summary
        ReportWriter.stopOnSignals()
        do { summary = try writer.write(reader, file: file == "-" ? "<stdin>" : file, to: output) } catch {
            bar?.finish()
            let received = ReportWriter.interruption.load(ordering: .relaxed)
            if received != 0 {
                Console.err("qualkit: \(error)")
                throw ExitCode(128 + received)
            }
            throw CLIError("\(error)")
        }
        bar?.finish()
        for rejected in summary.statistics.rejected.items {
            Console.err(rejected.description)
        }
        if summary.statistics.rejected.rest > 0 {
            Console.err(
                "qualkit: and \(summary.statistics.rejected.rest) more rejected records "
                    + "(the dashboard counts them)")
        }
        for id in summary.missingLearners { Console.err("qualkit: warning: no learner with id '\(id)' in \(file)") }
        let sheets = "\(summary.worksheets) worksheet\(summary.worksheets == 1 ? "" : "s")"
        Console.err("wrote \(output)/index.html (\(summary.statistics.learnersEvaluated) learners) and \(sheets)")
        if summary.statistics.rejected.count > 0 { throw ExitCode(1) }
    }
}
