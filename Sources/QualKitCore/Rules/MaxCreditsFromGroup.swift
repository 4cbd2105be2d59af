import QualKitEngine
/// `max_credits_from_group: {group: G, credits: N}`: no more than N credits from group G may count
/// (`group-max-credits`).
struct MaxCreditsFromGroup: CapRuleDefinition {
    var group: GroupID
    var credits: Credits

    static let kind = RuleKind.groupMaxCredits
    static let key = "max_credits_from_group"
    static let argument = PackSchemaType.object(MinCreditsFromGroup.groupCredits)
    static let meaning = "At most this many credits from the group count."
    static let example: String? = nil
    static let exceededCode = UnmetCode.groupMaxCredits

    static func read<Source: RuleSource>(_ source: inout Source) -> Rule? {
        readGroupAmount(&source, MinCreditsFromGroup.groupCredits, amount: "credits")
            .map { .maxCreditsFromGroup($0.group, Credits($0.amount)) }
    }

    var rule: Rule { .maxCreditsFromGroup(group, credits) }
    var structure: RuleStructure { .atomic }
    var namedUnits: [UnitCode] { [] }
    var namedGroups: [GroupID] { [group] }
    func countableUnits(in qualification: Qualification) -> [UnitCode] { qualification.group(group)?.units ?? [] }
    func neutralized(adding groups: inout [UnitGroup]) -> Rule? { .minUnitsFromGroup(group, 0) }

    func impossibleClaim(in qualification: Qualification, units: [UnitCode: LearningUnit]) -> ImpossibleClaim? { nil }
    func clash(
        mandatory: Set<UnitCode>, in qualification: Qualification,
        units: [UnitCode: LearningUnit]
    ) -> [UnitCode] {
        let hit = (qualification.group(group)?.units ?? []).filter { mandatory.contains($0) }
        return hit.compactMap { units[$0]?.credits.value }.reduce(0, +) > credits.value ? hit : []
    }
    func clashSentence(units: String, makers: [String], location: String) -> String {
        "the cap of \(credits) credits from group \(group) \(location) is below the credits of \(units), which "
            + "\(makers.joined(separator: " and ")) make\(makers.count == 1 ? "s" : "") mandatory"
    }

    func compile(_ paths: inout [PathDraft], _ compiler: inout RuleCompiler) throws(RuleCompiler.Failure) {
        let (_, mask) = try compiler.group(group)
        let cap = compiler.cap(mask, maximum: credits.value, by: self)
        for i in paths.indices { paths[i].caps.append(cap); paths[i].relevant = paths[i].relevant | mask }
    }

    func describe(_ context: RuleWording, indent: String) -> [String] {
        ["\(indent)No more than \(credits) credits from \(context.group(group)) count."]
    }

    func draw(into graph: inout RuleGraph, under parent: String) {
        let node = graph.rule("at most \(credits) credits from \(graph.groupName(group)) count", under: parent)
        graph.link(node, graph.members(group), dashed: true)
    }

    func pick(
        in qualification: Qualification, units: [UnitCode: LearningUnit], into chosen: inout [UnitCode],
        below: (Int) -> Int
    ) {}

    func subject(in compiled: CompiledQualification) -> UnmetSubject {
        // compile(_:_:) registered the group with the compiled qualification, so it is there.
        guard let index = compiled.groups.firstIndex(where: { $0.id == group }) else {
            preconditionFailure("group \(group) of a compiled cap is not among the compiled groups")
        }
        return .group(index)
    }
    /// "mandatory units give 12 credits from Group 2, more than the 10 that may count"; blocking, "at most
    /// 18 credits from Group X may count, and 32 are held".
    static func writeUnmet<Sink: MessageSink>(_ shortfall: RuleShortfall, into sink: inout Sink) {
        let group = shortfall.group ?? ""
        guard shortfall.form == .alone else {
            return shortfall.writeCapClause(into: &sink) {
                $0.literal(" from "); $0.text(group)
            }
        }
        sink.literal("mandatory units give "); sink.int(shortfall.held); sink.literal(" credits from ")
        sink.text(group)
        sink.literal(", more than the "); sink.int(shortfall.limit); sink.literal(" that may count")
    }
}

extension RuleKind {
    public static let groupMaxCredits = RuleKind("group-max-credits")
}
