import QualKitEngine

/// `min_credits_at_level: {level: L, credits: N}`: at least N credits from units at level L or above
/// (`min-credits-at-level`).
struct MinCreditsAtLevel: RuleDefinition {
    var level: Level
    var credits: Credits

    static let kind = RuleKind.minCreditsAtLevel
    static let key = "min_credits_at_level"
    static let argument = PackSchemaType.object(levelCredits)
    static let meaning = "At least this many credits from units at the level or above."
    static let example: String? = nil

    /// The argument: a level and credits.
    static let levelCredits = PackSchemaObject(
        id: "levelCredits", title: "A level and credits",
        keys: [
            PackSchemaKey("level", .level, required: true, "Units at this level or above count.", example: "4"),
            PackSchemaKey("credits", .integer(1...9999), required: true, "Credits.", example: "20")
        ])

    static func read<Source: RuleSource>(_ source: inout Source) -> Rule? {
        readLevelCredits(&source, levelCredits).map { .minCreditsAtLevel($0.level, Credits($0.credits)) }
    }

    var rule: Rule { .minCreditsAtLevel(level, credits) }
    var structure: RuleStructure { .atomic }
    var namedUnits: [UnitCode] { [] }
    var namedGroups: [GroupID] { [] }
    func countableUnits(in qualification: Qualification) -> [UnitCode] { [] }
    func neutralized(adding groups: inout [UnitGroup]) -> Rule? { nil }

    func impossibleClaim(in qualification: Qualification, units: [UnitCode: LearningUnit]) -> ImpossibleClaim? { nil }
    func clash(
        mandatory: Set<UnitCode>, in qualification: Qualification,
        units: [UnitCode: LearningUnit]
    ) -> [UnitCode] { [] }
    func clashSentence(units: String, makers: [String], location: String) -> String { "" }

    func compile(_ paths: inout [PathDraft], _ compiler: inout RuleCompiler) throws(RuleCompiler.Failure) {
        let floor = compiler.floor(compiler.units { $0.level >= level }, minimum: credits.value, level: level)
        for i in paths.indices { paths[i].levelFloors.append(floor) }
    }

    func describe(_ context: RuleWording, indent: String) -> [String] {
        ["\(indent)At least \(credits) credits from units at \(level) or above."]
    }

    func draw(into graph: inout RuleGraph, under parent: String) {
        _ = graph.rule("at least \(credits) credits at \(level) or above", under: parent)
    }

    func pick(
        in qualification: Qualification, units: [UnitCode: LearningUnit], into chosen: inout [UnitCode],
        below: (Int) -> Int
    ) {}

    static let unmetCode: UnmetCode? = .minCreditsAtLevel
    /// "6 of 20 credits at Level 4 or above"; blocked, "only 6 of the 20 credits needed at Level 4 or above
    /// can count".
    static func writeUnmet<Sink: MessageSink>(_ shortfall: RuleShortfall, into sink: inout Sink) {
        let level = shortfall.level?.description ?? ""
        func subject(_ sink: inout Sink) { sink.literal(" at "); sink.text(level); sink.literal(" or above") }
        guard shortfall.form == .alone else {
            return shortfall.writeMinimum(measure: " credits", into: &sink, subject: subject)
        }
        sink.int(shortfall.held); sink.literal(" of "); sink.int(shortfall.limit); sink.literal(" credits")
        subject(&sink)
    }
}

/// Reads `{level: L, credits: N}`, the argument of the level kinds.
func readLevelCredits<Source: RuleSource>(
    _ source: inout Source,
    _ shape: PackSchemaObject
) -> (level: Level, credits: Int)? {
    guard let fields = source.fields(source.value, "'\(source.key)' of \(source.owner)", shape) else { return nil }
    if let node = fields["credits"] { source.markAmount(node) }
    let level = source.level(fields["level"], "'level' of '\(source.key)' in \(source.owner)")
    let credits = source.wholeNumber(
        fields["credits"], "'credits' of '\(source.key)' in \(source.owner)",
        in: shape.range("credits"))
    guard let level, let credits else { return nil }
    return (level, credits)
}

extension RuleKind {
    public static let minCreditsAtLevel = RuleKind("min-credits-at-level")
}
