import Testing
@testable import QualKitLearners
import QualKitEngine
import QualKitCore

/// The split of unquoted lines (commas found with `memchr`, ASCII checked eight bytes at a time) against a
/// plain split of the line's text, with a byte past ASCII at every offset around the eight-byte steps.
@Suite("CSV rows: unquoted lines")
struct CSVRowsSplitTests {
    /// The fields and ASCII flag of each row of `text`.
    func rows(_ text: String) -> [(fields: [String], ascii: Bool)] {
        var rows = CSVRows(
            LineReader(bytes: Array(text.utf8), name: "t.csv", maximumLineLength: 4096), maximumRowBytes: 4096)
        var row = CSVRows.Row()
        var out: [(fields: [String], ascii: Bool)] = []
        while rows.next(into: &row) {
            #expect(row.error == nil)
            out.append((row.fields, row.ascii))
        }
        return out
    }

    @Test func fieldsAndASCIIMatchAPlainSplit() {
        let plain = "L0000001,D3.01,2013-05-26,60"
        var lines = [plain, ",", ",,", "a,", ",a", "", "abcdefgh,ijklmnop,qrstuvwx", String(repeating: ",", count: 17)]
        // "é" (two bytes past ASCII) at every place of a line longer than two eight-byte steps.
        for place in 0...plain.count {
            var line = plain
            line.insert("é", at: line.index(line.startIndex, offsetBy: place))
            lines.append(line)
        }
        let found = rows(lines.joined(separator: "\n") + "\n")
        #expect(found.count == lines.count)
        for (line, row) in zip(lines, found) {
            #expect(
                row.fields == line.split(separator: ",", omittingEmptySubsequences: false).map(String.init), "\(line)")
            #expect(row.ascii == line.utf8.allSatisfy { $0 < 0x80 }, "\(line)")
        }
    }

    /// A batch's first line goes through the general path (`next(into:)` with a ``CSVRows/Line``), the
    /// others are split in place from the batch (the one-line path): the same line gives the same row.
    @Test func oneLineRowsSplitInPlaceAsTheGeneralPathSplitsThem() {
        let samples = [
            "L1,D3.01,2013-05-26,60", "a,\"b,c\",d", "\"q\"\"q\",z", "a\"b,c", " x , y ", "é,x", "", ",", "\"\"",
            "abcdefgh,ijklmnop,qrstuvwx"
        ]
        for line in samples {
            let found = rows(String(repeating: line + "\n", count: 3))
            #expect(found.count == 3, "\(line)")
            for row in found.dropFirst() {
                #expect(row.fields == found[0].fields && row.ascii == found[0].ascii, "\(line)")
            }
        }
    }
}

/// The read of whole `hours` (``LearnerCSVReader/Items/wholeHours(_:)``) against the general read it stands in
/// front of (``LearnerJSONParser/hours(_:_:scratch:)``): wherever the fast read gives hours, the general read
/// gives the same; and it gives them for every whole number it is meant for.
@Suite("CSV rows: whole hours")
struct CSVWholeHoursTests {
    func general(_ text: String) -> Hours? {
        var scratch: [UInt8] = []
        let read = Array(text.utf8).withUnsafeBufferPointer {
            LearnerJSONParser.hours($0, "'hours'", scratch: &scratch)
        }
        return try? read.get()
    }

    func fast(_ text: String) -> Hours? {
        Array(text.utf8).withUnsafeBufferPointer { LearnerCSVReader.Items.wholeHours($0) }
    }

    @Test func agreesWithTheGeneralRead() {
        var texts = [
            "0", "1", "9", "10", "60", "00", "01", "007", "1.5", "1.0", "-1", "+1", "1e3", "1E3", " 1", "1 ", "",
            "abc", "60x", "x60", "1000000", "1000001", "999999", "999999999", "1234567890", "0x10", "١", "１"
        ]
        for n in [2, 3, 99, 100, 12_345, 65_536, 999_999, 1_000_000, 1_000_001, 10_000_000, 123_456_789] {
            texts.append(String(n))
        }
        for text in texts {
            if let hours = fast(text) {
                #expect(general(text) == hours, "\(text)")
            }
            let whole =
                !text.isEmpty && text.count <= 9 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                && (text.count == 1 || !text.hasPrefix("0"))
            if whole, general(text) != nil { #expect(fast(text) != nil, "\(text)") }
            if !whole { #expect(fast(text) == nil, "\(text)") }
        }
    }
}
