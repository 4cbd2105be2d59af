import QualKitEngine
/// `min_units_from_group: {group: G, units: N}`: at least N units of group G (`group-min-units`).
struct MinUnitsFromGroup: RuleDefinition {
    var group: GroupID
    var count: Int

    static let kind = RuleKind.groupMinUnits
    static let key = "min_units_from_group"
    static let argument = PackSchemaType.object(groupUnits)
    static let meaning = "At least this many units of the group."
    static let example: String? = nil

    /// The argument: a group and a number of units.
    static let groupUnits = PackSchemaObject(
        id: "groupUnits", title: "A group and a number of units",
        keys: [
            PackSchemaKey("group", .identifier, required: true, "The group's id.", example: "group-1"),
            PackSchemaKey("units", .integer(0...9999), required: true, "Units.", example: "2")
        ])

    static func read<Source: RuleSource>(_ source: inout Source) -> Rule? {
        readGroupAmount(&source, groupUnits, amount: "units").map { .minUnitsFromGroup($0.group, $0.amount) }
    }

    var rule: Rule { .minUnitsFromGroup(group, count) }
    var structure: RuleStructure { .atomic }
    var namedUnits: [UnitCode] { [] }
    var namedGroups: [GroupID] { [group] }
    func countableUnits(in qualification: Qualification) -> [UnitCode] { qualification.group(group)?.units ?? [] }
    func neutralized(adding groups: inout [UnitGroup]) -> Rule? { .minUnitsFromGroup(group, 0) }

    func impossibleClaim(in qualification: Qualification, units: [UnitCode: LearningUnit]) -> ImpossibleClaim? {
        let available = qualification.group(group)?.units.count ?? 0
        return count > available
            ? ImpossibleClaim(path: [], group: group, asked: count, available: available, isCredits: false) : nil
    }
    func clash(
        mandatory: Set<UnitCode>, in qualification: Qualification,
        units: [UnitCode: LearningUnit]
    ) -> [UnitCode] { [] }
    func clashSentence(units: String, makers: [String], location: String) -> String { "" }

    func compile(_ paths: inout [PathDraft], _ compiler: inout RuleCompiler) throws(RuleCompiler.Failure) {
        let (index, mask) = try compiler.group(group)
        for i in paths.indices {
            paths[i].claims.append(CompiledRules.Claim(units: mask, minimum: count, measure: .units, group: index))
            paths[i].relevant = paths[i].relevant | mask
        }
    }

    func describe(_ context: RuleWording, indent: String) -> [String] {
        ["\(indent)At least \(count) unit\(count == 1 ? "" : "s") from \(context.group(group))."]
    }

    func draw(into graph: inout RuleGraph, under parent: String) {
        let node = graph.rule(
            "at least \(count) unit\(count == 1 ? "" : "s") from \(graph.groupName(group))",
            under: parent)
        graph.link(node, graph.members(group))
    }

    func pick(
        in qualification: Qualification, units: [UnitCode: LearningUnit], into chosen: inout [UnitCode],
        below: (Int) -> Int
    ) {
        var pool = (qualification.group(group)?.units ?? []).filter { !chosen.contains($0) }
        for _ in 0..<count where !pool.isEmpty {
            let unit = pool.remove(at: below(pool.count))
            if !chosen.contains(unit) { chosen.append(unit) }
        }
    }

    static let unmetCode: UnmetCode? = .groupMinUnits
    /// "1 of 2 units from Group 1"; blocked, "only 1 of the 2 units needed from Group 1 can count".
    static func writeUnmet<Sink: MessageSink>(_ shortfall: RuleShortfall, into sink: inout Sink) {
        let group = shortfall.group ?? ""
        guard shortfall.form == .alone else {
            return shortfall.writeMinimum(measure: " units", into: &sink) {
                $0.literal(" from "); $0.text(group)
            }
        }
        sink.int(shortfall.held); sink.literal(" of "); sink.int(shortfall.limit); sink.literal(" units from ")
        sink.text(group)
    }
}

extension RuleKind {
    public static let groupMinUnits = RuleKind("group-min-units")
}
