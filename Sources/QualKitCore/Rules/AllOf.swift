import QualKitEngine

/// `all_of: [rules]`: every rule of the list applies (`all-of`).
struct AllOf: RuleDefinition {
    var rules: [Rule]

    static let kind = RuleKind.allOf
    static let key = "all_of"
    static let argument = PackSchemaType.list(.rule, minimum: 1)
    static let meaning = "Every rule of the list."
    static let example: String? = nil

    static func read<Source: RuleSource>(_ source: inout Source) -> Rule? {
        let what = "'\(key)' of \(source.owner)"
        guard let items = source.list(source.value, what) else { return nil }
        if items.isEmpty {
            source.problem(.invalidValue, "\(what) lists no rules; list them or remove it", at: source.value)
        }
        var rules: [Rule] = []
        for item in items {
            if let rule = source.nestedRule(item, at: [rules.count]) { rules.append(rule) }
        }
        return rules.isEmpty ? nil : .allOf(rules)
    }

    var rule: Rule { .allOf(rules) }
    var structure: RuleStructure { .all(rules) }
    var namedUnits: [UnitCode] { rules.flatMap(\.namedUnits) }
    var namedGroups: [GroupID] { rules.flatMap(\.namedGroups) }
    func countableUnits(in qualification: Qualification) -> [UnitCode] { [] }
    func neutralized(adding groups: inout [UnitGroup]) -> Rule? { nil }

    func impossibleClaim(in qualification: Qualification, units: [UnitCode: LearningUnit]) -> ImpossibleClaim? { nil }
    func clash(
        mandatory: Set<UnitCode>, in qualification: Qualification,
        units: [UnitCode: LearningUnit]
    ) -> [UnitCode] { [] }
    func clashSentence(units: String, makers: [String], location: String) -> String { "" }

    func compile(_ paths: inout [PathDraft], _ compiler: inout RuleCompiler) throws(RuleCompiler.Failure) {
        paths = try compiler.expand(rules, paths)
    }

    static let unmetCode: UnmetCode? = nil
    /// Nothing: a composite is never unmet itself; its rules are.
    static func writeUnmet<Sink: MessageSink>(_ shortfall: RuleShortfall, into sink: inout Sink) {}

    func describe(_ context: RuleWording, indent: String) -> [String] {
        ["\(indent)All of the following:"] + context.describe(rules, indent: indent + "  ")
    }

    func draw(into graph: inout RuleGraph, under parent: String) {
        let node = graph.rule("all of", under: parent)
        for rule in rules { rule.definition.draw(into: &graph, under: node) }
    }

    func pick(
        in qualification: Qualification, units: [UnitCode: LearningUnit], into chosen: inout [UnitCode],
        below: (Int) -> Int
    ) {
        for rule in rules { rule.definition.pick(in: qualification, units: units, into: &chosen, below: below) }
    }
}

extension RuleKind {
    public static let allOf = RuleKind("all-of")
}
