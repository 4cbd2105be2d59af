import Testing
@testable import QualKit
import QualKitCore
import QualKitLearners

/// Hand-worked learners, written from the source documents (shared/seeds), not from the evaluator's output.
@Suite("Evaluation against the documents")
struct DocumentExampleTests {
    static let evaluator = try! Evaluator(catalog: PackRegistry.bundled().catalog)

    func result(_ l: Learner, _ q: QualificationID) throws -> EvaluationResult {
        try #require(Self.evaluator.evaluate(l, against: q))
    }

    func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    /// 001: Award in Coaching = 300 + 301 + 303 (3 + 4 + 3 = 10 credits), induction ≥ 1 h, tutorial ≥ 2 h,
    /// registration by 2015-08-31, certification by 2018-08-31, completed within 3 years.
    var awardCoaching: Learner {
        Learner(
            id: "A", registered: d("2013-02-01"), inductionHours: 1, tutorialHours: 2,
            units: [
                .init(code: "8577-300", achieved: d("2013-06-01")),
                .init(code: "8577-301", achieved: d("2013-09-01"), hours: 6),
                .init(code: "8577-303", achieved: d("2013-10-01"))
            ])
    }

    @Test func awardInCoachingAchieved() throws {
        let r = try result(awardCoaching, "600/5782/8")
        #expect(r.achieved)
        #expect(r.credits == 10 && r.requiredCredits == 10)
        #expect(Set(r.countedUnits) == ["8577-300", "8577-301", "8577-303"])
        #expect(r.unmet.isEmpty && r.next == [] && r.unchecked.isEmpty)
        // The same units fall short of the Certificate (8577-302 instead of 301).
        let cert = try result(awardCoaching, "8577-certificate-coaching")
        #expect(!cert.achieved)
        #expect(cert.next == ["8577-302"])
        #expect(cert.credits == 6)
    }

    @Test func practiceHoursBelowSixHours() throws {
        var l = awardCoaching
        l.units[1].hours = 5.5
        let r = try result(l, "8577-award-coaching")
        #expect(!r.achieved)
        #expect(r.unmet.map(\.code.rawValue) == ["practice-hours"])
        #expect(r.unmet[0].message?.contains("5.5 h") == true && r.unmet[0].message?.contains("at least 6 h") == true)
        #expect(r.unmet[0].details == .practiceHours(unit: "8577-301", held: 5.5, required: 6))
        #expect(r.next == ["8577-301"])
        #expect(r.credits == 6)
    }

    @Test func tutorialSupportBelowMinimum() throws {
        var l = awardCoaching
        l.tutorialHours = 1.5
        let r = try result(l, "8577-award-coaching")
        #expect(!r.achieved)
        #expect(r.unmet.map(\.message) == ["tutorial support 1.5 h of at least 2 h"])
        #expect(r.next == []) // the units are complete
    }

    @Test func inductionBelowOneHour() throws {
        var l = awardCoaching
        l.inductionHours = 0.5
        #expect(try result(l, "8577-award-coaching").unmet.map(\.code.rawValue) == ["induction-hours"])
    }

    @Test func missingDeliveryDataIsNotCheckedButSaid() throws {
        var l = awardCoaching
        l.inductionHours = nil
        l.tutorialHours = nil
        l.registered = nil
        let r = try result(l, "8577-award-coaching")
        #expect(r.achieved)
        #expect(
            r.unchecked.map(\.rawValue) == [
                "induction-hours", "tutorial-hours", "registration-date", "completion-dates"
            ])
    }

    @Test func certificateInCoachingAndMentoringNeedsFourHoursTutorial() throws {
        let l = Learner(
            id: "CM", registered: d("2013-01-15"), inductionHours: 1, tutorialHours: 3,
            units: [
                "8577-300", "8577-302", "8577-303", "8577-304", "8577-306", "8577-307"
            ].map {
                UnitAchievement(
                    code: UnitCode($0), achieved: d("2014-01-15"),
                    hours: $0.hasSuffix("2") || $0.hasSuffix("6") ? 36 : nil)
            })
        let r = try result(l, "600/5786/5")
        #expect(r.credits == 26)
        #expect(!r.achieved)
        #expect(r.unmet.map(\.code.rawValue) == ["tutorial-hours"])
        #expect(try result(l, "600/5784/1").achieved) // Certificate in Coaching: tutorial minimum 2 h
        #expect(try result(l, "600/5785/3").achieved) // Certificate in Mentoring
    }

    @Test func registeredAfterTheRegistrationEndDate() throws {
        var l = awardCoaching
        l.registered = d("2015-09-01")
        let r = try result(l, "8577-award-coaching")
        #expect(r.unmet.map(\.message) == ["registered 2015-09-01, after the registration end date 2015-08-31"])
        l.registered = d("2015-08-31")
        #expect(try result(l, "8577-award-coaching").achieved)
    }

    @Test func unitAchievedAfterTheCertificationEndDate() throws {
        var l = awardCoaching
        l.registered = d("2015-08-01")
        l.units[2].achieved = d("2018-09-01")
        let r = try result(l, "8577-award-coaching")
        // Registration closes 2015-08-31 and completion is due within 3 years, so for 8577 a unit after the
        // certification end date is always also outside the completion window.
        #expect(r.unmet.map(\.code.rawValue) == ["certification-closed", "completion-window"])
        #expect(r.unmet[0].unit == "8577-303")
    }

    @Test func completedMoreThanThreeYearsAfterRegistration() throws {
        var l = awardCoaching
        l.registered = d("2013-01-10")
        l.units[2].achieved = d("2016-01-11")
        let r = try result(l, "8577-award-coaching")
        #expect(r.unmet.map(\.code.rawValue) == ["completion-window"])
        l.units[2].achieved = d("2016-01-10")
        #expect(try result(l, "8577-award-coaching").achieved)
    }

    /// 002: 8578 = mandatory 300 + 304 (6 credits) and 10 credits from Group 1 or 10 from Group 2.
    @Test func certificate8578ByGroupTwo() throws {
        let l = Learner(
            id: "G2", tutorialHours: 4,
            units: [
                .init(code: "8578-300"), .init(code: "8578-304"), .init(code: "8578-306", hours: 36),
                .init(code: "8578-307")
            ])
        let r = try result(l, "601/3698/4")
        #expect(r.achieved)
        #expect(r.route == "group-2")
        #expect(r.credits == 16)
    }

    @Test func certificate8578DoesNotMixGroups() throws {
        let l = Learner(
            id: "MIX",
            units: ["8578-300", "8578-304", "8578-302", "8578-307"].map { UnitAchievement(code: UnitCode($0)) })
        let r = try result(l, "601/3698/4")
        #expect(!r.achieved)
        #expect(r.credits == 16) // 16 credits held, but 7 from Group 1 and 3 from Group 2
        #expect(r.route == "group-1") // closest: one unit (8578-303, 3 credits) completes Group 1
        #expect(r.next == ["8578-303"])
        #expect(r.unmet.map(\.message) == ["7 of 10 credits from Group 1"])
    }

    @Test func certificate8578WithBothGroupsHeld() throws {
        let l = Learner(
            id: "BOTH",
            units: ["8578-300", "8578-304", "8578-302", "8578-303", "8578-306", "8578-307"].map {
                UnitAchievement(code: UnitCode($0))
            })
        let r = try result(l, "601/3698/4")
        #expect(r.achieved && r.route == "group-1" && r.credits == 26)
    }

    @Test func certificate8578ExtendedCoachingShortOfThirtySixHours() throws {
        let l = Learner(
            id: "SHORT",
            units: [
                .init(code: "8578-300"), .init(code: "8578-304"), .init(code: "8578-302", hours: 30),
                .init(code: "8578-303")
            ])
        let r = try result(l, "601/3698/4")
        #expect(!r.achieved)
        #expect(r.unmet.map(\.code.rawValue).contains("practice-hours"))
    }

    @Test func unitsOfOneFamilyDoNotCountForAnother() throws {
        let l = Learner(
            id: "X", units: ["8577-300", "8577-304", "8577-302", "8577-303"].map { UnitAchievement(code: UnitCode($0)) }
        )
        let r = try result(l, "601/3698/4")
        #expect(!r.achieved && r.credits == 0)
        #expect(r.next?.count == 4)
    }

    /// 004 Appendix B: pass = 50+ overall AND the minimum in each section; a pass achieves the covered units.
    var d3ByAssessments: Learner {
        Learner(
            id: "D3", registered: d("2016-03-01"), inductionHours: 1, tutorialHours: 2,
            assessments: [
                .init(id: "d3-work-based-assignment", marks: [14, 13, 12, 13], date: d("2016-06-01")),
                .init(id: "d3-coaching-diary", marks: [35, 15], date: d("2016-09-01")),
                .init(id: "d3-reflective-log", marks: [40, 20], date: d("2017-03-01"))
            ])
    }

    @Test func d3AchievedThroughMarkSheets() throws {
        let r = try result(d3ByAssessments, "d3-certificate-professional-workplace-coaches")
        #expect(r.achieved)
        #expect(r.credits == 15)
        #expect(Set(r.countedUnits) == ["D3.01", "D3.02", "D3.03", "D3.04"])
    }

    @Test func d3ReferralThenPassingResubmission() throws {
        var l = d3ByAssessments
        l.assessments[0].marks = [24, 26, 24, 12] // 86 overall, section 4 below its minimum of 13: referral
        let referred = try result(l, "d3-certificate-professional-workplace-coaches")
        #expect(!referred.achieved)
        #expect(referred.next == ["D3.01", "D3.02"])
        l.assessments.append(.init(id: "d3-work-based-assignment", marks: [12, 13, 12, 13], date: d("2016-08-01")))
        #expect(try result(l, "d3-certificate-professional-workplace-coaches").achieved)
    }

    @Test func d3ListingAndPassEachSuffice() throws {
        var l = d3ByAssessments
        l.assessments.remove(at: 1) // no diary…
        l.units = [.init(code: "D3.03", achieved: d("2016-09-01"))] // …but D3.03 listed
        #expect(try result(l, "d3-certificate-professional-workplace-coaches").achieved)
        l.units = [.init(code: "D3.03", hours: 2)] // listed with too few hours
        #expect(!(try result(l, "d3-certificate-professional-workplace-coaches").achieved))
        l.assessments.append(.init(id: "d3-coaching-diary", marks: [50, 20])) // a passed diary suffices on its own
        #expect(try result(l, "d3-certificate-professional-workplace-coaches").achieved)
    }

    @Test func d3ExtendedCoachingNeedsThirtyHours() throws {
        let l = Learner(
            id: "D",
            units: [
                .init(code: "D3.01"), .init(code: "D3.02"), .init(code: "D3.03", hours: 6),
                .init(code: "D3.04", hours: 29.5)
            ])
        let r = try result(l, "d3-certificate-professional-workplace-coaches")
        #expect(!r.achieved)
        #expect(r.unmet.map(\.code.rawValue) == ["practice-hours"])
        #expect(r.unmet[0].unit == "D3.04")
    }

    @Test func d3CompletionWindowCountsFromRegistration() throws {
        var l = d3ByAssessments
        l.assessments[2].date = d("2019-03-02")
        let r = try result(l, "d3-certificate-professional-workplace-coaches")
        #expect(r.unmet.map(\.code.rawValue) == ["completion-window"])
    }

    @Test func unknownCodesAreWarningsNotFailures() throws {
        var l = awardCoaching
        l.units.append(.init(code: "8579-300"))
        l.assessments.append(.init(id: "no-such-assessment", marks: [1]))
        let r = try result(l, "8577-award-coaching")
        #expect(r.achieved)
        #expect(r.warnings.count == 2)
        #expect(Self.evaluator.problems(in: l).isEmpty)
    }

    @Test func listingAUnitTwiceChangesNothing() throws {
        var l = awardCoaching
        l.units.append(l.units[0])
        #expect(try result(l, "8577-award-coaching") == result(awardCoaching, "8577-award-coaching"))
    }

    @Test func marksThatDoNotFitTheSheetAreProblems() {
        let l = Learner(
            id: "M",
            assessments: [.init(id: "d3-coaching-diary", marks: [71, 20]), .init(id: "d3-reflective-log", marks: [40])])
        let p = Self.evaluator.problems(in: l)
        #expect(p.count == 2)
        #expect(p[0].contains("outside 0…70"))
        #expect(p[1].contains("expected 2 section marks, found 1"))
    }
}
