import Foundation
import QualKitEngine
import Testing
@testable import QualKit
import QualKitCore
@_spi(Engine) @testable import QualKitLearners

/// Versions of a qualification's rules, end to end, on the test pack `Tests/Fixtures/versions/8578`: the
/// bundled 8578 pack with a version 2 from 2016-01-01 that lowers Group 1's minimum from 10 to 7 credits
/// (and the credit value from 16 to 13), withdraws 8578-307 from Group 2 and adds 8578-317, declared
/// equivalent to it. Expected values are worked out from the pack's rules here, not read from the engine.
@Suite("Versions of a qualification's rules")
struct VersionTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixture = repo.appendingPathComponent("Tests/Fixtures/versions/8578").path
    static let registry = try! PackRegistry.bundled().replacing(directory: fixture).registry
    static let evaluator = try! Evaluator(catalog: registry.catalog)
    static let id = QualificationID("8578-certificate-coaching-mentoring")

    /// 8578-300 and 8578-304 (6 mandatory credits) and 8578-302 with its 36 hours of practice (7 credits,
    /// Group 1): 13 credits, enough for version 2's Group 1 minimum of 7, not for version 1's 10.
    static func coaching(_ id: String, registered: String?, exceptions: [LearnerException] = []) -> Learner {
        var l = Learner(
            id: LearnerID(id), registered: registered.flatMap { CalendarDate(iso: $0) }, inductionHours: 1,
            tutorialHours: 4,
            units: [.init(code: "8578-300"), .init(code: "8578-304"), .init(code: "8578-302", hours: 40)])
        l.exceptions = exceptions
        return l
    }

    static func result(_ learner: Learner, _ options: EvaluationOptions = .init()) throws -> EvaluationResult {
        try #require(evaluator.evaluate(learner, against: id, options: options))
    }

    @Test func thePackLoadsWithTwoVersionsAndTheBundledPacksStayAsTheyWere() throws {
        let q = try #require(Self.registry.catalog.qualification(Self.id.rawValue))
        #expect(q.allVersions.map(\.version) == ["1", "2"])
        #expect(q.creditValue == 16 && q.versions[0].creditValue == 13)
        #expect(
            q.units.contains("8578-307") && !q.versions[0].units.contains("8578-307")
                && q.versions[0].units.contains("8578-317"))
        #expect(Self.evaluator.qualifications.count == 7)
        for bundled in try PackRegistry.bundled().catalog.qualifications {
            #expect(!bundled.hasVersions && bundled.version == "1")
        }
    }

    /// The model (`list --format model`) carries the versions and reads back equal; a qualification with one
    /// version is written as before versions existed.
    @Test func theModelRoundTripsWithItsVersions() throws {
        let q = try #require(Self.registry.catalog.qualification(Self.id.rawValue))
        let data = try JSONEncoder().encode(q)
        #expect(try JSONDecoder().decode(Qualification.self, from: data) == q)
        let plain = try #require(try PackRegistry.bundled().catalog.qualification("8577-award-coaching"))
        let text = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!text.contains("version") && !text.contains("registrations"), "\(text)")
    }

    @Test func learnersFollowTheVersionInForceOnTheirRegistrationDate() throws {
        let before = try Self.result(Self.coaching("before", registered: "2015-12-31"))
        #expect(before.version == "1" && !before.achieved && before.requiredCredits == 16)
        #expect(before.unmet.map(\.details) == [.groupMinCredits(group: "group-1", held: 7, required: 10)])
        let after = try Self.result(Self.coaching("after", registered: "2016-01-01"))
        #expect(after.version == "2" && after.achieved && after.requiredCredits == 13 && after.route == "group-1")
        #expect(!before.unchecked.contains(.version) && !after.unchecked.contains(.version))
    }

    @Test func withoutARegistrationDateTheAsOfVersionOrTheLatestIsUsedAndNotChecked() throws {
        let latest = try Self.result(Self.coaching("none", registered: nil))
        #expect(latest.version == "2" && latest.achieved && latest.unchecked.contains(.version))
        let asOf = try Self.result(
            Self.coaching("none", registered: nil), EvaluationOptions(asOf: CalendarDate(iso: "2015-06-30")))
        #expect(asOf.version == "1" && !asOf.achieved && asOf.unchecked.contains(.version))
        let explained = PlainEnglish.explain(
            latest, try #require(Self.evaluator.qualifications.first { $0.id == Self.id }))
        #expect(explained[1].contains("Version 2") && explained[1].contains("not checked"), "\(explained)")
    }

    @Test func aLearnerMayOptInToTheNewRules() throws {
        let move = LearnerException.version("2", of: Self.id, reason: "moved to the new rules")
        let moved = try Self.result(Self.coaching("optin", registered: "2015-06-01", exceptions: [move]))
        #expect(moved.version == "2" && moved.achieved && moved.exceptionsApplied == [move])
        #expect(moved.warnings.isEmpty)
        // Other qualifications do not use it.
        for r in Self.evaluator.evaluate(Self.coaching("optin", registered: "2015-06-01", exceptions: [move]))
        where r.qualification != Self.id {
            #expect(r.exceptionsApplied.isEmpty && r.version == "1")
        }
        // A version the qualification does not have, or two choices, is a problem of the record.
        var wrong = Self.coaching("wrong", registered: nil, exceptions: [.version("3", of: Self.id, reason: "typo")])
        #expect(
            Self.evaluator.problems(in: wrong) == [
                """
                'exceptions[0].version': qualification 8578-certificate-coaching-mentoring has no version '3'; \
                its versions are 1, 2
                """
            ])
        wrong.exceptions = [move, .version("1", of: Self.id, reason: "and back")]
        let ws = Self.evaluator.makeWorkspace()
        ws.beginRecord()
        #expect(ws.addException(wrong.exceptions[0]) == nil)
        #expect(ws.addException(wrong.exceptions[1])?.field == .version)
    }

    /// A learner holding the withdrawn 8578-307 counts it as its equivalent 8578-317 under version 2.
    @Test func theWithdrawnUnitCountsAsItsEquivalentUnderTheNewRules() throws {
        let l = Learner(
            id: "old", registered: CalendarDate(iso: "2016-06-01"), inductionHours: 1, tutorialHours: 4,
            units: [
                .init(code: "8578-300"), .init(code: "8578-304"), .init(code: "8578-306", hours: 36),
                .init(code: "8578-307")
            ])
        let r = try Self.result(l)
        #expect(r.version == "2" && r.achieved && r.route == "group-2" && r.countedUnits.contains("8578-317"))
    }

    @Test func whatIfMovesEveryLearnerAndDiffSaysWhoGains() throws {
        let learners = [
            Self.coaching("before", registered: "2015-03-01"), Self.coaching("after", registered: "2016-03-01"),
            Self.coaching("none", registered: nil)
        ]
        let two = VersionReference(qualification: Self.id, version: "2")
        for l in learners {
            let r = try Self.result(l, EvaluationOptions(whatIf: [two]))
            #expect(r.version == "2" && r.achieved && !r.unchecked.contains(.version))
        }
        let diff = CohortDiff(from: Self.evaluator, to: Self.evaluator, toOptions: EvaluationOptions(whatIf: [two]))
        var bytes: [UInt8] = []
        for l in learners { LearnerGenerator.appendJSON(l, to: &bytes) }
        var changed: [String] = []
        let report = diff.run(LearnerReader(bytes: bytes, name: "l"), threads: 2) { d in
            for c in (try? d.changes.get()) ?? [] { changed.append("\(d.learner) \(c.qualification) \(c.kind)") }
        }
        #expect(changed == ["before 8578-certificate-coaching-mentoring gained"])
        #expect(report.compared == 3)
        // Two versions of one pack set: version 1 against version 2 for everyone.
        let versions = CohortDiff(
            from: Self.evaluator, to: Self.evaluator,
            fromOptions: EvaluationOptions(whatIf: [VersionReference(qualification: Self.id, version: "1")]),
            toOptions: EvaluationOptions(whatIf: [two]))
        #expect(learners.map { versions.changes(for: $0).map(\.kind) } == [[.gained], [.gained], [.gained]])
    }

    /// The byte writer, `ResultEncoding` and `Codable` agree on the version (the round-trip property checks
    /// this over random learners; here the CSV column too).
    @Test func theVersionIsWrittenTheSameByEveryWriter() throws {
        var bytes: [UInt8] = []
        for l in [Self.coaching("before", registered: "2015-03-01"), Self.coaching("after", registered: "2016-03-01")] {
            LearnerGenerator.appendJSON(l, to: &bytes)
        }
        var pipeline = BatchPipeline(evaluator: Self.evaluator, format: .csv, threads: 1)
        pipeline.fields = [.learner, .qualification, .version, .achieved]
        var out: [UInt8] = []
        _ = pipeline.run(LineReader(bytes: bytes, name: "l.jsonl"), write: { out += Array($0) }, diagnose: { _ in })
        let rows = String(decoding: out, as: UTF8.self).split(separator: "\n").filter { $0.contains(Self.id.rawValue) }
        #expect(
            rows == [
                "before,8578-certificate-coaching-mentoring,1,false", "after,8578-certificate-coaching-mentoring,2,true"
            ])
        let r = try Self.result(Self.coaching("after", registered: "2016-03-01"))
        var line: [UInt8] = []
        ResultEncoding.appendJSON(r, to: &line)
        #expect(
            String(decoding: line, as: UTF8.self).contains(
                #""qualification":"8578-certificate-coaching-mentoring","version":"2","achieved":true"#))
        #expect(try JSONDecoder().decode(EvaluationResult.self, from: Data(line)) == r)
        #expect(try JSONDecoder().decode(EvaluationResult.self, from: JSONEncoder().encode(r)).version == "2")
    }

    /// The table counts each version of a qualification with several on its own row.
    @Test func theSummaryHasARowPerVersion() throws {
        var summary = EvaluationSummary(qualifications: Self.evaluator.qualifications)
        let p = try #require(Self.evaluator.qualifications.firstIndex { $0.id == Self.id })
        for l in [
            Self.coaching("a", registered: "2015-03-01"), Self.coaching("b", registered: "2016-03-01"),
            Self.coaching("c", registered: "2017-03-01")
        ] {
            summary.add(try Self.result(l), index: p)
        }
        let rows = summary.rows.filter { $0.qualification == Self.id }
        #expect(rows.map(\.version) == ["1", "2"] && rows.map(\.evaluated) == [1, 2] && rows.map(\.achieved) == [0, 2])
        #expect(summary.render().contains("8578-certificate-coaching-mentoring@2"))
    }
}
