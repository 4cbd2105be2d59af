import Foundation
import QualKit
import Testing

/// `qualkit diff`, end to end (in the serialized command-line suite).
extension CLITests {
    /// A copy of `Specs/` in `dir` with unit 8577-301's `minimum_practice_hours` raised from 6 to 8.
    static func specsWithLongerPractice(in dir: URL) throws -> URL {
        let specs = dir.appendingPathComponent("Specs")
        try FileManager.default.copyItem(at: repo.appendingPathComponent("Specs"), to: specs)
        let units = specs.appendingPathComponent("8577/units.yaml")
        var lines = try String(contentsOf: units, encoding: .utf8).components(separatedBy: "\n")
        let at = try #require(lines.firstIndex(of: "  - code: 8577-301"))
        let hours = try #require(lines[at...].firstIndex { $0.contains("minimum_practice_hours:") })
        #expect(lines[hours].contains("minimum_practice_hours: 6"))
        lines[hours] = "    minimum_practice_hours: 8"
        try lines.joined(separator: "\n").write(to: units, atomically: true, encoding: .utf8)
        return specs
    }

    @Test func diffOfTheBundledPacksAgainstThemselvesChangesNothing() throws {
        let r = try Self.run(
            ["diff", "--from-bundled", "--to-bundled", "--exit-code", "Samples/learners.jsonl"], in: Self.repo)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.isEmpty)
        #expect(r.err.contains("52 learners compared, 0 changed, 0 rejected"))
        let table = try Self.run(
            ["diff", "--from-bundled", "--to-bundled", "--format", "table", "Samples/learners.jsonl"], in: Self.repo)
        #expect(table.status == 0)
        #expect(table.out.hasPrefix("qualification  ") && table.out.contains("8577-award-coaching"))
    }

    /// The edited copy against the bundled packs lists exactly the learners that the library's one-learner
    /// evaluation says change, each with 8577-301 hours in [6, 8); `--exit-code` gives 3.
    @Test func diffListsExactlyTheLearnersAPracticeMinimumAffects() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let specs = try Self.specsWithLongerPractice(in: dir)
        let learners = dir.appendingPathComponent("learners.jsonl")
        #expect(try Self.run(["generate", "--learners", "4000", "--seed", "5", "-o", learners.path]).status == 0)
        let toSpecs = ["8577", "8578", "D3"].flatMap { ["--to-specs", specs.appendingPathComponent($0).path] }
        let r = try Self.run(["diff", "--from-bundled", "--exit-code", "--threads", "3", learners.path] + toSpecs)
        #expect(r.status == 3, "\(r.err.suffix(500))")

        // Expected, from the library's one-learner API over the same records.
        let from = try Evaluator(catalog: PackRegistry.bundled().catalog)
        var edited = PackRegistry()
        for p in ["8577", "8578", "D3"] {
            edited = try edited.adding(directory: specs.appendingPathComponent(p).path).registry
        }
        let to = try Evaluator(catalog: edited.catalog)
        var expected: [String] = []
        for case .success(let l) in try LearnerReader(path: learners.path).map(\.learner) {
            let a = from.evaluate(l), b = to.evaluate(l)
            for (x, y) in zip(a, b)
            where x.achieved != y.achieved || x.credits != y.credits || x.route != y.route
                || Set(x.unmet.map(\.code)) != Set(y.unmet.map(\.code))
            {
                #expect(
                    l.units.contains { $0.code == "8577-301" && ($0.hours?.value).map { $0 >= 6 && $0 < 8 } ?? false })
                expected.append("\(l.id) \(x.qualification) \(x.achieved && !y.achieved ? "lost" : "changed")")
            }
        }
        #expect(expected.count > 20)
        var listed: [String] = []
        for line in r.out.split(separator: "\n") {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(o.keys) == ["learner", "qualification", "change", "from", "to"])
            let to = try #require(o["to"] as? [String: Any])
            #expect(Set(to.keys) == ["achieved", "credits", "route", "unmet"])
            #expect((to["unmet"] as? [String])?.contains("practice-hours") == true)
            listed.append("\(o["learner"]!) \(o["qualification"]!) \(o["change"]!)")
        }
        #expect(listed == expected)

        // The same as CSV, to a file; without --exit-code the status is 0.
        let csv = dir.appendingPathComponent("diff.csv")
        let c = try Self.run(["diff", "--from-bundled", "--format", "csv", "-o", csv.path, learners.path] + toSpecs)
        #expect(c.status == 0)
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        #expect(
            rows.first
                == "learner,qualification,change,from_achieved,from_credits,from_route,from_unmet,to_achieved,to_credits,to_route,to_unmet"
        )
        #expect(rows.count == expected.count + 1)
        #expect(
            c.err.contains("4000 learners compared, \(Set(expected.map { $0.split(separator: " ")[0] }).count) changed")
        )
    }

    @Test func diffWithAQualificationOnOneSideOnly() throws {
        let only = try Self.run(
            [
                "diff", "--from-specs", "Specs/8577", "--to-specs", "Specs/8578", "--exit-code",
                "--qualification", "8577-award-coaching", "--qualification", "8578-certificate-coaching-mentoring",
                "Samples/learners.jsonl"
            ], in: Self.repo)
        #expect(only.status == 3, "\(only.err)")
        let lines = only.out.split(separator: "\n")
        #expect(lines.count == 2 * 52)
        #expect(lines.first?.contains(#""qualification":"8577-award-coaching","change":"removed","from":{"#) == true)
        #expect(lines.first?.hasSuffix(#""to":null}"#) == true)
        #expect(lines.dropFirst().first?.contains(#""change":"added","from":null,"to":{"#) == true)
    }

    /// Two dates over one pack set: the 'to' side takes the 'from' packs; the same date changes nothing.
    @Test func diffOfTwoDates() throws {
        let same = try Self.run(
            [
                "diff", "--from-bundled", "--as-of", "2014-01-01", "--to-bundled", "--exit-code",
                "Samples/learners.jsonl"
            ], in: Self.repo)
        #expect(same.status == 0, "\(same.err)")
        #expect(same.out.isEmpty)
        let r = try Self.run(
            [
                "diff", "--from-bundled", "--from-as-of", "2013-06-01", "--to-as-of", "2016-01-01", "--exit-code",
                "Samples/learners.jsonl"
            ], in: Self.repo)
        #expect(r.status == 3, "\(r.err)")
        let evaluator = try Evaluator(catalog: PackRegistry.bundled().catalog)
        let (d1, d2) = (try CalendarDate("2013-06-01"), try CalendarDate("2016-01-01"))
        var expected: [String] = []
        for case .success(let l) in try LearnerReader(
            path: Self.repo.appendingPathComponent("Samples/learners.jsonl").path
        ).map(\.learner) {
            for (x, y) in zip(
                evaluator.evaluate(l, options: .init(asOf: d1)), evaluator.evaluate(l, options: .init(asOf: d2)))
            where x.achieved != y.achieved || x.credits != y.credits || x.route != y.route
                || Set(x.unmet.map(\.code)) != Set(y.unmet.map(\.code))
            {
                expected.append("\(l.id) \(x.qualification)")
            }
        }
        let listed = try r.out.split(separator: "\n").map { line in
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return "\(o["learner"]!) \(o["qualification"]!)"
        }
        #expect(!expected.isEmpty && listed == expected)
        #expect(!r.err.contains("after-as-of") && !r.err.contains("warning: learner S01"))
        #expect(
            try Self.run(["diff", "--from-bundled", "--as-of", "2014-01-01", "Samples/learners.jsonl"], in: Self.repo)
                .status == 2)
    }

    @Test func diffRejectedRecordsAndUsageErrors() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("l.jsonl")
        try "{\"id\":\"A\",\"units\":[{\"code\":\"8577-300\"}]}\n{\"id\":\"B\",\"units\":3}\n".write(
            to: file, atomically: true, encoding: .utf8)
        // Changes (8578 only on one side) and a rejected record: 1, even with --exit-code.
        let r = try Self.run(
            ["diff", "--from-bundled", "--to-specs", "Specs/8577", "--exit-code", file.path], in: Self.repo)
        #expect(r.status == 1)
        #expect(r.err.contains("l.jsonl:2:"))
        #expect(r.err.contains("1 record rejected, 1 compared"))
        #expect(r.out.contains(#""learner":"A""#))

        #expect(try Self.run(["diff", "--to-bundled", "Samples/learners.jsonl"], in: Self.repo).status == 2)
        #expect(try Self.run(["diff", "--from-bundled", "Samples/learners.jsonl"], in: Self.repo).status == 2)
        let unknown = try Self.run(
            ["diff", "--from-bundled", "--to-bundled", "--qualification", "nope", "Samples/learners.jsonl"],
            in: Self.repo)
        #expect(unknown.status == 2 && unknown.err.contains("nope"))
        #expect(
            try Self.run(
                ["diff", "--from-bundled", "--to-bundled", "--threads", "0", "Samples/learners.jsonl"], in: Self.repo
            ).status == 2)
        // An invalid pack is reported with its location, status 1.
        let broken = dir.appendingPathComponent("broken")
        try FileManager.default.copyItem(at: Self.repo.appendingPathComponent("Specs/8577"), to: broken)
        try "units:\n  - code: [\n".write(
            to: broken.appendingPathComponent("units.yaml"), atomically: true, encoding: .utf8)
        let bad = try Self.run(
            ["diff", "--from-bundled", "--to-specs", broken.path, "Samples/learners.jsonl"], in: Self.repo)
        #expect(bad.status == 1)
        #expect(bad.err.contains("units.yaml:"))
    }
}

/// Versions of a qualification's rules on the command line, with the test pack `Tests/Fixtures/versions/8578`.
extension CLITests {
    static let versionLearners = """
        {"id":"before","registered":"2015-06-01","induction_hours":1,"tutorial_hours":4,"units":[{"code":"8578-300"},{"code":"8578-304"},{"code":"8578-302","hours":40}]}
        {"id":"after","registered":"2016-06-01","induction_hours":1,"tutorial_hours":4,"units":[{"code":"8578-300"},{"code":"8578-304"},{"code":"8578-302","hours":40}]}
        {"id":"nodate","induction_hours":1,"tutorial_hours":4,"units":[{"code":"8578-300"},{"code":"8578-304"},{"code":"8578-302","hours":40}]}
        {"id":"optin","registered":"2015-06-01","induction_hours":1,"tutorial_hours":4,"units":[{"code":"8578-300"},{"code":"8578-304"},{"code":"8578-302","hours":40}],"exceptions":[{"kind":"version","qualification":"8578-certificate-coaching-mentoring","version":"2","reason":"moved"}]}

        """

    @Test func versionsEndToEnd() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("l.jsonl")
        try Data(Self.versionLearners.utf8).write(to: file)
        let pack = Self.repo.appendingPathComponent("Tests/Fixtures/versions/8578").path
        let q = ["--specs", pack, "--qualification", "8578-certificate-coaching-mentoring"]

        #expect(try Self.run(["validate", pack]).status == 0)
        let evaluated = try Self.run(["evaluate", "--fields", "learner,version,achieved,unchecked", file.path] + q)
        #expect(evaluated.status == 0, "\(evaluated.err)")
        #expect(
            evaluated.out.split(separator: "\n") == [
                #"{"learner":"before","version":"1","achieved":false,"unchecked":[]}"#,
                #"{"learner":"after","version":"2","achieved":true,"unchecked":[]}"#,
                #"{"learner":"nodate","version":"2","achieved":true,"unchecked":["version"]}"#,
                #"{"learner":"optin","version":"2","achieved":true,"unchecked":[]}"#
            ])
        let whatIf = try Self.run(
            ["evaluate", "--what-if", "8578-certificate-coaching-mentoring@1", "--fields", "learner,version", file.path]
                + q)
        #expect(whatIf.out.split(separator: "\n").allSatisfy { $0.hasSuffix(#""version":"1"}"#) }, "\(whatIf.out)")
        let unknown = try Self.run(["evaluate", "--what-if", "8578-certificate-coaching-mentoring@3", file.path] + q)
        #expect(
            unknown.status == 2 && unknown.err.contains("has no version '3'; its versions are 1, 2"), "\(unknown.err)")
        let malformed = try Self.run(["evaluate", "--what-if", "8578-certificate-coaching-mentoring", file.path] + q)
        #expect(malformed.status != 0 && malformed.err.contains("is not QUALIFICATION@VERSION"), "\(malformed.err)")

        let diff = try Self.run([
            "diff", "--from-specs", pack, "--to-what-if", "8578-certificate-coaching-mentoring@2",
            "--exit-code", file.path
        ])
        #expect(diff.status == 3, "\(diff.err)")
        #expect(
            diff.out.split(separator: "\n").map { $0.prefix(73) } == [
                #"{"learner":"before","qualification":"8578-certificate-coaching-mentoring""#
            ])
        let two = try Self.run([
            "diff", "--from-specs", pack, "--from-what-if", "8578-certificate-coaching-mentoring@1",
            "--to-what-if", "8578-certificate-coaching-mentoring@2", "--format", "table", file.path
        ])
        #expect(two.out.contains("8578-certificate-coaching-mentoring       4     0"), "\(two.out)")

        let listed = try Self.run(["list", "--specs", pack, "--no-bundled"])
        #expect(listed.out.contains("version 1      16 credits   registrations before 2016-01-01"), "\(listed.out)")
        #expect(listed.out.contains("version 2      13 credits   registrations from 2016-01-01"), "\(listed.out)")
        let described = try Self.run(["describe", "--specs", pack, "601/3698/4"])
        #expect(described.out.contains("Version 2 changes, from version 1:"))
        #expect(
            described.out.contains("- Units withdrawn: 8578-307") && described.out.contains("- Units added: 8578-317"))
        #expect(
            described.out.contains("At least 7 credits from Group 1")
                && described.out.contains("- Credit value: 16 → 13"))
        let one = try Self.run(["describe", "--specs", pack, "--version", "2", "--format", "dot", "601/3698/4"])
        #expect(one.status == 0 && one.out.contains("version 2, 13 credits"), "\(one.out)")
        let explained = try Self.run(["explain", "--specs", pack, "--learner", "optin", file.path])
        #expect(
            explained.out.contains(
                "Version 2 of the rules (registrations from 2016-01-01): by the learner's recorded choice (moved)."),
            "\(explained.out)")
    }
}
