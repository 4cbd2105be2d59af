/// The exact assignment of units to one path's requirements, as a dynamic programme over capped totals.
///
/// Each unit counts once: towards the mandatory set, one group claim, or the totals only. Whether a set of
/// units meets a path, and the cheapest set of further units that would, are both answered by one pass over
/// the path's units in which the state is the vector of what is still needed: per group claim the credits or
/// units still missing (capped at the claim's minimum), per cap the credits still allowed, per bar whether a
/// unit of it may still count, and the overall and per-level credits still missing where the claims do not
/// already imply them. A dimension is live only between the first and the last unit that can change it, so
/// groups that do not share units never multiply, and only the states actually reached are held (a hash
/// table keyed by the state's number); the cost is the sum over units of the states reached, worked out
/// when the path is compiled (``cost``) and checked against ``SearchLimits``.
///
/// Among equally good outcomes the programme prefers, exactly and in this order: fewest units added, fewest
/// credits added, then the added set whose last unit in the qualification's order comes earliest (then the
/// one before it, …); and among ways of counting held units (a cap or a bar leaves a choice), the one that
/// keeps the earliest unit where two ways differ.
public struct AssignmentProgram: @unchecked Sendable { // plain values and pointers into its owner's storage
    public enum DimKind: UInt8 { case need, cap, bar }
    public struct Dim { var kind: DimKind; var initial: Int }
    public struct Effect { var dim: Int; var amount: Int }
    public struct Step {
        public var unit: Int
        /// Indexes into ``options``: one per way of counting the unit.
        public var options: Range<Int>
        /// Whether leaving a held unit uncounted can help (it sits in a cap or a bar).
        public var excludable: Bool
        /// Dimensions that become live before this step / stop being live after it (into ``dimLists``).
        public var opens: Range<Int>
        public var closes: Range<Int>
    }

    private(set) var dims: UnsafeBufferPointer<Dim>
    @usableFromInline package let steps: UnsafeBufferPointer<Step>
    /// Option → range of ``effects``.
    @usableFromInline package let options: UnsafeBufferPointer<Range<Int>>
    @usableFromInline package let effects: UnsafeBufferPointer<Effect>
    @usableFromInline package let dimLists: UnsafeBufferPointer<Int>
    /// The mandatory units alone break a cap or a bar, or a requirement no unit can help is unmet.
    public let impossible: Bool
    /// The worst case for any learner: the states reached and the transitions made when every unit may
    /// count in every way or not at all. A count that passed a limit stops there (it is then a lower
    /// bound, and the qualification is rejected).
    public private(set) var cost: SearchCost

    /// Compiles the program for one path.
    ///
    /// - Parameters:
    ///   - measuringCost: work out ``cost`` (the worst case for any learner); without it (a program for one
    ///     question about one learner, whose cost the path's own bounds) the cost is left at one state.
    ///   - keepingImplied: give the total and every level floor a dimension even where the claims already
    ///     imply them, so that lowering a claim's minimum later (``with(dimension:initial:storage:)``) keeps
    ///     the program exact. The dimensions are then, in order: claims, caps, bars, the total (when
    ///     `minimumCredits` > 0), the floors.
    ///   - credits: local unit index → credits.
    public init(
        mandatory: UnitMask, claims: [CompiledRules.Claim], caps: [CompiledRules.Cap], minimumCredits: Int,
        levelFloors: [CompiledRules.LevelFloor], barred: [UnitMask], relevant: UnitMask, credits: [Int],
        storage: PlainStorage,
        limits: SearchLimits, measuringCost: Bool = true, keepingImplied: Bool = false
    ) {
        func sum(_ mask: UnitMask) -> Int { var s = 0; mask.forEach { s += credits[$0] }; return s }
        let mandatoryCredits = sum(mandatory)
        var dims: [Dim] = []
        var impossible = false
        var claimDims: [Int] = [], capDims: [Int] = [], barDims: [Int] = []
        for c in claims {
            claimDims.append(dims.count)
            dims.append(Dim(kind: .need, initial: c.minimum))
        }
        for c in caps {
            let allowance = c.maximum - sum(mandatory & c.units)
            if allowance < 0 { impossible = true }
            capDims.append(dims.count)
            dims.append(Dim(kind: .cap, initial: max(0, allowance)))
        }
        for b in barred {
            let n = (mandatory & b).count
            if n > 1 { impossible = true }
            barDims.append(dims.count)
            dims.append(Dim(kind: .bar, initial: n == 0 ? 1 : 0))
        }
        // Credit claims already imply this many counted credits.
        let implied = mandatoryCredits + claims.filter { $0.measure == .credits }.reduce(0) { $0 + $1.minimum }
        var totalsDim: Int?
        if minimumCredits > implied || (keepingImplied && minimumCredits > 0) {
            totalsDim = dims.count
            dims.append(Dim(kind: .need, initial: max(0, minimumCredits - mandatoryCredits)))
        }
        let everything = relevant | mandatory
        var floorDims: [(Int, UnitMask)] = []
        for f in levelFloors {
            if !keepingImplied, everything.isSubset(of: f.units), f.minimum <= max(minimumCredits, implied) { continue }
            floorDims.append((dims.count, f.units))
            dims.append(Dim(kind: .need, initial: max(0, f.minimum - sum(mandatory & f.units))))
        }

        // One step per unit that can change a dimension.
        struct Draft { var unit: Int; var claims: [Int]; var options: [[Effect]]; var excludable: Bool }
        var drafts: [Draft] = []
        (relevant - mandatory).forEach { u in
            var shared: [Effect] = []
            var excludable = false
            for (k, c) in caps.enumerated() where c.units.contains(u) {
                shared.append(Effect(dim: capDims[k], amount: credits[u])); excludable = true
            }
            for (k, b) in barred.enumerated() where b.contains(u) {
                shared.append(Effect(dim: barDims[k], amount: 1)); excludable = true
            }
            if let t = totalsDim { shared.append(Effect(dim: t, amount: credits[u])) }
            for (d, m) in floorDims where m.contains(u) { shared.append(Effect(dim: d, amount: credits[u])) }
            var mine: [Int] = []
            var opts: [[Effect]] = []
            for (k, c) in claims.enumerated() where c.units.contains(u) {
                mine.append(claimDims[k])
                opts.append([Effect(dim: claimDims[k], amount: c.measure == .credits ? credits[u] : 1)] + shared)
            }
            if opts.isEmpty {
                guard !shared.isEmpty else { return }
                opts.append(shared)
            }
            drafts.append(Draft(unit: u, claims: mine, options: opts, excludable: excludable))
        }
        // Units of the same claims side by side, so that a claim's dimension is live only over its own units.
        drafts.sort { a, b in
            if a.claims.isEmpty != b.claims.isEmpty { return !a.claims.isEmpty }
            if a.claims != b.claims { return a.claims.lexicographicallyPrecedes(b.claims) }
            return a.unit < b.unit
        }
        // What the units can bring to each dimension: a requirement that asks for more can never be met,
        // and a cap or bar that all its units together cannot break needs no dimension.
        var supply = [Int](repeating: 0, count: dims.count)
        for d in drafts {
            var most: [Int: Int] = [:]
            for o in d.options { for e in o { most[e.dim] = max(most[e.dim] ?? 0, e.amount) } }
            for (dim, a) in most { supply[dim] += a }
        }
        for k in dims.indices where dims[k].kind == .need && dims[k].initial > supply[k] {
            impossible = true
            dims[k].initial = 0
        }
        let idle = Set(dims.indices.filter { dims[$0].kind != .need && supply[$0] <= dims[$0].initial })
        if !idle.isEmpty {
            let capOrBar = Set(capDims + barDims).subtracting(idle)
            for i in drafts.indices {
                drafts[i].options = drafts[i].options.map { $0.filter { !idle.contains($0.dim) } }
                drafts[i].excludable = drafts[i].options.contains { $0.contains { capOrBar.contains($0.dim) } }
            }
            drafts.removeAll { d in d.claims.isEmpty && d.options.allSatisfy(\.isEmpty) }
        }
        var first = [Int](repeating: -1, count: dims.count), last = [Int](repeating: -1, count: dims.count)
        for (i, d) in drafts.enumerated() {
            for o in d.options { for e in o where first[e.dim] < 0 { first[e.dim] = i } }
            for o in d.options { for e in o { last[e.dim] = i } }
        }
        for (d, dim) in dims.enumerated() where first[d] < 0 && dim.kind == .need && dim.initial > 0 {
            impossible = true
        }

        var steps: [Step] = [], options: [Range<Int>] = [], effects: [Effect] = [], lists: [Int] = []
        // A state's key is its mixed-radix number over the live dimensions: it must fit in an Int.
        var live = 1, keyOverflow = false
        func size(_ dimension: Int) -> Int { dims[dimension].initial + 1 }
        for (i, d) in drafts.enumerated() {
            let opens = dims.indices.filter { first[$0] == i }, closes = dims.indices.filter { last[$0] == i }
            let o0 = lists.count; lists += opens
            let c0 = lists.count; lists += closes
            let p0 = options.count
            for o in d.options { options.append(effects.count..<(effects.count + o.count)); effects += o }
            steps.append(
                Step(
                    unit: d.unit, options: p0..<options.count, excludable: d.excludable,
                    opens: o0..<(o0 + opens.count), closes: c0..<(c0 + closes.count)))
            for dd in opens {
                let (p, o) = live.multipliedReportingOverflow(by: size(dd))
                if o || p > Int.max / 4 { keyOverflow = true } else { live = p }
            }
            if !keyOverflow { for dd in closes { live /= size(dd) } }
        }
        self.dims = storage.copy(dims)
        self.steps = storage.copy(steps)
        self.options = storage.copy(options)
        self.effects = storage.copy(effects)
        self.dimLists = storage.copy(lists)
        self.impossible = impossible
        self.cost = SearchCost(paths: 1, steps: 0, states: keyOverflow ? Int.max : 1)
        if keyOverflow || impossible || !measuringCost { return }
        // The worst case for any learner: every learner's states are among those reached when every unit may
        // count in every way or not at all (a learner only has fewer choices), so one run of that kind,
        // stopped as soon as it passes the limits, bounds them all. It follows the states' keys only
        // (AssignmentProgram+WorstCase.swift).
        self.cost = worstCase(limits: limits)
    }

    /// This program with dimension `dimension` (a requirement's) starting at `initial` instead, its dimensions
    /// copied into `storage`: a lower minimum, for the figures of an explanation. Exact for a program compiled
    /// `keepingImplied` and not ``impossible``, with a minimum no higher than compiled (nothing compiling
    /// worked out from the minimum then changes).
    public func with(dimension: Int, initial: Int, storage: PlainStorage) -> AssignmentProgram {
        var dimensions = Array(dims)
        dimensions[dimension].initial = initial
        var copy = self
        copy.dims = storage.copy(dimensions)
        return copy
    }

    /// The best way to meet the path, as found by ``AssignmentScratch/run(_:held:complete:weights:words:)``.
    public struct Solution {
        /// Summed weights of the added units.
        public var primary = 0, secondary = 0
        /// Units added (not held), and held units left uncounted.
        public var added = UnitMask()
        public var excluded = UnitMask()
    }
}

/// Per-thread buffers for ``AssignmentProgram``: grown to the largest path seen, then reused, so that a
/// learner costs no allocation once a workspace has warmed up.
///
/// The states of one step are a list of entries (a key: the state's mixed-radix number over the live
/// dimensions; and a row: the cost so far, the units added and the held units left out) with an
/// open-addressing table from key to entry, so that only states actually reached cost anything.
///
/// Its stored properties are `@exclusivity(unchecked)`: a scratch belongs to one thread, and no access to one
/// of them overlaps another (the buffers are reached through pointers). Checked, each read in the inner loop
/// called the runtime (`swift_beginAccess`), about half of a run's instructions.
public final class AssignmentScratch {
    @exclusivity(unchecked) private var aKeys = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    @exclusivity(unchecked) private var bKeys = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    @exclusivity(unchecked) private var aRows = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    @exclusivity(unchecked) private var bRows = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    @exclusivity(unchecked) private var aCount = 0, bCount = 0
    @exclusivity(unchecked) public private(set) var entries = 0 // capacity of the key and row buffers, in entries
    @exclusivity(unchecked) private var rowWords = 1
    /// Key → entry of the states being built; slot of each entry, to clear the table after a step.
    @exclusivity(unchecked) private var table = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    @exclusivity(unchecked) private var tableMask = 0
    @exclusivity(unchecked) private var slots = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    /// Per dimension: value at the start, live position (or -1).
    @exclusivity(unchecked) private var start: [Int] = []
    @exclusivity(unchecked) private var livePos: [Int] = []
    @exclusivity(unchecked) private var liveDims: [Int] = []
    @exclusivity(unchecked) private var strides: [Int] = []
    @exclusivity(unchecked) private var sizes: [Int] = []
    /// The transitions every run and pass of this scratch has made (the steps a programme's ``AssignmentProgram/cost``
    /// bounds), so that tests can hold what evaluation does to what the budgets charge.
    @exclusivity(unchecked) public private(set) var transitions = 0

    public init() { table[0] = -1 }

    deinit {
        aKeys.deallocate(); bKeys.deallocate(); aRows.deallocate(); bRows.deallocate()
        table.deallocate(); slots.deallocate()
    }

    public static let invalid = UInt64(bitPattern: Int64.max)

    /// Room for `length` entries of `row` words in both lists (keeping list a), and a table at most half full.
    /// The lists grow only when `length` needs it; a new row width (another qualification's) reuses the count.
    private func reserve(_ length: Int, row: Int) {
        if length > entries || row != rowWords {
            let c = length > entries ? max(length, entries * 2, 16) : entries
            let nk = UnsafeMutablePointer<Int>.allocate(capacity: c),
                nr = UnsafeMutablePointer<UInt64>.allocate(capacity: c * row)
            if row == rowWords {
                nk.update(from: aKeys, count: aCount)
                nr.update(from: aRows, count: aCount * row)
            }
            aKeys.deallocate(); aRows.deallocate(); bKeys.deallocate(); bRows.deallocate(); slots.deallocate()
            aKeys = nk; aRows = nr
            bKeys = .allocate(capacity: c); bRows = .allocate(capacity: c * row); slots = .allocate(capacity: c)
            entries = c; rowWords = row
        }
        if 2 * length > tableMask + 1 {
            var t = 16
            while t < 2 * length { t <<= 1 }
            table.deallocate()
            table = .allocate(capacity: t)
            table.initialize(repeating: -1, count: t)
            tableMask = t - 1
        }
    }

    @inline(__always)
    private func slot(_ key: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 20) & tableMask
    }

    /// Keeps `row` for `key` in list b if it is new or better than what b has.
    @inline(__always)
    private func relax(_ key: Int, _ row: UnsafeMutablePointer<UInt64>, _ words: Int) {
        var h = slot(key)
        while true {
            let e = Int(table[h])
            if e < 0 {
                table[h] = Int32(truncatingIfNeeded: bCount)
                slots[bCount] = h
                bKeys[bCount] = key
                (bRows + bCount * rowWords).update(from: row, count: rowWords)
                bCount += 1
                return
            }
            if bKeys[e] == key {
                let dst = bRows + e * rowWords
                if better(row, dst, words) { dst.update(from: row, count: rowWords) }
                return
            }
            h = (h + 1) & tableMask
        }
    }

    /// Makes list b the current one, and clears the table.
    private func swapLists() {
        for i in 0..<bCount { table[slots[i]] = -1 }
        swap(&aKeys, &bKeys); swap(&aRows, &bRows)
        aCount = bCount; bCount = 0
    }

    /// Runs `program` for the units in `held`.
    ///
    /// - Parameters:
    ///   - complete: also consider units not held, each at the cost of its `weights`; otherwise only held
    ///     units (the answer is then whether the path is met, and which held units to leave out).
    ///   - weights: local unit index → (primary, secondary) cost of adding the unit.
    ///   - words: 64-bit words needed for the qualification's unit indexes.
    /// - Returns: the best solution, or `nil` when none exists.
    /// - Complexity: at most ``AssignmentProgram/cost`` state transitions.
    public func run(
        _ program: AssignmentProgram, held: UnitMask, complete: Bool,
        weights: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>), words wordCount: Int
    ) -> AssignmentProgram.Solution? {
        if program.impossible { return nil }
        var budget = Int.max, states = Int.max
        guard
            pass(
                program, held: held, complete: complete, weights: weights, words: wordCount, budget: &budget,
                states: &states),
            aCount > 0, aRows[0] != Self.invalid
        else { return nil }
        var sol = AssignmentProgram.Solution()
        sol.primary = Int(Int64(bitPattern: aRows[0])); sol.secondary = Int(Int64(bitPattern: aRows[1]))
        for k in 0..<wordCount { sol.added[word: k] = aRows[2 + k]; sol.excluded[word: k] = aRows[2 + wordCount + k] }
        return sol
    }

    /// Whether the units in `held` meet `program`, within `budget` steps (decreased by the transitions made)
    /// and `maximumStates` states; `nil` past them, or when the programme's states cannot be numbered (its
    /// compile found their keys would overflow).
    public func meets(
        _ program: AssignmentProgram, held: UnitMask, weights: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>),
        words wordCount: Int, budget: inout Int, maximumStates: Int
    ) -> Bool? {
        if program.impossible { return false }
        if program.cost.states == Int.max { return nil }
        var states = maximumStates
        guard
            pass(
                program, held: held, complete: false, weights: weights, words: wordCount, budget: &budget,
                states: &states)
        else { return nil }
        return aCount > 0 && aRows[0] != Self.invalid
    }

    /// The worst case of `program` for any learner: a run in which no unit is held and every unit may
    /// count or not, stopped as soon as it passes `limits`. ``AssignmentProgram/worstCase(limits:)`` gives
    /// the same over keys alone, and is what compiling uses; this full pass is kept to pin it.
    public func explore(
        _ program: AssignmentProgram, weights: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>), words: Int,
        limits: SearchLimits
    ) -> SearchCost {
        var budget = limits.maximumSteps, states = limits.maximumStates
        _ = pass(
            program, held: UnitMask(), complete: true, weights: weights, words: words, budget: &budget, states: &states)
        return SearchCost(paths: 1, steps: limits.maximumSteps - budget, states: limits.maximumStates - states)
    }

    /// One pass over the program's steps. `budget` is decreased by the transitions made and `states` by the
    /// most states held at once beyond the first; the pass stops (returning `false`) when either would go
    /// below zero, leaving it at -1.
    private func pass(
        _ program: AssignmentProgram, held: UnitMask, complete: Bool,
        weights: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>), words: Int,
        budget: inout Int, states: inout Int
    ) -> Bool {
        let nd = program.dims.count
        if start.count < nd { start = .init(repeating: 0, count: nd); livePos = .init(repeating: -1, count: nd) }
        for d in 0..<nd { start[d] = program.dims[d].initial; livePos[d] = -1 }
        liveDims.removeAll(keepingCapacity: true); strides.removeAll(keepingCapacity: true);
        sizes.removeAll(keepingCapacity: true)
        let row = 2 + 2 * words
        let statesAllowed = states
        var most = 1
        reserve(1, row: row)
        aCount = 1; bCount = 0
        aKeys[0] = 0
        for k in 0..<row { aRows[k] = 0 }
        var live = 1
        for s in program.steps {
            // Open: the new (last) dimension starts at its initial value.
            for d in program.dimLists[s.opens] {
                let size = start[d] + 1
                let shift = live * start[d]
                for i in 0..<aCount { aKeys[i] += shift }
                livePos[d] = liveDims.count; liveDims.append(d); strides.append(live); sizes.append(size)
                live *= size
            }
            // Transition.
            let isHeld = held.contains(s.unit)
            if isHeld || complete {
                let choices = s.options.count + 1
                budget -= aCount * choices
                if budget < 0 { budget = -1; return false }
                transitions &+= aCount * choices
                reserve(aCount * choices, row: row)
                transition(program, s, isHeld: isHeld, row: row, words: words, weights: weights)
                most = max(most, aCount)
                if most > statesAllowed { states = -1; return false }
            }
            // Close.
            for d in program.dimLists[s.closes] { close(d, kind: program.dims[d].kind, row: row, words: words) }
            live = sizes.reduce(1, *)
        }
        states = statesAllowed - most
        return true
    }

    /// Whether row `candidate` is better than row `incumbent`.
    @inline(__always)
    private func better(
        _ candidate: UnsafeMutablePointer<UInt64>, _ incumbent: UnsafeMutablePointer<UInt64>, _ words: Int
    ) -> Bool {
        let x0 = Int64(bitPattern: candidate[0]), y0 = Int64(bitPattern: incumbent[0])
        if x0 != y0 { return x0 < y0 }
        let x1 = Int64(bitPattern: candidate[1]), y1 = Int64(bitPattern: incumbent[1])
        if x1 != y1 { return x1 < y1 }
        var k = words - 1
        while k >= 0 { // added: the set whose last differing unit is absent
            if candidate[2 + k] != incumbent[2 + k] { return candidate[2 + k] < incumbent[2 + k] }
            k -= 1
        }
        for k in 0..<words { // excluded: the set whose first differing unit is absent
            let xa = candidate[2 + words + k], ya = incumbent[2 + words + k]
            if xa != ya { let d = xa ^ ya; return xa & (d & (0 &- d)) == 0 }
        }
        return false
    }

    private func transition(
        _ program: AssignmentProgram, _ step: AssignmentProgram.Step, isHeld: Bool, row: Int, words: Int,
        weights: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>)
    ) {
        let u = step.unit, word = u >> 6, bit = UInt64(1) << UInt64(u & 63)
        let w1 = isHeld ? 0 : weights.0[u], w2 = isHeld ? 0 : weights.1[u]
        let mustCount = isHeld && !step.excludable
        for i in 0..<aCount {
            let key = aKeys[i]
            let src = aRows + i * row
            // Not counted: a unit not held is not added; a held one is left out, if that can help.
            if !mustCount {
                if isHeld {
                    src[2 + words + word] |= bit
                    relax(key, src, words)
                    src[2 + words + word] &= ~bit
                } else {
                    relax(key, src, words)
                }
            }
            // Counted, towards each of its claims in turn.
            options: for o in program.options[step.options] {
                var t = key
                for e in program.effects[o] {
                    let k = livePos[e.dim]
                    let v = (key / strides[k]) % sizes[k]
                    let nv: Int
                    switch program.dims[e.dim].kind {
                    case .need: nv = max(0, v - e.amount)
                    case .cap: nv = v - e.amount; if nv < 0 { continue options }
                    case .bar: if v == 0 { continue options }; nv = 0
                    }
                    t += (nv - v) * strides[k]
                }
                if isHeld {
                    relax(t, src, words)
                } else {
                    src[0] = UInt64(bitPattern: Int64(bitPattern: src[0]) &+ Int64(w1))
                    src[1] = UInt64(bitPattern: Int64(bitPattern: src[1]) &+ Int64(w2))
                    src[2 + word] |= bit
                    relax(t, src, words)
                    src[2 + word] &= ~bit
                    src[0] = UInt64(bitPattern: Int64(bitPattern: src[0]) &- Int64(w1))
                    src[1] = UInt64(bitPattern: Int64(bitPattern: src[1]) &- Int64(w2))
                }
            }
        }
        swapLists()
    }

    /// Drops dimension `dimension` from the live states: a requirement must be met (digit 0); a cap's or bar's
    /// remaining allowance no longer matters.
    private func close(_ dimension: Int, kind: AssignmentProgram.DimKind, row: Int, words: Int) {
        let k = livePos[dimension]
        let stride = strides[k], size = sizes[k]
        for i in 0..<aCount {
            let key = aKeys[i]
            let v = (key / stride) % size
            if kind == .need && v != 0 { continue }
            relax(key % stride + (key / (stride * size)) * stride, aRows + i * row, words)
        }
        swapLists()
        liveDims.remove(at: k); strides.remove(at: k); sizes.remove(at: k)
        livePos[dimension] = -1
        for j in k..<liveDims.count {
            livePos[liveDims[j]] = j
            strides[j] /= size
        }
    }
}
