import Foundation
import Testing
@testable import QualKit
@_spi(Engine) @testable import QualKitCore
@_spi(Engine) @testable import QualKitLearners

/// A registration before the qualification's operational start (#24, item 16): an unmet requirement,
/// `registered-before-start`, as a registration after the end is `registration-closed`.
@Suite("Registration before the operational start")
struct RegistrationStartTests {
    static let bundled = try! Evaluator(catalog: PackRegistry.bundled().catalog)
    static let award: QualificationID = "8577-award-coaching"

    static func day(_ text: String) -> CalendarDate { try! CalendarDate(text) }

    /// The 8577 Award in Coaching (operational start 2012-09-01 in the seed document), every unit achieved
    /// a few months after `registered`.
    static func coach(registered: String?, exceptions: [LearnerException] = []) -> Learner {
        let year = Int((registered ?? "2013").prefix(4))!
        return Learner(
            id: "early", registered: registered.map(day), inductionHours: 1, tutorialHours: 2,
            units: [
                .init(code: "8577-300", achieved: day("\(year)-10-01")),
                .init(code: "8577-301", achieved: day("\(year)-11-01"), hours: 6),
                .init(code: "8577-303", achieved: day("\(year)-12-01"))
            ],
            exceptions: exceptions)
    }

    func award(_ learner: Learner, messages: Bool = true) throws -> EvaluationResult {
        let options = EvaluationOptions(messages: messages)
        return try #require(Self.bundled.evaluate(learner, against: Self.award, options: options))
    }

    @Test func aRegistrationBeforeTheStartIsUnmetAndClosesTheQualification() throws {
        let r = try award(Self.coach(registered: "2000-01-01"))
        #expect(!r.achieved)
        let start = Self.day("2012-09-01")
        #expect(r.unmet.map(\.details) == [.registeredBeforeStart(date: Self.day("2000-01-01"), limit: start)])
        #expect(
            r.unmet.first?.message
                == "registered 2000-01-01, before the qualification's operational start 2012-09-01")
        #expect(r.next == nil, "no later unit can complete it")
        let explained = PlainEnglish.explain(r, try #require(Self.bundled.qualifications.first { $0.id == Self.award }))
        #expect(explained.contains("  It can no longer be completed: the dates above close it."), "\(explained)")
    }

    @Test(arguments: [("2012-08-31", true), ("2012-09-01", false), ("2013-02-01", false)])
    func theStartDayItselfIsInTime(registered: String, flagged: Bool) throws {
        let r = try award(Self.coach(registered: registered))
        #expect(r.unmet.map(\.code).contains(.registeredBeforeStart) == flagged, "\(r.unmet)")
        #expect(r.achieved == !flagged)
    }

    @Test func theCheckIsWaivableAndTheWaiverIsApplied() throws {
        let waiver = LearnerException.waive(.registeredBeforeStart, reason: "registered on the pilot")
        let r = try award(Self.coach(registered: "2012-06-01", exceptions: [waiver]))
        #expect(r.achieved && r.exceptionsApplied == [waiver] && r.warnings.isEmpty, "\(r.unmet) \(r.warnings)")
        #expect(PlainEnglish.explain(waiver) == "The operational start date is waived (registered on the pilot).")
        // Where no qualification has the check to waive, the waiver changes nothing.
        let unused = try award(Self.coach(registered: "2013-02-01", exceptions: [waiver]))
        #expect(unused.achieved && unused.exceptionsApplied.isEmpty)
        #expect(unused.warnings.map(\.kind) == [.unusedException])
        #expect(UnmetCode.waivable.contains(.registeredBeforeStart))
    }

    /// A qualification that states an operational start and no registration end: without a registration
    /// date the start is not checked, and the result says so.
    @Test func withoutARegistrationDateTheStartIsUnchecked() throws {
        let unit = LearningUnit(code: "S-1", title: "S", level: .level(3), credits: 3, guidedLearningHours: 9)
        let q = Qualification(
            id: "s", title: "Starts", level: .level(3), creditValue: 3, rules: [.mandatory(["S-1"])],
            validity: Validity(operationalStart: Self.day("2020-01-01")))
        let family = QualificationFamily(
            id: "fixture-s", family: "S", awardingOrganisation: "Fixture", version: "1",
            units: [unit], qualifications: [q])
        let evaluator = try Evaluator(catalog: QualificationCatalog([family]))
        let undated = try #require(evaluator.evaluate(Learner(id: "u", units: [.init(code: "S-1")])).first)
        #expect(undated.achieved && undated.unchecked == [.registrationDate])
        let learner = Learner(id: "e", registered: Self.day("2019-12-31"), units: [.init(code: "S-1")])
        let early = try #require(evaluator.evaluate(learner).first)
        #expect(early.unmet.map(\.code) == [.registeredBeforeStart] && early.unchecked.isEmpty)
    }

    /// Versions: the qualification's start (its first version's) is checked for every version, so that a
    /// learner moved to a later version, whose own `operational_start` is later, is not flagged.
    @Test func aLaterVersionIsCheckedAgainstTheQualificationsStart() throws {
        let unit = LearningUnit(code: "V-1", title: "V", level: .level(3), credits: 3, guidedLearningHours: 9)
        let rules: [Rule] = [.mandatory(["V-1"])]
        var second = Qualification(
            id: "v", title: "Versions", level: .level(3), creditValue: 3, rules: rules,
            validity: Validity(operationalStart: Self.day("2016-01-01")),
            version: "2", registrationsFrom: Self.day("2016-01-01"))
        second.versions = []
        let q = Qualification(
            id: "v", title: "Versions", level: .level(3), creditValue: 3, rules: rules,
            validity: Validity(operationalStart: Self.day("2012-01-01")), versions: [second])
        let family = QualificationFamily(
            id: "fixture-v", family: "V", awardingOrganisation: "Fixture", version: "1",
            units: [unit], qualifications: [q])
        let evaluator = try Evaluator(catalog: QualificationCatalog([family]))
        func result(_ registered: String, _ exceptions: [LearnerException] = []) throws -> EvaluationResult {
            var l = Learner(id: "l", registered: Self.day(registered), units: [.init(code: "V-1")])
            l.exceptions = exceptions
            return try #require(evaluator.evaluate(l).first)
        }
        let moved = try result("2014-06-01", [.version("2", of: "v", reason: "moved to the new rules")])
        #expect(moved.version == "2" && moved.achieved, "\(moved.unmet)")
        let before = try result("2011-06-01", [.version("2", of: "v", reason: "moved to the new rules")])
        #expect(
            before.version == "2"
                && before.unmet.map(\.details)
                    == [.registeredBeforeStart(date: Self.day("2011-06-01"), limit: Self.day("2012-01-01"))]
        )
        #expect(try result("2011-06-01").unmet.map(\.code) == [.registeredBeforeStart])
    }

    /// Every writer: JSON Lines (with and without sentences), CSV and the table's summary (the engine's
    /// bytes are pinned to these by `OutputShapeTests`, whose fixture fails in every way).
    @Test func everyWriterCarriesTheCode() throws {
        let record =
            #"{"id":"early","registered":"2000-01-01","induction_hours":1,"tutorial_hours":2,"#
            + #""units":[{"code":"8577-300"},{"code":"8577-301","hours":6},{"code":"8577-303"}]}"# + "\n"
        let evaluator = try Evaluator(catalog: PackRegistry.bundled().catalog, only: [Self.award])
        func run(csv: Bool, messages: Bool = false) -> (text: String, summary: EvaluationSummary) {
            var text = ""
            let options = EvaluationOptions(messages: messages)
            let report = evaluator.evaluate(LearnerReader(text: record), options: options) {
                guard case .success(let results) = $0.results else { return }
                for r in results {
                    var bytes: [UInt8] = []
                    if csv {
                        ResultEncoding.appendCSV(r, fields: ResultField.csv, to: &bytes)
                    } else {
                        ResultEncoding.appendJSON(r, fields: ResultField.jsonLines, to: &bytes)
                    }
                    text += String(decoding: bytes, as: UTF8.self)
                }
            }
            return (text, report.summary)
        }
        let (jsonl, summary) = run(csv: false)
        let unmet = #""unmet":[{"code":"registered-before-start","date":"2000-01-01","limit":"2012-09-01"}]"#
        #expect(jsonl.contains(unmet), "\(jsonl)")
        #expect(jsonl.contains(#""next":null"#), "\(jsonl)")
        #expect(summary.rows.first?.unmetCounts == [.registeredBeforeStart: 1])
        let sentences = run(csv: false, messages: true).text
        let sentence = #""message":"registered 2000-01-01, before the qualification's operational start 2012-09-01""#
        #expect(sentences.contains(sentence))
        #expect(run(csv: true).text.contains(",registered-before-start,"))
    }
}
