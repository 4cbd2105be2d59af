/// How to evaluate: passed to every evaluation entry point.
///
/// Empty for now: all recorded evidence counts. This is where evaluation as of a date and a learner's
/// exceptions will be set, without changing any signature.
public struct EvaluationOptions: Hashable, Sendable, Codable {
    public init() {}
}
