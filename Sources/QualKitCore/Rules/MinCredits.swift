import QualKitEngine

/// `min_credits: N`: at least N credits overall (`min-credits`).
struct MinCredits: RuleDefinition {
    var credits: Credits

    static let kind = RuleKind.minCredits
    static let key = "min_credits"
    static let argument = PackSchemaType.integer(1...9999)
    static let meaning = "At least this many credits in all."
    static let example: String? = "37"

    static func read<Source: RuleSource>(_ source: inout Source) -> Rule? {
        source.markAmount(source.value)
        guard case .integer(let range) = argument else { return nil }
        return source.wholeNumber(source.value, "'\(key)' of \(source.owner)", in: range).map {
            .minCredits(Credits($0))
        }
    }

    var rule: Rule { .minCredits(credits) }
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
        for i in paths.indices { paths[i].minimumCredits = max(paths[i].minimumCredits, credits.value) }
    }

    func describe(_ context: RuleWording, indent: String) -> [String] {
        ["\(indent)At least \(credits) credits in all."]
    }

    func draw(into graph: inout RuleGraph, under parent: String) {
        _ = graph.rule("at least \(credits) credits in all", under: parent)
    }

    func pick(
        in qualification: Qualification, units: [UnitCode: LearningUnit], into chosen: inout [UnitCode],
        below: (Int) -> Int
    ) {}

    static let unmetCode: UnmetCode? = .minCredits
    /// "8 of 10 credits"; blocked, "only 36 of the 40 credits needed in all can count".
    static func writeUnmet<Sink: MessageSink>(_ shortfall: RuleShortfall, into sink: inout Sink) {
        guard shortfall.form == .alone else {
            return shortfall.writeMinimum(measure: " credits", into: &sink) { $0.literal(" in all") }
        }
        sink.int(shortfall.held); sink.literal(" of "); sink.int(shortfall.limit); sink.literal(" credits")
    }
}

extension RuleKind {
    public static let minCredits = RuleKind("min-credits")
}
