import QualKitEngine
/// The compact outcome of one learner against one qualification: no heap storage. The engine's currency:
/// ``Workspace/result(_:)`` turns one into an ``EvaluationResult``.
package struct Outcome: Sendable {
    // Fields in an order that leaves no padding: the hot path copies an outcome for every result.
    /// Index into ``Evaluator/qualifications``.
    package let qualificationIndex: Int
    /// Credits of the distinct achieved units that belong to the qualification.
    package internal(set) var credits = 0
    var path = 0
    var counted = UnitMask()
    var next = UnitMask()
    /// The checks other than the rules of combination that failed, as bits over ``UnmetCode/index``.
    var failedChecks: UInt32 = 0
    /// ``Workspace/unmetKinds(_:)``, worked out with the outcome when that costs nothing.
    @usableFromInline var knownKinds: UInt32 = 0
    /// The certification end date and the end of the completion window in force for this learner, as day
    /// numbers (after extensions; ``noLimit`` when there is none or it is waived).
    var certificationEnd = Outcome.noLimit
    var windowEnd = Outcome.noLimit
    /// The checks that could not be made, as bits over ``UncheckedCode/index``.
    var uncheckedCodes: UInt8 = 0
    package internal(set) var achieved = false
    var hasNext = false
    /// Whether the rules of combination are met (other requirements may still fail).
    package internal(set) var unitRulesMet = true
    @usableFromInline var kindsComplete = false
    /// Whether exceptions or unit equivalences changed the outcome (the workspace keeps how:
    /// ``Workspace/adjustments``).
    var adjusted = false

    @inline(__always) static var noLimit: Int32 { Int32.max }
    /// ``windowEnd`` when it is registration plus the completion years, not worked out yet
    /// (``Workspace/deadlineDay(_:)`` does).
    @inline(__always) static var pendingWindow: Int32 { Int32.min }
    /// The checks of the counted units' dates against the certification end and the completion window.
    @inline(__always) static var lateChecks: UInt32 {
        UnmetCode.certificationClosed.bit | UnmetCode.completionWindow.bit
    }
    /// The checks whose failure means that no later achievement can complete the qualification: the one
    /// list of them (``PlainEnglish`` reads it too).
    /// (Computed, not a `static let`: a lazily initialised global costs a check on every use.)
    @inline(__always) static var closingChecks: UInt32 {
        UnmetCode.registeredBeforeStart.bit | UnmetCode.registrationClosed.bit | UnmetCode.certificationClosed.bit
            | UnmetCode.completionWindow.bit
    }

    init(qualificationIndex: Int) { self.qualificationIndex = qualificationIndex }

    @inline(__always) mutating func fail(_ code: UnmetCode) { failedChecks |= code.bit }
    @inline(__always) mutating func uncheck(_ code: UncheckedCode) { uncheckedCodes |= code.bit }
    @inline(__always) func failed(_ code: UnmetCode) -> Bool { failedChecks & code.bit != 0 }

    /// Units counted (achieved), or held towards the closest path (not achieved), as indexes into the
    /// qualification's units (``Evaluator/unitCode(qualification:unit:)``).
    package var countedUnits: UnitMask { counted }
    /// The smallest set of units that would meet the rules of combination; empty when they are met, `nil`
    /// when no set of units can.
    package var nextUnits: UnitMask? { hasNext ? next : nil }
    /// The path (combination of alternative routes) taken or closest to completion.
    package var pathIndex: Int { path }
    /// Whether exceptions or unit equivalences changed the outcome (only then can a unit stand in for another).
    package var isAdjusted: Bool { adjusted }

}
