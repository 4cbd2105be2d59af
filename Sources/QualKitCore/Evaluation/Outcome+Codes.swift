import QualKitEngine

/// An outcome's codes in the model's terms: the bits of ``Outcome/failedChecks`` and
/// ``Outcome/uncheckedCodes`` are ``UnmetCode/index`` and ``UncheckedCode/index``.
extension Outcome {
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

    @inline(__always) mutating func fail(_ code: UnmetCode) { failedChecks |= code.bit }
    @inline(__always) mutating func uncheck(_ code: UncheckedCode) { uncheckedCodes |= code.bit }
    @inline(__always) func failed(_ code: UnmetCode) -> Bool { failedChecks & code.bit != 0 }
}
