import Foundation
import Testing
import QualKitEngine
@testable import QualKitCore
@testable import QualKitSpecs
@testable import QualKitLearners

/// What a result and `explain` say when rules interact, on the test pack `Tests/Fixtures/why-not` (invented
/// qualifications shaped like the three cases of #22): the binding rules with their figures, the credits that
/// count and why the others do not, what to do next, and a unit counted through its equivalence class.
@Suite("Why not, when rules interact: the fixture pack")
struct WhyNotFixtureTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixture = repo.appendingPathComponent("Tests/Fixtures/why-not").path
    static let loaded = try! PackRegistry.bundled().adding(directory: fixture)
    static let evaluator = try! Evaluator(catalog: loaded.registry.catalog)

    static func learner(_ units: [String]) -> Learner {
        Learner(id: "L", units: units.map { UnitAchievement(code: UnitCode($0)) })
    }

    static func result(_ qualification: String, _ units: [String]) throws -> EvaluationResult {
        try #require(evaluator.evaluate(learner(units), against: QualificationID(qualification)))
    }

    static func explanation(_ result: EvaluationResult) throws -> [String] {
        let q = try #require(loaded.registry.catalog.qualification(result.qualification.rawValue))
        return PlainEnglish.explain(result, q)
    }

    /// The line of `explain` on the learner's credits.
    static func creditsLine(_ result: EvaluationResult) throws -> String {
        try #require(try explanation(result).first { $0.hasPrefix("  Credits: ") })
    }

    @Test func thePackLoadsWithoutWarnings() {
        #expect(Self.loaded.warnings.isEmpty, "\(Self.loaded.warnings.map(\.message))")
    }

    /// 23 credits held, 11 of them from level-4 options under a cap of 6: only 9 of the 11 option credits
    /// needed can count, 18 credits in all; one more level-5 option (WN-504) completes it.
    @Test func aLevelCapUnderAGroupMinimum() throws {
        let r = try Self.result(
            "wn-certificate-level-cap",
            ["WN-501", "WN-505", "WN-401", "WN-402", "WN-403", "WN-502"])
        #expect(!r.achieved)
        #expect(r.credits == 23 && r.countedCredits == 18)
        #expect(
            r.unmet.contains { $0.details == .groupMinCredits(group: "cert-options", held: 9, required: 11) },
            "\(r.unmet)")
        #expect(r.unmet.contains { $0.details == .maxCreditsAtLevel(level: .level(4), held: 11, maximum: 6) })
        #expect(
            r.unmet.first { $0.code == .groupMinCredits }?.message
                == "only 9 of the 11 credits needed from Optional units can count: "
                + "at most 6 credits at Level 4 or below may count, and 11 are held")
        #expect(r.next == ["WN-504"])
        #expect(
            try Self.creditsLine(r) == "  Credits: 23 held of the 20 required, but only 18 can count: "
                + "at most 6 credits at Level 4 or below may count, and 11 are held.")
        #expect(try Self.explanation(r).contains("  Next: achieve WN-504 to complete the units required."))
    }

    /// 41 credits held, 21 of them from Group X under a cap of 18: 38 can count of the 40 needed; one more unit
    /// of Group Y completes it.
    @Test func aGroupCapUnderATotal() throws {
        let xs = (1...7).map { "WN-X\($0)" }, ys = (1...4).map { "WN-Y\($0)" }
        let r = try Self.result("wn-diploma-group-cap", xs + ys)
        #expect(!r.achieved)
        #expect(r.credits == 41 && r.countedCredits == 38)
        #expect(r.unmet.contains { $0.details == .minCredits(held: 38, required: 40) }, "\(r.unmet)")
        #expect(r.unmet.contains { $0.details == .groupMaxCredits(group: "dip-x", held: 21, maximum: 18) })
        #expect(r.next == ["WN-Y5"])
        #expect(
            try Self.creditsLine(r) == "  Credits: 41 held of the 40 required, but only 38 can count: "
                + "at most 18 credits from Group X may count, and 21 are held.")
        #expect(try Self.explanation(r).contains("  Next: achieve WN-Y5 to complete the units required."))
    }

    /// The operational route's 12 credits from a group whose barred pair lets only 7 of the 12 held count; a
    /// further operational unit completes it.
    @Test func aBarredPairInsideARoute() throws {
        let r = try Self.result("wn-diploma-barred-route", ["WN-C1", "WN-C2", "WN-C3", "WN-O1", "WN-O2", "WN-O3"])
        #expect(!r.achieved)
        #expect(r.route == "operational")
        #expect(r.credits == 40 && r.countedCredits == 35)
        #expect(r.unmet.contains { $0.details == .groupMinCredits(group: "ops", held: 7, required: 12) }, "\(r.unmet)")
        #expect(r.unmet.contains { $0.details == .barredCombination(units: ["WN-O1", "WN-O2"]) })
        #expect(r.next == ["WN-O4"])
        #expect(
            try Self.creditsLine(r) == "  Credits: 40 held of the 40 required, but only 35 can count on route "
                + "operational: only one of units WN-O1, WN-O2 may count.")
    }

    /// Enough credits held, all of which count, but a mandatory unit missing: `explain` says they all count.
    @Test func enoughCreditsThatAllCountButAMissingUnit() throws {
        let r = try Self.result("wn-certificate-level-cap", ["WN-501", "WN-401", "WN-402", "WN-502", "WN-504"])
        #expect(!r.achieved && r.credits == 20 && r.countedCredits == 20)
        #expect(r.unmet.map(\.details) == [.missingMandatoryUnit(unit: "WN-505")])
        #expect(
            try Self.creditsLine(r)
                == "  Credits: 20 held of the 20 required, and all of them can count; what is still needed is below.")
    }

    /// Every held credit counts when nothing stops it, and the figure is written by every writer.
    @Test func countedCreditsInEveryWriter() throws {
        let r = try Self.result("wn-certificate-level-cap", ["WN-501", "WN-505", "WN-401", "WN-502", "WN-504"])
        #expect(r.achieved && r.credits == 20 && r.countedCredits == 20)
        let blocked = try Self.result(
            "wn-certificate-level-cap",
            ["WN-501", "WN-505", "WN-401", "WN-402", "WN-403", "WN-502"])
        for result in [r, blocked] {
            var json: [UInt8] = []
            ResultEncoding.appendJSON(result, to: &json)
            let counted = result.countedCredits.value
            #expect(String(decoding: json, as: UTF8.self).contains(",\"counted_credits\":\(counted),"))
            let decoded = try JSONDecoder().decode(EvaluationResult.self, from: Data(json))
            #expect(decoded == result)
            var csv: [UInt8] = []
            ResultEncoding.appendCSV(result, to: &csv)
            #expect(String(decoding: csv, as: UTF8.self).contains(",\(result.credits.value),\(counted),"))
        }
        // The engine's byte writer writes the same bytes.
        let writer = ResultByteWriter(evaluator: Self.evaluator, messages: false)
        let ws = Self.evaluator.makeWorkspace()
        let units = ["WN-501", "WN-505", "WN-401", "WN-402", "WN-403", "WN-502"]
        var expected: [UInt8] = []
        Self.evaluator.evaluate(Self.learner(units), in: ws) { o in
            guard Self.evaluator.compiledVersions[o.qualificationIndex].id == "wn-certificate-level-cap" else { return }
            writer.appendJSON(o, in: ws, idJSON: Array("L".utf8))
            ResultEncoding.appendJSON(ws.result(o, messages: false), to: &expected)
        }
        #expect(String(decoding: writer.output, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    /// A held unit counted through its equivalence class: the result and `explain` say which stood in for
    /// which, every writer writes it, and `describe` and the diagrams show the class.
    @Test func aUnitCountedAsItsEquivalent() throws {
        let r = try Self.result("wn-certificate-level-cap", ["WN-501", "WN-595", "WN-401", "WN-502", "WN-504"])
        #expect(r.achieved)
        #expect(r.countedAs == [UnitStandIn(held: "WN-595", countedAs: "WN-505")])
        #expect(try Self.explanation(r).contains("  Equivalent units: WN-595 counted as WN-505."))
        var json: [UInt8] = []
        ResultEncoding.appendJSON(r, to: &json)
        let line = String(decoding: json, as: UTF8.self)
        #expect(line.contains(#","counted_as":[{"held":"WN-595","as":"WN-505"}],"#))
        #expect(try JSONDecoder().decode(EvaluationResult.self, from: Data(json)) == r)
        #expect(try String(decoding: JSONEncoder().encode(r), as: UTF8.self).contains(#""counted_as""#))
        var csv: [UInt8] = []
        ResultEncoding.appendCSV(r, fields: [.learner, .countedAs], to: &csv)
        #expect(String(decoding: csv, as: UTF8.self) == "L,WN-595>WN-505\n")
        // Without a stand-in the key is left out.
        let plain = try Self.result("wn-certificate-level-cap", ["WN-501", "WN-505", "WN-401", "WN-502", "WN-504"])
        var plainJSON: [UInt8] = []
        ResultEncoding.appendJSON(plain, to: &plainJSON)
        #expect(plain.countedAs.isEmpty && !String(decoding: plainJSON, as: UTF8.self).contains("counted_as"))
        // The byte writer agrees.
        let writer = ResultByteWriter(evaluator: Self.evaluator, messages: false)
        let ws = Self.evaluator.makeWorkspace()
        var expected: [UInt8] = []
        let learners = [
            ["WN-501", "WN-595", "WN-401", "WN-502", "WN-504"],
            ["WN-501", "WN-505", "WN-401", "WN-502", "WN-504"]
        ]
        for units in learners {
            Self.evaluator.evaluate(Self.learner(units), in: ws) { o in
                writer.appendJSON(o, in: ws, idJSON: Array("L".utf8))
                writer.appendCSV(o, in: ws, idCSV: Array("L".utf8))
                let value = ws.result(o, messages: false)
                ResultEncoding.appendJSON(value, to: &expected)
                ResultEncoding.appendCSV(value, to: &expected)
            }
        }
        #expect(String(decoding: writer.output, as: UTF8.self) == String(decoding: expected, as: UTF8.self))

        let catalog = Self.loaded.registry.catalog
        let q = try #require(catalog.qualification("wn-certificate-level-cap"))
        let text = PlainEnglish.describe(q, units: catalog.unitsByCode, equivalentUnits: catalog.equivalenceClasses)
        #expect(text.contains("  Equivalent units (each class counts once, as any one of its members):"))
        #expect(
            text.contains(
                "    - WN-505 Fixture Core B (3 credits) or "
                    + "WN-595 Fixture Core B (earlier version) (3 credits)"))
        let mermaid = RuleDiagram.mermaid(q, units: catalog.unitsByCode, equivalentUnits: catalog.equivalenceClasses)
        #expect(mermaid.contains("((\"equivalent units: one counts, as any of them\"))"))
        #expect(mermaid.contains("WN-595 Fixture Core B (earlier version) (3 cr)"))
        let dot = RuleDiagram.dot(q, units: catalog.unitsByCode, equivalentUnits: catalog.equivalenceClasses)
        #expect(dot.contains("label=\"equivalent units: one counts, as any of them\", shape=ellipse, style=\"dashed\""))
        // A qualification without a class among its units shows none.
        let other = try #require(catalog.qualification("wn-diploma-group-cap"))
        #expect(
            !RuleDiagram.mermaid(other, units: catalog.unitsByCode, equivalentUnits: catalog.equivalenceClasses)
                .contains("equivalent units"))
    }
}
