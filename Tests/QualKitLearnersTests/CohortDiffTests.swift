import Foundation
import Testing
@testable import QualKit
import QualKitCore
@_spi(Engine) @testable import QualKitLearners

@Suite("Cohort diff")
struct CohortDiffTests {
    static let registry = try! PackRegistry.bundled()
    static let evaluator = try! Evaluator(catalog: registry.catalog)
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `count` generated learners as JSON Lines.
    static func learners(_ count: Int, seed: UInt64 = 7) -> [Learner] {
        let gen = LearnerGenerator(catalog: registry.catalog, seed: seed)
        return (0..<count).map { gen.learner($0) }
    }

    static func jsonLines(_ learners: [Learner]) -> [UInt8] {
        var text: [UInt8] = []
        for l in learners { LearnerGenerator.appendJSON(l, to: &text) }
        return text
    }

    /// Runs `diff` over `bytes`, returning what was delivered and the report.
    static func run(_ diff: CohortDiff, _ bytes: [UInt8], threads: Int = 2, format: LearnerFileFormat = .jsonLines) -> (
        [LearnerDiff], CohortDiffReport
    ) {
        var out: [LearnerDiff] = []
        let report = diff.run(LearnerReader(bytes: bytes, name: "learners", format: format), threads: threads) {
            out.append($0)
        }
        return (out, report)
    }

    /// A copy of `Specs/` in a temporary directory with unit 8577-301's `minimum_practice_hours` raised from
    /// 6 to 8, loaded on its own (the three packs of the copy, no bundled pack).
    static func editedSpecs() throws -> (PackRegistry, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-diff-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: repo.appendingPathComponent("Specs"), to: dir)
        let units = dir.appendingPathComponent("8577/units.yaml")
        let text = try String(contentsOf: units, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let at = try #require(lines.firstIndex(of: "  - code: 8577-301"))
        let hours = try #require(lines[at...].firstIndex { $0.contains("minimum_practice_hours:") })
        var edited = lines
        edited[hours] = "    minimum_practice_hours: 8"
        #expect(lines[hours].contains("minimum_practice_hours: 6"))
        try edited.joined(separator: "\n").write(to: units, atomically: true, encoding: .utf8)
        var registry = PackRegistry()
        for pack in ["8577", "8578", "D3"] {
            registry = try registry.adding(directory: dir.appendingPathComponent(pack).path).registry
        }
        return (registry, dir)
    }

    /// What the public one-learner API says changes, compared field by field here.
    static func expectedChanges(
        _ l: Learner, from: Evaluator, to: Evaluator, fromOptions: EvaluationOptions = .init(),
        toOptions: EvaluationOptions = .init()
    ) -> [QualificationID: QualificationChange.Kind] {
        let a = Dictionary(uniqueKeysWithValues: from.evaluate(l, options: fromOptions).map { ($0.qualification, $0) })
        let b = Dictionary(uniqueKeysWithValues: to.evaluate(l, options: toOptions).map { ($0.qualification, $0) })
        var out: [QualificationID: QualificationChange.Kind] = [:]
        for id in Set(a.keys).union(b.keys) {
            switch (a[id], b[id]) {
            case let (x?, y?):
                guard
                    x.achieved != y.achieved || x.credits != y.credits || x.route != y.route
                        || Set(x.unmet.map(\.code)) != Set(y.unmet.map(\.code))
                else { continue }
                out[id] = x.achieved == y.achieved ? .changed : y.achieved ? .gained : .lost
            case (_?, nil): out[id] = .removed
            case (nil, _?): out[id] = .added
            case (nil, nil): break
            }
        }
        return out
    }

    @Test func thePacksAgainstThemselvesChangeNothing() {
        let learners = Self.learners(3000)
        let (out, report) = Self.run(
            CohortDiff(from: Self.evaluator, to: Self.evaluator), Self.jsonLines(learners), threads: 3)
        #expect(out.isEmpty, "\(out.prefix(3))")
        #expect(report.compared == learners.count)
        #expect(!report.hasChanges && report.rejected == 0)
        #expect(report.qualifications.map(\.qualification) == Self.evaluator.qualifications.map(\.id))
        #expect(report.qualifications.allSatisfy { q in QualificationChange.Kind.allCases.allSatisfy { q[$0] == 0 } })
    }

    /// Unit 8577-301's practice minimum raised from 6 to 8 hours: exactly the learners that the one-learner
    /// API says change are listed, each of them lists 8577-301 with hours in [6, 8), and every learner with
    /// such hours and no other evidence for the unit, for whom the unit counted before, is among them.
    @Test func raisingAPracticeMinimumListsExactlyTheLearnersAffected() throws {
        let (edited, dir) = try Self.editedSpecs()
        defer { try? FileManager.default.removeItem(at: dir) }
        let to = try Evaluator(catalog: edited.catalog)
        let learners = Self.learners(6000, seed: 21)
        var diff = CohortDiff(from: Self.evaluator, to: to)
        diff.batchLines = 700
        let (out, report) = Self.run(diff, Self.jsonLines(learners), threads: 3)
        #expect(report.rejected == 0 && report.compared == learners.count)

        let unit = UnitCode("8577-301")
        var expected: [String: [QualificationID: QualificationChange.Kind]] = [:]
        var counted = 0
        for l in learners {
            let e = Self.expectedChanges(l, from: Self.evaluator, to: to)
            let entries = l.units.filter { $0.code == unit }
            let inBand = entries.contains { ($0.hours?.value).map { $0 >= 6 && $0 < 8 } ?? false }
            let otherwiseAchieved = entries.contains { ($0.hours?.value).map { $0 >= 8 } ?? true }
            if !e.isEmpty {
                expected[l.id.rawValue] = e
                #expect(inBand, "\(l.id) changed without 8577-301 hours in [6, 8)")
            }
            let countedIt = Self.evaluator.evaluate(l).contains { $0.countedUnits.contains(unit) }
            if inBand && !otherwiseAchieved && countedIt {
                counted += 1
                #expect(
                    expected[l.id.rawValue] != nil,
                    "\(l.id) counted 8577-301 with hours in [6, 8) but is not affected")
            }
        }
        #expect(counted > 50, "the generated set should hold learners in the band")
        var listed: [String: [QualificationID: QualificationChange.Kind]] = [:]
        for d in out {
            let changes = try d.changes.get()
            #expect(!changes.isEmpty)
            listed[d.learner.rawValue] = Dictionary(uniqueKeysWithValues: changes.map { ($0.qualification, $0.kind) })
            for c in changes {
                let (f, t) = (try #require(c.from), try #require(c.to))
                #expect(t.unmet.contains(.practiceHours) && !f.unmet.contains(.practiceHours))
                #expect(t.credits < f.credits)
            }
        }
        #expect(listed == expected)
        #expect(out.map(\.line) == out.map(\.line).sorted())
        let lost = report.qualifications.reduce(0) { $0 + $1.lost },
            changed = report.qualifications.reduce(0) { $0 + $1.changed }
        #expect(lost + changed == expected.values.reduce(0) { $0 + $1.count })
        #expect(report.qualifications.allSatisfy { $0.gained == 0 && $0.added == 0 && $0.removed == 0 })
        #expect(report.changedLearners == expected.count)
    }

    @Test func aQualificationOnOneSideOnlyIsAddedOrRemoved() throws {
        let ids = Self.evaluator.qualifications.map(\.id)
        let from = try Evaluator(catalog: Self.registry.catalog, only: [ids[0], ids[1]])
        let to = try Evaluator(catalog: Self.registry.catalog, only: [ids[2], ids[1]])
        let diff = CohortDiff(from: from, to: to)
        #expect(diff.qualifications == [ids[0], ids[1], ids[2]])
        let learners = Self.learners(500)
        let (out, report) = Self.run(diff, Self.jsonLines(learners))
        #expect(out.count == learners.count)
        for (d, l) in zip(out, learners) {
            #expect(d.learner == l.id)
            let changes = try d.changes.get()
            #expect(changes.map(\.qualification) == [ids[0], ids[2]])
            #expect(changes.map(\.kind) == [.removed, .added])
            #expect(changes[0].to == nil && changes[1].from == nil)
            let r = try #require(Self.evaluator.evaluate(l, against: ids[2]))
            #expect(changes[1].to == QualificationChange.Side(r))
        }
        #expect(report.qualifications.map(\.removed) == [learners.count, 0, 0])
        #expect(report.qualifications.map(\.added) == [0, 0, learners.count])
        #expect(report.changedLearners == learners.count)
    }

    /// Unreadable records and records one side rejects are counted and delivered in place; the others are
    /// compared. A unit code only one side defines is a warning of that record; one both sides lack is
    /// counted, not delivered.
    @Test func rejectedRecordsAreCountedAndDelivered() throws {
        let withD3 = Self.evaluator
        let withoutD3 = try Evaluator(catalog: PackRegistry.bundled(excluding: ["ilm-d3"]).catalog)
        let text = """
            {"id":"A","units":[{"code":"8577-300"}]}
            {"id":"B","units":3}
            {"id":"C","assessments":[{"id":"d3-work-based-assignment","marks":[1,2]}]}

            not json
            {"id":"D","units":[{"code":"8577-300"},{"code":"X-1"}]}
            {"id":"E","units":[{"code":"D3.01"}]}
            """
        let (out, report) = Self.run(CohortDiff(from: withoutD3, to: withD3), Array(text.utf8))
        #expect(report.rejected == 3)
        #expect(report.compared == 3)
        #expect(out.map(\.line) == [1, 2, 3, 5, 6, 7])
        guard out.count == 6 else { return }
        #expect(throws: LearnerRecordError.self) { try out[1].changes.get() }
        guard case .failure(let c) = out[2].changes else { Issue.record("C should be rejected"); return }
        #expect(c.message.contains("with the 'to' packs only") && c.description.hasPrefix("learners:3:"))
        guard case .failure(let e) = out[3].changes else { Issue.record("line 5 should be rejected"); return }
        #expect(e.line == 5)
        // D3 is added for A and D; X-1 is unknown to both sides: counted, not delivered.
        #expect(try out[4].changes.get().map(\.kind) == [.added])
        #expect(out[4].warnings.isEmpty)
        #expect(
            out[5].warnings.map(\.kind) == [.unknownUnit] && out[5].warnings.first?.message.contains("D3.01") == true)
        #expect(out[5].warningSides == [.from], "D3.01 is unknown to the 'from' side only (#24)")
        #expect(report.warnings == 2)
    }

    /// Changes come back in input order, the same for one thread or several and small or large batches,
    /// from JSON Lines or CSV.
    @Test func outputKeepsInputOrderWithSeveralThreads() throws {
        let ids = Self.evaluator.qualifications.map(\.id)
        let to = try Evaluator(catalog: Self.registry.catalog, only: Array(ids.dropFirst()))
        let learners = Self.learners(5000, seed: 3)
        let bytes = Self.jsonLines(learners)
        var reference: [LearnerDiff]?
        for (threads, batch) in [(1, 100_000), (4, 333), (3, 8192)] {
            var diff = CohortDiff(from: Self.evaluator, to: to)
            diff.batchLines = batch
            let (out, report) = Self.run(diff, bytes, threads: threads)
            #expect(out.map(\.learner) == learners.map(\.id), "threads \(threads), batch \(batch)")
            #expect(report.compared == learners.count)
            if let reference { #expect(out == reference) } else { reference = out }
        }
        var csv = Array(LearnerGenerator.csvHeader.utf8)
        let gen = LearnerGenerator(catalog: Self.registry.catalog, seed: 3)
        for l in learners { gen.appendCSV(l, to: &csv) }
        var diff = CohortDiff(from: Self.evaluator, to: to)
        diff.batchLines = 500
        let (out, _) = Self.run(diff, csv, threads: 3, format: .csv)
        let csvIDs = out.map(\.learner)
        #expect(csvIDs == csvIDs.sorted() && !csvIDs.isEmpty)
        #expect(out.map(\.line) == out.map(\.line).sorted())
    }

    /// One pack set at two dates: the options are what is compared. The same date on both sides changes
    /// nothing; two dates list exactly the learners the one-learner API evaluates differently.
    @Test func twoDatesOverOnePackSet() throws {
        let learners = Self.learners(3000, seed: 9)
        let bytes = Self.jsonLines(learners)
        let (d1, d2) = (try CalendarDate("2013-09-01"), try CalendarDate("2015-01-01"))
        let same = CohortDiff(
            from: Self.evaluator, to: Self.evaluator, fromOptions: .init(asOf: d1), toOptions: .init(asOf: d1))
        let (none, sameReport) = Self.run(same, bytes, threads: 3)
        #expect(none.isEmpty && !sameReport.hasChanges)

        let diff = CohortDiff(
            from: Self.evaluator, to: Self.evaluator, fromOptions: .init(asOf: d1), toOptions: .init(asOf: d2))
        let (out, report) = Self.run(diff, bytes, threads: 3)
        var expected: [String: [QualificationID: QualificationChange.Kind]] = [:]
        for l in learners {
            let e = Self.expectedChanges(
                l, from: Self.evaluator, to: Self.evaluator, fromOptions: .init(asOf: d1), toOptions: .init(asOf: d2))
            if !e.isEmpty { expected[l.id.rawValue] = e }
        }
        #expect(expected.count > 100)
        var listed: [String: [QualificationID: QualificationChange.Kind]] = [:]
        for d in out {
            listed[d.learner.rawValue] = Dictionary(
                uniqueKeysWithValues: try d.changes.get().map { ($0.qualification, $0.kind) })
        }
        #expect(listed == expected)
        #expect(out.allSatisfy { $0.warnings.isEmpty }, "after-as-of warnings are counted, not delivered")
        #expect(report.qualifications.contains { $0.gained > 0 })
    }

    @Test func oneLearner() throws {
        let (edited, dir) = try Self.editedSpecs()
        defer { try? FileManager.default.removeItem(at: dir) }
        let diff = CohortDiff(from: Self.evaluator, to: try Evaluator(catalog: edited.catalog))
        let learner = Learner(
            id: "L1", inductionHours: 1, tutorialHours: 2,
            units: [.init(code: "8577-300"), .init(code: "8577-301", hours: 7), .init(code: "8577-303")])
        let changes = diff.changes(for: learner)
        #expect(changes.map(\.qualification) == ["8577-award-coaching"])
        #expect(changes.first?.kind == .lost)
        #expect(changes.first?.to?.unmet == [.practiceHours])
        #expect(diff.changes(for: Learner(id: "L2", units: [.init(code: "8577-301", hours: 9)])).isEmpty)
    }

    @Test func summaryTable() {
        var report = CohortDiffReport(qualifications: [QualificationDiffSummary(qualification: "q-1", title: "Q")])
        report.qualifications[0].lost = 12
        report.compared = 40
        report.changedLearners = 12
        #expect(
            report.render() == """
                qualification  gained  lost  changed  added  removed
                -------------  ------  ----  -------  -----  -------
                q-1                 0    12        0      0        0
                40 learners compared, 12 changed, 0 rejected

                """)
    }
}
