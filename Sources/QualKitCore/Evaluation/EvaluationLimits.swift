/// Limits on the work one qualification may ask of the evaluator, so that no pack can make evaluation run
/// without bound.
///
/// The evaluator decides each qualification with an exact dynamic programme whose cost follows the rules
/// (the group minimums, caps and bars that overlap), not the number of units. Its worst case for any learner
/// is worked out when the qualification is compiled (``QualificationAnalysis/cost(of:units:limits:)``);
/// a qualification whose worst case exceeds a limit is rejected with `limit-exceeded` by the validator and
/// by ``Evaluator/init(catalog:only:limits:)``, never reported as unsatisfiable and never left to run long.
/// Because the bound is on steps, not time, results never depend on the machine.
public struct EvaluationLimits: Hashable, Sendable, Codable {
    /// The most alternative-route combinations (one route chosen in every `any_of`) a qualification's
    /// rules may expand to. Default 4,096.
    public var maximumPaths: Int
    /// The most state transitions the exact assignment may take for one learner and qualification, summed
    /// over its paths. Default 16,000,000: the 120-unit diploma of the benchmarks needs 13 million at the worst and takes under 3 ms a learner on a 2-core VM.
    public var maximumSteps: Int
    /// The most states the assignment may hold at once for one path (memory: about 8 × (2 + 2 × ⌈units / 64⌉)
    /// bytes each, twice). Default 262,144.
    public var maximumStates: Int

    public init(maximumPaths: Int = 4096, maximumSteps: Int = 16_000_000, maximumStates: Int = 262_144) {
        self.maximumPaths = maximumPaths
        self.maximumSteps = maximumSteps
        self.maximumStates = maximumStates
    }

    /// The limits used when none are given.
    public static let `default` = EvaluationLimits()
}

/// What it costs at the worst to evaluate one learner against one qualification.
public struct EvaluationCost: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Alternative-route combinations (paths).
    public var paths: Int
    /// State transitions, summed over paths (saturates at `Int.max`).
    public var steps: Int
    /// The most states held at once on any path.
    public var states: Int

    public init(paths: Int, steps: Int, states: Int) { self.paths = paths; self.steps = steps; self.states = states }

    public var description: String { "\(paths) path\(paths == 1 ? "" : "s"), \(steps) steps, \(states) states" }

    /// The first limit this cost exceeds, as (name, limit, value), or `nil` when within all of them.
    public func exceeded(_ limits: EvaluationLimits) -> (name: String, limit: Int, value: Int)? {
        if paths > limits.maximumPaths { return ("maximumPaths", limits.maximumPaths, paths) }
        if states > limits.maximumStates { return ("maximumStates", limits.maximumStates, states) }
        if steps > limits.maximumSteps { return ("maximumSteps", limits.maximumSteps, steps) }
        return nil
    }
}
