import QualKitEngine
import ArgumentParser
import QualKit
import QualKitCore
import QualKitLearners

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one learner's result for every qualification in plain English.")

    @Option(help: "The learner's id.")
    var learner: String

    @OptionGroup var packs: PackOptions

    @Option(
        name: .customLong("qualification"),
        help: ArgumentHelp("Only this qualification (id or QAN); repeatable.", valueName: "ID"))
    var qualifications: [String] = []

    @Option(name: .customLong("input-format"), help: "Input format: auto (by file name: .csv is CSV), jsonl or csv.")
    var inputFormat: Evaluate.InputFormat = .auto

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("Explain as of this day (see evaluate --as-of).", valueName: "YYYY-MM-DD"),
        transform: CalendarDate.argument)
    var asOf: CalendarDate?

    @Option(
        name: .customLong("what-if"),
        help: ArgumentHelp(
            """
            Explain as if the learner had chosen this version of a qualification's rules (see evaluate \
            --what-if); repeatable.
            """,
            valueName: "QUALIFICATION@VERSION"), transform: VersionReference.argument)
    var whatIf: [VersionReference] = []

    @Argument(help: "The learner file (JSON Lines, or CSV by its .csv name), or '-' for standard input.")
    var file: String

    func run() throws {
        let registry = try packs.registry()
        let evaluator: Evaluator
        do {
            evaluator = try Evaluator(
                catalog: registry.catalog,
                only: qualifications.isEmpty ? nil : qualifications.map { QualificationID($0) },
                limits: packs.limits.evaluation)
        } catch { throw UsageError("\(error)") }
        let reader = try LearnerInput.open(file, checkStandardInput: false)
        var found: Learner?
        if LearnerInput.isCSV(file, inputFormat) {
            // Only this learner's rows are kept, wherever they are in the file, so it is explained whole.
            var csv = LearnerCSVReader(maximumRowBytes: reader.maximumLineLength)
            csv.onlyLearner = learner
            var items = csv.items(reader)
            let shown = file == "-" ? "<stdin>" : file
            var failed = false
            while let item = items.next() {
                switch item {
                case .learner(let l, _) where l.id.rawValue == learner: found = l
                // this learner's row, or the header: it cannot be explained whole
                case .rejected(let line, let message):
                    Console.err("\(shown):\(line): error: \(message)")
                    failed = true
                default: break
                }
            }
            if failed {
                Console.err("qualkit: fix the rows above to explain learner '\(learner)'")
                throw ExitCode(1)
            }
            if let l = found {
                let problems = evaluator.problems(in: l)
                if !problems.isEmpty {
                    Console.err("\(shown): error: learner \(learner): \(problems.joined(separator: "; "))")
                    throw ExitCode(1)
                }
            }
        } else {
            var batch = LineReader.Batch()
            let parser = LearnerJSONParser()
            let needle = Array("\"\(learner)\"".utf8)
            var foundLine = 0
            let shown = file == "-" ? "<stdin>" : file
            while reader.next(into: &batch) {
                for l in batch.lines {
                    let text = batch.bytes[l.start..<(l.start + l.count)]
                    // The id as written, or any line with an escape (`"\u0041"` is the id `A`): those are
                    // parsed and compared decoded, as evaluate reads them.
                    let mentions = text.firstRange(of: needle) != nil
                    guard mentions || text.contains(0x5C) else { continue }
                    switch parser.parse(text) {
                    case .success(let (rec, _)) where rec.id.rawValue == learner:
                        if found != nil { // the same id again: say so, explain the first
                            Console.err(
                                """
                                \(shown):\(l.number): warning: learner '\(learner)' is also on line \(foundLine); \
                                explaining line \(foundLine)
                                """
                            )
                            continue
                        }
                        let problems = evaluator.problems(in: rec)
                        if !problems.isEmpty {
                            Console.err(
                                "\(shown):\(l.number): error: learner \(learner): \(problems.joined(separator: "; "))")
                            throw ExitCode(1)
                        }
                        found = rec
                        foundLine = l.number
                    case .success:
                        continue // the id appears, but as another field's value
                    case .failure(let f):
                        if found == nil && mentions { // a record that names the learner but cannot be read
                            Console.err(
                                """
                                \(shown):\(l.number):\(f.column): error: \(f.message) (this record mentions \
                                '\(learner)'; fix it to explain the learner)
                                """
                            )
                            throw ExitCode(1)
                        }
                    }
                }
            }
        }
        guard let l = found else {
            Console.err("qualkit: no learner with id '\(learner)' in \(file)")
            throw ExitCode(1)
        }
        Console.out("Learner \(l.id)")
        if let asOf { Console.out("As of \(asOf)") }
        let whatIf = try checkedWhatIf(whatIf, registry.catalog)
        for r in whatIf { Console.out("What if the learner moved to version \(r.version) of \(r.qualification)") }
        for (r, q) in zip(
            evaluator.evaluate(l, options: EvaluationOptions(asOf: asOf, whatIf: whatIf)), evaluator.qualifications)
        {
            Console.out("")
            PlainEnglish.explain(r, q).forEach(Console.out)
        }
    }
}
