/// The compact outcome of one learner against one qualification: no heap storage. The engine's currency:
/// ``Workspace/result(_:)`` turns one into an ``EvaluationResult``.
@_spi(Engine) public struct Outcome: Sendable {
    /// Index into ``Evaluator/qualifications``.
    public let qualificationIndex: Int
    public internal(set) var achieved = false
    /// Credits of the distinct achieved units that belong to the qualification.
    public internal(set) var credits = 0
    var path = 0
    var counted = UnitMask()
    var next = UnitMask()
    var hasNext = false
    /// Whether the rules of combination are met (other requirements may still fail).
    public internal(set) var unitRulesMet = true
    /// The checks other than the rules of combination that failed, as bits over ``UnmetCode/index``.
    var failedChecks: UInt32 = 0
    /// The checks that could not be made, as bits over ``UncheckedCode/index``.
    var uncheckedCodes: UInt8 = 0
    /// ``Workspace/unmetKinds(_:)``, worked out with the outcome when that costs nothing.
    @usableFromInline var knownKinds: UInt32 = 0
    @usableFromInline var kindsComplete = false
    /// The certification end date and the end of the completion window in force for this learner, as day
    /// numbers (after extensions; ``noLimit`` when there is none or it is waived).
    var certificationEnd = Outcome.noLimit
    var windowEnd = Outcome.noLimit
    /// Whether exceptions or unit equivalences changed the units held (the workspace keeps the masks).
    var adjusted = false
    /// The learner's exceptions used for this outcome, as bits over their positions in the record.
    public internal(set) var exceptionsApplied: UInt64 = 0
    /// The units the exceptions' substitutions and equivalences offered more ways to count than the
    /// evaluator tries (``EvaluationLimits/maximumChoices``): the number of choices, when over.
    var choicesNeeded = 0

    static let noLimit = Int.max
    /// The checks whose failure means that no later achievement can complete the qualification.
    static let closingChecks = UnmetCode.registrationClosed.bit | UnmetCode.certificationClosed.bit | UnmetCode.completionWindow.bit

    init(qualificationIndex: Int) { self.qualificationIndex = qualificationIndex }

    @inline(__always) mutating func fail(_ c: UnmetCode) { failedChecks |= c.bit }
    @inline(__always) mutating func uncheck(_ c: UncheckedCode) { uncheckedCodes |= c.bit }
    @inline(__always) func failed(_ c: UnmetCode) -> Bool { failedChecks & c.bit != 0 }

    /// Units counted (achieved), or held towards the closest path (not achieved), as indexes into the
    /// qualification's units (``Evaluator/unitCode(qualification:unit:)``).
    public var countedUnits: UnitMask { counted }
    /// The smallest set of units that would meet the rules of combination; empty when they are met, `nil`
    /// when no set of units can.
    public var nextUnits: UnitMask? { hasNext ? next : nil }
    /// The path (combination of alternative routes) taken or closest to completion.
    public var pathIndex: Int { path }
    /// The last day on which the qualification can still be completed (``EvaluationResult/deadline``), as a
    /// ``CalendarDate/dayNumber``; `nil` when no limit is known.
    public var deadlineDay: Int? {
        let d = min(certificationEnd, windowEnd)
        return d == Outcome.noLimit ? nil : d
    }
}
