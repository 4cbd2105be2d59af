/// How far one search may go: the engine's half of the model's `SearchLimits`, which hands down the
/// two figures the searches check (`SearchLimits.search`).
public struct SearchLimits: Hashable, Sendable {
    /// Steps of one search (programme transitions, nodes of a class search, entries of a decision table).
    public var maximumSteps: Int
    /// States held at once by one run of an assignment programme.
    public var maximumStates: Int

    @inlinable
    public init(maximumSteps: Int, maximumStates: Int) {
        self.maximumSteps = maximumSteps
        self.maximumStates = maximumStates
    }
}

/// What a search costs, or can cost at worst: the engine's half of the model's `SearchCost`, with the
/// same three figures.
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
