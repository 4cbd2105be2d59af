import ArgumentParser
import QualKit

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe a qualification's structure and rules of combination in plain English.")

    @Argument(help: "A qualification id (8578-certificate-coaching-mentoring) or QAN (601/3698/4).")
    var qualification: String

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, mermaid, dot }

    @Option(
        help: "Output format: text (plain English), mermaid (a flowchart for Markdown), or dot (Graphviz: dot -Tsvg).")
    var format: Format = .text

    @Option(
        help: ArgumentHelp(
            """
            Describe or draw this version of the qualification's rules only (as 'list' shows them). Without it, \
            text describes every version and what each changes; mermaid and dot draw the first.
            """,
            valueName: "VERSION"))
    var version: String?

    @OptionGroup var packs: PackOptions

    func run() throws {
        let registry = try packs.registry()
        let classes = registry.catalog.equivalenceClasses, units = registry.catalog.unitsByCode
        guard let q = registry.catalog.qualification(qualification) else {
            let ids = registry.catalog.qualifications.map(\.id.rawValue).joined(separator: ", ")
            throw UsageError("no loaded qualification has id or QAN '\(qualification)'; known ids: \(ids)")
        }
        if let version {
            guard let chosen = q.version(version) else {
                throw UsageError(
                    registry.catalog.problem(with: VersionReference(qualification: q.id, version: version))
                        ?? "no version '\(version)'")
            }
            // The first version is drawn from the qualification itself, so that the diagram names its version.
            let drawn = chosen.registrationsFrom == nil ? q : chosen
            switch format {
            case .mermaid: Console.raw(1, RuleDiagram.mermaid(drawn, units: units, equivalentUnits: classes))
            case .dot: Console.raw(1, RuleDiagram.dot(drawn, units: units, equivalentUnits: classes))
            case .text:
                var one = chosen
                one.versions = []
                let index = q.allVersions.firstIndex { $0.version == version } ?? 0
                Console.out("Version \(version) of the rules: \(PlainEnglish.window(of: q, versionAt: index))")
                describe(one, registry)
            }
            return
        }
        switch format {
        case .mermaid: Console.raw(1, RuleDiagram.mermaid(q, units: units, equivalentUnits: classes))
        case .dot: Console.raw(1, RuleDiagram.dot(q, units: units, equivalentUnits: classes))
        case .text: describe(q, registry)
        }
    }

    func describe(_ qualification: Qualification, _ registry: PackRegistry) {
        PlainEnglish.describe(
            qualification, units: registry.catalog.unitsByCode, assessments: registry.catalog.assessmentsByID,
            equivalentUnits: registry.catalog.equivalenceClasses
        ).forEach(Console.out)
        do {
            let c = try QualificationAnalysis.cost(
                of: qualification, units: registry.catalog.unitsByCode, limits: packs.limits.evaluation)
            Console.out(
                "Evaluation cost, at the worst for one learner: \(c) (limits: --max-paths, --max-steps, --max-states).")
        } catch { Console.out("Evaluation cost: \(error)") }
    }
}
