import Foundation
import Testing
@testable import QualKit
@_spi(Engine) @testable import QualKitCore
@_spi(Engine) @testable import QualKitLearners

/// A record of millions of unknown codes must not multiply into millions of warnings in every result (#24).
@Suite("Warnings per record")
struct WarningCapTests {
    static let bundled = try! Evaluator(catalog: PackRegistry.bundled().catalog)

    @Test func warningsPastTheCapAreCountedNotListed() throws {
        let units = (0..<300).map { UnitAchievement(code: UnitCode("NOPE-\($0)")) }
        for r in Self.bundled.evaluate(Learner(id: "L", units: units)) {
            #expect(r.warnings.count == EvaluationWarning.maximumPerRecord + 1)
            let last = try #require(r.warnings.last)
            #expect(last.kind == .warningsOmitted && last.subject == "200", "\(last)")
            #expect(EvaluationWarning(message: last.message) == last, "read back from its sentence")
        }
    }

    @Test func theBulkPathCapsToo() throws {
        let line = #"{"id":"L","units":["# + (0..<1000).map { #"{"code":"X\#($0)"}"# }.joined(separator: ",") + "]}\n"
        var records: [EvaluatedRecord] = []
        Self.bundled.evaluate(LearnerReader(text: line + line)) { records.append($0) }
        let first = try #require(records.first)
        guard case .success(let results) = first.results else { Issue.record("\(first)"); return }
        #expect(results.allSatisfy { $0.warnings.count == 101 && $0.warnings.last?.subject == "900" })
        // An unknown key per entry of many: the reader's warnings are capped as well.
        let keys = #"{"id":"L","# + (0..<500).map { #""k\#($0)":1"# }.joined(separator: ",") + "}\n"
        let r = try #require(Array(LearnerReader(text: keys)).first)
        #expect(
            r.warnings.count == 101 && r.warnings.last?.kind == .warningsOmitted && r.warnings.last?.subject == "400",
            "\(r.warnings.count)")
    }

    @Test func aLongValueIsShortenedInItsWarning() throws {
        let code = String(repeating: "Z", count: 100_000)
        let r = try #require(
            Self.bundled.evaluate(Learner(id: "L", units: [UnitAchievement(code: UnitCode(code))])).first)
        let w = try #require(r.warnings.first)
        #expect(w.message.utf8.count < 400 && w.subject.hasSuffix("… (100000 bytes)"), "\(w.message.utf8.count)")
        #expect(EvaluationWarning(message: w.message) == w)
        let reason = String(repeating: "r", count: 50_000)
        let x = try #require(
            Self.bundled.evaluate(
                Learner(
                    id: "L", units: [],
                    exceptions: [.waive(.tutorialHours, qualification: "8577-award-coaching", reason: reason)])
            ).first)
        #expect(x.warnings.allSatisfy { $0.message.utf8.count < 500 }, "\(x.warnings.map(\.message.utf8.count))")
    }
}
