import QualKitEngine
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
    /// over its paths. Default 2,000,000: twice what the 120-unit diploma of the benchmarks needs at the
    /// worst (about 35 instructions a transition; `Benchmarks/shapes/measure.sh`).
    public var maximumSteps: Int
    /// The most states the assignment may hold at once for one path. Default 65,536. While a unit is
    /// taken a workspace holds up to that many states times the ways the unit can count, plus one, at
    /// about 40 + 32 × ⌈units / 64⌉ bytes each: 20 MB for a unit in three groups of a 64-unit qualification.
    public var maximumStates: Int
    /// The most choices one learner's substitutions and unit equivalences may offer for one qualification
    /// (a held unit that may count as itself or as another unit of the qualification, or one of several
    /// units). Each combination is decided, so a learner costs up to 2^choices decisions. Default 8
    /// (256 decisions); a learner over it gets the unmet code `limit-exceeded` for that qualification,
    /// never a wrong answer (`--max-choices`). The work for such a learner is bounded by 2^choices times
    /// ``maximumSteps``, not by ``maximumSteps`` alone.
    public var maximumChoices: Int
    /// The most steps the qualifications of one pack may need together for one learner (the sum of their
    /// worst cases with their paths' charge, ``EvaluationCost/budgetSteps``). Default 2,100,000: as much
    /// as the whole registry may take (``maximumCatalogSteps``), so that one pack may hold a qualification
    /// at ``maximumSteps`` (decided once: one with a date limit, decided twice, at about half of it) beside
    /// the bundled packs. The validator rejects a pack over it with
    /// `limit-exceeded` at the qualification that takes it over, and stops working out the worst cases of
    /// the rest, so that a pack of thousands of costly qualifications is rejected in the time of a few
    /// (`--max-pack-steps`).
    public var maximumPackSteps: Int
    /// The most steps every loaded qualification may need together for one learner: the whole registry,
    /// the bundled packs included (they take about 4,000). Default 2,100,000: one qualification at
    /// ``maximumSteps`` and about 200 ordinary ones, or about 4,000 qualifications of one path
    /// (``stepsPerPath``). It is what bounds a learner's time: a learner without substitutions is decided
    /// within it, the second decision of a learner with units achieved too late and the search for the
    /// credits that count included (``EvaluationCost/budgetSteps``); naming the requirements that block each
    /// other (`unit-assignment`) takes, for each qualification, at most the larger of its worst case and an
    /// equal share of what this budget and ``maximumLearnerSteps`` leave once the qualifications' worst cases
    /// are taken, so at most this budget and ``maximumLearnerSteps`` again in all; and the worst learner of
    /// the worst registry it accepts (with ``maximumLearnerSteps``)
    /// takes under 100 ms of CPU on the 2-core VM of the benchmarks, and the worst registry loads in about
    /// a second, under 10 s (`Benchmarks/budgets.sh`; its figures in `Benchmarks/README.md`). A pack that
    /// would take a registry over it is rejected when it is added (`validate`, and every command that loads
    /// packs; `--max-catalog-steps`). To load more, raise it (and ``maximumPackSteps``) knowing that a learner
    /// may then take about 35 ns of CPU a step (about 0.1 s per 2,800,000), and loading about 50 ns a step
    /// and 75 µs a path.
    public var maximumCatalogSteps: Int
    /// The most steps one learner's substitutions and unit equivalences may add, over every qualification
    /// (each decision beyond the first counted at its qualification's worst case with its paths' charge,
    /// ``EvaluationCost/budgetSteps``). Default 250,000: about 9 ms of CPU at the worst; a qualification
    /// of one path (500) can be decided 500 times, one of 80,000 steps three times (two substitutions), one
    /// over 250,000 steps not once more: its learners' substitutions then need `--max-learner-steps` raised.
    /// A learner without such choices never uses any of it, so a learner is decided within
    /// ``maximumCatalogSteps`` plus this; a qualification whose choices would go over what is left gets
    /// `limit-exceeded` with the choices that remain as its maximum, never a wrong answer
    /// (`--max-learner-steps`).
    public var maximumLearnerSteps: Int

    /// Limits below 1 are taken as 1 (choices below 0 as 0, above 16 as 16), and states above 2^26 as
    /// 2^26 (the table of states is indexed by 32-bit numbers).
    public init(
        maximumPaths: Int = 4096, maximumSteps: Int = 2_000_000, maximumStates: Int = 65_536, maximumChoices: Int = 8,
        maximumPackSteps: Int = 2_100_000, maximumCatalogSteps: Int = 2_100_000,
        maximumLearnerSteps: Int = 250_000
    ) {
        self.maximumPaths = max(1, maximumPaths)
        self.maximumSteps = max(1, maximumSteps)
        self.maximumStates = min(max(1, maximumStates), 1 << 26)
        self.maximumChoices = min(max(0, maximumChoices), 16)
        self.maximumPackSteps = max(1, maximumPackSteps)
        self.maximumCatalogSteps = max(1, maximumCatalogSteps)
        self.maximumLearnerSteps = max(0, maximumLearnerSteps)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = EvaluationLimits()
        self.init(
            maximumPaths: try c.decode(Int.self, forKey: .maximumPaths),
            maximumSteps: try c.decode(Int.self, forKey: .maximumSteps),
            maximumStates: try c.decode(Int.self, forKey: .maximumStates),
            maximumChoices: try c.decodeIfPresent(Int.self, forKey: .maximumChoices) ?? defaults.maximumChoices,
            maximumPackSteps: try c.decodeIfPresent(Int.self, forKey: .maximumPackSteps) ?? defaults.maximumPackSteps,
            maximumCatalogSteps: try c.decodeIfPresent(Int.self, forKey: .maximumCatalogSteps)
                ?? defaults.maximumCatalogSteps,
            maximumLearnerSteps: try c.decodeIfPresent(Int.self, forKey: .maximumLearnerSteps)
                ?? defaults.maximumLearnerSteps)
    }

    /// What one path of a qualification (one combination of its alternative routes) takes of the budgets over
    /// totals (``maximumPackSteps``, ``maximumCatalogSteps``, ``maximumLearnerSteps``), besides its steps
    /// (fixed; 500). A path costs work whatever its steps: loading compiles it (about 75 µs on the 2-core VM
    /// of the benchmarks), and every learner is decided on it and gets a result for its qualification (about
    /// 7.5 µs of JSON Lines a result, which 500 steps at about 35 ns a step cover twice over). Without it a
    /// qualification of no steps (mandatory units, routes) would cost nothing, and thousands of them, or of
    /// paths, would load and evaluate without bound. See ``EvaluationCost/budgetSteps``.
    public static let stepsPerPath = 500

    /// The most exceptions one learner record may carry (fixed; 64: they are tracked as bits).
    public static let maximumExceptions = 64

    /// The limits used when none are given.
    public static let `default` = EvaluationLimits()

    /// The most units one qualification may name: the width of the evaluator's unit sets (fixed; 512).
    /// A qualification naming more is rejected with `limit-exceeded`.
    public static let maximumUnits = UnitMask.capacity

    /// The steps that naming the requirements which block each other (`unit-assignment` and what follows it)
    /// may take, for the whole explanation of one learner's result for a qualification whose worst case is
    /// `worstCase` (``EvaluationCost/budgetSteps``), in an evaluator deciding qualifications whose worst cases
    /// are `worstCases` (each once, that one included): the larger of `worstCase` and an equal share of what
    /// the budgets over totals leave, ``maximumCatalogSteps`` + ``maximumLearnerSteps`` less those worst
    /// cases. Over all of a learner's qualifications that is at most ``maximumCatalogSteps`` +
    /// ``maximumLearnerSteps``. An explanation past it names nothing: the result says `unit-assignment`
    /// alone. It never depends on the learner or on what was explained before; it depends on the other
    /// qualifications decided only where the budgets are nearly all taken and an explanation needs more than
    /// the qualification's own worst case. With the defaults and the bundled packs it is about 335,000 steps.
    package func explanationSteps(worstCase: Int, worstCases: [Int]) -> Int {
        let (total, overflow) = maximumCatalogSteps.addingReportingOverflow(maximumLearnerSteps)
        var left = overflow ? Int.max : total
        for w in worstCases { left -= min(max(0, w), left) }
        return max(worstCase, left / max(1, worstCases.count))
    }

    /// The choices (binary ones, as ``maximumChoices`` counts them) that picking one of `ways` takes: as
    /// many as `ways` needs bits, 0 for a single way.
    package static func choices(forWays ways: Int) -> Int {
        ways > 1 ? Int.bitWidth - (ways - 1).leadingZeroBitCount : 0
    }
}

/// What it costs at the worst to evaluate one learner against one qualification.
///
/// Besides the decision (``steps``), a result may take a second decision and the search for its credits that
/// count: both are in the worst case the budgets charge (``budgetSteps``), so that a learner's work is bounded
/// by the budgets, never only measured.
public struct EvaluationCost: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Alternative-route combinations (paths).
    public var paths: Int
    /// State transitions of one decision, summed over paths.
    public var steps: Int
    /// The most states held at once on any path, by a decision or by the search for the credits that count.
    public var states: Int
    /// The decisions one learner may take: 2 for a qualification with a date limit (a certification end or a
    /// completion window), where the units held meet the rules but some were achieved too late and the rules
    /// are decided again over the units achieved in time; else 1.
    public var decisions: Int
    /// State transitions of the search for a result's credits that count (`counted_credits`) when the units
    /// held break a cap or a bar: the most of any path with caps or bars (one run of an assignment programme
    /// over its caps and bars); 0 when no path has any.
    public var countingSteps: Int

    public init(paths: Int, steps: Int, states: Int, decisions: Int = 1, countingSteps: Int = 0) {
        self.paths = paths; self.steps = steps; self.states = states
        self.decisions = decisions; self.countingSteps = countingSteps
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            paths: try c.decode(Int.self, forKey: .paths), steps: try c.decode(Int.self, forKey: .steps),
            states: try c.decode(Int.self, forKey: .states),
            decisions: try c.decodeIfPresent(Int.self, forKey: .decisions) ?? 1,
            countingSteps: try c.decodeIfPresent(Int.self, forKey: .countingSteps) ?? 0)
    }

    public var description: String {
        """
        \(paths) path\(paths == 1 ? "" : "s"), \(steps) step\(steps == 1 ? "" : "s"), \(states) \
        state\(states == 1 ? "" : "s")
        """
    }

    /// What the cost takes of the budgets over totals (``EvaluationLimits/maximumPackSteps``,
    /// ``EvaluationLimits/maximumCatalogSteps``, ``EvaluationLimits/maximumLearnerSteps``): the most transitions
    /// one learner's result can take (``steps`` for each of its ``decisions``, plus ``countingSteps``), plus
    /// ``EvaluationLimits/stepsPerPath`` for each of its ``paths``. Naming the requirements that block each
    /// other in a result (after `unit-assignment`) may take at least as much again: the larger of this and an
    /// equal share of what the budgets over totals leave (``EvaluationLimits/maximumCatalogSteps``).
    public var budgetSteps: Int {
        let (decided, o0) = steps.multipliedReportingOverflow(by: decisions)
        let (charge, o1) = paths.multipliedReportingOverflow(by: EvaluationLimits.stepsPerPath)
        let (withCounting, o2) = decided.addingReportingOverflow(countingSteps)
        let (total, o3) = withCounting.addingReportingOverflow(charge)
        return o0 || o1 || o2 || o3 ? Int.max : total
    }

    /// The first limit this cost exceeds, or `nil` when it is within all of them.
    public func exceeded(_ limits: EvaluationLimits) -> LimitExceeded? {
        if paths > limits.maximumPaths { return LimitExceeded(.paths, maximum: limits.maximumPaths, needed: paths) }
        if states > limits.maximumStates {
            return LimitExceeded(.states, maximum: limits.maximumStates, needed: states)
        }
        if steps > limits.maximumSteps { return LimitExceeded(.steps, maximum: limits.maximumSteps, needed: steps) }
        if countingSteps > limits.maximumSteps {
            return LimitExceeded(.steps, maximum: limits.maximumSteps, needed: countingSteps)
        }
        return nil
    }
}

/// A qualification that needs more work than a limit allows: which limit, its value and what was needed.
public struct LimitExceeded: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The limits, each named where it is set.
    public enum Limit: String, Hashable, Sendable, Codable, CaseIterable {
        /// ``EvaluationLimits/maximumUnits``: units one qualification may name (the evaluator's unit-set
        /// width; fixed).
        case units = "EvaluationLimits.maximumUnits"
        /// ``EvaluationLimits/maximumPaths`` (`--max-paths`).
        case paths = "EvaluationLimits.maximumPaths"
        /// ``EvaluationLimits/maximumStates`` (`--max-states`).
        case states = "EvaluationLimits.maximumStates"
        /// ``EvaluationLimits/maximumSteps`` (`--max-steps`).
        case steps = "EvaluationLimits.maximumSteps"
        /// ``EvaluationLimits/maximumChoices``: ways one learner's substitutions and equivalences may count.
        case choices = "EvaluationLimits.maximumChoices"
        /// ``EvaluationLimits/maximumExceptions``: exceptions one record may carry (fixed).
        case exceptions = "EvaluationLimits.maximumExceptions"
        /// ``EvaluationLimits/maximumPackSteps`` (`--max-pack-steps`).
        case packSteps = "EvaluationLimits.maximumPackSteps"
        /// ``EvaluationLimits/maximumCatalogSteps`` (`--max-catalog-steps`).
        case catalogSteps = "EvaluationLimits.maximumCatalogSteps"
    }

    public var limit: Limit
    /// The limit's value.
    public var maximum: Int
    /// What the qualification needs; for states and steps, the count at which checking stopped (checking
    /// stops as soon as a limit is passed, so it is a lower bound), `Int.max` when it is too large to count.
    public var needed: Int

    public init(_ limit: Limit, maximum: Int, needed: Int) {
        self.limit = limit; self.maximum = maximum; self.needed = needed
    }

    /// What was exceeded, in a sentence that names the limit and where it is set.
    public var description: String {
        let n = needed == Int.max ? "more than \(Int.max)" : String(needed)
        return switch limit {
        case .units:
            """
            it names \(n) units; a qualification may name at most \(maximum) (\(limit.rawValue), QualKit's \
            unit-set width)
            """
        case .paths: "its alternative routes combine into \(n) paths; the limit is \(maximum) (\(limit.rawValue))"
        case .states:
            """
            deciding it can need more than \(maximum) states at once (\(limit.rawValue); groups that share units \
            multiply their minimums)
            """
        case .steps:
            """
            deciding it can take more than \(maximum) steps for one learner (\(limit.rawValue); groups that share \
            units multiply their minimums)
            """
        case .choices:
            """
            the learner's substitutions and unit equivalences offer \(n) choices; the limit is \(maximum) \
            (\(limit.rawValue))
            """
        case .exceptions: "the record carries \(n) exceptions; the limit is \(maximum) (\(limit.rawValue))"
        case .packSteps:
            "the pack's qualifications together can take more than \(maximum) steps for one learner (\(limit.rawValue))"
        case .catalogSteps:
            "the loaded qualifications together can take more than \(maximum) steps for one learner (\(limit.rawValue))"
        }
    }
}

extension EvaluationLimits {
    /// The two figures each search of the engine checks.
    package var search: SearchLimits { SearchLimits(maximumSteps: maximumSteps, maximumStates: maximumStates) }
}

extension EvaluationCost {
    /// This cost in the engine's terms.
    package var search: SearchCost { SearchCost(paths: paths, steps: steps, states: states) }
}
