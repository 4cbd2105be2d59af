/// The rules-of-combination part of an outcome: everything that depends only on the units held.
public struct RuleDecision {
    public var met = false
    public var credits = 0
    public var path = 0
    public var counted = UnitMask()
    public var next = UnitMask()
    public var hasNext = false
}

extension CompiledRules {
    /// Decides the rules of combination for `held`: the first path met (and the units it counts), or else
    /// the path closest to completion (fewest units to add, then fewest credits, then the earliest units;
    /// ties between paths go to the first) with that completion.
    ///
    /// - Complexity: at most the qualification's ``SearchCost`` steps, twice.
    public func decide(_ held: UnitMask, _ scratch: AssignmentScratch) -> RuleDecision {
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
            } else if let sharing = p.sharing, let counted = sharedSatisfy(p, sharing, with: held) {
                // Met without a search for the completion (which would find none to add).
                return met(&d, pi, counted)
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
    public func ruleKinds(path: Int, held: UnitMask, short: UnitMask, codes: ShortfallCodes) -> UInt32 {
        var k: UInt32 = 0
        let p = paths[path]
        let missing = p.mandatory - held
        if !(missing - short).isEmpty { k |= codes.bit(codes.missingMandatoryUnit) }
        if !(missing & short).isEmpty { k |= codes.bit(codes.practiceHours) }
        var explained = !missing.isEmpty
        let free = held - p.mandatory
        for c in p.claims {
            let have = measure(free & c.units, c.measure)
            guard have < c.minimum else { continue }
            explained = true
            k |= c.measure == .credits ? codes.bit(codes.groupMinCredits) : codes.bit(codes.groupMinUnits)
            if !((c.units - held) & short).isEmpty { k |= codes.bit(codes.practiceHours) }
        }
        let relevantHeld = held & p.relevant
        if p.minimumCredits > 0, creditSum(relevantHeld) < p.minimumCredits {
            explained = true; k |= codes.bit(codes.minCredits)
        }
        for f in p.levelFloors where creditSum(relevantHeld & f.units) < f.minimum {
            explained = true; k |= codes.bit(codes.minCreditsAtLevel)
        }
        for cap in p.caps where creditSum(p.mandatory & cap.units) > cap.maximum {
            explained = true; k |= codes.bit(cap.code)
        }
        for b in p.barred where (p.mandatory & b).count > 1 {
            explained = true; k |= codes.bit(codes.barredCombination)
        }
        if !explained { k |= codes.bit(codes.unitAssignment) }
        return k
    }
}

/// For a qualification with few units and simple rules, the ``RuleDecision`` for every possible set of held
/// units, worked out once when the qualification is compiled: evaluating a learner's unit rules is then
/// one look-up indexed by the held units' bits.
///
/// Only qualifications whose tables are cheap to build are tabulated: few units, and a worst case per
/// decision (``SearchCost``) small enough for all 2^units decisions. The others
/// are decided for each learner, through a ``DecisionCache``. A table of 4,096 entries takes at most
/// ``maximumWork`` steps to build (about 0.1 s).
public enum DecisionTable {
    /// Qualifications with more units than this are decided for each learner (the table would have
    /// 2^units entries).
    public static let maximumUnits = 12
    /// At most this many steps (sets × the worst case of one decision) to build a table.
    public static let maximumWork = 1 << 23

    /// Whether `rules`, over `unitCount` units with worst case `cost`, gets a table.
    public static func tabulates(_ rules: CompiledRules, unitCount count: Int, cost: SearchCost) -> Bool {
        guard count <= maximumUnits else { return false }
        let (work, o) = (1 << count).multipliedReportingOverflow(by: max(cost.steps, cost.paths))
        return !o && work <= maximumWork
    }

    /// One entry: masks of up to ``maximumUnits`` units in 16 bits.
    public struct Entry: Sendable {
        public var counted: UInt16
        public var next: UInt16
        public var credits: Int32
        public var path: UInt16
        /// Bit 0: met; bit 1: a completion exists.
        public var flags: UInt8
        /// ``CompiledRules/ruleKinds(path:held:short:)`` with no short units.
        public var ruleKinds: UInt16
    }

    /// The entries for every subset of `rules`' `unitCount` units, or `[]` when there are too many units or
    /// a figure does not fit an entry.
    public static func build(
        _ rules: CompiledRules, unitCount count: Int, cost: SearchCost, codes: ShortfallCodes
    ) -> [Entry] {
        guard tabulates(rules, unitCount: count, cost: cost) else { return [] }
        var out: [Entry] = []
        out.reserveCapacity(1 << count)
        let scratch = AssignmentScratch()
        for bits in 0..<(1 << count) {
            var held = UnitMask()
            held.w0 = UInt64(bits)
            let d = rules.decide(held, scratch)
            let kinds = d.met ? 0 : rules.ruleKinds(path: d.path, held: held, short: UnitMask(), codes: codes)
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
    public func decideWithoutCompletion(_ held: UnitMask, _ scratch: AssignmentScratch) -> RuleDecision {
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
public struct DecisionCache {
    /// 128 sets of 4 ways (about 112 KB): a direct-mapped table of this size lost a quarter of 64 sets cycled
    /// through it to collisions.
    public static let sets = 128, ways = 4

    public struct Slot {
        public var held: UnitMask
        public var decision: RuleDecision
        public var filled: Bool
    }

    @usableFromInline package let base: UnsafeMutablePointer<Slot>
    /// Per set: the way to replace next (round robin).
    @usableFromInline package let victims: UnsafeMutablePointer<UInt8>

    public init() {
        base = .allocate(capacity: Self.sets * Self.ways)
        base.initialize(
            repeating: Slot(held: UnitMask(), decision: RuleDecision(), filled: false), count: Self.sets * Self.ways)
        victims = .allocate(capacity: Self.sets)
        victims.initialize(repeating: 0, count: Self.sets)
    }

    public func deallocate() {
        base.deallocate()
        victims.deallocate()
    }

    /// The decision of `rules` for `held`, from the cache or worked out and remembered.
    @inline(__always)
    public func decision(
        _ rules: CompiledRules, _ held: UnitMask, _ scratch: AssignmentScratch, completion: Bool = true
    )
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

/// The numbers the model gives the kinds of unmet rule that ``CompiledRules/ruleKinds(path:held:short:codes:)``
/// reports, handed down by the model (its `UnmetCode` indexes), so that the engine's sets of kinds are the
/// model's without the engine knowing its codes.
public struct ShortfallCodes: Sendable {
    public var missingMandatoryUnit: UInt8
    public var practiceHours: UInt8
    public var groupMinCredits: UInt8
    public var groupMinUnits: UInt8
    public var minCredits: UInt8
    public var minCreditsAtLevel: UInt8
    public var barredCombination: UInt8
    public var unitAssignment: UInt8

    public init(
        missingMandatoryUnit: UInt8, practiceHours: UInt8, groupMinCredits: UInt8, groupMinUnits: UInt8,
        minCredits: UInt8, minCreditsAtLevel: UInt8, barredCombination: UInt8, unitAssignment: UInt8
    ) {
        self.missingMandatoryUnit = missingMandatoryUnit
        self.practiceHours = practiceHours
        self.groupMinCredits = groupMinCredits
        self.groupMinUnits = groupMinUnits
        self.minCredits = minCredits
        self.minCreditsAtLevel = minCreditsAtLevel
        self.barredCombination = barredCombination
        self.unitAssignment = unitAssignment
    }

    /// Code number `code` as one bit of a set.
    @inlinable
    public func bit(_ code: UInt8) -> UInt32 { 1 << UInt32(code) }
}
