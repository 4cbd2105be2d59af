/// How many of a learner's held credits count towards a qualification (a result's `counted_credits`).
///
/// When the rules are met, it is the credits of the units the assignment counts (``Outcome/countedUnits``).
/// When they are not, it is the most credits of the units held towards the closest path that can count
/// together under its caps and bars: only a cap (at most so many credits) or a bar (at most one unit) can
/// stop a unit of the path from counting, since a unit shared by groups still counts once, towards one of
/// them. Where the units held break no cap and no bar, every one of them counts and the figure is their
/// sum (``countTogether(_:path:)``, the fast path); otherwise ``mostCountable(_:path:_:)`` finds the most in
/// one run of an assignment programme over the path's caps and bars (``countingProgram(_:path:storage:limits:)``),
/// whose worst case is worked out when the qualification is compiled (``countingCost(path:limits:)``) and
/// charged to the budgets with the decision. A test pins the fast path to the general one.
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

    /// The programme that counts the most credits of `units` (units of path `index`) under the path's caps
    /// and bars, and nothing else: no minimum, so every way of counting is allowed, and run to complete
    /// with each unit's weight its credits taken away, its cheapest solution counts the most credits. Its
    /// steps are the units in a cap or a bar (the others always count). With `limits`, its ``AssignmentProgram/cost``
    /// is its worst case; without, it is not worked out.
    public func countingProgram(
        _ units: UnitMask, path index: Int, storage: PlainStorage, limits: SearchLimits?
    ) -> AssignmentProgram {
        let p = paths[index]
        return AssignmentProgram(
            mandatory: UnitMask(), claims: [], caps: Array(p.caps), minimumCredits: 0, levelFloors: [],
            barred: Array(p.barred), relevant: units, credits: Array(credits), storage: storage,
            limits: limits ?? SearchLimits(maximumSteps: 0, maximumStates: 0), measuringCost: limits != nil)
    }

    /// The worst case of ``mostCountable(_:path:_:)`` on path `index` for any learner: that of its programme
    /// over every unit of the path (a learner's units are some of them, and a programme over fewer units
    /// reaches no more states at any step). Zero steps for a path without caps or bars, which never needs
    /// it. Past `limits`, a count that exceeds them (as ``AssignmentProgram/cost``).
    public func countingCost(path index: Int, limits: SearchLimits) -> SearchCost {
        let p = paths[index]
        guard !p.caps.isEmpty || !p.barred.isEmpty else { return SearchCost(paths: 1, steps: 0, states: 1) }
        let storage = PlainStorage()
        return withExtendedLifetime(storage) {
            countingProgram(p.relevant, path: index, storage: storage, limits: limits).cost
        }
    }

    /// The most credits of `units` (units of path `index`) that can count together under the path's caps and
    /// bars, whatever the path's minimums: the general computation, exact.
    ///
    /// - Complexity: one run of ``countingProgram(_:path:storage:limits:)``, at most
    ///   ``countingCost(path:limits:)`` steps.
    public func mostCountable(_ units: UnitMask, path index: Int, _ scratch: AssignmentScratch) -> Int {
        guard creditSum(units) > 0 else { return 0 }
        let storage = PlainStorage()
        return withExtendedLifetime(storage) {
            let program = countingProgram(units, path: index, storage: storage, limits: nil)
            var constrained = UnitMask() // the units some cap or bar can stop; the others always count
            for step in program.steps { constrained.insert(step.unit) }
            let taken = (0..<credits.count).map { -credits[$0] }, none = [Int](repeating: 0, count: credits.count)
            let solution = taken.withUnsafeBufferPointer { primary in
                none.withUnsafeBufferPointer { secondary in
                    scratch.run(program, held: UnitMask(), complete: true, weights: (primary, secondary), words: words)
                }
            }
            // (No minimum: counting nothing always meets the programme, so a solution exists.)
            return creditSum(units - constrained) + creditSum(solution?.added ?? UnitMask())
        }
    }

    /// The credits that count of a result on path `index` whose counted (or, when `rulesMet` is false,
    /// held) units are `units`: their sum when the rules are met or when they can all count together,
    /// else ``mostCountable(_:path:_:)``.
    public func countedCredits(
        _ units: UnitMask, path index: Int, rulesMet: Bool, _ scratch: AssignmentScratch
    ) -> Int {
        if rulesMet || countTogether(units, path: index) { return creditSum(units) }
        return mostCountable(units, path: index, scratch)
    }
}
