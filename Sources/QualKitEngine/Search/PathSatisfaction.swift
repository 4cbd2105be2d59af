/// Deciding one path of a qualification's rules for a learner's units, and the cheapest completion.
///
/// Simple paths (no unit in two requirements, no caps or bars) are decided with a few mask operations, and
/// paths with no caps or bars whose groups share units with sums and a search over the held shared units
/// (``SharedClaims``); everything else by the path's ``AssignmentProgram``. Completions are searched over
/// classes of units (``ClassSearch``) or by the programme. Tests pin each check to the programme.
extension CompiledRules {
    /// The units counted on path `path` when a learner holds `held`, or `nil` if the path cannot be met.
    ///
    /// - Complexity: O(*c*) mask operations for a simple path with *c* claims, plus at most
    ///   ``SharedClaims/leaves`` leaves of a search where groups share units; otherwise at most
    ///   ``AssignmentProgram/cost`` steps.
    public func satisfy(_ path: Path, with held: UnitMask, _ scratch: AssignmentScratch) -> UnitMask? {
        guard path.mandatory.isSubset(of: held) else { return nil }
        if path.isSimple { return simpleSatisfy(path, with: held) }
        if let sharing = path.sharing { return sharedSatisfy(path, sharing, with: held) }
        return programSatisfy(path, with: held, scratch)
    }

    /// The check for a simple path: every relevant held unit counts.
    ///
    /// Why sums decide it, with no search. On a simple path (``Path/isSimple``) every requirement is a
    /// minimum: a group claim, the total or a level floor; there are no caps or bars. No unit lies in two
    /// claims, or in a claim and the mandatory set, so a held unit can count towards at most one claim, and
    /// counting it there takes nothing from any other claim. The total and the floors count every counted
    /// unit whatever claim it serves. So counting every relevant held unit (each towards its one claim, if
    /// any) gives every requirement the most it can get under any way of counting: each sum is then as large
    /// as it can be, and the path is met exactly when these sums reach the minimums. `RuleTests` pins this to
    /// the assignment programme for every set of units of small qualifications, and the oracle over random
    /// packs.
    public func simpleSatisfy(_ path: Path, with held: UnitMask) -> UnitMask? {
        guard path.mandatory.isSubset(of: held) else { return nil }
        let avail = held & path.relevant
        for c in path.claims where measure(avail & c.units, c.measure) < c.minimum { return nil }
        if path.minimumCredits > 0, creditSum(avail) < path.minimumCredits { return nil }
        for f in path.levelFloors where creditSum(avail & f.units) < f.minimum { return nil }
        return avail
    }

    /// The general check, by the path's programme over held units only.
    public func programSatisfy(_ path: Path, with held: UnitMask, _ scratch: AssignmentScratch) -> UnitMask? {
        guard path.mandatory.isSubset(of: held),
            let s = scratch.run(
                path.program, held: held, complete: false, weights: (unitWeights, credits), words: words)
        else { return nil }
        return (held & path.relevant) - s.excluded
    }

    /// The cheapest set of units not in `held` whose addition meets path `path`: fewest units, then fewest
    /// credits, then the set whose last unit in the qualification's order comes earliest. Empty when the
    /// path is met; `nil` when no addition can meet it.
    ///
    /// - Complexity: at most ``AssignmentProgram/cost`` steps, plus the nodes of the
    ///   search over classes for a path with no caps or bars.
    public func completion(_ path: Path, from held: UnitMask, _ scratch: AssignmentScratch) -> UnitMask? {
        cheapest(path, from: held, weights: (unitWeights, credits), scratch).map(\.added)
    }

    /// The cheapest completion of path `candidatePath` from `held` by `weights` (local unit index → primary and
    /// secondary cost), with the missing mandatory units included in the set and the cost.
    ///
    /// A path with no caps or bars (its groups may share units) is searched over its classes of
    /// interchangeable units (``ClassSearch``), and by its programme only when that search gives up.
    public func cheapest(
        _ candidatePath: Path, from held: UnitMask, weights: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>),
        _ scratch: AssignmentScratch
    ) -> AssignmentProgram.Solution? {
        if candidatePath.caps.isEmpty && candidatePath.barred.isEmpty {
            // The path's own classes for the usual weights; other weights (the analysis's least and most
            // hours) make classes of their own.
            let standard =
                weights.0.baseAddress == unitWeights.baseAddress && weights.1.baseAddress == credits.baseAddress
            let storage = standard ? nil : PlainStorage()
            let search =
                standard
                ? candidatePath.classes
                : ClassSearch(
                    path: candidatePath, credits: Array(credits), weights: (Array(weights.0), Array(weights.1)),
                    storage: storage!)
            // (The storage must outlive the search, which points into it.)
            let answer = withExtendedLifetime(storage) { search?.cheapest(held) ?? .gaveUp }
            switch answer {
            case .solved(let s): return withMandatory(s, candidatePath, held, weights)
            case .impossible: return nil
            case .gaveUp: break
            }
        }
        return programCheapest(candidatePath, from: held, weights: weights, scratch)
    }

    /// ``cheapest(_:from:weights:_:)`` by the path's programme alone.
    public func programCheapest(
        _ path: Path, from held: UnitMask, weights: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>),
        _ scratch: AssignmentScratch
    ) -> AssignmentProgram.Solution? {
        guard let s = scratch.run(path.program, held: held, complete: true, weights: weights, words: words) else {
            return nil
        }
        return withMandatory(s, path, held, weights)
    }

    private func withMandatory(
        _ solution: AssignmentProgram.Solution, _ path: Path, _ held: UnitMask,
        _ weights: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>)
    ) -> AssignmentProgram.Solution {
        var s = solution
        (path.mandatory - held).forEach { u in
            s.added.insert(u); s.primary += weights.0[u]; s.secondary += weights.1[u]
        }
        return s
    }
}
