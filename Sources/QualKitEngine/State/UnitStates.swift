/// What the current learner holds, per unit of the evaluator's catalog (by global unit index): whether
/// each unit is achieved, on which day, and whether it was listed with too few hours of supervised
/// practice. The model's workspace loads a learner into it and reads it back as bit sets over a
/// qualification's units (``masks(_:)``).
///
/// Its buffers are sized once for the catalog, each on cache lines of its own (workspaces of different
/// threads write them for every learner), and reset only where the previous learner touched them, so
/// loading a learner allocates nothing. Not `Sendable`: one per thread, freed by ``deallocate()``.
public struct UnitStates {
    /// Achieved (by a listing with enough hours, or a passed mark sheet).
    public static let achievedBit: UInt8 = 1
    /// Listed with too few practice hours.
    public static let shortBit: UInt8 = 2
    /// Achieved by some evidence without a date (its day is then unknown).
    public static let undatedBit: UInt8 = 4
    /// A short listing without a date.
    public static let shortUndatedBit: UInt8 = 8
    /// Listed without `hours` though the unit has a practice minimum; and achieved otherwise (hours enough,
    /// a mark sheet), which checks it.
    public static let unhoursedBit: UInt8 = 16
    public static let hoursCheckedBit: UInt8 = 32
    /// The day of a unit with no dated evidence.
    public static let undated = Int.max

    /// Units in the catalog (at least 1).
    public let count: Int
    /// Global unit index → bits (``achievedBit``, …); earliest dated achievement day; largest short
    /// practice-hours figure; earliest day of a short listing (for a practice-hours waiver).
    /// (Written only through the methods below, which keep ``touched`` complete: a unit whose bits change
    /// without being touched would not be reset for the next learner.)
    @usableFromInline let state: UnsafeMutablePointer<UInt8>
    @usableFromInline let day: UnsafeMutablePointer<Int>
    @usableFromInline package let shortHours: UnsafeMutablePointer<Double>
    @usableFromInline let shortDay: UnsafeMutablePointer<Int>
    /// Global unit indexes the current record touched (each once), to reset only those; how many.
    @usableFromInline let touched: UnsafeMutablePointer<Int>
    @usableFromInline let touchedCount: UnsafeMutablePointer<Int>
    private let block: UnsafeMutableRawPointer

    /// Buffers for `units` units, every unit not held.
    public init(units: Int) {
        let n = max(1, units)
        count = n
        var layout = CacheLineLayout()
        let stateAt = layout.add(UInt8.self, n), dayAt = layout.add(Int.self, n)
        let shortAt = layout.add(Double.self, n), shortDayAt = layout.add(Int.self, n)
        let touchedAt = layout.add(Int.self, n), countAt = layout.add(Int.self, 1)
        block = .allocate(byteCount: layout.size, alignment: CacheLineLayout.line)
        state = (block + stateAt).bindMemory(to: UInt8.self, capacity: n)
        state.initialize(repeating: 0, count: n)
        day = (block + dayAt).bindMemory(to: Int.self, capacity: n)
        day.initialize(repeating: Self.undated, count: n)
        shortHours = (block + shortAt).bindMemory(to: Double.self, capacity: n)
        shortHours.initialize(repeating: 0, count: n)
        shortDay = (block + shortDayAt).bindMemory(to: Int.self, capacity: n)
        shortDay.initialize(repeating: Self.undated, count: n)
        touched = (block + touchedAt).bindMemory(to: Int.self, capacity: n)
        touchedCount = (block + countAt).bindMemory(to: Int.self, capacity: 1)
        touchedCount.initialize(to: 0)
    }

    /// Frees the buffers (the owner's `deinit`).
    public func deallocate() { block.deallocate() }

    /// Forgets the previous learner: resets the units it touched.
    @inlinable @inline(__always)
    public func reset() {
        for k in 0..<touchedCount.pointee {
            let unit = touched[k]
            state[unit] = 0; day[unit] = Self.undated; shortHours[unit] = 0; shortDay[unit] = Self.undated
        }
        touchedCount.pointee = 0
    }

    /// Notes that the current learner changes unit `unit` (before its bits change).
    @inlinable @inline(__always)
    public func touch(_ unit: Int) {
        if state[unit] == 0 {
            touched[touchedCount.pointee] = unit
            touchedCount.pointee += 1
        }
    }

    /// Marks unit `unit` achieved. Its day is the earliest dated evidence, but unknown as soon as any
    /// achieving evidence is undated (it could be earlier than every dated one).
    @inlinable @inline(__always)
    public func achieve(_ unit: Int, day dayNumber: Int?) {
        touch(unit)
        state[unit] |= Self.achievedBit
        if let d = dayNumber { if d < day[unit] { day[unit] = d } } else { state[unit] |= Self.undatedBit }
    }

    /// Records a listing of unit `unit` with `hours` of practice, fewer than its minimum, on day `dayNumber`.
    @inlinable
    public func addShort(_ unit: Int, hours: Double, day dayNumber: Int?) {
        touch(unit)
        state[unit] |= Self.shortBit
        if hours > shortHours[unit] { shortHours[unit] = hours }
        if let dayNumber {
            if dayNumber < shortDay[unit] { shortDay[unit] = dayNumber }
        } else {
            state[unit] |= Self.shortUndatedBit
        }
    }

    /// Notes, for a unit with a practice minimum that is achieved (touched), whether a listing gave its
    /// hours (`checked`) or left them out.
    @inlinable @inline(__always)
    public func noteHours(_ unit: Int, checked: Bool) {
        assert(state[unit] != 0, "noteHours before the unit was touched")
        state[unit] |= checked ? Self.hoursCheckedBit : Self.unhoursedBit
    }

    /// Whether unit `unit` is achieved.
    @inlinable @inline(__always)
    public func isAchieved(_ unit: Int) -> Bool { state[unit] & Self.achievedBit != 0 }

    /// Whether unit `unit` was listed with too few practice hours and is not achieved otherwise.
    @inlinable @inline(__always)
    public func isShortOnly(_ unit: Int) -> Bool {
        state[unit] & (Self.achievedBit | Self.shortBit) == Self.shortBit
    }

    /// Whether unit `unit` counts only by listings without the practice hours its minimum asks for.
    @inlinable @inline(__always)
    public func isUnhoursed(_ unit: Int) -> Bool {
        state[unit] & (Self.unhoursedBit | Self.hoursCheckedBit) == Self.unhoursedBit
    }

    /// Whether a unit of `counted` (local indexes; `globalIndex` maps them) counts only by listings without
    /// the practice hours its minimum asks for. Out of line: the hot path calls it only for such records.
    @inline(never)
    package func countsUnhoursed(_ counted: UnitMask, _ globalIndex: UnsafeBufferPointer<Int>) -> Bool {
        var found = false
        counted.forEach { i in if isUnhoursed(globalIndex[i]) { found = true } }
        return found
    }

    /// The units of a qualification (`globalIndex`: its local index → global index) as local masks: those
    /// held (achieved), and those listed with too few practice hours and not achieved otherwise.
    @inlinable @inline(__always)
    package func masks(_ globalIndex: UnsafeBufferPointer<Int>) -> (held: UnitMask, short: UnitMask) {
        var held = UnitMask(), short = UnitMask()
        if globalIndex.count <= 64 {
            // Branch-free: whether a unit is held is a coin toss for the branch predictor.
            var h: UInt64 = 0, s: UInt64 = 0
            for i in 0..<globalIndex.count {
                let st = UInt64(state[globalIndex[i]])
                h |= (st & UInt64(Self.achievedBit)) &<< UInt64(i)
                s |= ((st >> 1) & ~st & 1) &<< UInt64(i) // short and not achieved
            }
            held.w0 = h; short.w0 = s
        } else {
            // The same, a word of units at a time.
            let units = globalIndex.baseAddress!, n = globalIndex.count
            var start = 0, word = 0
            while start < n {
                let g = units + start, m = min(64, n &- start)
                var h: UInt64 = 0, s: UInt64 = 0
                for i in 0..<m {
                    let st = UInt64(state[g[i]]), bit = UInt64(truncatingIfNeeded: i)
                    h |= (st & UInt64(Self.achievedBit)) &<< bit
                    s |= ((st >> 1) & ~st & 1) &<< bit
                }
                held[word: word] = h; short[word: word] = s
                start &+= 64; word &+= 1
            }
        }
        return (held, short)
    }

    /// The earliest day of a short listing of unit `unit`, or `nil` when unknown.
    @inlinable @inline(__always)
    public func shortListingDay(_ unit: Int) -> Int? {
        state[unit] & Self.shortUndatedBit != 0 || shortDay[unit] == Self.undated ? nil : shortDay[unit]
    }

    /// The day unit `unit` was achieved, or `nil` when unknown.
    @inlinable @inline(__always)
    public func achievedDay(_ unit: Int) -> Int? {
        state[unit] & Self.undatedBit != 0 || day[unit] == Self.undated ? nil : day[unit]
    }
}

/// Offsets of buffers in one block, each starting on a fresh cache line (128 bytes: adjacent-line
/// prefetchers fetch pairs): each buffer is rounded up to whole lines.
public struct CacheLineLayout {
    public static let line = 128
    public private(set) var size = 0

    public init() {}

    public mutating func add<T>(_: T.Type, _ count: Int) -> Int {
        let at = size
        let bytes = MemoryLayout<T>.stride * max(1, count)
        size += (bytes + Self.line - 1) / Self.line * Self.line
        return at
    }
}
