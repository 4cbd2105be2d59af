/// How far one run of an assignment programme may go: the engine's half of the model's `EvaluationLimits`,
/// which hands down the two figures the programmes check (`EvaluationLimits.search`). The search over classes
/// and the decision tables have bounds of their own (`ClassSearch.allowance`, `DecisionTable.maximumWork`).
public struct SearchLimits: Hashable, Sendable {
    /// Steps (transitions) of one run.
    public var maximumSteps: Int
    /// States held at once by one run of an assignment programme.
    public var maximumStates: Int

    @inlinable
    public init(maximumSteps: Int, maximumStates: Int) {
        self.maximumSteps = maximumSteps
        self.maximumStates = maximumStates
    }
}

/// What a programme costs, or can cost at worst: the engine's half of the model's `EvaluationCost`, with
/// the same three figures.
public struct SearchCost: Hashable, Sendable {
    /// Paths searched (1 for one programme).
    public var paths: Int
    /// Steps taken.
    public var steps: Int
    /// The most states held at once.
    public var states: Int

    @inlinable
    public init(paths: Int, steps: Int, states: Int) {
        self.paths = paths
        self.steps = steps
        self.states = states
    }
}
