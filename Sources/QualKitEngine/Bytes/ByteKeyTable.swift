/// A read-only hash table from UTF-8 byte strings to indexes: resolves unit codes and assessment ids
/// straight from a record's bytes, without building a `String`.
///
/// Open addressing with linear probing, at most a quarter full. Each slot holds a key's index and the
/// high half of its hash, so that a probe compares the key's bytes only when the hashes agree; the bytes
/// are compared a word at a time (codes such as `D-M02` or `8577-300` take one or two loads). Reading goes
/// through pointers into a ``PlainStorage``: no reference counting on the per-record path.
public struct ByteKeyTable: @unchecked Sendable { // immutable; points into storage that it owns
    private let storage = PlainStorage()
    private let bytes: UnsafeBufferPointer<UInt8>
    private let starts: UnsafeBufferPointer<Int> // key i is bytes[starts[i]..<starts[i + 1]]
    /// 0 empty, else the key's index + 1 in the low 32 bits and its hash's high 32 bits above.
    private let slots: UnsafeBufferPointer<UInt64>
    private let mask: Int

    public init(_ keys: [String]) {
        var b: [UInt8] = [], s: [Int] = [0]
        for k in keys { b.append(contentsOf: k.utf8); s.append(b.count) }
        var size = 8
        while size < keys.count * 4 { size <<= 1 }
        var t = [UInt64](repeating: 0, count: size)
        b.withUnsafeBufferPointer { b in
            for i in keys.indices {
                let key = UnsafeBufferPointer(rebasing: b[s[i]..<s[i + 1]])
                let hash = Self.hash(key)
                var h = hash & (size - 1)
                // A key that appears twice keeps its first index.
                var duplicate = false
                while t[h] != 0 {
                    let j = Int(truncatingIfNeeded: t[h] & 0xFFFF_FFFF) - 1
                    if b[s[j]..<s[j + 1]].elementsEqual(key) { duplicate = true; break }
                    h = (h + 1) & (size - 1)
                }
                if !duplicate { t[h] = UInt64(truncatingIfNeeded: hash) & ~0xFFFF_FFFF | UInt64(i + 1) }
            }
        }
        bytes = storage.copy(b); starts = storage.copy(s); slots = storage.copy(t)
        mask = size - 1
    }

    @inline(__always)
    private static func word(_ bytes: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
        UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt64.self)
    }

    @inline(__always)
    private static func half(_ bytes: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
        UInt64(UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt32.self))
    }

    /// Mixes eight bytes at a time; the last (partial) word is read overlapping the one before it, and a
    /// key of 4 to 7 bytes as two overlapping 32-bit words, so that no byte loop runs.
    @inline(__always)
    package static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        let n = key.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        guard let p = key.baseAddress, n > 0 else { return Int(truncatingIfNeeded: h) }
        let last: UInt64
        if n >= 8 {
            var k = 0
            while k + 8 < n {
                h = (h ^ word(p, k)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 29
                k += 8
            }
            last = word(p, n - 8)
        } else if n >= 4 {
            last = half(p, 0) << 32 | half(p, n - 4)
        } else {
            last = UInt64(p[0]) << 16 | UInt64(p[n >> 1]) << 8 | UInt64(p[n - 1])
        }
        h = (h ^ last) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 32
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        return Int(truncatingIfNeeded: h)
    }

    /// Whether the `count` bytes at `first` and at `second` are equal.
    @inline(__always)
    private static func equal(_ first: UnsafePointer<UInt8>, _ second: UnsafePointer<UInt8>, count: Int) -> Bool {
        let (a, b, n) = (first, second, count)
        if n >= 8 {
            var k = 0
            while k + 8 < n {
                if word(a, k) != word(b, k) { return false }
                k += 8
            }
            return word(a, n - 8) == word(b, n - 8)
        }
        if n >= 4 { return half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4) }
        var k = 0
        while k < n {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }

    /// The index of `key`, or `nil`.
    @inline(__always)
    package func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(key)
        let tag = UInt64(truncatingIfNeeded: hash) & ~0xFFFF_FFFF
        var h = hash & mask
        while true {
            let slot = slots[h]
            if slot == 0 { return nil }
            if slot & ~0xFFFF_FFFF == tag {
                let i = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                let s = starts[i]
                if starts[i + 1] - s == key.count,
                    key.isEmpty || Self.equal(bytes.baseAddress! + s, key.baseAddress!, count: key.count)
                {
                    return i
                }
            }
            h = (h + 1) & mask
        }
    }
}
