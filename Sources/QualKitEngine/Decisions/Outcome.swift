/// The compact outcome of one learner against one qualification: no heap storage. The engine's currency:
/// the model's workspace fills one in and turns it into a result, and the byte writers read it.
///
/// Codes (of unmet and unchecked requirements) are sets of bits over the model's code numbers; the model's
/// extension of this type (`Outcome+Codes.swift` in QualKitCore) reads and writes them by code.
public struct Outcome: Sendable {
    // Fields in an order that leaves no padding: the hot path copies an outcome for every result.
    /// The evaluator's slot of the qualification (one per version decided).
    public let qualificationIndex: Int
    /// Credits of the distinct achieved units that belong to the qualification.
    public var credits = 0
    public var path = 0
    public var counted = UnitMask()
    public var next = UnitMask()
    /// The checks other than the rules of combination that failed, as bits over the model's unmet code numbers.
    public var failedChecks: UInt32 = 0
    /// The kinds of unmet requirement (the model's workspace's `unmetKinds`), worked out with the outcome when
    /// that costs nothing; complete when ``kindsComplete``.
    public var knownKinds: UInt32 = 0
    /// The certification end date and the end of the completion window in force for this learner, as day
    /// numbers (after extensions; ``noLimit`` when there is none or it is waived).
    public var certificationEnd = Outcome.noLimit
    public var windowEnd = Outcome.noLimit
    /// The checks that could not be made, as bits over the model's unchecked code numbers.
    public var uncheckedCodes: UInt8 = 0
    public var achieved = false
    public var hasNext = false
    /// Whether the rules of combination are met (other requirements may still fail).
    public var unitRulesMet = true
    public var kindsComplete = false
    /// Whether exceptions or unit equivalences changed the outcome (the model's workspace keeps
    /// how).
    public var adjusted = false

    /// ``certificationEnd`` and ``windowEnd`` when there is no limit, or it is waived.
    @inlinable public static var noLimit: Int32 { Int32.max }
    /// ``windowEnd`` when it is registration plus the completion years, not worked out yet (the model's
    /// workspace works it out when a result asks).
    @inlinable public static var pendingWindow: Int32 { Int32.min }

    @inlinable
    public init(qualificationIndex: Int) { self.qualificationIndex = qualificationIndex }

    /// Units counted (achieved), or held towards the closest path (not achieved), as indexes into the
    /// qualification's units.
    public var countedUnits: UnitMask { counted }
    /// The smallest set of units that would meet the rules of combination; empty when they are met, `nil`
    /// when no set of units can.
    public var nextUnits: UnitMask? { hasNext ? next : nil }
    /// The path (combination of alternative routes) taken or closest to completion.
    public var pathIndex: Int { path }
    /// Whether exceptions or unit equivalences changed the outcome (only then can a unit stand in for another).
    public var isAdjusted: Bool { adjusted }
}
