import ArgumentParser
import QualKit

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a qualification's structure and rules of combination in plain English.")

    @Argument(help: "A qualification id (8578-certificate-coaching-mentoring) or QAN (601/3698/4).")
    var qualification: String

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, mermaid, dot }

    @Option(help: "Output format: text (plain English), mermaid (a flowchart for Markdown), or dot (Graphviz: dot -Tsvg).")
    var format: Format = .text

    @OptionGroup var packs: PackOptions

    func run() throws {
        let registry = try packs.registry()
        guard let q = registry.catalog.qualification(qualification) else {
            let ids = registry.catalog.qualifications.map(\.id.rawValue).joined(separator: ", ")
            throw UsageError("no loaded qualification has id or QAN '\(qualification)'; known ids: \(ids)")
        }
        switch format {
        case .mermaid: Console.raw(1, RuleDiagram.mermaid(q, units: registry.catalog.unitsByCode))
        case .dot: Console.raw(1, RuleDiagram.dot(q, units: registry.catalog.unitsByCode))
        case .text: describe(q, registry)
        }
    }

    func describe(_ q: Qualification, _ registry: PackRegistry) {
        PlainEnglish.describe(q, units: registry.catalog.unitsByCode, assessments: registry.catalog.assessmentsByID).forEach(Console.out)
        do {
            let c = try QualificationAnalysis.cost(of: q, units: registry.catalog.unitsByCode, limits: packs.limits.evaluation)
            Console.out("Evaluation cost, at the worst for one learner: \(c) (limits: --max-paths, --max-steps, --max-states).")
        } catch { Console.out("Evaluation cost: \(error)") }
    }
}
