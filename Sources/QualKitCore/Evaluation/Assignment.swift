/// The exact assignment of units to one path's requirements, as a dynamic programme over capped totals.
///
/// Each unit counts once: towards the mandatory set, one group claim, or the totals only. Whether a set of
/// units meets a path, and the cheapest set of further units that would, are both answered by one pass over
/// the path's units in which the state is the vector of what is still needed: per group claim the credits or
/// units still missing (capped at the claim's minimum), per cap the credits still allowed, per bar whether a
/// unit of it may still count, and the overall and per-level credits still missing where the claims do not
/// already imply them. A dimension is live only between the first and the last unit that can change it, so
/// groups that do not share units never multiply; the cost is the sum over units of the live states, worked
/// out when the path is compiled (``cost``) and checked against ``EvaluationLimits``.
///
/// Among equally good outcomes the programme prefers, exactly and in this order: fewest units added, fewest
/// credits added, then the added set whose last unit in the qualification's order comes earliest (then the
/// one before it, …); and among ways of counting held units, excluding as few and as late units as possible.
struct AssignmentProgram: @unchecked Sendable {   // plain values and pointers into its owner's storage
    enum DimKind: UInt8 { case need, cap, bar }
    struct Dim { var kind: DimKind; var initial: Int }
    struct Effect { var dim: Int; var amount: Int }
    struct Step {
        var unit: Int
        /// Indexes into ``options``: one per way of counting the unit.
        var options: Range<Int>
        /// Whether leaving a held unit uncounted can help (it sits in a cap or a bar).
        var excludable: Bool
        /// Dimensions that become live before this step / stop being live after it (into ``dimLists``).
        var opens: Range<Int>
        var closes: Range<Int>
    }

    let dims: UnsafeBufferPointer<Dim>
    let steps: UnsafeBufferPointer<Step>
    /// Option → range of ``effects``.
    let options: UnsafeBufferPointer<Range<Int>>
    let effects: UnsafeBufferPointer<Effect>
    let dimLists: UnsafeBufferPointer<Int>
    /// The mandatory units alone break a cap or a bar, or a requirement no unit can help is unmet.
    let impossible: Bool
    /// The worst case for any learner.
    let cost: EvaluationCost

    /// Compiles the program for one path.
    ///
    /// - Parameters:
    ///   - credits: local unit index → credits.
    init(mandatory: UnitMask, claims: [CompiledRules.Claim], caps: [CompiledRules.Cap], minimumCredits: Int,
         levelFloors: [CompiledRules.LevelFloor], barred: [UnitMask], relevant: UnitMask, credits: [Int], storage: PlainStorage) {
        func sum(_ m: UnitMask) -> Int { var s = 0; m.forEach { s += credits[$0] }; return s }
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
        if minimumCredits > implied {
            totalsDim = dims.count
            dims.append(Dim(kind: .need, initial: minimumCredits - mandatoryCredits))
        }
        let everything = relevant | mandatory
        var floorDims: [(Int, UnitMask)] = []
        for f in levelFloors {
            if everything.isSubset(of: f.units), f.minimum <= max(minimumCredits, implied) { continue }
            floorDims.append((dims.count, f.units))
            dims.append(Dim(kind: .need, initial: max(0, f.minimum - sum(mandatory & f.units))))
        }

        // One step per unit that can change a dimension.
        struct Draft { var unit: Int; var claims: [Int]; var options: [[Effect]]; var excludable: Bool }
        var drafts: [Draft] = []
        (relevant - mandatory).forEach { u in
            var shared: [Effect] = []
            var excludable = false
            for (k, c) in caps.enumerated() where c.units.contains(u) { shared.append(Effect(dim: capDims[k], amount: credits[u])); excludable = true }
            for (k, b) in barred.enumerated() where b.contains(u) { shared.append(Effect(dim: barDims[k], amount: 1)); excludable = true }
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
        for (d, dim) in dims.enumerated() where first[d] < 0 && dim.kind == .need && dim.initial > 0 { impossible = true }

        var steps: [Step] = [], options: [Range<Int>] = [], effects: [Effect] = [], lists: [Int] = []
        var live = 1, maxLive = 1, total = 0, saturated = false
        func size(_ d: Int) -> Int { dims[d].initial + 1 }
        for (i, d) in drafts.enumerated() {
            let opens = dims.indices.filter { first[$0] == i }, closes = dims.indices.filter { last[$0] == i }
            let o0 = lists.count; lists += opens
            let c0 = lists.count; lists += closes
            let p0 = options.count
            for o in d.options { options.append(effects.count..<(effects.count + o.count)); effects += o }
            steps.append(Step(unit: d.unit, options: p0..<options.count, excludable: d.excludable,
                              opens: o0..<(o0 + opens.count), closes: c0..<(c0 + closes.count)))
            for dd in opens {
                let (p, o) = live.multipliedReportingOverflow(by: size(dd))
                live = o ? Int.max : p
                saturated = saturated || o
            }
            maxLive = max(maxLive, live)
            let (s, o1) = live.multipliedReportingOverflow(by: d.options.count + 1)
            let (t, o2) = total.addingReportingOverflow(s)
            total = o1 || o2 ? Int.max : t
            if !saturated { for dd in closes { live /= size(dd) } }
        }
        self.dims = storage.copy(dims)
        self.steps = storage.copy(steps)
        self.options = storage.copy(options)
        self.effects = storage.copy(effects)
        self.dimLists = storage.copy(lists)
        self.impossible = impossible
        self.cost = EvaluationCost(paths: 1, steps: total, states: maxLive)
    }

    /// The best way to meet the path, as found by ``AssignmentScratch/run(_:held:complete:weights:words:)``.
    struct Solution {
        /// Summed weights of the added units.
        var primary = 0, secondary = 0
        /// Units added (not held), and held units left uncounted.
        var added = UnitMask()
        var excluded = UnitMask()
    }
}

/// Per-thread buffers for ``AssignmentProgram``: grown to the largest path seen, then reused, so that a
/// learner costs no allocation once a workspace has warmed up.
final class AssignmentScratch {
    private var a: UnsafeMutablePointer<UInt64>
    private var b: UnsafeMutablePointer<UInt64>
    private var capacity = 0
    /// Per dimension: value at the start, live position (or -1).
    private var start: [Int] = []
    private var livePos: [Int] = []
    private var liveDims: [Int] = []
    private var strides: [Int] = []
    private var sizes: [Int] = []

    init() {
        a = .allocate(capacity: 1)
        b = .allocate(capacity: 1)
    }

    deinit { a.deallocate(); b.deallocate() }

    /// Room for `n` words in both buffers, keeping the first `keep` words of the current one.
    private func reserve(_ n: Int, keeping keep: Int = 0) {
        guard n > capacity else { return }
        let c = max(n, capacity * 2)
        let na = UnsafeMutablePointer<UInt64>.allocate(capacity: c)
        na.update(from: a, count: keep)
        a.deallocate(); b.deallocate()
        a = na; b = .allocate(capacity: c)
        capacity = c
    }

    static let invalid = UInt64(bitPattern: Int64.max)

    /// Runs `program` for the units in `held`.
    ///
    /// - Parameters:
    ///   - complete: also consider units not held, each at the cost of its `weights`; otherwise only held
    ///     units (the answer is then whether the path is met, and which held units to leave out).
    ///   - weights: local unit index → (primary, secondary) cost of adding the unit.
    ///   - words: 64-bit words needed for the qualification's unit indexes.
    /// - Returns: the best solution, or `nil` when none exists.
    /// - Complexity: at most ``AssignmentProgram/cost`` state transitions.
    func run(_ p: AssignmentProgram, held: UnitMask, complete: Bool,
             weights: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>), words w: Int) -> AssignmentProgram.Solution? {
        if p.impossible { return nil }
        let nd = p.dims.count
        if start.count < nd {
            start = .init(repeating: 0, count: nd); livePos = .init(repeating: -1, count: nd)
        }
        for d in 0..<nd { start[d] = p.dims[d].initial; livePos[d] = -1 }
        liveDims.removeAll(keepingCapacity: true); strides.removeAll(keepingCapacity: true); sizes.removeAll(keepingCapacity: true)
        // Held units with one way to count and no reason to leave them out simply count.
        for s in p.steps where !s.excludable && s.options.count == 1 && held.contains(s.unit) {
            for e in p.effects[p.options[s.options.lowerBound]] { start[e.dim] = max(0, start[e.dim] - e.amount) }
        }
        let row = 2 + 2 * w
        var live = 1
        reserve(row)
        a[0] = 0; a[1] = 0
        for k in 0..<(2 * w) { a[2 + k] = 0 }

        for s in p.steps {
            // Open.
            for d in p.dimLists[s.opens] {
                let size = start[d] + 1
                let n = live * size
                reserve(n * row, keeping: live * row)
                // The current states take digit `start[d]` of the new (last) dimension.
                let base = live * start[d]
                if base > 0 {
                    var j = live * row - 1   // the regions overlap: copy from the end
                    while j >= 0 { a[base * row + j] = a[j]; j -= 1 }
                    for i in 0..<base { a[i * row] = Self.invalid }
                }
                for i in (base + live)..<n { a[i * row] = Self.invalid }
                livePos[d] = liveDims.count; liveDims.append(d); strides.append(live); sizes.append(size)
                live = n
            }
            // Transition.
            let isHeld = held.contains(s.unit)
            let forced = isHeld && !s.excludable && s.options.count == 1
            if !forced && (isHeld || complete) {
                transition(p, s, isHeld: isHeld, live: live, row: row, w: w, weights: weights)
            }
            // Close.
            for d in p.dimLists[s.closes] {
                live = close(d, kind: p.dims[d].kind, live: live, row: row, w: w)
            }
        }
        guard a[0] != Self.invalid else { return nil }
        var sol = AssignmentProgram.Solution()
        sol.primary = Int(Int64(bitPattern: a[0])); sol.secondary = Int(Int64(bitPattern: a[1]))
        for k in 0..<w { sol.added[word: k] = a[2 + k]; sol.excluded[word: k] = a[2 + w + k] }
        return sol
    }

    /// Whether row `x` of `bx` is better than row `y` of `by`.
    @inline(__always)
    private func better(_ x: UnsafeMutablePointer<UInt64>, _ y: UnsafeMutablePointer<UInt64>, _ w: Int) -> Bool {
        if y[0] == Self.invalid { return x[0] != Self.invalid }
        if x[0] == Self.invalid { return false }
        let x0 = Int64(bitPattern: x[0]), y0 = Int64(bitPattern: y[0])
        if x0 != y0 { return x0 < y0 }
        let x1 = Int64(bitPattern: x[1]), y1 = Int64(bitPattern: y[1])
        if x1 != y1 { return x1 < y1 }
        var k = w - 1
        while k >= 0 {   // added: the set whose last differing unit is absent
            if x[2 + k] != y[2 + k] { return x[2 + k] < y[2 + k] }
            k -= 1
        }
        for k in 0..<w {   // excluded: the set whose first differing unit is absent
            let xa = x[2 + w + k], ya = y[2 + w + k]
            if xa != ya { let d = xa ^ ya; return xa & (d & (0 &- d)) == 0 }
        }
        return false
    }

    private func transition(_ p: AssignmentProgram, _ s: AssignmentProgram.Step, isHeld: Bool, live: Int, row: Int, w: Int,
                            weights: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>)) {
        for i in 0..<live { b[i * row] = Self.invalid }
        let u = s.unit, word = u >> 6, bit = UInt64(1) << UInt64(u & 63)
        let w1 = isHeld ? 0 : weights.0[u], w2 = isHeld ? 0 : weights.1[u]
        for i in 0..<live {
            let src = a + i * row
            guard src[0] != Self.invalid else { continue }
            // Not counted: a unit not held is not added; a held one is left out, if that can help.
            if !isHeld || s.excludable {
                let dst = b + i * row
                if isHeld {
                    src[2 + w + word] |= bit
                    if better(src, dst, w) { dst.update(from: src, count: row) }
                    src[2 + w + word] &= ~bit
                } else if better(src, dst, w) { dst.update(from: src, count: row) }
            }
            // Counted, towards each of its claims in turn.
            options: for o in p.options[s.options] {
                var t = i
                for e in p.effects[o] {
                    let k = livePos[e.dim]
                    let v = (i / strides[k]) % sizes[k]
                    let nv: Int
                    switch p.dims[e.dim].kind {
                    case .need: nv = max(0, v - e.amount)
                    case .cap: nv = v - e.amount; if nv < 0 { continue options }
                    case .bar: if v == 0 { continue options }; nv = 0
                    }
                    t += (nv - v) * strides[k]
                }
                let dst = b + t * row
                if isHeld {
                    if better(src, dst, w) { dst.update(from: src, count: row) }
                } else {
                    src[0] = UInt64(bitPattern: Int64(bitPattern: src[0]) &+ Int64(w1))
                    src[1] = UInt64(bitPattern: Int64(bitPattern: src[1]) &+ Int64(w2))
                    src[2 + word] |= bit
                    if better(src, dst, w) { dst.update(from: src, count: row) }
                    src[2 + word] &= ~bit
                    src[0] = UInt64(bitPattern: Int64(bitPattern: src[0]) &- Int64(w1))
                    src[1] = UInt64(bitPattern: Int64(bitPattern: src[1]) &- Int64(w2))
                }
            }
        }
        swap(&a, &b)
    }

    /// Drops dimension `d` from the live states: a requirement must be met (digit 0); a cap's or bar's
    /// remaining allowance no longer matters.
    private func close(_ d: Int, kind: AssignmentProgram.DimKind, live: Int, row: Int, w: Int) -> Int {
        let k = livePos[d]
        let stride = strides[k], size = sizes[k]
        let n = live / size
        for i in 0..<n { b[i * row] = Self.invalid }
        for i in 0..<live where a[i * row] != Self.invalid {
            let v = (i / stride) % size
            if kind == .need && v != 0 { continue }
            let t = i % stride + (i / (stride * size)) * stride
            if better(a + i * row, b + t * row, w) { (b + t * row).update(from: a + i * row, count: row) }
        }
        swap(&a, &b)
        liveDims.remove(at: k); strides.remove(at: k); sizes.remove(at: k)
        livePos[d] = -1
        for j in k..<liveDims.count {
            livePos[liveDims[j]] = j
            strides[j] /= size
        }
        return n
    }
}
