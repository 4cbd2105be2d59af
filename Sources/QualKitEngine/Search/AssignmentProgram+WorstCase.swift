import Foundation
/// The worst case of an ``AssignmentProgram`` for any learner, worked out over the states' keys alone.
///
/// ``AssignmentScratch/explore(_:weights:words:limits:)`` answers the same question with the full pass,
/// which carries a row of costs and unit sets with every state. Which states are reached, and how many
/// transitions are made, do not depend on those rows: a state's key changes only with the effects of the
/// options taken. So this pass keeps the keys only, in a table of its own, and gives the same
/// ``SearchCost`` (a test pins the two to each other) at a fraction of the work. Loading a pack pays
/// it once per path.
extension AssignmentProgram {
    /// The states reached and the transitions made when no unit is held and every unit may count in
    /// every way or not at all, stopped as soon as either passes `limits` (the count is then a lower
    /// bound that exceeds the limit).
    ///
    /// - Complexity: O(``SearchCost/steps``), at most `limits.maximumSteps`.
    public func worstCase(limits: SearchLimits) -> SearchCost {
        // Loading a pack compiles each qualification twice (the analysis, then the evaluator), to the same
        // programmes: the second asks the memo.
        let key = memoKey(limits)
        if let known = WorstCaseMemo.shared.cost(for: key) { return known }
        let cost = exploreKeys(limits: limits)
        WorstCaseMemo.shared.remember(cost, for: key)
        return cost
    }

    /// Everything the worst case depends on, as numbers.
    private func memoKey(_ limits: SearchLimits) -> [Int] {
        var key = [limits.maximumSteps, limits.maximumStates, dims.count, steps.count]
        for d in dims { key.append(Int(d.kind.rawValue)); key.append(d.initial) }
        for s in steps {
            key.append(s.options.count)
            for o in options[s.options] {
                key.append(o.count)
                for e in effects[o] { key.append(e.dim); key.append(e.amount) }
            }
            key.append(s.opens.count); key += dimLists[s.opens]
            key.append(s.closes.count); key += dimLists[s.closes]
        }
        return key
    }

    private func exploreKeys(limits: SearchLimits) -> SearchCost {
        // The largest key any step can reach: the product of the dimensions live at once. Below a few
        // million, sets of keys are bitmaps; above, hash tables.
        var largest = 1, live0 = 1
        for s in steps {
            for d in dimLists[s.opens] {
                let (p, o) = live0.multipliedReportingOverflow(by: dims[d].initial + 1)
                live0 = o ? Int.max : p
            }
            largest = max(largest, live0)
            for d in dimLists[s.closes] where live0 != Int.max { live0 /= dims[d].initial + 1 }
        }
        let dense = largest <= KeySet.denseLimit ? largest : 0
        // Keys below 2^32 (all but the widest programmes'): digits by multiplication, not division.
        let divides = largest > Int(UInt32.max)
        var keys = KeySet(dense: dense), next = KeySet(dense: dense)
        defer { keys.deallocate(); next.deallocate() }
        keys.insert(0)
        let dimCount = dims.count
        var livePos = [Int](repeating: -1, count: dimCount)
        var liveDims: [Int] = [], strides: [Int] = [], sizes: [Int] = []
        // One step's effects with their dimension's place resolved (stride, size, kind, amount), option by
        // option, so that the loop over the states reads them in order.
        var resolved: [Resolved] = [], optionEnds: [Int] = []
        var budget = limits.maximumSteps, most = 1
        var live = 1
        for s in steps {
            for d in dimLists[s.opens] {
                let size = dims[d].initial + 1
                let shift = live * dims[d].initial
                keys.shiftAll(by: shift)
                livePos[d] = liveDims.count; liveDims.append(d); strides.append(live); sizes.append(size)
                live *= size
            }
            let choices = s.options.count + 1
            budget -= keys.count * choices
            if budget < 0 {
                // (The full pass stops here too, before it counts this step's states.)
                return SearchCost(paths: 1, steps: limits.maximumSteps + 1, states: 0)
            }
            resolved.removeAll(keepingCapacity: true); optionEnds.removeAll(keepingCapacity: true)
            for o in options[s.options] {
                for e in effects[o] {
                    let k = livePos[e.dim]
                    resolved.append(
                        Resolved(stride: strides[k], size: sizes[k], kind: dims[e.dim].kind, amount: e.amount))
                }
                optionEnds.append(resolved.count)
            }
            next.removeAll(reservingFor: keys.count * choices)
            resolved.withUnsafeBufferPointer { effects in
                optionEnds.withUnsafeBufferPointer { ends in
                    Self.successors(of: keys, into: &next, effects: effects, ends: ends, divides: divides)
                }
            }
            swap(&keys, &next)
            most = max(most, keys.count)
            if most > limits.maximumStates {
                return SearchCost(paths: 1, steps: limits.maximumSteps - budget, states: limits.maximumStates + 1)
            }
            for d in dimLists[s.closes] {
                let k = livePos[d]
                let stride = strides[k], size = sizes[k]
                next.removeAll(reservingFor: keys.count)
                for i in 0..<keys.count {
                    let key = keys[i]
                    let v = (key / stride) % size
                    if dims[d].kind == .need && v != 0 { continue }
                    next.insert(key % stride + (key / (stride * size)) * stride)
                }
                swap(&keys, &next)
                liveDims.remove(at: k); strides.remove(at: k); sizes.remove(at: k)
                livePos[d] = -1
                for j in k..<liveDims.count {
                    livePos[liveDims[j]] = j
                    strides[j] /= size
                }
            }
            live = sizes.reduce(1, *)
        }
        return SearchCost(paths: 1, steps: limits.maximumSteps - budget, states: most)
    }

    /// Inserts into `next` every key of `keys` and what each option of a step makes of it (`effects`, the
    /// options' effects one after another, option `k` ending at `ends[k]`). (Out of line with `next`
    /// `inout`, so that the set's fields stay in registers: this loop is most of a worst case's work.)
    @inline(never)
    private static func successors(
        of keys: KeySet, into next: inout KeySet, effects: UnsafeBufferPointer<Resolved>,
        ends: UnsafeBufferPointer<Int>, divides: Bool
    ) {
        // Not taking any option keeps every key (and the order of the keys changes no count).
        next.insertDistinct(keys)
        for i in 0..<keys.count {
            let key = keys[i]
            var from = 0
            options: for end in ends {
                defer { from = end }
                var target = key
                for e in effects[from..<end] {
                    // The digit goes from v down to max(0, v - amount) (need), v - amount (cap, none
                    // below 0) or 0 (bar, none from 0). (Wrapping arithmetic: keys and their digits stay
                    // within the largest key.)
                    let v = e.digit(of: key, divides: divides)
                    let drop: Int
                    switch e.kind {
                    case .need: drop = min(v, e.amount)
                    case .cap: if v < e.amount { continue options }; drop = e.amount
                    case .bar: if v == 0 { continue options }; drop = v
                    }
                    target &-= drop &* e.stride
                }
                if target != key { next.insert(target) }
            }
        }
    }

    /// An effect of an option with its dimension's place among the live ones.
    private struct Resolved {
        var stride: Int
        var size: Int
        var kind: DimKind
        var amount: Int
        var strideDivisor: SmallDivisor
        var sizeDivisor: SmallDivisor

        init(stride: Int, size: Int, kind: DimKind, amount: Int) {
            (self.stride, self.size, self.kind, self.amount) = (stride, size, kind, amount)
            (strideDivisor, sizeDivisor) = (SmallDivisor(stride), SmallDivisor(size))
        }

        /// The dimension's digit of `key`, `(key / stride) % size`; by multiplication unless `divides` (a
        /// division takes tens of cycles, and the worst case of a large qualification computes millions of
        /// digits).
        @inline(__always)
        func digit(of key: Int, divides: Bool) -> Int {
            if divides { return (key / stride) % size }
            return sizeDivisor.remainder(of: strideDivisor.quotient(of: key))
        }
    }
}

/// Division by multiplication: exact when the divisor and the dividend are below 2^32 (Lemire, Kaser and
/// Kurz, "Faster remainder by direct computation", 2019, with 64-bit multipliers for 32-bit operands);
/// meaningless otherwise.
package struct SmallDivisor {
    let divisor: UInt64
    /// ⌈2^64 / divisor⌉ (0 for 1).
    let inverse: UInt64

    package init(_ divisor: Int) {
        self.divisor = UInt64(truncatingIfNeeded: divisor)
        inverse = divisor > 1 ? UInt64.max / self.divisor + 1 : 0
    }

    /// `value / divisor`, for `value` below 2^32.
    @inline(__always)
    package func quotient(of value: Int) -> Int {
        guard divisor > 1 else { return value }
        return Int(truncatingIfNeeded: inverse.multipliedFullWidth(by: UInt64(truncatingIfNeeded: value)).high)
    }

    /// `value % divisor`, for `value` below 2^32.
    @inline(__always)
    package func remainder(of value: Int) -> Int {
        let low = inverse &* UInt64(truncatingIfNeeded: value)
        return Int(truncatingIfNeeded: low.multipliedFullWidth(by: divisor).high)
    }
}

/// Worst cases already worked out in this process, by everything they depend on (``AssignmentProgram``'s
/// dimensions, steps and effects, and the limits). At most ``capacity`` entries; full, it starts again.
private final class WorstCaseMemo: @unchecked Sendable { // its table is guarded by `lock`
    static let shared = WorstCaseMemo()
    static let capacity = 256
    // NSLock rather than Synchronization's Mutex, which needs macOS 15 on Apple platforms.
    private let lock = NSLock()
    private var entries: [[Int]: SearchCost] = [:] // guarded by `lock`

    func cost(for key: [Int]) -> SearchCost? { lock.withLock { entries[key] } }

    func remember(_ cost: SearchCost, for key: [Int]) {
        lock.withLock {
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = cost
        }
    }
}

/// A set of non-negative `Int` keys in insertion order: a bitmap over the keys when their range is small
/// enough (``denseLimit``), else an open-addressing hash index. Its buffers are its own (``deallocate()``):
/// worst cases run to millions of insertions, and array accesses (bounds and uniqueness checks) were a
/// third of their cost.
private struct KeySet {
    /// The largest range of keys kept as a bitmap (4M keys: 512 KB).
    static let denseLimit = 1 << 22
    private var elements: UnsafeMutablePointer<Int>
    private var capacity = 16
    private(set) var count = 0
    private let bits: UnsafeMutablePointer<UInt64>
    private let isDense: Bool
    private var slots: UnsafeMutablePointer<Int32>
    private var mask = 15

    /// A set for keys below `dense`, as a bitmap; 0 for a hash index.
    init(dense: Int) {
        isDense = dense > 0
        let words = isDense ? (dense + 63) / 64 : 1
        bits = .allocate(capacity: words)
        bits.initialize(repeating: 0, count: words)
        elements = .allocate(capacity: capacity)
        slots = .allocate(capacity: mask + 1)
        slots.initialize(repeating: -1, count: mask + 1)
    }

    func deallocate() {
        elements.deallocate(); bits.deallocate(); slots.deallocate()
    }

    /// The key inserted `index`-th.
    subscript(index: Int) -> Int { elements[index] }

    /// Empties the set, with room for `length` keys.
    mutating func removeAll(reservingFor length: Int) {
        if isDense {
            for i in 0..<count { bits[elements[i] >> 6] = 0 }
            count = 0
            return
        }
        count = 0
        var size = mask + 1
        while size < 2 * length { size <<= 1 }
        if size != mask + 1 {
            slots.deallocate()
            slots = .allocate(capacity: size)
            mask = size - 1
            slots.initialize(repeating: -1, count: size)
        } else {
            slots.update(repeating: -1, count: mask + 1)
        }
    }

    /// Adds `position` to every key, which must stay below the set's range.
    mutating func shiftAll(by position: Int) {
        guard position != 0 else { return }
        let old = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
        defer { old.deallocate() }
        let n = count
        old.initialize(from: elements, count: n)
        removeAll(reservingFor: n)
        for i in 0..<n { insert(old[i] + position) }
    }

    /// Adds the keys of `other`, none of which the set holds (it is empty, say), in their order.
    mutating func insertDistinct(_ other: KeySet) {
        guard isDense else {
            for i in 0..<other.count { insert(other[i]) }
            return
        }
        if count + other.count > capacity {
            var larger = capacity
            while count + other.count > larger { larger *= 2 }
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: larger)
            grown.initialize(from: elements, count: count)
            elements.deallocate()
            elements = grown
            capacity = larger
        }
        for i in 0..<other.count {
            let key = other[i]
            bits[key >> 6] |= UInt64(1) &<< UInt64(key & 63)
            elements[count + i] = key
        }
        count += other.count
    }

    @inline(__always)
    private mutating func append(_ key: Int) {
        if count == capacity {
            let larger = UnsafeMutablePointer<Int>.allocate(capacity: 2 * capacity)
            larger.initialize(from: elements, count: count)
            elements.deallocate()
            elements = larger
            capacity *= 2
        }
        elements[count] = key
        count += 1
    }

    @inline(__always)
    mutating func insert(_ key: Int) {
        if isDense {
            let bit = UInt64(1) << UInt64(key & 63)
            if bits[key >> 6] & bit == 0 {
                bits[key >> 6] |= bit
                append(key)
            }
            return
        }
        if 2 * (count + 1) > mask + 1 { grow() }
        place(key)
    }

    /// Adds `key` to the hash index, which has room for it.
    @inline(__always)
    private mutating func place(_ key: Int) {
        var h = Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while true {
            let e = Int(slots[h])
            if e < 0 {
                slots[h] = Int32(truncatingIfNeeded: count)
                append(key)
                return
            }
            if elements[e] == key { return }
            h = (h + 1) & mask
        }
    }

    private mutating func grow() {
        let size = 2 * (mask + 1)
        slots.deallocate()
        slots = .allocate(capacity: size)
        slots.initialize(repeating: -1, count: size)
        mask = size - 1
        // The keys stay where they are; only their slots change.
        for i in 0..<count {
            var h =
                Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(elements[i])) &* 0x9E37_79B9_7F4A_7C15) >> 20)
                & mask
            while slots[h] >= 0 { h = (h + 1) & mask }
            slots[h] = Int32(truncatingIfNeeded: i)
        }
    }
}
