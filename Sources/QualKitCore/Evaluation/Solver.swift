/// The exact assignment of a learner's units to the requirements of one path.
///
/// Each unit counts once: towards the mandatory set, one group claim, or the overall totals only. Simple
/// paths (no shared units, caps or bars) are decided with a few mask operations; the others by a
/// depth-first search over the learner's relevant units that stops at the first valid assignment and prunes
/// any branch in which some claim can no longer be reached.
extension CompiledRules {
    /// The units counted on path `p` when a learner holds `held`, or `nil` if the path cannot be met.
    ///
    /// - Complexity: O(*c*) mask operations for a simple path with *c* claims; otherwise O(*(c*+2)^*n*) in the
    ///   worst case for *n* relevant held units, typically far less because of pruning.
    func satisfy(_ p: Path, with held: UnitMask) -> UnitMask? {
        guard p.mandatory.isSubset(of: held) else { return nil }
        let avail = held & p.relevant
        if p.isSimple {
            for c in p.claims where measure(avail & c.units, c.measure) < c.minimum { return nil }
            if p.minimumCredits > 0, creditSum(avail) < p.minimumCredits { return nil }
            for f in p.levelFloors where creditSum(avail & f.units) < f.minimum { return nil }
            return avail
        }
        for b in p.barred where (p.mandatory & b).count > 1 { return nil }
        for cap in p.caps where creditSum(p.mandatory & cap.units) > cap.maximum { return nil }
        return search(p, free: avail - p.mandatory)
    }

    private func search(_ p: Path, free: UnitMask) -> UnitMask? {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: max(1, p.claims.count)) { progress in
            for j in p.claims.indices { progress[j] = 0 }
            var found: UnitMask?
            var constrained = UnitMask()   // units that a cap or bar mentions: excluding them can help
            for c in p.caps { constrained = constrained | c.units }
            for b in p.barred { constrained = constrained | b }
            _ = descend(p, remaining: free, counted: p.mandatory, progress: progress, constrained: constrained, found: &found)
            return found
        }
    }

    private func descend(_ p: Path, remaining: UnitMask, counted: UnitMask, progress: UnsafeMutableBufferPointer<Int>,
                         constrained: UnitMask, found: inout UnitMask?) -> Bool {
        // Prune: a claim that the remaining units cannot complete; a cap or bar already broken.
        for j in p.claims.indices where progress[j] < p.claims[j].minimum {
            let c = p.claims[j]
            if progress[j] + measure(remaining & c.units, c.measure) < c.minimum { return false }
        }
        for cap in p.caps where creditSum(counted & cap.units) > cap.maximum { return false }
        for b in p.barred where (counted & b).count > 1 { return false }

        guard let u = remaining.first else {
            if p.minimumCredits > 0, creditSum(counted) < p.minimumCredits { return false }
            for f in p.levelFloors where creditSum(counted & f.units) < f.minimum { return false }
            found = counted
            return true
        }
        var rest = remaining
        rest.remove(u)
        var with = counted
        with.insert(u)
        // 1. Towards each claim that contains it and still needs it.
        for j in p.claims.indices where p.claims[j].units.contains(u) && progress[j] < p.claims[j].minimum {
            let add = p.claims[j].measure == .credits ? credits[u] : 1
            progress[j] += add
            let ok = descend(p, remaining: rest, counted: with, progress: progress, constrained: constrained, found: &found)
            progress[j] -= add
            if ok { return true }
        }
        // 2. Towards the totals only.
        if descend(p, remaining: rest, counted: with, progress: progress, constrained: constrained, found: &found) { return true }
        // 3. Not counted at all: only worth trying when a cap or bar mentions the unit.
        if constrained.contains(u) {
            return descend(p, remaining: rest, counted: counted, progress: progress, constrained: constrained, found: &found)
        }
        return false
    }

    /// The smallest set of units not in `held` whose addition meets path `p` (fewest units, then fewest
    /// credits, then earliest in the qualification's order), or `nil` when no addition can.
    ///
    /// - Complexity: for simple paths without credit totals, O(*n*) greedy completion, which is exact because
    ///   the claims are disjoint; otherwise an exhaustive search over subsets in increasing size of the *k*
    ///   missing relevant units, O(2^*k*) checks, bounded to *k* ≤ 20 (beyond that a greedy completion
    ///   that may not be the smallest).
    func completion(_ p: Path, from held: UnitMask, knownUnmet: Bool = false) -> UnitMask? {
        if !knownUnmet, satisfy(p, with: held) != nil { return UnitMask() }
        if p.isGreedyCompletable {
            var add = p.mandatory - held
            for c in p.claims {
                var have = measure(held & c.units, c.measure)
                for i in byCreditsDescending where have < c.minimum && c.units.contains(i) && !held.contains(i) {
                    add.insert(i)
                    have += c.measure == .credits ? credits[i] : 1
                }
                if have < c.minimum { return nil }
            }
            return add
        }
        let candidates = p.relevant - held
        let k = candidates.count
        if k == 0 { return nil }
        if k > 20 { return greedyCompletion(p, from: held, candidates: candidates) }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: k) { pos in
            var n = 0
            candidates.forEach { pos[n] = $0; n += 1 }
            for size in 1...k {
                var best: UnitMask?
                var bestCredits = Int.max
                var combo: UInt32 = (1 << UInt32(size)) - 1
                let limit: UInt32 = 1 << UInt32(k)
                while combo < limit {
                    var add = UnitMask()
                    var bits = combo
                    while bits != 0 { add.insert(pos[bits.trailingZeroBitCount]); bits &= bits - 1 }
                    let c = creditSum(add)
                    if c < bestCredits, satisfy(p, with: held | add) != nil { best = add; bestCredits = c }
                    // Gosper's hack: next combination of the same size.
                    let low = combo & (~combo &+ 1)
                    let ripple = combo &+ low
                    combo = (((ripple ^ combo) >> 2) / low) | ripple
                }
                if let best { return best }
            }
            return nil
        }
    }

    private func greedyCompletion(_ p: Path, from held: UnitMask, candidates: UnitMask) -> UnitMask? {
        var add = p.mandatory - held
        for i in byCreditsDescending where candidates.contains(i) && satisfy(p, with: held | add) == nil {
            add.insert(i)
        }
        guard satisfy(p, with: held | add) != nil else { return nil }
        for i in add.indexes {   // drop what is not needed
            var fewer = add
            fewer.remove(i)
            if satisfy(p, with: held | fewer) != nil { add = fewer }
        }
        return add
    }
}
