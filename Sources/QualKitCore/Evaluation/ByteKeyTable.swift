/// A read-only hash table from UTF-8 byte strings to indexes: resolves unit codes and assessment ids
/// straight from a record's bytes, without building a `String`.
struct ByteKeyTable: Sendable {
    private let bytes: [UInt8]
    private let starts: [Int]        // key i is bytes[starts[i]..<starts[i + 1]]
    private let slots: [Int32]       // -1 empty, else key index
    private let mask: Int

    init(_ keys: [String]) {
        var b: [UInt8] = [], s: [Int] = [0]
        for k in keys { b.append(contentsOf: k.utf8); s.append(b.count) }
        bytes = b; starts = s
        var size = 8
        while size < keys.count * 4 { size <<= 1 }
        mask = size - 1
        var t = [Int32](repeating: -1, count: size)
        for (i, k) in keys.enumerated() {
            var h = Self.hash(Array(k.utf8)[...]) & (size - 1)
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

    @inline(__always)
    static func hash<C: Collection<UInt8>>(_ key: C) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in key { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The index of `key`, or `nil`.
    @inline(__always)
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        var h = Self.hash(key) & mask
        return bytes.withUnsafeBufferPointer { b in
            while true {
                let slot = slots[h]
                if slot < 0 { return nil }
                let i = Int(slot)
                let s = starts[i], e = starts[i + 1]
                if e - s == key.count {
                    var same = true
                    var k = 0
                    while k < key.count { if b[s + k] != key[k] { same = false; break }; k += 1 }
                    if same { return i }
                }
                h = (h + 1) & mask
            }
        }
    }
}
