import Foundation
import Testing
import QualKit
@testable import QualKitReports

/// Shared fixtures: the bundled packs and the sample learners, evaluated once.
enum Fixtures {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let registry = try! PackRegistry.bundled()
    static let evaluator = try! Evaluator(catalog: registry.catalog)

    /// Every record of a sample file, evaluated through the bulk API (as `qualkit report` reads it).
    static func records(_ name: String, asOf: CalendarDate? = nil) throws -> [EvaluatedRecord] {
        let reader = try LearnerReader(path: repo.appendingPathComponent("Samples/\(name)").path)
        var out: [EvaluatedRecord] = []
        evaluator.evaluate(reader, options: EvaluationOptions(asOf: asOf)) { out.append($0) }
        return out
    }
}

@Suite("Learner worksheet")
struct WorksheetTests {
    /// All the blocks of a tree, depth first.
    static func flatten(_ blocks: [WorksheetBlock]) -> [WorksheetBlock] {
        blocks.flatMap { [$0] + flatten($0.children) }
    }

    /// S06 holds 8578-300, 8578-304 and 8578-302 (its record): for the 601/3698/4 certificate the mandatory
    /// pair is met, Group 1's route is partly met (7 of its 10 credits: 8578-302 is 7 credits, 8578-303 the
    /// missing 3), Group 2's route is not the one followed, and "still needed" says what explain says.
    @Test func aLearnerOnOneRouteOfTwo() throws {
        let record = try #require(
            try Fixtures.records("learners.jsonl").first { r in
                (try? r.results.get().first?.learner) == "S06-8578-mixed-groups"
            })
        let results = try record.results.get()
        let sheet = LearnerWorksheet(results: results, catalog: Fixtures.registry.catalog, line: record.line)
        #expect(sheet.learner == "S06-8578-mixed-groups")
        let q = try #require(sheet.qualifications.first { $0.qualification == "8578-certificate-coaching-mentoring" })
        #expect(!q.achieved)
        #expect(q.route == "group-1")
        let mandatory = try #require(q.blocks.first { $0.kind == RuleKind("mandatory-units") })
        #expect(mandatory.status == .met)
        #expect(mandatory.units.map(\.code) == ["8578-300", "8578-304"] && mandatory.units.allSatisfy(\.held))
        let routes = try #require(q.blocks.first { $0.kind == RuleKind("alternative-routes") })
        #expect(routes.status == .partlyMet)
        #expect(routes.children.map(\.status) == [.partlyMet, .notFollowed])
        let group1 = try #require(routes.children[0].children.first)
        #expect(group1.progress == WorksheetProgress(measure: .credits, held: 7, required: 10))
        #expect(group1.units.map(\.held) == [true, false])
        #expect(group1.unmet == ["7 of 10 credits from Group 1"])
        #expect(
            q.stillNeeded == [
                "7 of 10 credits from Group 1",
                "Next: achieve 8578-303 to complete the units required."
            ])
        #expect(q.next == ["8578-303"])
    }

    /// For every sample learner and qualification: every unmet requirement appears once, in the block of
    /// its rule or among the other requirements; an achieved result has every followed block met; and the
    /// sentences are explain's (the worksheet's `explanation` is explain's text, and each line of "still
    /// needed" and the credits sentence are lines of it).
    @Test func everyUnmetRequirementHasOnePlaceAndExplainsWords() throws {
        var checked = 0
        for record in try Fixtures.records("learners.jsonl", asOf: CalendarDate(year: 2015, month: 6, day: 30)) {
            let results = try record.results.get()
            let sheet = LearnerWorksheet(results: results, catalog: Fixtures.registry.catalog, line: record.line)
            for (q, result) in zip(sheet.qualifications, results) {
                let qualification = try #require(Fixtures.registry.catalog.qualificationsByID[result.qualification])
                let explained = PlainEnglish.explain(result, qualification)
                #expect(q.explanation == explained)
                let trimmed = Set(explained.map { $0.trimmingCharacters(in: .whitespaces) })
                let placed = Self.flatten(q.blocks).flatMap(\.unmet) + q.otherUnmet
                #expect(
                    placed.sorted() == result.unmet.map { $0.message ?? "" }.sorted(),
                    "\(result.learner) \(result.qualification)")
                #expect(trimmed.contains(q.creditsSentence))
                for line in q.stillNeeded { #expect(trimmed.contains(line) || trimmed.contains("- " + line)) }
                if result.achieved {
                    #expect(q.stillNeeded.isEmpty)
                    #expect(Self.flatten(q.blocks).allSatisfy { $0.status == .met || $0.status == .notFollowed })
                } else {
                    #expect(!q.stillNeeded.isEmpty)
                }
                checked += 1
            }
        }
        #expect(checked == 52 * 7)
    }

    /// The worksheet is a plain value: it encodes to JSON and decodes to an equal value.
    @Test func worksheetRoundTripsThroughJSON() throws {
        let record = try #require(try Fixtures.records("learners.jsonl").first)
        let sheet = LearnerWorksheet(
            results: try record.results.get(), catalog: Fixtures.registry.catalog,
            line: record.line)
        let data = try JSONEncoder().encode(sheet)
        #expect(try JSONDecoder().decode(LearnerWorksheet.self, from: data) == sheet)
    }
}
