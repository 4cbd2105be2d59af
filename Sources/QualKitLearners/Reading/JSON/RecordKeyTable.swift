import QualKitCore

/// The keys of a ``RecordKey`` type as bytes, to match keys in a line without building strings.
/// (In this module, beside its callers, so that it is specialized for each key type.)
struct RecordKeyTable<K: RecordKey>: Sendable {
    /// The keys' UTF-8, one after another; `starts[k]..<starts[k + 1]` is key `k`.
    let bytes: [UInt8]
    let starts: [Int]
    let keys: [K]

    init() {
        var b: [UInt8] = [], s = [0]
        for k in K.allCases { b.append(contentsOf: k.rawValue.utf8); s.append(b.count) }
        bytes = b; starts = s; keys = K.allCases
    }

    /// The key spelt by `key` (decoded bytes), or `nil`.
    @inline(__always)
    func key(_ key: UnsafeBufferPointer<UInt8>) -> K? {
        bytes.withUnsafeBufferPointer { b in
            for k in 0..<keys.count {
                let lo = starts[k], n = starts[k + 1] - lo
                guard n == key.count else { continue }
                var j = 0
                while j < n && b[lo + j] == key[j] { j += 1 }
                if j == n { return keys[k] }
            }
            return nil
        }
    }

    /// The key that the line `p[i..<n]` continues with as `"key":`, and the position after the colon;
    /// `nil` if it continues with none.
    @inline(__always)
    func quotedKey(_ pointer: UnsafePointer<UInt8>, at index: Int, end: Int) -> (K, Int)? {
        guard index < end, pointer[index] == 0x22 else { return nil }
        return bytes.withUnsafeBufferPointer { b in
            for k in 0..<keys.count {
                let lo = starts[k], m = starts[k + 1] - lo
                guard index + m + 2 < end, pointer[index + 1] == b[lo], pointer[index + m + 1] == 0x22,
                    pointer[index + m + 2] == 0x3A
                else { continue }
                var j = 1
                while j < m && pointer[index + 1 + j] == b[lo + j] { j += 1 }
                if j == m { return (keys[k], index + m + 3) }
            }
            return nil
        }
    }
}

/// The key tables of the record format.
enum RecordKeyTables {
    static let learner = RecordKeyTable<Learner.Field>()
    static let unit = RecordKeyTable<UnitAchievement.Field>()
    static let assessment = RecordKeyTable<AssessmentAttempt.Field>()
    static let exception = RecordKeyTable<LearnerException.Field>()
}

/// The keys of a ``RecordKey`` type as the compact scanner meets them, `"key":`, compared a word at a
/// time: the fast path's form of ``RecordKeyTable`` (the same keys, from the same enum).
/// A plain value over memory that its ``CompactKeys`` owns: copying it costs no reference counting.
struct QuotedKeyMatcher<K: RecordKey>: @unchecked Sendable { // immutable after init
    struct Entry {
        var key: K
        /// Bytes in `"key":`.
        var length: Int
        /// The key's first letter.
        var first: UInt8
        /// The pattern's words at offsets 0, `length - 8` and 8 (`length` ≥ 8), or its 32-bit words at 0
        /// and `length - 4` (shorter).
        var w0: UInt64, w1: UInt64, w2: UInt64
    }
    let entries: UnsafeMutablePointer<Entry>
    let count: Int

    init() {
        let keys = K.allCases
        count = keys.count
        entries = .allocate(capacity: max(1, count))
        for (k, key) in keys.enumerated() {
            let pattern: [UInt8] = [0x22] + Array(key.rawValue.utf8) + [0x22, 0x3A]
            let m = pattern.count
            precondition(m >= 4 && m <= 24, "record keys are 2 to 19 bytes long")
            let e = pattern.withUnsafeBytes { b -> Entry in
                if m >= 8 {
                    return Entry(
                        key: key, length: m, first: pattern[1], w0: b.loadUnaligned(as: UInt64.self),
                        w1: b.loadUnaligned(fromByteOffset: m - 8, as: UInt64.self),
                        w2: m > 16 ? b.loadUnaligned(fromByteOffset: 8, as: UInt64.self) : 0)
                }
                return Entry(
                    key: key, length: m, first: pattern[1], w0: UInt64(b.loadUnaligned(as: UInt32.self)),
                    w1: UInt64(b.loadUnaligned(fromByteOffset: m - 4, as: UInt32.self)), w2: 0)
            }
            (entries + k).initialize(to: e)
        }
    }

    /// The key that `p[i..<n]` starts with as `"key":`, and the position after the colon.
    @inline(__always)
    func match(_ pointer: UnsafePointer<UInt8>, at index: Int, end: Int) -> (K, Int)? {
        guard index + 1 < end, pointer[index] == 0x22 else { return nil }
        let c = pointer[index + 1], a = UnsafeRawPointer(pointer + index)
        for k in 0..<count {
            let e = entries[k]
            guard e.first == c, end - index >= e.length else { continue }
            let m = e.length
            if m >= 8 {
                guard a.loadUnaligned(as: UInt64.self) == e.w0,
                    a.loadUnaligned(fromByteOffset: m - 8, as: UInt64.self) == e.w1,
                    m <= 16 || a.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == e.w2
                else { continue }
            } else {
                guard UInt64(a.loadUnaligned(as: UInt32.self)) == e.w0,
                    UInt64(a.loadUnaligned(fromByteOffset: m - 4, as: UInt32.self)) == e.w1
                else { continue }
            }
            return (e.key, index + m)
        }
        return nil
    }
}

/// The matchers of the three kinds of object in a record.
struct CompactKeys: @unchecked Sendable {
    let learner: QuotedKeyMatcher<Learner.Field>
    let unit: QuotedKeyMatcher<UnitAchievement.Field>
    let assessment: QuotedKeyMatcher<AssessmentAttempt.Field>

    /// Made once for the process (a few hundred bytes, never freed): every loader shares them.
    static let shared = CompactKeys(learner: .init(), unit: .init(), assessment: .init())
}
