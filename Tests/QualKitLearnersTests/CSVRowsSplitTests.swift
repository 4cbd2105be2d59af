import Testing
@testable import QualKitLearners
import QualKitEngine

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
}
