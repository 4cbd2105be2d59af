import QualKitEngine
/// `mandatory: [U1, U2]`: every listed unit must be achieved (`mandatory-units`).
struct MandatoryUnits: RuleDefinition {
    var units: [UnitCode]

    static let kind = RuleKind.mandatoryUnits
    static let key = "mandatory"
    static let argument = PackSchemaType.list(.identifier, minimum: 1)
    static let meaning = "Every listed unit."
    static let example: String? = nil

    static func read<Source: RuleSource>(_ source: inout Source) -> Rule? {
        source.unitCodes(source.value).map(Rule.mandatory)
    }

    var rule: Rule { .mandatory(units) }
    var structure: RuleStructure { .atomic }
    var namedUnits: [UnitCode] { units }
    var namedGroups: [GroupID] { [] }
    func countableUnits(in qualification: Qualification) -> [UnitCode] { units }
    func neutralized(adding groups: inout [UnitGroup]) -> Rule? {
        let id = GroupID("qualkit-analysis-countable-\(groups.count + 1)")
        groups.append(UnitGroup(id: id, title: "Countable units", units: units))
        return .minUnitsFromGroup(id, 0)
    }

    func impossibleClaim(in qualification: Qualification, units: [UnitCode: LearningUnit]) -> ImpossibleClaim? { nil }
    func clash(
        mandatory: Set<UnitCode>, in qualification: Qualification,
        units: [UnitCode: LearningUnit]
    ) -> [UnitCode] { [] }
    func clashSentence(units: String, makers: [String], location: String) -> String { "" }

    func compile(_ paths: inout [PathDraft], _ compiler: inout RuleCompiler) throws(RuleCompiler.Failure) {
        let mask = try compiler.mask(units)
        for i in paths.indices {
            paths[i].mandatory = paths[i].mandatory | mask; paths[i].relevant = paths[i].relevant | mask
        }
    }

    func describe(_ context: RuleWording, indent: String) -> [String] {
        let credits = units.compactMap { context.units[$0]?.credits.value }.reduce(0, +)
        let head = units.count == 1 ? "This mandatory unit" : "All of these \(units.count) mandatory units"
        return ["\(indent)\(head) (\(credits) credit\(credits == 1 ? "" : "s")):"]
            + units.map { "\(indent)  - \(context.unit($0))" }
    }

    func draw(into graph: inout RuleGraph, under parent: String) {
        let credits = units.compactMap { graph.units[$0]?.credits.value }.reduce(0, +)
        let node = graph.rule(
            units.count == 1
                ? "mandatory unit (\(credits) cr)"
                : "all \(units.count) mandatory units (\(credits) cr)", under: parent)
        graph.link(node, units)
    }

    func pick(
        in qualification: Qualification, units: [UnitCode: LearningUnit], into chosen: inout [UnitCode],
        below: (Int) -> Int
    ) {
        for unit in self.units where !chosen.contains(unit) { chosen.append(unit) }
    }

    static let unmetCode: UnmetCode? = .missingMandatoryUnit
    /// "missing mandatory unit 8577-300", in every form.
    static func writeUnmet<Sink: MessageSink>(_ shortfall: RuleShortfall, into sink: inout Sink) {
        sink.literal("missing mandatory unit "); sink.text(shortfall.units.first?.rawValue ?? "")
    }
}

extension RuleKind {
    public static let mandatoryUnits = RuleKind("mandatory-units")
}
