import QualKitEngine
/// The rules-of-combination part of an outcome: everything that depends only on the units held.
struct RuleDecision {
    var met = false
    var credits = 0
    var path = 0
    var counted = UnitMask()
    var next = UnitMask()
    var hasNext = false
}

extension CompiledRules {
    /// Decides the rules of combination for `held`: the first path met (and the units it counts), or else
    /// the path closest to completion (fewest units to add, then fewest credits, then the earliest units;
    /// ties between paths go to the first) with that completion.
    ///
    /// - Complexity: at most the qualification's ``EvaluationCost`` steps, twice.
    func decide(_ held: UnitMask, _ scratch: AssignmentScratch) -> RuleDecision {
        var d = RuleDecision()
        d.credits = creditSum(held)
        var best: AssignmentProgram.Solution?
        var bestPath = 0
        func consider(_ solution: AssignmentProgram.Solution, _ pathIndex: Int) {
            if let b = best {
                let sc = (solution.primary, solution.secondary), bc = (b.primary, b.secondary)
                if sc > bc || (sc == bc && pathIndex > bestPath) { return }
            }
            best = solution; bestPath = pathIndex
        }
        // Paths that need the programme answer both questions in one run.
        for pi in paths.indices {
            let p = paths[pi]
            if p.isSimple {
                if let counted = simpleSatisfy(p, with: held) { return met(&d, pi, counted) }
            } else if let s = cheapest(p, from: held, weights: (unitWeights, credits), scratch) {
                if s.added.isEmpty { return met(&d, pi, (held & p.relevant) - s.excluded) }
                consider(s, pi)
            }
        }
        for pi in paths.indices where paths[pi].isSimple {
            if let s = cheapest(paths[pi], from: held, weights: (unitWeights, credits), scratch) { consider(s, pi) }
        }
        if let best { d.path = bestPath; d.next = best.added; d.hasNext = true }
        d.counted = held & paths[d.path].relevant
        return d
    }

    private func met(_ decision: inout RuleDecision, _ pathIndex: Int, _ counted: UnitMask) -> RuleDecision {
        decision.path = pathIndex; decision.counted = counted; decision.met = true; decision.hasNext = true
        return decision
    }

    /// The kinds of unmet unit rule on path `path` for `held` units of which `short` were listed with too
    /// few practice hours, as bits over ``UnmetCode/index`` (0 when the rules are met).
    ///
    /// Where every requirement could be met alone but not together, the kind is `unit-assignment`: results
    /// name the requirements that block each other (``blockingRequirements(path:held:_:programs:qualification:)``),
    /// but counting them would cost every summary a search (a few runs of the programme a learner).
    func ruleKinds(path: Int, held: UnitMask, short: UnitMask) -> UInt32 {
        var k: UInt32 = 0
        let p = paths[path]
        let missing = p.mandatory - held
        if !(missing - short).isEmpty { k |= UnmetCode.missingMandatoryUnit.bit }
        if !(missing & short).isEmpty { k |= UnmetCode.practiceHours.bit }
        var explained = !missing.isEmpty
        let free = held - p.mandatory
        for c in p.claims {
            let have = measure(free & c.units, c.measure)
            guard have < c.minimum else { continue }
            explained = true
            k |= c.measure == .credits ? UnmetCode.groupMinCredits.bit : UnmetCode.groupMinUnits.bit
            if !((c.units - held) & short).isEmpty { k |= UnmetCode.practiceHours.bit }
        }
        let relevantHeld = held & p.relevant
        if p.minimumCredits > 0, creditSum(relevantHeld) < p.minimumCredits {
            explained = true; k |= UnmetCode.minCredits.bit
        }
        for f in p.levelFloors where creditSum(relevantHeld & f.units) < f.minimum {
            explained = true; k |= UnmetCode.minCreditsAtLevel.bit
        }
        for cap in p.caps where creditSum(p.mandatory & cap.units) > cap.maximum { explained = true; k |= cap.code.bit }
        for b in p.barred where (p.mandatory & b).count > 1 { explained = true; k |= UnmetCode.barredCombination.bit }
        if !explained { k |= UnmetCode.unitAssignment.bit }
        return k
    }
}

/// For a qualification with few units and simple rules, the ``RuleDecision`` for every possible set of held
/// units, worked out once when the qualification is compiled: evaluating a learner's unit rules is then
/// one look-up indexed by the held units' bits.
///
/// Only qualifications whose tables are cheap to build are tabulated: few units, and a worst case per
/// decision (``EvaluationCost``) small enough for all 2^units decisions. The others
/// are decided for each learner, through a ``DecisionCache``. A table of 4,096 entries takes at most
/// ``maximumWork`` steps to build (about 0.1 s).
enum DecisionTable {
    /// Qualifications with more units than this are decided for each learner (the table would have
    /// 2^units entries).
    static let maximumUnits = 12
    /// At most this many steps (sets × the worst case of one decision) to build a table.
    static let maximumWork = 1 << 23

    /// Whether `rules`, over `unitCount` units with worst case `cost`, gets a table.
    static func tabulates(_ rules: CompiledRules, unitCount count: Int, cost: EvaluationCost) -> Bool {
        guard count <= maximumUnits else { return false }
        let (work, o) = (1 << count).multipliedReportingOverflow(by: max(cost.steps, cost.paths))
        return !o && work <= maximumWork
    }

    /// One entry: masks of up to ``maximumUnits`` units in 16 bits.
    struct Entry: Sendable {
        var counted: UInt16
        var next: UInt16
        var credits: Int32
        var path: UInt16
        /// Bit 0: met; bit 1: a completion exists.
        var flags: UInt8
        /// ``CompiledRules/ruleKinds(path:held:short:)`` with no short units.
        var ruleKinds: UInt16
    }

    /// The entries for every subset of `rules`' `unitCount` units, or `[]` when there are too many units or
    /// a figure does not fit an entry.
    static func build(_ rules: CompiledRules, unitCount count: Int, cost: EvaluationCost) -> [Entry] {
        guard tabulates(rules, unitCount: count, cost: cost) else { return [] }
        var out: [Entry] = []
        out.reserveCapacity(1 << count)
        let scratch = AssignmentScratch()
        for bits in 0..<(1 << count) {
            var held = UnitMask()
            held.w0 = UInt64(bits)
            let d = rules.decide(held, scratch)
            let kinds = d.met ? 0 : rules.ruleKinds(path: d.path, held: held, short: UnitMask())
            guard let credits = Int32(exactly: d.credits), let ruleKinds = UInt16(exactly: kinds) else { return [] }
            out.append(
                Entry(
                    counted: UInt16(truncatingIfNeeded: d.counted.w0), next: UInt16(truncatingIfNeeded: d.next.w0),
                    credits: credits, path: UInt16(d.path), flags: (d.met ? 1 : 0) | (d.hasNext ? 2 : 0),
                    ruleKinds: ruleKinds))
        }
        return out
    }
}

extension CompiledRules {
    /// ``decide(_:_:)`` for a reader that does not need the completion (`next`): a qualification with one
    /// path is decided by the check over held units only, which costs a fraction of the cheapest
    /// completion over all its units. With alternative paths the completion chooses the closest path, so
    /// the whole decision is made. Everything but `next` is the same as ``decide(_:_:)`` (a test pins it);
    /// `hasNext` is false when the completion was not worked out.
    func decideWithoutCompletion(_ held: UnitMask, _ scratch: AssignmentScratch) -> RuleDecision {
        guard paths.count == 1 else { return decide(held, scratch) }
        var d = RuleDecision()
        d.credits = creditSum(held)
        let p = paths[0]
        if let counted = satisfy(p, with: held, scratch) {
            d.met = true; d.counted = counted; d.hasNext = true
        } else {
            d.counted = held & p.relevant
        }
        return d
    }
}

/// A small set-associative cache of ``RuleDecision``s by held units, one per workspace and qualification that
/// needs the search: learners often hold the same sets of units, and a repeated set then costs a look-up
/// instead of a search (which can take milliseconds). Results are the same with or without it.
struct DecisionCache {
    /// 128 sets of 4 ways (about 112 KB): a direct-mapped table of this size lost a quarter of 64 sets cycled
    /// through it to collisions.
    static let sets = 128, ways = 4

    struct Slot {
        var held: UnitMask
        var decision: RuleDecision
        var filled: Bool
    }

    let base: UnsafeMutablePointer<Slot>
    /// Per set: the way to replace next (round robin).
    let victims: UnsafeMutablePointer<UInt8>

    init() {
        base = .allocate(capacity: Self.sets * Self.ways)
        base.initialize(
            repeating: Slot(held: UnitMask(), decision: RuleDecision(), filled: false), count: Self.sets * Self.ways)
        victims = .allocate(capacity: Self.sets)
        victims.initialize(repeating: 0, count: Self.sets)
    }

    func deallocate() {
        base.deallocate()
        victims.deallocate()
    }

    /// The decision of `rules` for `held`, from the cache or worked out and remembered.
    @inline(__always)
    func decision(_ rules: CompiledRules, _ held: UnitMask, _ scratch: AssignmentScratch, completion: Bool = true)
        -> RuleDecision
    {
        var h = held.w0 &* 0x9E37_79B9_7F4A_7C15
        h ^= (held.w1 ^ held.w2 ^ held.w3 ^ held.w4 ^ held.w5 ^ held.w6 ^ held.w7) &* 0xBF58_476D_1CE4_E5B9
        let set = Int(truncatingIfNeeded: h >> 57) % Self.sets
        let first = base + set * Self.ways
        for w in 0..<Self.ways where first[w].filled && first[w].held == held { return first[w].decision }
        // A lean decision (one path, no completion) is not remembered: it lacks `next`. With several paths
        // the whole decision is made anyway, and kept.
        if !completion && rules.paths.count == 1 { return rules.decideWithoutCompletion(held, scratch) }
        let d = rules.decide(held, scratch)
        let w = Int(victims[set])
        victims[set] = UInt8((w + 1) % Self.ways)
        first[w] = Slot(held: held, decision: d, filled: true)
        return d
    }
}
