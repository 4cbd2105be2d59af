/// A fixed-size set of up to 256 unit indexes local to one compiled qualification.
///
/// A value type of four words: set operations never allocate, which keeps per-learner evaluation free of
/// heap traffic.
public struct UnitMask: Hashable, Sendable {
    /// The largest number of units one qualification can hold.
    public static let capacity = 256

    @usableFromInline var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    public init() {}

    public static let empty = UnitMask()

    @inlinable public var isEmpty: Bool { (w0 | w1 | w2 | w3) == 0 }

    @inlinable public var count: Int {
        w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount
    }

    @inlinable public func contains(_ i: Int) -> Bool {
        let bit = UInt64(1) << UInt64(i & 63)
        switch i >> 6 {
        case 0: return w0 & bit != 0
        case 1: return w1 & bit != 0
        case 2: return w2 & bit != 0
        default: return w3 & bit != 0
        }
    }

    @inlinable public mutating func insert(_ i: Int) {
        let bit = UInt64(1) << UInt64(i & 63)
        switch i >> 6 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        default: w3 |= bit
        }
    }

    @inlinable public mutating func remove(_ i: Int) {
        let bit = ~(UInt64(1) << UInt64(i & 63))
        switch i >> 6 {
        case 0: w0 &= bit
        case 1: w1 &= bit
        case 2: w2 &= bit
        default: w3 &= bit
        }
    }

    @inlinable public static func & (a: UnitMask, b: UnitMask) -> UnitMask {
        var r = UnitMask(); r.w0 = a.w0 & b.w0; r.w1 = a.w1 & b.w1; r.w2 = a.w2 & b.w2; r.w3 = a.w3 & b.w3; return r
    }
    @inlinable public static func | (a: UnitMask, b: UnitMask) -> UnitMask {
        var r = UnitMask(); r.w0 = a.w0 | b.w0; r.w1 = a.w1 | b.w1; r.w2 = a.w2 | b.w2; r.w3 = a.w3 | b.w3; return r
    }
    /// Set difference.
    @inlinable public static func - (a: UnitMask, b: UnitMask) -> UnitMask {
        var r = UnitMask(); r.w0 = a.w0 & ~b.w0; r.w1 = a.w1 & ~b.w1; r.w2 = a.w2 & ~b.w2; r.w3 = a.w3 & ~b.w3; return r
    }
    @inlinable public func isSubset(of b: UnitMask) -> Bool { (self - b).isEmpty }

    /// The lowest index in the set, or `nil` when empty.
    @inlinable public var first: Int? {
        if w0 != 0 { return w0.trailingZeroBitCount }
        if w1 != 0 { return 64 + w1.trailingZeroBitCount }
        if w2 != 0 { return 128 + w2.trailingZeroBitCount }
        if w3 != 0 { return 192 + w3.trailingZeroBitCount }
        return nil
    }

    /// Calls `body` with each index in ascending order, without allocating.
    @inlinable public func forEach(_ body: (Int) throws -> Void) rethrows {
        var m = self
        while let i = m.first { try body(i); m.remove(i) }
    }

    /// The indexes in ascending order (allocates; for results and tests).
    public var indexes: [Int] { var a: [Int] = []; forEach { a.append($0) }; return a }
}
