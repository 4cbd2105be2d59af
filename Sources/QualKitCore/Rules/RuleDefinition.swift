import QualKitEngine

/// One kind of rule of combination, with everything about it in one place: its pack syntax, how it is read,
/// what the validator asks of it, how it compiles into the evaluator's requirements, and how it reads in
/// English and in a diagram.
///
/// Each kind is one type in its own file under `Rules/`; ``Rule/definition`` is the one switch over the
/// cases of ``Rule``, and ``Rule/kinds`` the one list of kinds (the loader's keys, the JSON Schema and the
/// docs' key table derive from it). Adding a kind: a file here, a case of ``Rule`` with its line in those
/// two places, and, if learners can fail it in a way no code names yet, an ``UnmetCode`` and its case of
/// ``UnmetRequirement/Details`` (CONTRIBUTING.md lists every step).
package protocol RuleDefinition: Sendable {
    // MARK: Identity and pack syntax

    /// The stable kebab-case id of the kind (`group-min-credits`).
    static var kind: RuleKind { get }
    /// The key that introduces the rule in `qualifications.yaml` (`min_credits_from_group`).
    static var key: String { get }
    /// The shape of the key's value.
    static var argument: PackSchemaType { get }
    /// What the rule means, for the key table and editors' hover text.
    static var meaning: String { get }
    /// The value as a pack writes it, for editors' hints, where it is a plain value.
    static var example: String? { get }
    /// Reads the rule's value from a pack, reporting each problem to `source`; `nil` when the rule is
    /// unusable (the problems say why).
    static func read<Source: RuleSource>(_ source: inout Source) -> Rule?

    // MARK: The model

    /// The rule itself.
    var rule: Rule { get }
    /// The rules inside it, for composite kinds.
    var structure: RuleStructure { get }
    /// Units the rule names directly (not through groups), in order of mention (composites: of their rules).
    var namedUnits: [UnitCode] { get }
    /// Groups the rule names, in order of mention (composites: of their rules).
    var namedGroups: [GroupID] { get }
    /// Units of `qualification` the rule can count on its own (composites: none; their rules say).
    func countableUnits(in qualification: Qualification) -> [UnitCode]
    /// The rule made to ask for nothing while the units it makes countable towards totals and floors stay
    /// countable (a group of its own appended to `groups` where it needs one), or `nil` when it makes none
    /// countable and can simply go: what the validator's search for rules that clash drops a rule for.
    func neutralized(adding groups: inout [UnitGroup]) -> Rule?

    // MARK: Analysis

    /// A minimum larger than all its units could give, when the rule has one.
    func impossibleClaim(in qualification: Qualification, units: [UnitCode: LearningUnit]) -> ImpossibleClaim?
    /// The units that make the rule impossible to meet on a way through the routes whose mandatory units
    /// are `mandatory`: the units of a bar or a cap that are all mandatory. Empty when there is no clash.
    func clash(
        mandatory: Set<UnitCode>, in qualification: Qualification,
        units: [UnitCode: LearningUnit]
    ) -> [UnitCode]
    /// The validator's words for a clash: what the rule allows, given the clashing `units` (listed) and the
    /// mandatory rules they come from (`makers`, "the mandatory rule at line 9"), for a rule written `location`
    /// ("at line 12").
    func clashSentence(units: String, makers: [String], location: String) -> String

    // MARK: Evaluation

    /// Adds the rule's requirements to every path (one way through the routes) being compiled.
    func compile(_ paths: inout [PathDraft], _ compiler: inout RuleCompiler) throws(RuleCompiler.Failure)

    // MARK: Words and pictures

    /// The code of the unmet requirement a learner who fails a rule of the kind gets; `nil` for a composite,
    /// whose rules say. Results find the kind that words a requirement by it (``Rule/kind(unmet:)``).
    static var unmetCode: UnmetCode? { get }
    /// Writes the sentence of the kind's unmet requirement, in the form `shortfall` asks for: on its own
    /// ("4 of 10 credits from Group 1"), as a minimum that others block ("only 9 of the 14 credits needed from
    /// Optional units can count") or as a clause naming what it allows or asks while blocking a minimum ("at
    /// most 6 credits at Level 4 or below may count, and 11 are held").
    static func writeUnmet<Sink: MessageSink>(_ shortfall: RuleShortfall, into sink: inout Sink)
    /// The rule in plain English, a line each (composites: their rules on the lines that follow, indented).
    func describe(_ context: RuleWording, indent: String) -> [String]
    /// Adds the rule's node and edges to a diagram of the rules, under node `parent`.
    func draw(into graph: inout RuleGraph, under parent: String)

    // MARK: Synthetic learners

    /// Adds units to `chosen` so that the rule is met (if the units allow), choosing among candidates with
    /// `below(n)` (a random number in `0..<n`); used by the learner generator.
    func pick(
        in qualification: Qualification, units: [UnitCode: LearningUnit], into chosen: inout [UnitCode],
        below: (Int) -> Int)
}

/// A rule that caps what may count: its unmet requirement when mandatory units alone exceed the cap.
package protocol CapRuleDefinition: RuleDefinition {
    /// The code of the unmet requirement when the mandatory units give more than may count.
    static var exceededCode: UnmetCode { get }
    /// The detail that names what the cap ranges over (a group or a level), for results.
    func subject(in compiled: CompiledQualification) -> UnmetSubject
}

extension CapRuleDefinition {
    static var unmetCode: UnmetCode? { exceededCode }
}

/// The figures of a rule kind's unmet requirement, for its sentence (``RuleDefinition/writeUnmet(_:into:)``).
package struct RuleShortfall {
    /// How the sentence is used.
    package enum Form {
        /// On its own: "4 of 10 credits from Group 1", "mandatory units give 12 credits from Group 2, more
        /// than the 10 that may count".
        case alone
        /// A minimum among requirements that block each other: "only 9 of the 14 credits needed from
        /// Optional units can count" (the clauses of the others follow).
        case blocked
        /// A requirement that blocks a minimum, as a clause: "at most 6 credits at Level 4 or below may
        /// count, and 11 are held", "only one of units A, B may count", "at least 14 credits from Optional
        /// units must count too".
        case clause
    }

    package var form: Form
    /// Credits or units held; for a blocked minimum, the most that can count.
    package var held = 0
    /// The minimum required, or the most that may count.
    package var limit = 0
    /// The title of the group concerned.
    package var group: String?
    /// The level concerned.
    package var level: Level?
    /// The units concerned: a missing mandatory unit, a bar's units.
    package var units: [UnitCode] = []

    package init(
        form: Form, held: Int = 0, limit: Int = 0, group: String? = nil, level: Level? = nil,
        units: [UnitCode] = []
    ) {
        self.form = form; self.held = held; self.limit = limit; self.group = group; self.level = level
        self.units = units
    }

    /// A minimum's sentence as a blocked minimum or a clause: "only 9 of the 14 credits needed from Optional
    /// units can count", "at least 14 credits from Optional units must count too"; `measure` is " credits"
    /// or " units", `subject` writes what the minimum ranges over (" from Optional units").
    package func writeMinimum<Sink: MessageSink>(
        measure: StaticString, into sink: inout Sink,
        subject: (inout Sink) -> Void
    ) {
        switch form {
        case .alone, .blocked:
            sink.literal("only "); sink.int(held); sink.literal(" of the "); sink.int(limit); sink.literal(measure)
            sink.literal(" needed"); subject(&sink); sink.literal(" can count")
        case .clause:
            sink.literal("at least "); sink.int(limit); sink.literal(measure); subject(&sink)
            sink.literal(" must count too")
        }
    }

    /// A cap's clause: "at most 6 credits at Level 4 or below may count, and 11 are held"; `subject` writes
    /// what the cap ranges over.
    package func writeCapClause<Sink: MessageSink>(into sink: inout Sink, subject: (inout Sink) -> Void) {
        sink.literal("at most "); sink.int(limit); sink.literal(" credits"); subject(&sink)
        sink.literal(" may count, and "); sink.int(held); sink.literal(held == 1 ? " is held" : " are held")
    }
}

/// What a cap or a claim ranges over, as results name it.
package enum UnmetSubject {
    /// A group, by its index among the compiled qualification's groups.
    case group(Int)
    /// A level.
    case level(Level)
}

/// The rules inside a composite rule, as the walkers of rule trees see them.
package enum RuleStructure {
    /// No rules inside.
    case atomic
    /// All of these rules apply; each is numbered by its index.
    case all([Rule])
    /// One of these routes is met in full; a rule is numbered by its route's index, then its own.
    case oneOf([Route])
}

/// What goes wrong in a rule's value, as the loader's diagnostics name it.
package enum RuleProblem {
    /// A value out of range or not allowed.
    case invalidValue
    /// A value given twice.
    case duplicateID
}

/// A rule's value in a pack, as a rule kind reads it: the loader implements it over YAML nodes, keeping
/// each node's file, line and column for its diagnostics.
package protocol RuleSource {
    /// A node of the pack's parse tree.
    associatedtype Node
    /// The rule's value: what follows its key.
    var value: Node { get }
    /// The rule's key as written (`min_credits`).
    var key: String { get }
    /// What holds the rule, for messages ("qualification 8577-award-coaching").
    var owner: String { get }
    /// `node` as a list.
    mutating func list(_ node: Node, _ what: String) -> [Node]?
    /// `node` as a mapping with the keys of `object` (unknown keys and missing required ones reported).
    mutating func fields(_ node: Node, _ what: String, _ object: PackSchemaObject) -> [String: Node]?
    /// `node` as a list of the pack's unit codes, each once, at least one.
    mutating func unitCodes(_ node: Node) -> [UnitCode]?
    /// `node` as the id of one of the pack's groups.
    mutating func group(_ node: Node?) -> GroupID?
    /// `node` as a whole number in `range`.
    mutating func wholeNumber(_ node: Node?, _ what: String, in range: ClosedRange<Int>) -> Int?
    /// `node` as a level.
    mutating func level(_ node: Node?, _ what: String) -> Level?
    /// `node` as an id.
    mutating func identifier(_ node: Node?, _ what: String) -> String?
    /// `node` as text.
    mutating func text(_ node: Node?, _ what: String) -> String?
    /// Records `node` as where the rule's amount is written (the validator points at it).
    mutating func markAmount(_ node: Node?)
    /// Reports a problem at `node`.
    mutating func problem(_ problem: RuleProblem, _ message: String, at node: Node?)
    /// Reads `node` as a rule inside this one, numbered `index` below it (composites).
    mutating func nestedRule(_ node: Node, at index: [Int]) -> Rule?
}

/// A group minimum larger than all the group's units could give.
public struct ImpossibleClaim: Hashable, Sendable {
    /// Where the rule is (``QualificationAnalysis/rules(of:)`` numbers them).
    public var path: QualificationAnalysis.RulePath
    /// The group.
    public var group: GroupID
    /// The credits or units asked for.
    public var asked: Int
    /// What the group's units give at most.
    public var available: Int
    /// Whether `asked` and `available` count credits (else units).
    public var isCredits: Bool
    public init(path: QualificationAnalysis.RulePath, group: GroupID, asked: Int, available: Int, isCredits: Bool) {
        self.path = path; self.group = group; self.asked = asked; self.available = available
        self.isCredits = isCredits
    }
}

/// What a rule's sentence needs: the qualification and the units, with the ways a centre names them.
package struct RuleWording {
    package let qualification: Qualification
    package let units: [UnitCode: LearningUnit]

    package init(qualification: Qualification, units: [UnitCode: LearningUnit]) {
        self.qualification = qualification
        self.units = units
    }

    /// `8577-300 Understanding Good Practice in Workplace Coaching (3 credits)`
    package func unit(_ code: UnitCode) -> String {
        guard let unit = units[code] else { return code.rawValue }
        return "\(code) \(unit.title) (\(unit.credits) credit\(unit.credits.value == 1 ? "" : "s"))"
    }

    /// `Group 1 (8577-300, 8577-301)`
    package func group(_ id: GroupID) -> String {
        guard let group = qualification.group(id) else { return id.rawValue }
        return "\(group.title) (\(group.units.map(\.rawValue).joined(separator: ", ")))"
    }

    /// The sentences of `rules`, indented.
    package func describe(_ rules: [Rule], indent: String) -> [String] {
        rules.flatMap { $0.definition.describe(self, indent: indent) }
    }
}
