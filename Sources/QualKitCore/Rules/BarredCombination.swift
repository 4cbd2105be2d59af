import QualKitEngine

/// `barred: [U1, U2]`: at most one of the listed units may count (`barred-combination`).
struct BarredCombination: RuleDefinition {
    var units: [UnitCode]

    static let kind = RuleKind.barredCombination
    static let key = "barred"
    static let argument = PackSchemaType.list(.identifier, minimum: 2)
    static let meaning = "At most one of these units counts."
    static let example: String? = nil

    static func read<Source: RuleSource>(_ source: inout Source) -> Rule? {
        guard let units = source.unitCodes(source.value) else { return nil }
        if units.count < 2 {
            source.problem(
                .invalidValue, "'\(key)' of \(source.owner) must list at least two units that cannot both count",
                at: source.value)
            return nil
        }
        return .barred(units)
    }

    var rule: Rule { .barred(units) }
    var structure: RuleStructure { .atomic }
    var namedUnits: [UnitCode] { units }
    var namedGroups: [GroupID] { [] }
    func countableUnits(in qualification: Qualification) -> [UnitCode] { units }
    func neutralized(adding groups: inout [UnitGroup]) -> Rule? { nil } // a bar makes no unit countable

    func impossibleClaim(in qualification: Qualification, units: [UnitCode: LearningUnit]) -> ImpossibleClaim? { nil }
    func clash(
        mandatory: Set<UnitCode>, in qualification: Qualification,
        units: [UnitCode: LearningUnit]
    ) -> [UnitCode] {
        let hit = self.units.filter { mandatory.contains($0) }
        return hit.count < 2 ? [] : hit
    }
    func clashSentence(units: String, makers: [String], location: String) -> String {
        "the barred combination \(location) allows only one of \(units), but \(makers.joined(separator: " and ")) "
            + "make\(makers.count == 1 ? "s" : "") them all mandatory"
    }

    func compile(_ paths: inout [PathDraft], _ compiler: inout RuleCompiler) throws(RuleCompiler.Failure) {
        let mask = try compiler.mask(units)
        for i in paths.indices { paths[i].barred.append(mask) }
    }

    func describe(_ context: RuleWording, indent: String) -> [String] {
        ["\(indent)Barred combination: only one of \(units.map(\.rawValue).joined(separator: ", ")) can count."]
    }

    func draw(into graph: inout RuleGraph, under parent: String) {
        let node = graph.rule("barred: only one of these counts", under: parent)
        graph.link(node, units, dashed: true)
    }

    func pick(
        in qualification: Qualification, units: [UnitCode: LearningUnit], into chosen: inout [UnitCode],
        below: (Int) -> Int
    ) {}

    static let unmetCode: UnmetCode? = .barredCombination
    /// "units A, B cannot both count, but the route needs them all"; blocking, "only one of units A, B may
    /// count".
    static func writeUnmet<Sink: MessageSink>(_ shortfall: RuleShortfall, into sink: inout Sink) {
        sink.literal(shortfall.form == .alone ? "units " : "only one of units ")
        for (i, code) in shortfall.units.enumerated() {
            if i > 0 { sink.literal(", ") }
            sink.text(code.rawValue)
        }
        sink.literal(shortfall.form == .alone ? " cannot both count, but the route needs them all" : " may count")
    }
}

extension RuleKind {
    public static let barredCombination = RuleKind("barred-combination")
}
