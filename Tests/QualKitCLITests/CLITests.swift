import Foundation
import Testing

/// End-to-end: the built `qualkit` executable, as a user runs it.
@Suite("qualkit command line", .serialized)
struct CLITests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable sits beside the test bundle in the build folder.
    static var binary: URL? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("qualkit")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let fallback = repo.appendingPathComponent(".build/debug/qualkit")
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }

    struct Run { var status: Int32; var out: String; var err: String }

    static func run(_ args: [String], stdin: String? = nil, in dir: URL? = nil) throws -> Run {
        let p = Process()
        let executable: URL = try #require(binary, "build the qualkit product first (swift build)")
        p.executableURL = executable
        p.arguments = args
        if let dir { p.currentDirectoryURL = dir }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("qk-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    @Test func validatesTheBundledPacks() throws {
        let r = try Self.run(["validate"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("3 of 3 packs valid; 0 errors, 0 warnings"))
        let dirs = try Self.run(["validate", "Specs/8577", "Specs/8578", "Specs/D3/units.yaml"], in: Self.repo)
        #expect(dirs.status == 0, "\(dirs.err)")
    }

    /// A new pack: validated against the bundled packs by default (a progression to a bundled qualification
    /// is accepted, a misspelt one gets "did you mean", a bundled unit code is a clash), on its own with
    /// --no-bundled.
    @Test func validateKnowsTheBundledPacks() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pack = dir.appendingPathComponent("l5")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        func write(progression: String, unit: String = "L5-001") throws {
            try "id: l5\nfamily: L5\nawarding_organisation: AO\nversion: '1'\n".write(to: pack.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
            try "units:\n  - { code: \(unit), title: Unit, level: 5, credits: 6, glh: 20 }\n".write(to: pack.appendingPathComponent("units.yaml"), atomically: true, encoding: .utf8)
            try """
                qualifications:
                  - id: l5-award
                    title: Level 5 Award
                    level: 5
                    credit_value: 6
                    rules:
                      - mandatory: [\(unit)]
                    progression:
                      - qualification: \(progression)

                """.write(to: pack.appendingPathComponent("qualifications.yaml"), atomically: true, encoding: .utf8)
        }
        try write(progression: "8578-certificate-coaching-mentoring")
        let ok = try Self.run(["validate", pack.path])
        #expect(ok.status == 0, "\(ok.err)")
        let alone = try Self.run(["validate", "--no-bundled", pack.path])
        #expect(alone.status == 1)
        #expect(alone.err.contains("[unknown-qualification]"))

        try write(progression: "8578-certificate-coaching-mentorin")
        let typo = try Self.run(["validate", pack.path])
        #expect(typo.status == 1)
        #expect(typo.err.contains("qualifications.yaml:9:24: error: [unknown-qualification] progression names qualification '8578-certificate-coaching-mentorin', which neither this pack nor a loaded pack defines; did you mean '8578-certificate-coaching-mentoring'?"), "\(typo.err)")

        try write(progression: "8578-certificate-coaching-mentoring", unit: "8577-300")
        let clash = try Self.run(["validate", pack.path])
        #expect(clash.status == 1)
        #expect(clash.err.contains("[pack-conflict]"), "\(clash.err)")
    }

    @Test func listsSevenQualificationsAndSixQANsAsJSON() throws {
        let r = try Self.run(["list", "--format", "json"])
        #expect(r.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let packs = try #require(obj["packs"] as? [[String: Any]])
        let quals = packs.flatMap { $0["qualifications"] as! [[String: Any]] }
        #expect(Set(quals.map { $0["id"] as! String }) == [
            "8577-award-coaching", "8577-certificate-coaching", "8577-award-mentoring", "8577-certificate-mentoring",
            "8577-certificate-coaching-mentoring", "8578-certificate-coaching-mentoring", "d3-certificate-professional-workplace-coaches",
        ])
        #expect(Set(quals.compactMap { $0["qan"] as? String }) == ["600/5782/8", "600/5784/1", "600/5783/X", "600/5785/3", "600/5786/5", "601/3698/4"])
    }

    @Test func describesRulesInPlainEnglish() throws {
        let r = try Self.run(["describe", "601/3698/4"])
        #expect(r.status == 0)
        #expect(r.out.contains("One of these 2 routes, met in full"))
        #expect(r.out.contains("At least 10 credits from Group 2 (8578-306, 8578-307)."))
        let bad = try Self.run(["describe", "nope"])
        #expect(bad.status == 2)
    }

    @Test func brokenPackCopiesAreRejectedWithLocations() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, edit) in [
            ("syntax", ("units.yaml", "    credits: 2\n", "    credits: 2\n   glh: [6\n")),
            ("unknown", ("qualifications.yaml", "      - mandatory: [D3.01, D3.02, D3.03, D3.04]", "      - mandatory: [D3.01, D3.02, D3.03, D3.05]")),
            ("credits", ("qualifications.yaml", "    credit_value: 15", "    credit_value: 16")),
        ] {
            let copy = dir.appendingPathComponent(name)
            try FileManager.default.copyItem(at: Self.repo.appendingPathComponent("Specs/D3"), to: copy)
            let file = copy.appendingPathComponent(edit.0)
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.contains(edit.1))
            try text.replacingOccurrences(of: edit.1, with: edit.2).write(to: file, atomically: true, encoding: .utf8)
            let r = try Self.run(["validate", copy.path])
            #expect(r.status == 1, "\(name): \(r.err)")
            let pattern = "\(copy.path)/\(edit.0):[0-9]+:[0-9]+: error: "
            #expect(r.err.range(of: pattern, options: .regularExpression) != nil, "\(name): \(r.err)")
        }
    }

    @Test func evaluatesTheSampleFileWithExitStatusZero() throws {
        let r = try Self.run(["evaluate", "--format", "table", "Samples/learners.jsonl"], in: Self.repo)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("8578-certificate-coaching-mentoring"))
    }

    @Test func exitStatusOneForRejectedRecordsTwoForUsage() throws {
        let r = try Self.run(["evaluate", "-"], stdin: "{\"id\":\"A\"}\n{broken\n")
        #expect(r.status == 1)
        #expect(r.err.contains("<stdin>:2:2: error:"))
        #expect(r.out.split(separator: "\n").count == 7)
        #expect(try Self.run(["evaluate", "--format", "xml", "-"], stdin: "").status == 2)
        #expect(try Self.run(["evaluate", "--qualification", "nope", "-"], stdin: "").status == 2)
        #expect(try Self.run(["evaluate"]).status == 2)
        #expect(try Self.run(["evaluate", "/no/such/file.jsonl"]).status == 1)
    }

    @Test func outputIsWrittenAtomically() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results.jsonl")
        try "old".write(to: out, atomically: true, encoding: .utf8)
        let r = try Self.run(["evaluate", "--qualification", "8577-award-coaching", "--output", out.path, "-"], stdin: "{\"id\":\"A\"}\n")
        #expect(r.status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("{\"learner\":\"A\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["results.jsonl"])   // no temporary left
    }

    @Test func interruptedOutputLeavesTheOldFile() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results.jsonl")
        try "old".write(to: out, atomically: true, encoding: .utf8)
        let p = Process()
        let executable: URL = try #require(Self.binary)
        p.executableURL = executable
        p.arguments = ["evaluate", "--output", out.path, "-"]
        let input = Pipe()
        p.standardInput = input
        p.standardOutput = Pipe()
        p.standardError = Pipe()
        try p.run()
        input.fileHandleForWriting.write(Data("{\"id\":\"A\"}\n".utf8))
        // Wait until the temporary file exists, then interrupt while the command still reads standard input.
        for _ in 0..<100 where (try? FileManager.default.contentsOfDirectory(atPath: dir.path).count) ?? 0 < 2 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        p.interrupt()
        p.waitUntilExit()
        #expect(p.terminationStatus != 0)
        #expect(try String(contentsOf: out, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["results.jsonl"])
    }

    @Test func explainAndGenerate() throws {
        let gen = try Self.run(["generate", "--learners", "50", "--seed", "2"])
        #expect(gen.status == 0)
        #expect(gen.out.split(separator: "\n").count == 50)
        #expect(try Self.run(["generate", "--learners", "50", "--seed", "2"]).out == gen.out)
        let r = try Self.run(["explain", "--learner", "L0000007", "-"], stdin: gen.out)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("Learner L0000007"))
        #expect(r.out.contains("ILM Level 3 Certificate for Professional Workplace Coaches"))
        let csv = try Self.run(["generate", "--learners", "20", "--format", "csv"])
        #expect(csv.out.hasPrefix("learner,unit,achieved,hours\n"))
    }

    @Test func aCopiedBinaryStillHasTheBundledPacks() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("qualkit")
        let executable: URL = try #require(Self.binary)
        try FileManager.default.copyItem(at: executable, to: copy)
        let p = Process()
        p.executableURL = copy
        p.arguments = ["list", "--format", "json"]
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self).contains("d3-certificate-professional-workplace-coaches"))
    }
}
