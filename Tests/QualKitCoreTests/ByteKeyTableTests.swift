import Testing
import QualKitEngine

/// The byte-keyed table that resolves unit codes and assessment ids from a record's bytes finds exactly
/// what a dictionary of the same keys finds, for keys of every length its word-at-a-time hashing and
/// comparing distinguish (under 4, 4 to 7, 8, and past 8 bytes).
@Suite("Byte-keyed table")
struct ByteKeyTableTests {
    func index(_ table: ByteKeyTable, _ key: String) -> Int? {
        Array(key.utf8).withUnsafeBufferPointer { table.index(of: $0) }
    }

    @Test func findsWhatADictionaryFinds() {
        var keys: [String] = ["", "a", "ab", "abc", "D-M02", "D-M20", "8577-300", "8577-3000", "8577-300 "]
        var state: UInt64 = 21
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let alphabet = Array("AB-01".utf8)
        for _ in 0..<600 {
            let length = Int(next() % 20)
            keys.append(String(decoding: (0..<length).map { _ in alphabet[Int(next() % 5)] }, as: UTF8.self))
        }
        keys.append("a") // a key given twice keeps its first index
        let table = ByteKeyTable(keys)
        var first: [String: Int] = [:]
        for (i, k) in keys.enumerated() where first[k] == nil { first[k] = i }
        for k in keys { #expect(index(table, k) == first[k], "\(k)") }
        // Keys that differ from known ones only in their first, middle or last byte, or their length.
        for k in keys where !k.isEmpty {
            for probe in [k + "-", String(k.dropLast()), "Z" + k.dropFirst(), k.dropLast() + "Z"] {
                #expect(index(table, probe) == first[probe], "\(probe)")
            }
        }
        #expect(index(ByteKeyTable([]), "a") == nil)
    }
}
