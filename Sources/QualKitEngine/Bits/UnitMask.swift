/// A fixed-size set of up to ``capacity`` unit indexes local to one compiled qualification.
///
/// A plain value of eight words: set operations never allocate, which keeps per-learner evaluation free of
/// heap traffic. The width is QualKit's limit on the units one qualification may name; a qualification
/// with more is reported as `limit-exceeded` (``EvaluationLimits``), never as unsatisfiable.
public struct UnitMask: Hashable, Sendable {
    /// The largest number of units one qualification can hold (the mask's width).
    public static let capacity = 512
    public static let words = 8

    public var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    public var w4: UInt64 = 0, w5: UInt64 = 0, w6: UInt64 = 0, w7: UInt64 = 0

    public init() {}

    public static let empty = UnitMask()

    /// Word `index` (0 = indexes 0–63).
    @inlinable public subscript(word index: Int) -> UInt64 {
        get {
            switch index {
            case 0: w0
            case 1: w1
            case 2: w2
            case 3: w3
            case 4: w4
            case 5: w5
            case 6: w6
            default: w7
            }
        }
        set {
            switch index {
            case 0: w0 = newValue
            case 1: w1 = newValue
            case 2: w2 = newValue
            case 3: w3 = newValue
            case 4: w4 = newValue
            case 5: w5 = newValue
            case 6: w6 = newValue
            default: w7 = newValue
            }
        }
    }

    /// Whether any index above 63 is present.
    @inlinable public var hasHighWords: Bool { (w1 | w2 | w3 | w4 | w5 | w6 | w7) != 0 }

    @inlinable public var isEmpty: Bool { (w0 | w1 | w2 | w3 | w4 | w5 | w6 | w7) == 0 }

    @inlinable public var count: Int {
        w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount
            + w4.nonzeroBitCount + w5.nonzeroBitCount + w6.nonzeroBitCount + w7.nonzeroBitCount
    }

    @inlinable public func contains(_ index: Int) -> Bool {
        self[word: index >> 6] & (UInt64(1) << UInt64(index & 63)) != 0
    }

    @inlinable public mutating func insert(_ index: Int) {
        self[word: index >> 6] |= UInt64(1) << UInt64(index & 63)
    }

    @inlinable public mutating func remove(_ index: Int) {
        self[word: index >> 6] &= ~(UInt64(1) << UInt64(index & 63))
    }

    @inlinable static public func combine(_ first: UnitMask, _ second: UnitMask, _ combine: (UInt64, UInt64) -> UInt64)
        -> UnitMask
    {
        var r = UnitMask()
        r.w0 = combine(first.w0, second.w0); r.w1 = combine(first.w1, second.w1); r.w2 = combine(first.w2, second.w2);
        r.w3 = combine(first.w3, second.w3)
        r.w4 = combine(first.w4, second.w4); r.w5 = combine(first.w5, second.w5); r.w6 = combine(first.w6, second.w6);
        r.w7 = combine(first.w7, second.w7)
        return r
    }

    @inlinable public static func & (lhs: UnitMask, rhs: UnitMask) -> UnitMask { combine(lhs, rhs) { $0 & $1 } }
    @inlinable public static func | (lhs: UnitMask, rhs: UnitMask) -> UnitMask { combine(lhs, rhs) { $0 | $1 } }
    /// Set difference.
    @inlinable public static func - (lhs: UnitMask, rhs: UnitMask) -> UnitMask { combine(lhs, rhs) { $0 & ~$1 } }
    @inlinable public func isSubset(of second: UnitMask) -> Bool { (self - second).isEmpty }

    /// The lowest index in the set, or `nil` when empty.
    @inlinable public var first: Int? {
        if w0 != 0 { return w0.trailingZeroBitCount }
        guard hasHighWords else { return nil }
        for i in 1..<Self.words where self[word: i] != 0 { return i << 6 + self[word: i].trailingZeroBitCount }
        return nil
    }

    /// The highest index in the set, or `nil` when empty.
    @inlinable public var last: Int? {
        var k = Self.words - 1
        while k >= 0 {
            let w = self[word: k]
            if w != 0 { return k << 6 + 63 - w.leadingZeroBitCount }
            k -= 1
        }
        return nil
    }

    /// Calls `body` with each index in ascending order, without allocating.
    @inlinable public func forEach(_ body: (Int) throws -> Void) rethrows {
        var w = w0
        while w != 0 { try body(w.trailingZeroBitCount); w &= w &- 1 }
        guard hasHighWords else { return } // most qualifications have at most 64 units
        for i in 1..<Self.words {
            w = self[word: i]
            while w != 0 { try body(i << 6 + w.trailingZeroBitCount); w &= w &- 1 }
        }
    }

    /// Whether `self` comes before `other` in colexicographic order: the highest index in which they differ
    /// is in `other`. (Of two sets of units, the one whose last unit in the qualification's order is earlier.)
    @inlinable public func colexPrecedes(_ other: UnitMask) -> Bool {
        var k = Self.words - 1
        while k >= 0 {
            let a = self[word: k], b = other[word: k]
            if a != b { return a < b }
            k -= 1
        }
        return false
    }

    /// The indexes in ascending order (allocates; for results and tests).
    public var indexes: [Int] { map { $0 } }

    /// `transform` of each index, in ascending order, in an array allocated once.
    @inlinable
    public func map<T>(_ transform: (Int) throws -> T) rethrows -> [T] {
        var a: [T] = []
        a.reserveCapacity(count)
        try forEach { a.append(try transform($0)) }
        return a
    }
}
