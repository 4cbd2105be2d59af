import QualKitEngine

/// `max_credits_at_level: {level: L, credits: N}`: at most N credits from units at level L or below count
/// (`max-credits-at-level`). It mirrors ``MinCreditsAtLevel``, which counts level L or above, and does what
/// a group of the low-level units with `max_credits_from_group` does, without the group.
///
/// Like `min_credits_at_level`, it names no unit: it caps units that other rules let count, and makes no
/// unit countable. A workaround group can do both (its units count towards `min_credits` even when no
/// other rule names them); a pack moving to this rule lists such units in a group another rule names.
struct MaxCreditsAtLevel: CapRuleDefinition {
    var level: Level
    var credits: Credits

    static let kind = RuleKind.maxCreditsAtLevel
    static let key = "max_credits_at_level"
    static let argument = PackSchemaType.object(levelCap)
    static let meaning = "At most this many credits from units at the level or below count."
    static let example: String? = nil
    static let exceededCode = UnmetCode.maxCreditsAtLevel

    /// The argument: a level and the most credits that count.
    static let levelCap = PackSchemaObject(
        id: "levelCap", title: "A level and the most credits that count",
        keys: [
            PackSchemaKey(
                "level", .level, required: true, "Units at this level or below count towards the cap.", example: "3"),
            PackSchemaKey("credits", .integer(0...9999), required: true, "Credits.", example: "6")
        ])

    static func read<Source: RuleSource>(_ source: inout Source) -> Rule? {
        readLevelCredits(&source, levelCap).map { .maxCreditsAtLevel($0.level, Credits($0.credits)) }
    }

    var rule: Rule { .maxCreditsAtLevel(level, credits) }
    var structure: RuleStructure { .atomic }
    var namedUnits: [UnitCode] { [] }
    var namedGroups: [GroupID] { [] }
    func countableUnits(in qualification: Qualification) -> [UnitCode] { [] }
    func neutralized(adding groups: inout [UnitGroup]) -> Rule? { nil }

    func impossibleClaim(in qualification: Qualification, units: [UnitCode: LearningUnit]) -> ImpossibleClaim? { nil }
    func clash(
        mandatory: Set<UnitCode>, in qualification: Qualification,
        units: [UnitCode: LearningUnit]
    ) -> [UnitCode] {
        let hit = qualification.units.filter { mandatory.contains($0) && units[$0].map { $0.level <= level } == true }
        return hit.compactMap { units[$0]?.credits.value }.reduce(0, +) > credits.value ? hit : []
    }
    func clashSentence(units: String, makers: [String], location: String) -> String {
        "the cap of \(credits) credits from units at \(level) or below \(location) is below the credits of \(units), "
            + "which \(makers.joined(separator: " and ")) make\(makers.count == 1 ? "s" : "") mandatory"
    }

    func compile(_ paths: inout [PathDraft], _ compiler: inout RuleCompiler) throws(RuleCompiler.Failure) {
        let cap = compiler.cap(compiler.units { $0.level <= level }, maximum: credits.value, by: self)
        for i in paths.indices { paths[i].caps.append(cap) }
    }

    func describe(_ context: RuleWording, indent: String) -> [String] {
        ["\(indent)No more than \(credits) credits from units at \(level) or below count."]
    }

    func draw(into graph: inout RuleGraph, under parent: String) {
        _ = graph.rule("at most \(credits) credits at \(level) or below count", under: parent)
    }

    func pick(
        in qualification: Qualification, units: [UnitCode: LearningUnit], into chosen: inout [UnitCode],
        below: (Int) -> Int
    ) {}

    func subject(in compiled: CompiledQualification) -> UnmetSubject { .level(level) }
    /// "mandatory units give 8 credits at Level 3 or below, more than the 6 that may count"; blocking,
    /// "at most 6 credits at Level 3 or below may count, and 8 are held".
    static func writeUnmet<Sink: MessageSink>(_ shortfall: RuleShortfall, into sink: inout Sink) {
        let level = shortfall.level?.description ?? ""
        guard shortfall.form == .alone else {
            return shortfall.writeCapClause(into: &sink) {
                $0.literal(" at "); $0.text(level); $0.literal(" or below")
            }
        }
        sink.literal("mandatory units give "); sink.int(shortfall.held); sink.literal(" credits at "); sink.text(level)
        sink.literal(" or below, more than the "); sink.int(shortfall.limit); sink.literal(" that may count")
    }
}

extension RuleKind {
    public static let maxCreditsAtLevel = RuleKind("max-credits-at-level")
}
