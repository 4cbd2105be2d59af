import QualKitEngine
import Foundation
import Testing
@testable import QualKit
import QualKitCore
import QualKitLearners

@Suite("JSON Lines records")
struct JSONRecordTests {
    let parser = LearnerJSONParser()

    func parse(_ s: String) -> Result<Learner, RecordFailure> { parser.parse(Array(s.utf8)).map(\.learner) }

    @Test func theIssueExampleParses() throws {
        let line =
            #"{"id":"L0000001","registered":"2013-02-01","induction_hours":1,"tutorial_hours":2,"units":[{"code":"8577-300","achieved":"2013-06-01"},{"code":"8577-301","hours":6}],"assessments":[{"id":"d3-work-based-assignment","marks":[14,13,12,13],"date":"2014-01-20"}]}"#
        let l = try parse(line).get()
        #expect(
            l
                == Learner(
                    id: "L0000001", registered: CalendarDate(iso: "2013-02-01"), inductionHours: 1, tutorialHours: 2,
                    units: [
                        .init(code: "8577-300", achieved: CalendarDate(iso: "2013-06-01")),
                        .init(code: "8577-301", hours: 6)
                    ],
                    assessments: [
                        .init(
                            id: "d3-work-based-assignment", marks: [14, 13, 12, 13],
                            date: CalendarDate(iso: "2014-01-20"))
                    ]))
        // Same as Foundation's decoding of the same record.
        #expect(try JSONDecoder().decode(Learner.self, from: Data(line.utf8)) == l)
    }

    @Test func whitespaceEscapesNullsAndUnknownKeys() throws {
        let l = try parse(
            #" { "id" : "L\u00e9\"1" , "extra": {"a":[1,2,{"b":null}]}, "registered": null, "units": [ ] , "tutorial_hours": 2.5e0 } "#
        ).get()
        #expect(l.id == "Lé\"1")
        #expect(l.registered == nil && l.units.isEmpty && l.tutorialHours == 2.5)
    }

    @Test(
        "Malformed records are rejected with what was expected",
        arguments: [
            (#"{"id":"L1","units":[{"code":"8577-300"}"#, "expected ',' or ']'"),
            (#"{"registered":"2013-02-01"}"#, "missing 'id'"),
            (#"{"id":17}"#, "expected 'id' as a string, found a number"),
            (#"{"id":""}"#, "'id' is empty"),
            (#"{"id":"L1","tutorial_hours":-2}"#, "expected 0 or more hours"),
            (#"{"id":"L1","tutorial_hours":1e300}"#, "at most 1000000"),
            (#"{"id":"L1","units":[{"code":"8577-301","hours":99999999999999999999999}]}"#, "at most 1000000"),
            (
                #"{"id":"L1","assessments":[{"id":"a","marks":[123456789012345678901234567890]}]}"#,
                "expected a whole number from 0 to 1000000"
            ),
            (#"{"id":"L1","tutorial_hours":"two"}"#, "expected 'tutorial_hours' as a number, found a string"),
            (#"{"id":"L1","registered":"01/02/2013"}"#, "not a date written YYYY-MM-DD"),
            (#"{"id":"L1","units":[{"achieved":"2013-02-01"}]}"#, "has no 'code'"),
            (#"{"id":"L1","units":{"code":"x"}}"#, "expected 'units' as a JSON array"),
            (
                #"{"id":"L1","assessments":[{"id":"a","marks":[1.5]}]}"#,
                "'assessments[0].marks[0]' is 1.5; expected a whole number"
            ),
            (#"{"id":"L1","assessments":[{"id":"a"}]}"#, "has no 'marks'"),
            (#"{"id":"L1"} trailing"#, "unexpected text after the end"),
            (#"[1,2]"#, "as a JSON object"),
            ("", "as a JSON object"),
            // Text that is not JSON is quoted, not taken for a literal it starts like.
            ("not json at all", "expected the learner record as a JSON object, found 'not json at all' (not JSON)"),
            ("nullify", "found 'nullify' (not JSON)"),
            ("null", "found null"),
            // A key given twice is an error naming both columns, also when one is escaped.
            (
                #"{"id":"L1","units":[{"code":"8577-301","hours":2,"hours":null}]}"#,
                "key 'hours' is given twice in each entry of 'units' (first at column 40)"
            ),
            (#"{"id":"L1","i\u0064":"L2"}"#, "key 'id' is given twice in the learner record (first at column 2)")
        ])
    func rejected(line: String, expected: String) {
        guard case .failure(let f) = parse(line) else { Issue.record("accepted: \(line)"); return }
        #expect(f.message.contains(expected), "\(f.message)")
        #expect(f.column >= 1)
    }

    @Test func invalidUTF8IsRejected() {
        var bytes = Array(#"{"id":"L"#.utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(#""}"#.utf8)
        guard case .failure(let f) = parser.parse(bytes) else { Issue.record("accepted invalid UTF-8"); return }
        #expect(f.message.contains("not valid UTF-8"))
    }

    @Test func deepNestingIsRejectedNotACrash() {
        let deep =
            #"{"id":"L1","x":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        guard case .failure(let f) = parse(deep) else { Issue.record("accepted"); return }
        #expect(f.message.contains("nesting deeper"))
    }
}

@Suite("Line reading")
struct LineReaderTests {
    func lines(_ content: [UInt8], maximumLineLength: Int = 1 << 20, chunk: Int = 4096) throws -> (
        [String], [Int], [(Int, Int)]
    ) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qk-lines-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(content))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try LineReader(path: path, maximumLineLength: maximumLineLength, chunkSize: chunk)
        var out: [String] = [], numbers: [Int] = [], overlong: [(Int, Int)] = []
        var b = LineReader.Batch()
        while r.next(into: &b, maxLines: 3) {
            for l in b.lines {
                out.append(String(decoding: b.bytes[l.start..<(l.start + l.count)], as: UTF8.self));
                numbers.append(l.number)
            }
            overlong += b.overlong.map { ($0.number, $0.length) }
        }
        return (out, numbers, overlong)
    }

    @Test func bomCRLFAndNoTrailingNewline() throws {
        let (l, n, _) = try lines([0xEF, 0xBB, 0xBF] + Array("a\r\nb\n\nc".utf8))
        #expect(l == ["a", "b", "", "c"])
        #expect(n == [1, 2, 3, 4])
    }

    @Test func emptyFileHasNoLines() throws {
        #expect(try lines([]).0.isEmpty)
    }

    @Test func overlongLinesAreSkippedAndCounted() throws {
        let long = String(repeating: "x", count: 20_000)
        let (l, n, over) = try lines(Array("a\n\(long)\nb\n\(long)".utf8), maximumLineLength: 8192, chunk: 4096)
        #expect(l == ["a", "b"])
        #expect(n == [1, 3])
        #expect(over.map(\.0) == [2, 4])
        #expect(over.allSatisfy { $0.1 == 20_000 })
    }

    @Test func longLinesWithinTheLimitGrowTheBuffer() throws {
        let long = String(repeating: "y", count: 50_000)
        let (l, _, over) = try lines(Array("\(long)\nz\n".utf8), maximumLineLength: 1 << 20, chunk: 4096)
        #expect(l == [long, "z"])
        #expect(over.isEmpty)
    }

    @Test func aDirectoryIsAnError() {
        #expect(throws: LineReader.OpenError.self) { try LineReader(path: FileManager.default.temporaryDirectory.path) }
    }
}

@Suite("CSV records")
struct CSVRecordTests {
    /// `--unsorted` (``LearnerCSVReader/Grouping/anyOrder``): rows anywhere, grouped in memory.
    @Test func unsortedRowsGroupByLearnerInOrderOfFirstAppearance() {
        let csv =
            "learner,unit,achieved,hours\nL2,8578-300,,\nL1,8577-300,2013-06-01,\r\nL2,\"8578-304\",2015-01-01,\nL1,8577-301,,6\n"
        let items = LearnerCSVReader(grouping: .anyOrder).read(Array(csv.utf8))
        guard items.count == 2, case .learner(let a, let la) = items[0], case .learner(let b, let lb) = items[1] else {
            Issue.record("\(items)"); return
        }
        #expect(a.id == "L2" && la == 2 && a.units.map(\.code.rawValue) == ["8578-300", "8578-304"])
        #expect(
            b.id == "L1" && lb == 3 && b.units[0].achieved == CalendarDate(iso: "2013-06-01") && b.units[1].hours == 6)
    }

    @Test func columnsInAnyOrderAndOptional() {
        let items = LearnerCSVReader().read(Array("unit,learner\n8577-300,L1\n".utf8))
        guard case .learner(let l, _) = items.first else { Issue.record("\(items)"); return }
        #expect(l.units.map(\.code.rawValue) == ["8577-300"])
    }

    @Test func badRowsAreRejectedWithTheirLine() {
        let csv = "learner,unit,achieved,hours\nL1,8577-300,June,\nL1,8577-301,,-3\nL1\n,8577-303,,\nL1,8577-303,,\n"
        let items = LearnerCSVReader().read(Array(csv.utf8))
        let rejected = items.compactMap {
            if case .rejected(let line, let m) = $0 { return (line, m) } else { return nil }
        }
        #expect(rejected.map(\.0) == [2, 3, 4, 5])
        #expect(rejected[0].1.contains("'achieved' is 'June', which is not a date written YYYY-MM-DD"))
        #expect(rejected[1].1.contains("expected 0 or more"))
        #expect(rejected[2].1.contains("expected 4 fields"))
        #expect(rejected[0].1.hasSuffix("(learner 'L1' is not evaluated until this row is fixed)"))
        // L1 had rejected rows: not evaluated (its results would look complete without them).
        #expect(items.count == 4)
    }

    @Test func unknownHeaderIsRejected() {
        let items = LearnerCSVReader().read(Array("learner,module\nL1,x\n".utf8))
        guard case .rejected(1, let m) = items.first else { Issue.record("\(items)"); return }
        #expect(m.contains("unknown column 'module'"))
    }

    /// Keys are read as the strings they are: an escaped key means what it decodes to.
    @Test func escapedKeysAreDecoded() throws {
        let l = try LearnerJSONParser().parse(
            Array(#"{"\u0069d":"L1","units":[{"code":"8577-301","hour\u0073":2}],"tutorial_hour\u0073":3}"#.utf8)
        ).get().learner
        #expect(l.id == "L1")
        #expect(l.units.first?.hours == Hours(2))
        #expect(l.tutorialHours == Hours(3))
    }

    /// CSV hours follow the JSON Lines number rules: no exponent past the limit, no hex, at most 1,000,000.
    @Test(arguments: [
        ("1e308", false), ("1000001", false), ("0x6", false), ("0x1p3", false), ("-1", false), ("inf", false),
        ("6", true), ("6.5", true), ("0", true)
    ])
    func csvHoursAreReadLikeJSON(hours: String, accepted: Bool) {
        let items = LearnerCSVReader().read(Array("learner,unit,hours\nA,8577-301,\(hours)\n".utf8))
        let ok = items.contains { if case .learner = $0 { true } else { false } }
        #expect(ok == accepted, "\(hours): \(items)")
    }
}

/// CSV is streamed: each learner's rows together, limits on rows and quoted fields, true line numbers.
@Suite("CSV streaming")
struct CSVStreamingTests {
    func items(_ csv: String, rowLimit: Int = 64 << 20, grouping: LearnerCSVReader.Grouping = .contiguous)
        -> [LearnerCSVReader.Item]
    {
        LearnerCSVReader(grouping: grouping, maximumRowBytes: rowLimit).read(Array(csv.utf8))
    }

    func summary(_ items: [LearnerCSVReader.Item]) -> [String] {
        items.map {
            switch $0 {
            case .learner(let l, let line): "\(line) \(l.id) \(l.units.map(\.code.rawValue).joined(separator: "+"))"
            case .rejected(let line, let m): "\(line) rejected: \(m)"
            case .warning(let line, let m): "\(line) warning: \(m)"
            }
        }
    }

    @Test func contiguousRowsStream() {
        let s = summary(items("learner,unit\nA,8577-300\nA,8577-301\nB,8577-300\n\nC,8578-300\n"))
        #expect(s == ["2 A 8577-300+8577-301", "4 B 8577-300", "6 C 8578-300"])
    }

    @Test func aLearnerWhoseRowsAreApartIsAnErrorNamingBothLines() {
        let s = summary(items("learner,unit\nA,8577-300\nB,8577-300\nA,8577-301\nA,8577-303\nC,8578-300\n"))
        #expect(s.count == 4)
        #expect(s[0] == "2 A 8577-300" && s[1] == "3 B 8577-300" && s[3] == "6 C 8578-300")
        #expect(s[2].hasPrefix("4 rejected: learner 'A' already had rows from line 2"))
        #expect(s[2].contains("these 2 rows") && s[2].contains("sort -s -t, -k1,1") && s[2].contains("--unsorted"))
        // The same file grouped in memory.
        let u = summary(
            items("learner,unit\nA,8577-300\nB,8577-300\nA,8577-301\nA,8577-303\nC,8578-300\n", grouping: .anyOrder))
        #expect(u == ["2 A 8577-300+8577-301+8577-303", "3 B 8577-300", "6 C 8578-300"])
    }

    @Test func anUnclosedQuoteLosesOneRowNotTheFile() {
        let s = summary(items("learner,unit\nA,\"8577-300\nB,8577-301\nC,8577-300\n"))
        #expect(s.count == 3)
        #expect(s[0].hasPrefix("2 rejected: a quoted field that starts on this line is not closed"))
        #expect(s[0].contains("reading goes on from line 3"))
        #expect(Array(s[1...]) == ["3 B 8577-301", "4 C 8577-300"])
    }

    @Test func quotedFieldsMaySpanLinesWithinTheRowLimit() {
        let s = summary(items("learner,unit\n\"A\nB\",8577-300\nC,8577-301\n"))
        #expect(s == ["2 A\nB 8577-300", "4 C 8577-301"])
        // The same quoted field past a 16-byte row limit (line 3 alone is then too long too).
        let t = summary(items("learner,unit\n\"A\nBBBBBBBBBBBB\",8577-300\nC,8577-301\n", rowLimit: 16))
        #expect(t.count == 3, "\(t)")
        #expect(t.first?.hasPrefix("2 rejected: a quoted field") == true)
        #expect(
            t.dropFirst().first?.hasPrefix("3 rejected: the row is 22 bytes long, over the limit of 16") == true, "\(t)"
        )
        #expect(t.last == "4 C 8577-301")
    }

    @Test func anOverlongRowIsReportedAtItsLineAndLaterLinesKeepTheirNumbers() {
        let long = "A," + String(repeating: "x", count: 100)
        let s = summary(items("learner,unit\n\(long)\nB,8577-301\n", rowLimit: 50))
        #expect(s.count == 2)
        #expect(s[0].hasPrefix("2 rejected: the row is 102 bytes long, over the limit of 50"))
        #expect(s[1] == "3 B 8577-301")
    }

    /// The line that would have passed the row limit is read again on its own, not lost.
    @Test func theLineAfterAnUnclosedQuoteIsReadAgain() {
        let s = summary(items("learner,unit\nA,\"8577-300\nB,8577-301\n", rowLimit: 14))
        #expect(s.count == 2, "\(s)")
        #expect(s.first?.hasPrefix("2 rejected: a quoted field") == true)
        #expect(s.last == "3 B 8577-301")
    }

    @Test func noIdLimitMeansNoCheckAndNoWarning() {
        let s = summary(
            LearnerCSVReader(idLimit: 0).read(Array("learner,unit\nA,8577-300\nB,8577-300\nA,8577-301\n".utf8)))
        #expect(s == ["2 A 8577-300", "3 B 8577-300", "4 A 8577-301"])
        let one = summary(LearnerCSVReader(idLimit: 1).read(Array("learner,unit\nA,8577-300\nB,8577-300\n".utf8)))
        #expect(
            one.contains {
                $0.contains("warning: the check that each learner's rows are together stopped after 1 learners")
            })
    }

    @Test func everyBadRowIsReportedWithItsLine() {
        let s = summary(items("learner,unit,hours\nA,8577-300,x\nA,8577-301,\nB,,\n,8577-300,\nC,8577-300,1e308\n"))
        // Every bad row has its line; A (a bad row on line 2) is not evaluated, nor is C.
        #expect(s.map { $0.split(separator: " ").first! } == ["2", "4", "5", "6"])
        #expect(!s.contains { $0.hasPrefix("2 A") })
    }
}
