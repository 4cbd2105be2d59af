import Foundation
import Testing

/// The third round of hostile input (#24), end to end.
@Suite("Hostile input, round three", .serialized)
struct HostileInputCLITests {
    typealias CLI = CLITests

    @Test(arguments: [#"\u0041"#, #"t\tb"#, #"q\"uote"#])
    func explainFindsAnIdWrittenWithEscapes(written: String) throws {
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data("\"\(written)\"".utf8), options: .fragmentsAllowed) as? String)
        let file = #"{"id":"\#(written)","units":[{"code":"8577-300"}]}"# + "\n"
        let r = try CLI.run(["explain", "--learner", decoded, "--qualification", "8577-award-coaching", "-"], stdin: file)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("8577-300"))
    }

    @Test func explainWarnsOfAnIdRepeatedWithoutEscapes() throws {
        let file = #"{"id":"\u0041","units":[{"code":"8577-300"}]}"# + "\n" + #"{"id":"A","units":[]}"# + "\n"
        let r = try CLI.run(["explain", "--learner", "A", "--qualification", "8577-award-coaching", "-"], stdin: file)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("<stdin>:2: warning: learner 'A' is also on line 1; explaining line 1"), "\(r.err)")
    }
}

extension HostileInputCLITests {
    static let forged = "W\u{1B}[2J\nfake.jsonl:9: error: forged"

    /// Ids, unit codes and keys reach standard error and explain escaped: no escape sequence, no forged line.
    @Test func controlCharactersInIdsAreEscapedInEveryHumanReadableOutput() throws {
        let id = #"W\u001b[2J\nfake.jsonl:9: error: forged"#
        let file = #"{"id":"\#(id)","units":[{"code":"X\u001b[31m\nfake:1: error: unit"}],"regis\u0007tered":"2013-01-01"}"# + "\n"
        let r = try CLI.run(["evaluate", "--format", "table", "-"], stdin: file)
        #expect(!r.err.isEmpty)
        #expect(!r.err.contains("\u{1B}") && !r.err.contains("\u{07}"), "\(r.err)")
        #expect(!r.err.split(separator: "\n").contains { $0.hasPrefix("fake") }, "\(r.err)")
        #expect(r.err.contains(#"W\u001B[2J\u000Afake.jsonl:9"#), "\(r.err)")
        let x = try CLI.run(["explain", "--learner", Self.forged, "--qualification", "8577-award-coaching", "-"], stdin: file)
        #expect(x.status == 0, "\(x.err)")
        #expect(!x.out.contains("\u{1B}") && !x.out.split(separator: "\n").contains { $0.hasPrefix("fake") }, "\(x.out)")
        #expect(!x.err.contains("\u{1B}"))
        // Not found: the id given is echoed escaped too.
        let missing = try CLI.run(["explain", "--learner", "Z\u{1B}[2J", "-"], stdin: file)
        #expect(missing.status == 1 && !missing.err.contains("\u{1B}") && missing.err.contains(#"Z\u001B[2J"#))
    }

    /// describe's text, from a pack whose titles hold HTML, line breaks and escape sequences.
    @Test func describeEscapesPackText() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pack = dir.appendingPathComponent("p")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try "id: p\nfamily: P\nawarding_organisation: AO\nversion: '1'\n".write(to: pack.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try "units:\n  - { code: P-1, title: \"T\\e[2J\\nfake: error\", level: 3, credits: 3, glh: 9 }\n".write(to: pack.appendingPathComponent("units.yaml"), atomically: true, encoding: .utf8)
        try "qualifications:\n  - id: p-q\n    title: \"<b>Q</b>\\nflowchart %% x\"\n    level: 3\n    credit_value: 3\n    rules:\n      - mandatory: [P-1]\n"
            .write(to: pack.appendingPathComponent("qualifications.yaml"), atomically: true, encoding: .utf8)
        for format in ["text", "mermaid", "dot"] {
            let r = try CLI.run(["describe", "--no-bundled", "--specs", pack.path, "--format", format, "p-q"])
            #expect(r.status == 0, "\(format): \(r.err)")
            #expect(!r.out.contains("\u{1B}") && !r.out.split(separator: "\n").contains { $0.hasPrefix("fake") || $0.hasPrefix("flowchart %%") }, "\(format): \(r.out)")
        }
    }
}

extension HostileInputCLITests {
    /// OWASP's advice on CSV injection: a cell that a spreadsheet would run is quoted with an apostrophe
    /// first; --csv-exact writes it as it is. JSON Lines and CSV input alike.
    @Test func csvCellsThatASpreadsheetWouldRunAreGuarded() throws {
        let ids = [#"=HYPERLINK(\"http://x\",\"y\")"#, "+cmd|x", "-2+3", "@SUM(1+1)"]
        let jsonl = ids.map { #"{"id":"\#($0)","units":[{"code":"8577-300"}]}"# }.joined(separator: "\n") + "\n"
        let q = ["--qualification", "8577-award-coaching", "--fields", "learner,achieved"]
        let r = try CLI.run(["evaluate", "--format", "csv"] + q + ["-"], stdin: jsonl)
        #expect(r.status == 0, "\(r.err)")
        let rows = r.out.split(separator: "\n").dropFirst().map(String.init)
        #expect(rows == [#""'=HYPERLINK(""http://x"",""y"")",false"#, #""'+cmd|x",false"#, #""'-2+3",false"#, #""'@SUM(1+1)",false"#], "\(rows)")
        let exact = try CLI.run(["evaluate", "--format", "csv", "--csv-exact"] + q + ["-"], stdin: jsonl)
        #expect(exact.out.split(separator: "\n").dropFirst().map(String.init) == [#""=HYPERLINK(""http://x"",""y"")",false"#, "+cmd|x,false", "-2+3,false", "@SUM(1+1),false"])
        // From CSV input the same.
        let csv = "learner,unit\n\"=1+1\",8577-300\n"
        let c = try CLI.run(["evaluate", "--input-format", "csv", "--format", "csv"] + q + ["-"], stdin: csv)
        #expect(c.out.contains(#""'=1+1",false"#), "\(c.out)")
    }
}
