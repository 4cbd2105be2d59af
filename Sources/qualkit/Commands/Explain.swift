import ArgumentParser
import QualKit

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain one learner's result for every qualification in plain English.")

    @Option(help: "The learner's id.")
    var learner: String

    @OptionGroup var packs: PackOptions

    @Option(name: .customLong("qualification"), help: ArgumentHelp("Only this qualification (id or QAN); repeatable.", valueName: "ID"))
    var qualifications: [String] = []

    @Argument(help: "The learner file (JSON Lines, or CSV by its .csv name), or '-' for standard input.")
    var file: String

    func run() throws {
        let registry = try packs.registry()
        let evaluator: Evaluator
        do { evaluator = try Evaluator(catalog: registry.catalog, only: qualifications.isEmpty ? nil : qualifications, limits: packs.limits.evaluation) }
        catch { throw UsageError("\(error)") }
        let reader: LineReader
        do { reader = try LineReader(path: file) } catch { Console.err(error.description); throw ExitCode(1) }
        var found: Learner?
        if file.lowercased().hasSuffix(".csv") {
            for case .learner(let l, _) in LearnerCSVReader().read(reader.readAll()) where l.id == learner { found = l }
        } else {
            var batch = LineReader.Batch()
            let parser = LearnerJSONParser()
            let needle = Array("\"\(learner)\"".utf8)
            search: while reader.next(into: &batch) {
                for l in batch.lines {
                    let text = batch.bytes[l.start..<(l.start + l.count)]
                    guard text.firstRange(of: needle) != nil else { continue }
                    if case .success(let rec) = parser.parse(text), rec.id == learner {
                        let problems = evaluator.problems(in: rec)
                        if !problems.isEmpty {
                            Console.err("\(file):\(l.number): error: learner \(learner): \(problems.joined(separator: "; "))")
                            throw ExitCode(1)
                        }
                        found = rec
                        break search
                    }
                }
            }
        }
        guard let l = found else {
            Console.err("qualkit: no learner with id '\(learner)' in \(file)")
            throw ExitCode(1)
        }
        Console.out("Learner \(l.id)")
        for (r, q) in zip(evaluator.evaluate(l), evaluator.qualifications) {
            Console.out("")
            PlainEnglish.explain(r, q).forEach(Console.out)
        }
    }
}
