import Foundation
import Testing

/// End-to-end: the built `qualkit` executable, as a user runs it.
@Suite("qualkit command line", .serialized)
struct CLITests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

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
        return Run(
            status: p.terminationStatus, out: String(decoding: o, as: UTF8.self),
            err: String(decoding: e, as: UTF8.self))
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
            try "id: l5\nfamily: L5\nawarding_organisation: AO\nversion: '1'\n".write(
                to: pack.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
            try "units:\n  - { code: \(unit), title: Unit, level: 5, credits: 6, glh: 20 }\n".write(
                to: pack.appendingPathComponent("units.yaml"), atomically: true, encoding: .utf8)
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
        #expect(
            typo.err.contains(
                """
                qualifications.yaml:9:24: error: [unknown-qualification] progression names qualification \
                '8578-certificate-coaching-mentorin', which neither this pack nor a loaded pack defines; did you \
                mean '8578-certificate-coaching-mentoring'?
                """
            ), "\(typo.err)")

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
        #expect(
            Set(quals.map { $0["id"] as! String }) == [
                "8577-award-coaching", "8577-certificate-coaching", "8577-award-mentoring",
                "8577-certificate-mentoring",
                "8577-certificate-coaching-mentoring", "8578-certificate-coaching-mentoring",
                "d3-certificate-professional-workplace-coaches"
            ])
        #expect(
            Set(quals.compactMap { $0["qan"] as? String }) == [
                "600/5782/8", "600/5784/1", "600/5783/X", "600/5785/3", "600/5786/5", "601/3698/4"
            ])
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
            (
                "unknown",
                (
                    "qualifications.yaml", "      - mandatory: [D3.01, D3.02, D3.03, D3.04]",
                    "      - mandatory: [D3.01, D3.02, D3.03, D3.05]"
                )
            ),
            ("credits", ("qualifications.yaml", "    credit_value: 15", "    credit_value: 16"))
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
        let r = try Self.run(
            ["evaluate", "--qualification", "8577-award-coaching", "--output", out.path, "-"], stdin: "{\"id\":\"A\"}\n"
        )
        #expect(r.status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("{\"learner\":\"A\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["results.jsonl"]) // no temporary left
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

    /// The default JSON Lines shape, pinned: codes and details, no sentences, every key always present.
    /// --as-of, exceptions named in plain English by explain, and generated exceptions that read back.
    @Test func asOfAndExceptionsOnTheCommandLine() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("l.jsonl").path
        try Data(
            (#"{"id":"R17","registered":"2017-02-01","units":[{"code":"8577-300","achieved":"2017-06-01"}]}"# + "\n"
                + #"{"id":"X","registered":"2013-02-01","induction_hours":1,"tutorial_hours":2,"units":[{"code":"8577-300","achieved":"2013-06-01"},{"code":"8577-301","achieved":"2013-07-01","hours":6}],"exceptions":[{"kind":"exempt","unit":"8577-303","reason":"RPL: portfolio 2014-03"}]}"#
                + "\n").utf8
        )
        .write(to: URL(fileURLWithPath: file))
        let q = ["--qualification", "8577-award-coaching"]
        // Registered after registration closed: no "achieve …" advice.
        let late = try Self.run(["explain", "--learner", "R17", file] + q)
        #expect(late.status == 0)
        #expect(!late.out.contains("Next: achieve"))
        #expect(late.out.contains("It can no longer be completed"))
        // The exemption completes the award and explain says so.
        let x = try Self.run(["explain", "--learner", "X", file] + q)
        #expect(
            x.out.contains("ACHIEVED")
                && x.out.contains("Unit 8577-303 counts as achieved by exemption (RPL: portfolio 2014-03)."), "\(x.out)"
        )
        // As of a day before 8577-301: not achieved, with the warning.
        let early = try Self.run(
            ["evaluate", "--as-of", "2013-06-30", "--fields", "learner,achieved,deadline,warnings", file] + q)
        #expect(
            early.out.split(separator: "\n").last
                == #"{"learner":"X","achieved":false,"deadline":"2016-02-01","warnings":["unit '8577-301' dated 2013-07-01, after the as-of date 2013-06-30; it does not count"]}"#,
            "\(early.out)")
        #expect(!early.err.contains("as-of date"), "late evidence is listed in the results, not reported: \(early.err)")
        // An exception no qualification uses is reported, once the record is evaluated.
        let unused = dir.appendingPathComponent("u.jsonl").path
        try Data(
            (#"{"id":"U","units":[{"code":"8577-300"}],"exceptions":[{"kind":"exempt","unit":"8577-300","reason":"held anyway"}]}"#
                + "\n").utf8
        )
        .write(to: URL(fileURLWithPath: unused))
        let u = try Self.run(["evaluate", "--format", "table", unused])
        #expect(
            u.err.contains(
                """
                warning: learner U: exception 1 (unit 8577-300 exempt (held anyway)) changes nothing for any \
                qualification evaluated
                """
            ), "\(u.err)")
        // A CSV learner with a rejected row is neither evaluated nor explained.
        let csv = dir.appendingPathComponent("c.csv").path
        try Data(
            "learner,unit,exception_kind,exception_unit,exception_reason\nZ3,8577-300,,,\nZ3,8577-303,,,\nZ3,,exempt,8577-301,\n"
                .utf8
        )
        .write(to: URL(fileURLWithPath: csv))
        let ce = try Self.run(["evaluate", "--qualification", "8577-award-coaching", csv])
        #expect(ce.status == 1 && !ce.out.contains("Z3"), "\(ce.out)")
        #expect(ce.err.contains("c.csv:4: error: 'exception_reason': 'reason' is missing or empty"), "\(ce.err)")
        let cx = try Self.run(["explain", "--learner", "Z3", csv])
        #expect(
            cx.status == 1 && cx.err.contains("c.csv:4: error:") && !cx.out.contains("Next: achieve"),
            "\(cx.out)\(cx.err)")
        let bad = try Self.run(["evaluate", "--as-of", "2013-02-30", file])
        #expect(bad.status == 64 || bad.status == 2, "\(bad.status)")
        #expect(bad.err.contains("--as-of"))
        #expect(
            bad.err.contains("'2013-02-30' is not a date: the day is 30, but February 2013 has 28 days"),
            "\(bad.err)")
        // generate --exceptions: records that read back without errors, some with exceptions applied.
        let gen = try Self.run([
            "generate", "--learners", "400", "--exceptions", "0.5", "-o", dir.appendingPathComponent("g.jsonl").path
        ])
        #expect(gen.status == 0, "\(gen.err)")
        let ev = try Self.run(["evaluate", "--fields", "exceptions_applied", dir.appendingPathComponent("g.jsonl").path]
        )
        #expect(ev.status == 0, "\(ev.err)")
        #expect(ev.out.contains(#""kind":"exempt""#) && ev.out.contains(#""kind":"waive""#))
    }

    /// The fixture pack of #22's cases: evaluate writes the credits that count and the unit that counted as
    /// its equivalent, explain says both, and describe and the diagrams show the class.
    @Test func creditsThatCountAndEquivalentUnitsOnTheCommandLine() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("l.jsonl").path
        try Data(
            (#"{"id":"CAP","units":[{"code":"WN-501"},{"code":"WN-505"},{"code":"WN-401"},{"code":"WN-402"},{"code":"WN-403"},{"code":"WN-502"}]}"#
                + "\n"
                + #"{"id":"EQ","units":[{"code":"WN-501"},{"code":"WN-595"},{"code":"WN-401"},{"code":"WN-502"},{"code":"WN-504"}]}"#
                + "\n").utf8
        ).write(to: URL(fileURLWithPath: file))
        let pack = Self.repo.appendingPathComponent("Tests/Fixtures/why-not").path
        let q = ["--specs", pack, "--qualification", "wn-certificate-level-cap"]
        let ev = try Self.run(["evaluate", "--fields", "learner,credits,counted_credits,counted_as", file] + q)
        #expect(ev.status == 0, "\(ev.err)")
        #expect(
            ev.out == #"{"learner":"CAP","credits":23,"counted_credits":18}"# + "\n"
                + #"{"learner":"EQ","credits":20,"counted_credits":20,"counted_as":[{"held":"WN-595","as":"WN-505"}]}"#
                + "\n",
            "\(ev.out)")
        let csv = try Self.run(
            ["evaluate", "--format", "csv", "--fields", "learner,counted_credits,counted_as", file] + q)
        #expect(csv.out == "learner,counted_credits,counted_as\nCAP,18,\nEQ,20,WN-595>WN-505\n", "\(csv.out)")
        let cap = try Self.run(["explain", "--learner", "CAP", file] + q)
        #expect(
            cap.out.contains(
                """
                Credits: 23 held of the 20 required, but only 18 can count: at most 6 credits at Level 4 or below \
                may count, and 11 are held.
                """
            ), "\(cap.out)")
        #expect(cap.out.contains("Next: achieve WN-504 to complete the units required."), "\(cap.out)")
        let eq = try Self.run(["explain", "--learner", "EQ", file] + q)
        #expect(eq.out.contains("Equivalent units: WN-595 counted as WN-505."), "\(eq.out)")
        let described = try Self.run(["describe", "--specs", pack, "wn-certificate-level-cap"])
        #expect(
            described.out.contains("Equivalent units (each class counts once, as any one of its members):"),
            "\(described.out)")
        let mermaid = try Self.run(["describe", "--format", "mermaid", "--specs", pack, "wn-certificate-level-cap"])
        #expect(mermaid.out.contains("equivalent units: one counts, as any of them"), "\(mermaid.out)")
        let dot = try Self.run(["describe", "--format", "dot", "--specs", pack, "wn-certificate-level-cap"])
        #expect(dot.out.contains("shape=ellipse"), "\(dot.out)")
    }

    @Test func theDefaultJSONLinesShape() throws {
        let r = try Self.run(
            ["evaluate", "--qualification", "8578-certificate-coaching-mentoring", "Samples/learners.jsonl"],
            in: Self.repo)
        let first = try #require(r.out.split(separator: "\n").first)
        #expect(
            first
                == #"{"learner":"S01-award-coaching-complete","qualification":"8578-certificate-coaching-mentoring","version":"1","achieved":false,"credits":0,"counted_credits":0,"required_credits":16,"counted_units":[],"route":"group-1","unmet":[{"code":"missing-mandatory-unit","unit":"8578-300"},{"code":"missing-mandatory-unit","unit":"8578-304"},{"code":"group-min-credits","group":"group-1","held":0,"required":10},{"code":"tutorial-hours","held":2,"required":4}],"next":["8578-300","8578-304","8578-302","8578-303"],"deadline":null,"unchecked":[],"warnings":[],"exceptions_applied":[]}"#
        )
        // --messages adds each requirement's sentence after its code: every key of the old shape.
        let m = try Self.run(
            [
                "evaluate", "--messages", "--qualification", "8578-certificate-coaching-mentoring",
                "Samples/learners.jsonl"
            ], in: Self.repo)
        #expect(
            m.out.split(separator: "\n").first?.contains(
                #"{"code":"missing-mandatory-unit","message":"missing mandatory unit 8578-300","unit":"8578-300"}"#)
                == true)
        #expect(
            m.out.split(separator: "\n").first?.contains(
                #"{"code":"group-min-credits","message":"0 of 10 credits from Group 1","group":"group-1","held":0,"required":10}"#
            ) == true)
    }

    @Test func fieldsSelectAndOrderTheKeys() throws {
        let every = [
            "learner", "qualification", "achieved", "credits", "required_credits", "counted_units", "route", "unmet",
            "next", "unchecked", "warnings"
        ]
        for fields in [every, every.reversed(), ["learner", "qualification", "achieved", "credits"], ["unmet"]] {
            for format in ["jsonl", "csv"] {
                let r = try Self.run(
                    [
                        "evaluate", "--format", format, "--fields", fields.joined(separator: ","),
                        "Samples/learners.jsonl"
                    ], in: Self.repo)
                let lines = r.out.split(separator: "\n")
                #expect(lines.count > 10)
                if format == "csv" {
                    #expect(lines[0] == Substring(fields.joined(separator: ",")))
                } else {
                    for line in lines {
                        let object = try #require(
                            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                        #expect(Set(object.keys) == Set(fields))
                        // Keys in the order asked for.
                        let positions = fields.map { line.range(of: "\"\($0)\":")!.lowerBound }
                        #expect(positions == positions.sorted())
                    }
                }
            }
        }
    }

    @Test func whereFiltersResultsButTheTableCountsAll() throws {
        let all = try Self.run(["evaluate", "--fields", "achieved", "Samples/learners.jsonl"], in: Self.repo).out.split(
            separator: "\n")
        let yes = try Self.run(
            ["evaluate", "--fields", "achieved", "--where", "achieved", "Samples/learners.jsonl"], in: Self.repo
        ).out.split(separator: "\n")
        let no = try Self.run(
            [
                "evaluate", "--format", "csv", "--fields", "achieved", "--where", "not-achieved",
                "Samples/learners.jsonl"
            ], in: Self.repo
        ).out.split(separator: "\n")
        #expect(!yes.isEmpty && yes.allSatisfy { $0 == #"{"achieved":true}"# })
        #expect(no.dropFirst().allSatisfy { $0 == "false" })
        #expect(yes.count + no.count - 1 == all.count)
    }

    @Test(arguments: [
        (
            ["evaluate", "--fields", "learner,qualifcation", "Samples/learners.jsonl"],
            "unknown field 'qualifcation'; did you mean 'qualification'?"
        ),
        (["evaluate", "--fields", "learner,learner", "Samples/learners.jsonl"], "'learner' is given twice"),
        (
            ["evaluate", "--format", "table", "--fields", "learner", "Samples/learners.jsonl"],
            "--fields applies to jsonl and csv"
        ),
        (["evaluate", "--format", "csv", "--messages", "Samples/learners.jsonl"], "--messages applies to jsonl"),
        (["evaluate", "--where", "maybe", "Samples/learners.jsonl"], "maybe")
    ])
    func outputFlagsAreChecked(args: [String], message: String) throws {
        let r = try Self.run(args, in: Self.repo)
        #expect(r.status == 2, "\(r.err)")
        #expect(r.err.contains(message), "\(r.err)")
    }

    @Test func csvIsStreamedAndRowsApartNeedUnsorted() throws {
        let csv = "learner,unit\nA,8577-300\nB,8577-300\nA,8577-301\n"
        let streamed = try Self.run(
            ["evaluate", "--input-format", "csv", "--format", "csv", "--qualification", "8577-award-coaching", "-"],
            stdin: csv)
        #expect(streamed.status == 1)
        #expect(streamed.err.contains("<stdin>:4: error: learner 'A' already had rows from line 2"))
        #expect(streamed.err.contains("--unsorted"))
        #expect(streamed.out.split(separator: "\n").count == 3) // header, A (line 2), B
        let grouped = try Self.run(
            [
                "evaluate", "--unsorted", "--input-format", "csv", "--format", "csv", "--qualification",
                "8577-award-coaching", "-"
            ], stdin: csv)
        #expect(grouped.status == 0, "\(grouped.err)")
        #expect(grouped.out.contains("A,8577-award-coaching,false,7,7,10,,8577-300;8577-301,")) // both of A's units
        // explain keeps the one learner's rows wherever they are: A is explained with both units.
        let explained = try Self.run(
            ["explain", "--input-format", "csv", "--learner", "A", "--qualification", "8577-award-coaching", "-"],
            stdin: csv)
        #expect(explained.status == 0, "\(explained.err)")
        #expect(explained.out.contains("Learner A"))
        #expect(explained.out.contains("Credits: 7 held of the 10 required."), "\(explained.out)")
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

    // MARK: - Output files

    /// Runs `mknod` or `mkfifo` (tests make their own nodes in a temporary folder, never touching /dev).
    static func makeNode(_ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        try p.run(); p.waitUntilExit()
        try #require(
            p.terminationStatus == 0, "\(args.joined(separator: " ")) failed (device nodes need root; CI runs as root)")
    }

    static func fileType(_ path: String) throws -> FileAttributeType? {
        try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
    }

    @Test func aSymlinkTargetIsRefusedAndWhatItPointsToIsUnchanged() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let victim = dir.appendingPathComponent("victim.txt"), link = dir.appendingPathComponent("results.jsonl")
        try "keep me\n".write(to: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: victim)
        let r = try Self.run(["evaluate", "-o", link.path, "Samples/learners.jsonl"], in: Self.repo)
        #expect(r.status == 1)
        #expect(r.err.contains("is a symbolic link"), "\(r.err)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me\n")
        #expect(try Self.fileType(link.path) == .typeSymbolicLink)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["results.jsonl", "victim.txt"])
    }

    @Test func theOldFilesPermissionsAreKept() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results.csv")
        try "old\n".write(to: out, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: out.path)
        let r = try Self.run(["evaluate", "--format", "csv", "-o", out.path, "Samples/learners.jsonl"], in: Self.repo)
        #expect(r.status == 0, "\(r.err)")
        #expect((try FileManager.default.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("learner,"))
    }

    /// A character device made in a temporary folder (the null and full devices' numbers): written through,
    /// never replaced; a full device is a failure (exit 1), for evaluate and for list alike.
    @Test func devicesAreWrittenThroughAndAFullOneFails() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let null = dir.appendingPathComponent("null"), full = dir.appendingPathComponent("full")
        try Self.makeNode(["mknod", null.path, "c", "1", "3"])
        try Self.makeNode(["mknod", full.path, "c", "1", "7"])
        let ok = try Self.run(["evaluate", "-o", null.path, "Samples/learners.jsonl"], in: Self.repo)
        #expect(ok.status == 0, "\(ok.err)")
        #expect(try Self.fileType(null.path) == .typeCharacterSpecial)
        let bad = try Self.run(["evaluate", "-o", full.path, "Samples/learners.jsonl"], in: Self.repo)
        #expect(bad.status == 1, "\(bad.err)")
        #expect(try Self.fileType(full.path) == .typeCharacterSpecial)
        // no temporary left
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["full", "null"])

        // Standard output on the full device: list, describe and explain exit 1 too.
        for args in [
            ["list"], ["describe", "601/3698/4"],
            ["explain", "--learner", "S01-award-coaching-complete", "Samples/learners.jsonl"]
        ] {
            let p = Process()
            p.executableURL = Self.binary
            p.arguments = args
            p.currentDirectoryURL = Self.repo
            p.standardOutput = try FileHandle(forWritingTo: full)
            p.standardError = FileHandle.nullDevice
            try p.run(); p.waitUntilExit()
            #expect(p.terminationStatus == 1, "\(args[0]) exited \(p.terminationStatus) writing to a full device")
        }
    }

    @Test func aFIFOIsWrittenThrough() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe")
        try Self.makeNode(["mkfifo", fifo.path])
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        reader.arguments = ["cat", fifo.path]
        let got = Pipe()
        reader.standardOutput = got
        try reader.run()
        let r = try Self.run(
            ["evaluate", "--format", "table", "-o", fifo.path, "Samples/learners.jsonl"], in: Self.repo)
        let text = String(decoding: got.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(r.status == 0, "\(r.err)")
        #expect(text.contains("8578-certificate-coaching-mentoring"))
        #expect(try Self.fileType(fifo.path) == .typeUnknown || (try Self.fileType(fifo.path)) != .typeRegular)
    }

    @Test func aDirectoryIsNotAnOutputFile() throws {
        let r = try Self.run(["evaluate", "-o", "Samples/", "Samples/learners.jsonl"], in: Self.repo)
        #expect(r.status == 1)
        #expect(r.err.contains("names a directory"), "\(r.err)")
    }

    @Test(arguments: [
        (["evaluate", "--threads", "100000", "Samples/learners.jsonl"], "--threads must be from 1 to 256"),
        (["evaluate", "--threads", "0", "Samples/learners.jsonl"], "--threads must be from 1 to 256"),
        (["evaluate", "--duplicate-limit=-1", "Samples/learners.jsonl"], "--duplicate-limit must be 0 or more"),
        (["evaluate", "--no-bundled", "Samples/learners.jsonl"], "--no-bundled leaves no qualifications"),
        (["list", "--no-bundled"], "--no-bundled leaves no qualifications")
    ])
    func countsAndEmptyRunsAreUsageErrors(args: [String], message: String) throws {
        let r = try Self.run(args, in: Self.repo)
        #expect(r.status == 2, "\(args): \(r.status) \(r.err)")
        #expect(r.err.contains(message), "\(r.err)")
    }

    /// `--threads 100000` is refused before any thread or buffer exists: under a 2 GB address-space limit
    /// (a run that started 100,000 workers would need far more) it still exits 2 with the usage message.
    @Test func tooManyThreadsAreRefusedUnderAMemoryLimit() throws {
        let executable: URL = try #require(Self.binary)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = [
            "-c", "ulimit -v 2097152 && exec \"$0\" evaluate --threads 100000 Samples/learners.jsonl", executable.path
        ]
        p.currentDirectoryURL = Self.repo
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 2, "\(e)")
        #expect(e.contains("--threads must be from 1 to 256"))
    }

    /// A closed standard input is an error (exit 1); an empty one is 0 learners (exit 0).
    @Test func aClosedStandardInputIsAnError() throws {
        let binary = try #require(Self.binary?.path)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "\"$0\" evaluate - <&-", binary]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        #expect(p.terminationStatus == 1)
        #expect(
            String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains(
                "standard input is closed"))
        let empty = try Self.run(["evaluate", "-"], stdin: "")
        #expect(empty.status == 0, "\(empty.err)")
    }

    /// A NUL or a line break in an id (escaped in JSON) never reaches CSV output as a raw byte.
    @Test func controlCharactersInIdsAreEscapedInCSV() throws {
        let r = try Self.run(
            ["evaluate", "--format", "csv", "--qualification", "8577-award-coaching", "-"],
            stdin: #"{"id":"A\u0000B,\nC","units":[]}"# + "\n" + #"{"id":"D\u007f","units":[]}"# + "\n")
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!r.out.utf8.contains(0) && !r.out.utf8.contains(0x7F))
        #expect(lines[1].hasPrefix(#""A\u0000B,\u000AC","#), "\(lines)")
        #expect(lines[2].hasPrefix(#"D\u007F,"#), "\(lines)")
        #expect(lines.count == 4) // header, two rows, and the final newline
    }

    /// Escaped keys count (2 hours is below 8577-301's 6-hour minimum), and ids are compared decoded.
    @Test func escapedKeysAndIdsAreReadAsTheirText() throws {
        let r = try Self.run(
            ["evaluate", "--qualification", "8577-award-coaching", "-"],
            stdin: [
                #"{"id":"L1","tutorial_hours":2,"units":[{"code":"8577-300"},{"code":"8577-301","hour\u0073":2},{"code":"8577-303"}]}"#,
                #"{"id":"\u0041","units":[]}"#, #"{"id":"A","units":[]}"#
            ].joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.split(separator: "\n").first?.contains(#""achieved":false"#) == true)
        #expect(r.err.contains("<stdin>:3: warning: duplicate learner id: line 2 has the same id"), "\(r.err)")
    }

    /// A UTF-16 learner file gets one diagnostic naming the encoding, not an error on every line.
    @Test func aUTF16FileIsNamedOnce() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("learners.jsonl")
        var data = Data([0xFF, 0xFE])
        data.append(#"{"id":"A"}"#.data(using: .utf16LittleEndian)!)
        try data.write(to: file)
        for command in ["evaluate", "explain"] {
            let r = try Self.run(
                command == "evaluate" ? ["evaluate", file.path] : ["explain", "--learner", "A", file.path])
            #expect(r.status == 1)
            #expect(
                r.err
                    == """
                    qualkit: '\(file.path)' is UTF-16 text (it starts with a UTF-16 byte-order mark); learner \
                    files are UTF-8: save it as UTF-8\n
                    """,
                "\(r.err)")
        }
    }

    /// explain: a record that names the learner but is malformed is reported as such (not "no learner");
    /// a repeated id is a warning naming both lines.
    @Test func explainSaysWhyItCannotExplain() throws {
        let broken = try Self.run(
            ["explain", "--learner", "A", "-"], stdin: #"{"id":"A","units":[{"code":"8577-300","hours":-1}]"#)
        #expect(broken.status == 1)
        #expect(broken.err.contains("<stdin>:1:") && broken.err.contains("this record mentions 'A'"), "\(broken.err)")
        let twice = try Self.run(
            ["explain", "--learner", "A", "-"],
            stdin: #"{"id":"A","units":[]}"# + "\n" + #"{"id":"A","units":[{"code":"8577-300"}]}"# + "\n")
        #expect(twice.status == 0, "\(twice.err)")
        #expect(
            twice.err.contains("<stdin>:2: warning: learner 'A' is also on line 1; explaining line 1"), "\(twice.err)")
    }
}
