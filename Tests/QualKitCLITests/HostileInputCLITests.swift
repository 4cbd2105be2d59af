import Foundation
import Testing

/// The third round of hostile input (#24), end to end.
@Suite("Hostile input, round three", .serialized)
struct HostileInputCLITests {
    typealias CLI = CLITests

    @Test(arguments: [#"\u0041"#, #"t\tb"#, #"q\"uote"#])
    func explainFindsAnIdWrittenWithEscapes(written: String) throws {
        let decoded = try #require(
            try JSONSerialization.jsonObject(with: Data("\"\(written)\"".utf8), options: .fragmentsAllowed) as? String)
        let file = #"{"id":"\#(written)","units":[{"code":"8577-300"}]}"# + "\n"
        let r = try CLI.run(
            ["explain", "--learner", decoded, "--qualification", "8577-award-coaching", "-"], stdin: file)
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
        let file =
            #"{"id":"\#(id)","units":[{"code":"X\u001b[31m\nfake:1: error: unit"}],"regis\u0007tered":"2013-01-01"}"#
            + "\n"
        let r = try CLI.run(["evaluate", "--format", "table", "-"], stdin: file)
        #expect(!r.err.isEmpty)
        #expect(!r.err.contains("\u{1B}") && !r.err.contains("\u{07}"), "\(r.err)")
        #expect(!r.err.split(separator: "\n").contains { $0.hasPrefix("fake") }, "\(r.err)")
        #expect(r.err.contains(#"W\u001B[2J\u000Afake.jsonl:9"#), "\(r.err)")
        let x = try CLI.run(
            ["explain", "--learner", Self.forged, "--qualification", "8577-award-coaching", "-"], stdin: file)
        #expect(x.status == 0, "\(x.err)")
        #expect(
            !x.out.contains("\u{1B}") && !x.out.split(separator: "\n").contains { $0.hasPrefix("fake") }, "\(x.out)")
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
        try "id: p\nfamily: P\nawarding_organisation: AO\nversion: '1'\n".write(
            to: pack.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try "units:\n  - { code: P-1, title: \"T\\e[2J\\nfake: error\", level: 3, credits: 3, glh: 9 }\n".write(
            to: pack.appendingPathComponent("units.yaml"), atomically: true, encoding: .utf8)
        try """
        qualifications:\n  - id: p-q\n    title: \"<b>Q</b>\\nflowchart %% x\"\n    level: 3\n    \
        credit_value: 3\n    rules:\n      - mandatory: [P-1]\n
        """
        .write(to: pack.appendingPathComponent("qualifications.yaml"), atomically: true, encoding: .utf8)
        for format in ["text", "mermaid", "dot"] {
            let r = try CLI.run(["describe", "--no-bundled", "--specs", pack.path, "--format", format, "p-q"])
            #expect(r.status == 0, "\(format): \(r.err)")
            #expect(
                !r.out.contains("\u{1B}")
                    && !r.out.split(separator: "\n").contains { $0.hasPrefix("fake") || $0.hasPrefix("flowchart %%") },
                "\(format): \(r.out)")
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
        #expect(
            rows == [
                #""'=HYPERLINK(""http://x"",""y"")",false"#, #""'+cmd|x",false"#, #""'-2+3",false"#,
                #""'@SUM(1+1)",false"#
            ], "\(rows)")
        let exact = try CLI.run(["evaluate", "--format", "csv", "--csv-exact"] + q + ["-"], stdin: jsonl)
        #expect(
            exact.out.split(separator: "\n").dropFirst().map(String.init) == [
                #""=HYPERLINK(""http://x"",""y"")",false"#, "+cmd|x,false", "-2+3,false", "@SUM(1+1),false"
            ])
        // From CSV input the same.
        let csv = "learner,unit\n\"=1+1\",8577-300\n"
        let c = try CLI.run(["evaluate", "--input-format", "csv", "--format", "csv"] + q + ["-"], stdin: csv)
        #expect(c.out.contains(#""'=1+1",false"#), "\(c.out)")
    }
}

extension HostileInputCLITests {
    /// `qualkit ARGS` under `ulimit -f BLOCKS` in a shell of its own, standard output to `stdout` when given.
    static func limited(_ blocks: Int, _ args: [String], stdout: URL? = nil, in dir: URL) throws -> CLI.Run {
        let binary = try #require(CLI.binary, "build the qualkit product first (swift build)")
        let quoted = ([binary.path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }.joined(
            separator: " ")
        let redirect = stdout.map { " > '\($0.path)'" } ?? ""
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "ulimit -f \(blocks); exec \(quoted)\(redirect)"]
        p.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Run(
            status: p.terminationStatus, out: String(decoding: o, as: UTF8.self),
            err: String(decoding: e, as: UTF8.self))
    }

    static func entries(_ dir: URL) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        return (e.allObjects as? [String] ?? []).sorted()
    }

    /// A file-size limit is a write error: exit 1 with one sentence, never SIGXFSZ (153), and no file left
    /// half-written or temporary; init can run again.
    @Test func aFileSizeLimitIsAWriteErrorForEveryWriter() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = try Self.limited(1, ["schema", "-o", "s"], in: dir)
        #expect(
            schema.status == 1 && schema.err.contains("file too large") && schema.err.split(separator: "\n").count == 1,
            "\(schema.status) \(schema.err)")
        #expect(Self.entries(dir).isEmpty, "\(Self.entries(dir))")
        let initial = try Self.limited(1, ["init", "packs/p"], in: dir)
        #expect(
            initial.status == 1 && initial.err.contains("file too large")
                && !initial.err.contains("NSCocoaErrorDomain"), "\(initial.status) \(initial.err)")
        #expect(
            !Self.entries(dir).contains { $0.hasSuffix(".yaml") || $0.contains("qualkit-") }, "\(Self.entries(dir))")
        let again = try CLI.run(["init", "packs/p"], in: dir)
        #expect(again.status == 0, "\(again.err)")
        // Standard output redirected to a file, and --help.
        let learners = CLI.repo.appendingPathComponent("Samples/learners.jsonl").path
        let evaluate = try Self.limited(
            1, ["evaluate", learners], stdout: dir.appendingPathComponent("out.jsonl"), in: dir)
        #expect(evaluate.status == 1 && evaluate.err.contains("file too large"), "\(evaluate.status) \(evaluate.err)")
        let help = try Self.limited(0, ["--help"], stdout: dir.appendingPathComponent("help.txt"), in: dir)
        #expect(help.status == 1 && help.err.contains("cannot write the output"), "\(help.status) \(help.err)")
        #expect(!Self.entries(dir).contains { $0.contains("qualkit-") })
    }

    /// init and schema onto a file, or no directory: one sentence, no Foundation error dump.
    @Test(arguments: [["init", "afile"], ["schema", "-o", "afile"], ["schema", "-o", ""], ["init", "afile/p"]])
    func writeErrorsAreOneSentence(args: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "x".write(to: dir.appendingPathComponent("afile"), atomically: true, encoding: .utf8)
        let r = try CLI.run(args, in: dir)
        #expect(r.status == 1 || r.status == 2, "\(r.status)")
        #expect(
            r.err.split(separator: "\n").count == 1 && !r.err.contains("NSCocoaErrorDomain")
                && !r.err.contains("Error Domain"), "\(r.err)")
        #expect(Self.entries(dir) == ["afile"], "\(Self.entries(dir))")
    }

    /// A read-only directory (not for root, whom permissions do not stop).
    @Test(.enabled(if: getuid() != 0, "root writes into read-only directories"))
    func aReadOnlyDirectoryIsOneSentence() throws {
        let dir = try CLI.temporaryDirectory()
        defer { chmod(dir.path, 0o755); try? FileManager.default.removeItem(at: dir) }
        let ro = dir.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: ro, withIntermediateDirectories: true)
        chmod(ro.path, 0o555)
        defer { chmod(ro.path, 0o755) }
        for args in [["schema", "-o", "ro/s"], ["init", "ro/p"]] {
            let r = try CLI.run(args, in: dir)
            #expect(
                r.status == 1 && r.err.contains("ermission denied") && r.err.split(separator: "\n").count == 1,
                "\(args): \(r.err)")
        }
    }
}

extension HostileInputCLITests {
    /// A warning that one side of a diff gives says which.
    @Test func diffWarningsSayWhichSide() throws {
        let specs = CLI.repo.appendingPathComponent("Specs/8577").path
        let r = try CLI.run(
            ["diff", "--from-specs", specs, "--to-bundled", "-"],
            stdin: #"{"id":"E","units":[{"code":"D3.01"}]}"# + "\n")
        #expect(
            r.err.contains(
                "unit code 'D3.01' is not defined in any loaded pack; it was ignored (the 'from' side only)"),
            "\(r.err)")
    }
}
