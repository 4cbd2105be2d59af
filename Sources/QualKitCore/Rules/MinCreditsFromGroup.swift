import QualKitEngine
/// `min_credits_from_group: {group: G, credits: N}`: at least N credits from units of group G
/// (`group-min-credits`).
struct MinCreditsFromGroup: RuleDefinition {
    var group: GroupID
    var credits: Credits

    static let kind = RuleKind.groupMinCredits
    static let key = "min_credits_from_group"
    static let argument = PackSchemaType.object(groupCredits)
    static let meaning = "At least this many credits from units of the group."
    static let example: String? = nil

    /// The argument: a group and credits (shared with ``MaxCreditsFromGroup``).
    static let groupCredits = PackSchemaObject(
        id: "groupCredits", title: "A group and credits",
        keys: [
            PackSchemaKey("group", .identifier, required: true, "The group's id.", example: "group-1"),
            PackSchemaKey("credits", .integer(0...9999), required: true, "Credits.", example: "10")
        ])

    static func read<Source: RuleSource>(_ source: inout Source) -> Rule? {
        readGroupAmount(&source, groupCredits, amount: "credits").map {
            .minCreditsFromGroup($0.group, Credits($0.amount))
        }
    }

    var rule: Rule { .minCreditsFromGroup(group, credits) }
    var structure: RuleStructure { .atomic }
    var namedUnits: [UnitCode] { [] }
    var namedGroups: [GroupID] { [group] }
    func countableUnits(in qualification: Qualification) -> [UnitCode] { qualification.group(group)?.units ?? [] }
    func neutralized(adding groups: inout [UnitGroup]) -> Rule? { .minUnitsFromGroup(group, 0) }

    func impossibleClaim(in qualification: Qualification, units: [UnitCode: LearningUnit]) -> ImpossibleClaim? {
        let total = qualification.group(group)?.units.compactMap { units[$0]?.credits.value }.reduce(0, +) ?? 0
        return credits.value > total
            ? ImpossibleClaim(path: [], group: group, asked: credits.value, available: total, isCredits: true) : nil
    }
    func clash(
        mandatory: Set<UnitCode>, in qualification: Qualification,
        units: [UnitCode: LearningUnit]
    ) -> [UnitCode] { [] }
    func clashSentence(units: String, makers: [String], location: String) -> String { "" }

    func compile(_ paths: inout [PathDraft], _ compiler: inout RuleCompiler) throws(RuleCompiler.Failure) {
        let (index, mask) = try compiler.group(group)
        for i in paths.indices {
            paths[i].claims.append(
                CompiledRules.Claim(units: mask, minimum: credits.value, measure: .credits, group: index))
            paths[i].relevant = paths[i].relevant | mask
        }
    }

    func describe(_ context: RuleWording, indent: String) -> [String] {
        ["\(indent)At least \(credits) credits from \(context.group(group))."]
    }

    func draw(into graph: inout RuleGraph, under parent: String) {
        let node = graph.rule("at least \(credits) credits from \(graph.groupName(group))", under: parent)
        graph.link(node, graph.members(group))
    }

    func pick(
        in qualification: Qualification, units: [UnitCode: LearningUnit], into chosen: inout [UnitCode],
        below: (Int) -> Int
    ) {
        var pool = qualification.group(group)?.units ?? []
        var have = pool.filter { chosen.contains($0) }.compactMap { units[$0]?.credits.value }.reduce(0, +)
        while have < credits.value, !pool.isEmpty {
            let unit = pool.remove(at: below(pool.count))
            if !chosen.contains(unit) { chosen.append(unit); have += units[unit]?.credits.value ?? 0 }
        }
    }

    static let unmetCode: UnmetCode? = .groupMinCredits
    /// "4 of 10 credits from Group 1"; blocked, "only 9 of the 14 credits needed from Optional units can count".
    static func writeUnmet<Sink: MessageSink>(_ shortfall: RuleShortfall, into sink: inout Sink) {
        let group = shortfall.group ?? ""
        guard shortfall.form == .alone else {
            return shortfall.writeMinimum(measure: " credits", into: &sink) {
                $0.literal(" from "); $0.text(group)
            }
        }
        sink.int(shortfall.held); sink.literal(" of "); sink.int(shortfall.limit); sink.literal(" credits from ")
        sink.text(group)
    }
}

/// Reads `{group: G, <amount>: N}`, the argument of the group kinds.
func readGroupAmount<Source: RuleSource>(
    _ source: inout Source, _ shape: PackSchemaObject,
    amount: String
) -> (group: GroupID, amount: Int)? {
    guard let fields = source.fields(source.value, "'\(source.key)' of \(source.owner)", shape) else { return nil }
    if let node = fields[amount] { source.markAmount(node) }
    let group = source.group(fields["group"])
    let number = source.wholeNumber(
        fields[amount], "'\(amount)' of '\(source.key)' in \(source.owner)",
        in: shape.range(amount))
    guard let group, let number else { return nil }
    return (group, number)
}

extension RuleKind {
    public static let groupMinCredits = RuleKind("group-min-credits")
}
