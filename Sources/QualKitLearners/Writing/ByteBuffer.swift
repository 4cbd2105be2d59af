/// A growable byte buffer with unchecked appends, for writing output on the hot path.
///
/// Not `Sendable`: one per thread.
public final class ByteBuffer {
    public private(set) var base: UnsafeMutablePointer<UInt8>
    public internal(set) var count = 0
    public private(set) var capacity: Int

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Forgets the contents, keeping the capacity.
    @inline(__always) public func removeAll() { count = 0 }

    @inline(__always) func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    @inline(never) func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        p.update(from: base, count: count)
        base.deallocate()
        base = p
        capacity = c
    }

    @inline(__always) public func append(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) public func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        (base + count).update(from: p, count: n)
        count += n
    }

    @inline(__always) public func append(_ b: UnsafeBufferPointer<UInt8>) {
        if let p = b.baseAddress { append(p, b.count) }
    }

    @inline(__always) public func append(_ s: StaticString) {
        append(s.utf8Start, s.utf8CodeUnitCount)
    }

    public func append(contentsOf a: [UInt8]) {
        a.withUnsafeBufferPointer { append($0) }
    }

    /// Appends `n` in decimal.
    @inline(__always) public func append(int n: Int) {
        reserve(20)
        if n >= 0 && n < 10 { base[count] = UInt8(48 + n); count += 1; return }
        var v = n.magnitude
        if n < 0 { base[count] = 0x2D; count += 1 }
        var digits = 0
        var t = v
        while t > 0 { digits += 1; t /= 10 }
        var k = count + digits
        count = k
        while v > 0 { k -= 1; base[k] = UInt8(48 + v % 10); v /= 10 }
    }
}

/// Byte strings stored once in one block, appended by index.
struct FragmentTable {
    private var storage: [UInt8] = []
    private var starts: [Int] = [0]

    /// Adds `bytes` and returns its index.
    @discardableResult
    mutating func add(_ bytes: [UInt8]) -> Int {
        storage.append(contentsOf: bytes)
        starts.append(storage.count)
        return starts.count - 2
    }

    @inline(__always)
    func append(_ i: Int, to out: ByteBuffer) {
        storage.withUnsafeBufferPointer { s in
            out.append(s.baseAddress! + starts[i], starts[i + 1] - starts[i])
        }
    }
}
