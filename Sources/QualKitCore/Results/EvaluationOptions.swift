/// How to evaluate: passed to every evaluation entry point.
///
/// All recorded evidence counts. This is where evaluation as of a date and a learner's exceptions will be
/// set, without changing any signature.
public struct EvaluationOptions: Hashable, Sendable, Codable {
    /// Whether each ``UnmetRequirement`` carries its sentence (``UnmetRequirement/message``). On by
    /// default; a service evaluating a cohort that reads only codes and details can save the work.
    public var messages: Bool

    public init(messages: Bool = true) { self.messages = messages }
}
