import QualKitCore
/// Remembers learner ids (as 64-bit fingerprints of their bytes) with the line they were first seen on,
/// up to a fixed number, to warn about duplicates with bounded memory: 12 bytes a slot, the table kept at
/// least a quarter empty and doubled as it grows, so 16 to 32 bytes an id: about 32 MB for the default
/// million. Two different ids share a fingerprint with odds of about n²/2⁶⁵ (3 in 100 million for a
/// million ids); they would be reported as a duplicate.
final class DuplicateIDTable {
    let limit: Int
    /// Fingerprints (0: empty), and in a parallel array the lines, read only for a duplicate.
    private var keys: UnsafeMutablePointer<UInt64>
    private var lines: UnsafeMutablePointer<UInt32>
    private var capacity: Int
    private(set) var count = 0
    /// Set once the table is full: checking has stopped.
    private(set) var exhausted = false

    init(limit: Int) {
        self.limit = limit
        capacity = 1024
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        lines = .allocate(capacity: capacity)
        lines.initialize(repeating: 0, count: capacity)
    }

    deinit {
        keys.deallocate()
        lines.deallocate()
    }

    static func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h ^= h >> 31
        h &*= 0x7fb5_d329_728e_a185
        h ^= h >> 27
        return h == 0 ? 1 : h
    }

    /// Makes room for `keys` and touches the slots where their searches start, before any insertion:
    /// independent loads overlap, so a batch pays for about one round of cache misses instead of one miss
    /// after another.
    func prepare(for batch: [(key: UInt64, line: Int)]) {
        while (count + batch.count) * 4 >= capacity * 3 && count + batch.count <= limit { grow() }
        let (k, mask) = (keys, capacity - 1)
        var sink: UInt64 = 0
        for item in batch { sink &+= k[Int(truncatingIfNeeded: item.key) & mask] }
        touched &+= sink
    }
    private var touched: UInt64 = 0

    /// Records `key` seen on `line`; returns the earlier line when the key was seen before. Returns `nil`
    /// without recording once `limit` keys are held (then ``exhausted`` is true).
    func insert(_ key: UInt64, line: Int) -> Int? {
        if count * 4 >= capacity * 3 { grow() }
        let (k, l, mask) = (keys, lines, capacity - 1)
        var i = Int(truncatingIfNeeded: key) & mask
        while k[i] != 0 {
            if k[i] == key { return Int(l[i]) }
            i = (i + 1) & mask
        }
        guard count < limit else { exhausted = true; return nil }
        k[i] = key
        l[i] = UInt32(truncatingIfNeeded: line)
        count += 1
        return nil
    }

    private func grow() {
        let (oldKeys, oldLines, oldCapacity) = (keys, lines, capacity)
        capacity *= 2
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        lines = .allocate(capacity: capacity)
        lines.initialize(repeating: 0, count: capacity)
        let mask = capacity - 1
        for j in 0..<oldCapacity where oldKeys[j] != 0 {
            var i = Int(truncatingIfNeeded: oldKeys[j]) & mask
            while keys[i] != 0 { i = (i + 1) & mask }
            keys[i] = oldKeys[j]
            lines[i] = oldLines[j]
        }
        oldKeys.deallocate()
        oldLines.deallocate()
    }
}
