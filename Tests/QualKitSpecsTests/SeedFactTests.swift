import Testing
@testable import QualKitSpecs

/// One test per fact the packs transcribe from the source documents in shared/seeds/.
@Suite("Seed facts")
struct SeedFactTests {
    static let registry = try! PackRegistry.bundled()
    var catalog: QualificationCatalog { Self.registry.catalog }

    // 001 (8577 unit table), 002 (8578 unit tables), 004 (D3 unit specifications).
    @Test(
        "Unit credits, GLH and level",
        arguments: [
            ("8577-300", 3, 9), ("8577-301", 4, 6), ("8577-302", 7, 12), ("8577-303", 3, 6),
            ("8577-304", 3, 9), ("8577-305", 4, 6), ("8577-306", 7, 12), ("8577-307", 3, 6),
            ("8578-300", 3, 9), ("8578-304", 3, 9), ("8578-302", 7, 12), ("8578-303", 3, 6), ("8578-306", 7, 12),
            ("8578-307", 3, 6),
            ("D3.01", 3, 9), ("D3.02", 2, 6), ("D3.03", 3, 6), ("D3.04", 7, 12)
        ])
    func unit(code: String, credits: Int, glh: Int) throws {
        let u = try #require(catalog.unitsByCode[UnitCode(code)])
        #expect(u.credits.value == credits)
        #expect(u.guidedLearningHours.value == glh)
        #expect(u.level == .level(3))
    }

    @Test(
        "Minimum supervised practice hours",
        arguments: [
            ("8577-301", 6.0), ("8577-305", 6), ("8577-302", 36), ("8577-306", 36), ("8578-302", 36), ("8578-306", 36),
            ("D3.03", 6), ("D3.04", 30)
        ])
    func practiceHours(code: String, hours: Double) throws {
        #expect(try #require(catalog.unitsByCode[UnitCode(code)]).minimumPracticeHours == Hours(hours))
    }

    @Test func unitsWithoutPracticeMinimum() {
        for c in [
            "8577-300", "8577-303", "8577-304", "8577-307", "8578-300", "8578-303", "8578-304", "8578-307", "D3.01",
            "D3.02"
        ] {
            #expect(catalog.unitsByCode[UnitCode(c)]?.minimumPracticeHours == nil, "\(c)")
        }
    }

    @Test(
        "Qualification QAN, credit value, size band, tutorial minimum",
        arguments: [
            ("8577-award-coaching", "600/5782/8", 10, SizeBand.award, 2.0),
            ("8577-certificate-coaching", "600/5784/1", 13, .certificate, 2),
            ("8577-award-mentoring", "600/5783/X", 10, .award, 2),
            ("8577-certificate-mentoring", "600/5785/3", 13, .certificate, 2),
            ("8577-certificate-coaching-mentoring", "600/5786/5", 26, .certificate, 4),
            ("8578-certificate-coaching-mentoring", "601/3698/4", 16, .certificate, 4)
        ])
    func qualification(id: String, qan: String, credits: Int, size: SizeBand, tutorial: Double) throws {
        let q = try #require(catalog.qualification(id))
        #expect(q.qan == qan)
        #expect(catalog.qualification(qan)?.id == q.id)
        #expect(q.creditValue.value == credits)
        #expect(q.size == size)
        #expect(q.delivery.minimumInductionHours == Hours(1))
        #expect(q.delivery.minimumTutorialHours == Hours(tutorial))
        #expect(q.level == .level(3))
    }

    @Test(
        "8577 mandatory units (001 rules of combination)",
        arguments: [
            ("8577-award-coaching", ["8577-300", "8577-301", "8577-303"]),
            ("8577-certificate-coaching", ["8577-300", "8577-302", "8577-303"]),
            ("8577-award-mentoring", ["8577-304", "8577-305", "8577-307"]),
            ("8577-certificate-mentoring", ["8577-304", "8577-306", "8577-307"]),
            (
                "8577-certificate-coaching-mentoring",
                ["8577-300", "8577-302", "8577-303", "8577-304", "8577-306", "8577-307"]
            )
        ])
    func rules8577(id: String, units: [String]) throws {
        let q = try #require(catalog.qualification(id))
        #expect(q.rules == [.mandatory(units.map { UnitCode($0) })])
    }

    @Test func dates8577() throws {
        for q in catalog.families[0].qualifications {
            #expect(q.validity.operationalStart == CalendarDate(iso: "2012-09-01"))
            #expect(q.validity.registrationEnd == CalendarDate(iso: "2015-08-31"))
            #expect(q.validity.certificationEnd == CalendarDate(iso: "2018-08-31"))
            #expect(q.validity.completionYears == 3)
        }
    }

    @Test func rules8578() throws {
        let q = try #require(catalog.qualification("601/3698/4"))
        #expect(
            q.rules == [
                .mandatory(["8578-300", "8578-304"]),
                .anyOf([
                    Route(id: "group-1", title: "Group 1", rules: [.minCreditsFromGroup("group-1", 10)]),
                    Route(id: "group-2", title: "Group 2", rules: [.minCreditsFromGroup("group-2", 10)])
                ])
            ])
        #expect(q.group("group-1")?.units == ["8578-302", "8578-303"])
        #expect(q.group("group-2")?.units == ["8578-306", "8578-307"])
        #expect(QualificationAnalysis.mandatoryCredits(of: q, units: catalog.unitsByCode) == 6)
        #expect(q.validity == Validity()) // the brochure gives no dates
    }

    @Test func qualificationD3() throws {
        let q = try #require(catalog.qualification("d3-certificate-professional-workplace-coaches"))
        #expect(q.qan == nil)
        #expect(q.creditValue == 15)
        #expect(q.guidedLearningHours == 36)
        #expect(q.delivery == DeliveryRequirements(minimumInductionHours: 1, minimumTutorialHours: 2))
        #expect(q.validity.completionYears == 3)
        #expect(q.rules == [.mandatory(["D3.01", "D3.02", "D3.03", "D3.04"])])
        #expect(q.assessments == ["d3-work-based-assignment", "d3-coaching-diary", "d3-reflective-log"])
    }

    @Test(
        "D3 learning outcomes and assessment criteria (004 Appendix A)",
        arguments: [
            ("D3.01", [2, 4, 1]), ("D3.02", [2, 2, 1]), ("D3.03", [3, 1, 3]), ("D3.04", [2, 5, 2, 2])
        ])
    func outcomesD3(code: String, criteriaPerOutcome: [Int]) throws {
        let u = try #require(catalog.unitsByCode[UnitCode(code)])
        #expect(u.learningOutcomes.map(\.criteria.count) == criteriaPerOutcome)
        #expect(u.learningOutcomes.map(\.number) == Array(1...criteriaPerOutcome.count))
        #expect(u.reviewDate == CalendarDate(iso: "2014-12-31"))
        #expect(u.availableFrom == CalendarDate(iso: "2008-01-01"))
    }

    @Test func criterionTextD3() throws {
        let u = try #require(catalog.unitsByCode["D3.03"])
        #expect(
            u.learningOutcomes[1].criteria[0]
                == AssessmentCriterion(number: "2.1", text: "Coach learners in the workplace for at least six hours"))
    }

    @Test(
        "D3 mark sheets (004 Appendix B)",
        arguments: [
            ("d3-work-based-assignment", [24, 26, 24, 26], [12, 13, 12, 13], ["D3.01", "D3.02"]),
            ("d3-coaching-diary", [70, 30], [35, 15], ["D3.03"]),
            ("d3-reflective-log", [70, 30], [35, 15], ["D3.04"])
        ])
    func markSheets(id: String, maxima: [Int], minima: [Int], covers: [String]) throws {
        let a = try #require(catalog.assessmentsByID[AssessmentID(id)])
        let s = try #require(a.markSheet)
        #expect(s.sections.map(\.maximum) == maxima)
        #expect(s.sections.map(\.minimum) == minima)
        #expect(s.passMark == 50)
        #expect(a.covers == covers.map { UnitCode($0) })
    }

    @Test func familiesAreDistinct() {
        // The documents declare no equivalence between families: a unit code belongs to one pack.
        let codes = catalog.units.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(catalog.units.count == 18)
    }
}
