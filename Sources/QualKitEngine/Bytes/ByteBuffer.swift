/// A growable byte buffer with unchecked appends, for writing output on the hot path.
///
/// Not `Sendable`: one per thread.
public final class ByteBuffer {
    /// The buffer's state behind a pointer rather than in stored `var`s: class properties cost a dynamic
    /// exclusivity check on every access, and appends are the writers' innermost loop.
    @usableFromInline struct State {
        @usableFromInline var base: UnsafeMutablePointer<UInt8>
        @usableFromInline var count: Int
        @usableFromInline var capacity: Int
    }
    @usableFromInline let state: UnsafeMutablePointer<State>

    package var base: UnsafeMutablePointer<UInt8> { state.pointee.base }
    @inlinable public var count: Int { state.pointee.count }
    @inlinable public var capacity: Int { state.pointee.capacity }

    public init(capacity: Int = 1 << 16) {
        let c = max(64, capacity)
        // On a cache line of its own: buffers of different threads are written all the time.
        state = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 128).bindMemory(to: State.self, capacity: 1)
        state.initialize(to: State(base: .allocate(capacity: c), count: 0, capacity: c))
    }

    deinit {
        state.pointee.base.deallocate()
        state.deallocate()
    }

    /// The bytes written so far.
    package var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: state.pointee.base, count: state.pointee.count)
    }

    /// Forgets the contents, keeping the capacity.
    @inlinable @inline(__always) public func removeAll() { state.pointee.count = 0 }

    /// Makes room for `length` more bytes and returns where they go; advance ``count`` with ``commit(_:)``.
    @inlinable @inline(__always) public func reserve(_ length: Int) -> UnsafeMutablePointer<UInt8> {
        if state.pointee.count + length > state.pointee.capacity { grow(state.pointee.count + length) }
        return state.pointee.base + state.pointee.count
    }

    @inlinable @inline(__always) public func commit(_ length: Int) { state.pointee.count += length }

    @usableFromInline @inline(never) func grow(_ needed: Int) {
        var c = state.pointee.capacity * 2
        while c < needed { c *= 2 }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        p.update(from: state.pointee.base, count: state.pointee.count)
        state.pointee.base.deallocate()
        state.pointee.base = p
        state.pointee.capacity = c
    }

    @inlinable @inline(__always) public func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        commit(1)
    }

    @inlinable @inline(__always) public func append(_ pointer: UnsafePointer<UInt8>, _ length: Int) {
        reserve(length).update(from: pointer, count: length)
        commit(length)
    }

    @inlinable @inline(__always) public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let p = bytes.baseAddress { append(p, bytes.count) }
    }

    @inlinable @inline(__always) public func append(_ text: StaticString) {
        append(text.utf8Start, text.utf8CodeUnitCount)
    }

    @inlinable public func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Appends `count` in decimal.
    @inlinable @inline(__always) public func append(int count: Int) {
        let out = reserve(20)
        if count >= 0 && count < 10 { out.pointee = UInt8(48 + count); commit(1); return }
        var v = count.magnitude
        var k = 0
        if count < 0 { out[0] = 0x2D; k = 1 }
        var digits = 0
        var t = v
        while t > 0 { digits += 1; t /= 10 }
        k += digits
        let written = k
        while v > 0 { k -= 1; out[k] = UInt8(48 + v % 10); v /= 10 }
        commit(written)
    }
}

/// Byte strings stored once in one block, appended by index.
public struct FragmentTable {
    @usableFromInline private(set) var storage: [UInt8] = []
    @usableFromInline private(set) var starts: [Int] = [0]

    public init() {}

    /// Adds `bytes` and returns its index.
    @discardableResult
    mutating public func add(_ bytes: [UInt8]) -> Int {
        storage.append(contentsOf: bytes)
        starts.append(storage.count)
        return starts.count - 2
    }

    @inlinable @inline(__always)
    public func append(_ index: Int, to out: ByteBuffer) {
        storage.withUnsafeBufferPointer { s in
            out.append(s.baseAddress! + starts[index], starts[index + 1] - starts[index])
        }
    }
}
