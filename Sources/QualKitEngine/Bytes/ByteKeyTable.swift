#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only hash table from UTF-8 byte strings to indexes: resolves unit codes and assessment ids
/// straight from a record's bytes, without building a `String`.
public struct ByteKeyTable: Sendable {
    private let bytes: [UInt8]
    private let starts: [Int] // key i is bytes[starts[i]..<starts[i + 1]]
    private let slots: [Int32] // -1 empty, else key index
    private let mask: Int

    public init(_ keys: [String]) {
        var b: [UInt8] = [], s: [Int] = [0]
        for k in keys { b.append(contentsOf: k.utf8); s.append(b.count) }
        bytes = b; starts = s
        var size = 8
        while size < keys.count * 4 { size <<= 1 }
        mask = size - 1
        var t = [Int32](repeating: -1, count: size)
        for (i, k) in keys.enumerated() {
            var h = Array(k.utf8).withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            // A key that appears twice keeps its first index.
            var duplicate = false
            while t[h] >= 0 {
                if keys[Int(t[h])] == k { duplicate = true; break }
                h = (h + 1) & (size - 1)
            }
            if !duplicate { t[h] = Int32(i) }
        }
        slots = t
    }

    /// Mixes eight bytes at a time (codes such as `8577-300` are one word).
    @inline(__always)
    package static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let p = key.baseAddress else { return Int(truncatingIfNeeded: h) }
        let n = key.count
        var k = 0
        while k + 8 <= n {
            h = (h ^ UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            k += 8
        }
        if k < n {
            var tail: UInt64 = 0
            while k < n { tail = tail << 8 | UInt64(p[k]); k += 1 }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    /// The index of `key`, or `nil`.
    @inline(__always)
    package func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        var h = Self.hash(key) & mask
        return bytes.withUnsafeBufferPointer { b in
            starts.withUnsafeBufferPointer { starts in
                slots.withUnsafeBufferPointer { slots in
                    while true {
                        let slot = slots[h]
                        if slot < 0 { return nil }
                        let i = Int(slot)
                        let s = starts[i]
                        if starts[i + 1] - s == key.count,
                            key.isEmpty || memcmp(b.baseAddress! + s, key.baseAddress!, key.count) == 0
                        {
                            return i
                        }
                        h = (h + 1) & mask
                    }
                }
            }
        }
    }
}
