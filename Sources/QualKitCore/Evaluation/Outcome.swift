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
}
