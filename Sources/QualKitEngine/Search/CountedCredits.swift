/// How many of a learner's held credits count towards a qualification (a result's `counted_credits`).
///
/// When the rules are met, it is the credits of the units the assignment counts (``Outcome/countedUnits``).
/// When they are not, it is the most credits of the units held towards the closest path that can count
/// together under its caps and bars: only a cap (at most so many credits) or a bar (at most one unit) can
/// stop a unit of the path from counting, since a unit shared by groups still counts once, towards one of
/// them. Where the units held break no cap and no bar, every one of them counts and the figure is their
/// sum (``countTogether(_:path:)``, the fast path); otherwise ``mostCountable(_:path:_:limits:)`` finds the
/// most by bisection over an assignment programme whose only minimum is the total. A test pins the fast
/// path to the general one.
extension CompiledRules {
    /// Whether every unit of `units` can count together on path `index`: no cap of the path gets more
    /// credits from them than it allows and no bar has two of them.
    ///
    /// - Complexity: O(caps + bars) mask operations.
    public func countTogether(_ units: UnitMask, path index: Int) -> Bool {
        let p = paths[index]
        for cap in p.caps where creditSum(units & cap.units) > cap.maximum { return false }
        for bar in p.barred where (units & bar).count > 1 { return false }
        return true
    }

    /// The most credits of `units` (units of path `index`) that can count together under the path's caps and
    /// bars, whatever the path's minimums: the general computation, exact within `limits` (past them, the
    /// most found so far).
    ///
    /// - Complexity: about log2(credits of `units`) runs of an assignment programme over `units`.
    public func mostCountable(
        _ units: UnitMask, path index: Int, _ scratch: AssignmentScratch,
        limits: SearchLimits
    ) -> Int {
        let p = paths[index]
        let all = creditSum(units)
        guard all > 0 else { return 0 }
        let storage = PlainStorage()
        let program = AssignmentProgram(
            mandatory: UnitMask(), claims: [], caps: Array(p.caps), minimumCredits: all,
            levelFloors: [], barred: Array(p.barred), relevant: units,
            credits: Array(credits), storage: storage, limits: limits,
            measuringCost: false, keepingImplied: true)
        let totalDimension = p.caps.count + p.barred.count // claims none, then caps, bars, the total
        return withExtendedLifetime(storage) {
            var low = 0, high = all // `low` can count; no more than `high` can
            while low < high {
                let middle = (low + high + 1) / 2
                let trial = PlainStorage()
                let lowered = program.with(dimension: totalDimension, initial: middle, storage: trial)
                let met = withExtendedLifetime(trial) {
                    scratch.meets(lowered, held: units, weights: (unitWeights, credits), words: words, limits: limits)
                }
                switch met {
                case true?: low = middle
                case false?: high = middle - 1
                case nil: return low
                }
            }
            return low
        }
    }

    /// The credits that count of a result on path `index` whose counted (or, when `rulesMet` is false,
    /// held) units are `units`: their sum when the rules are met or when they can all count together,
    /// else ``mostCountable(_:path:_:limits:)``.
    public func countedCredits(
        _ units: UnitMask, path index: Int, rulesMet: Bool, _ scratch: AssignmentScratch,
        limits: SearchLimits
    ) -> Int {
        if rulesMet || countTogether(units, path: index) { return creditSum(units) }
        return mostCountable(units, path: index, scratch, limits: limits)
    }
}
