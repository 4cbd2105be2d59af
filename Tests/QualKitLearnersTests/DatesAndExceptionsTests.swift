import Foundation
import Testing
@testable import QualKit
@_spi(Engine) @testable import QualKitCore
@_spi(Engine) @testable import QualKitLearners

/// Evaluation as of a date, the deadline, learner exceptions and unit equivalences.
@Suite("Dates and exceptions")
struct DatesAndExceptionsTests {
    static let bundled = try! Evaluator(catalog: PackRegistry.bundled().catalog)
    static let award: QualificationID = "8577-award-coaching"

    static func day(_ s: String) -> CalendarDate { try! CalendarDate(s) }

    /// The 8577 Award in Coaching: 300, 301 (6 h practice), 303; registration by 2015-08-31, certification
    /// by 2018-08-31, within 3 years of registration; induction 1 h, tutorial 2 h.
    static func coach(
        _ id: String = "L", registered: String? = "2013-02-01", tutorial: Double? = 2,
        units: [(String, String?, Double?)] = [
            ("8577-300", "2013-06-01", nil), ("8577-301", "2013-07-01", 6), ("8577-303", "2013-08-01", nil)
        ],
        exceptions: [LearnerException] = []
    ) -> Learner {
        Learner(
            id: LearnerID(id), registered: registered.map(day), inductionHours: 1,
            tutorialHours: tutorial.map { Hours($0) },
            units: units.map {
                UnitAchievement(code: UnitCode($0.0), achieved: $0.1.map(day), hours: $0.2.map { Hours($0) })
            },
            exceptions: exceptions)
    }

    func award(_ l: Learner, asOf: String? = nil) throws -> EvaluationResult {
        try #require(
            Self.bundled.evaluate(l, against: Self.award, options: EvaluationOptions(asOf: asOf.map(Self.day))))
    }

    // MARK: - As of a date

    @Test func aUnitAchievedTheDayAfterTheAsOfDateDoesNotCountOneOnTheDateDoes() throws {
        let l = Self.coach()
        let onTheDay = try award(l, asOf: "2013-08-01")
        #expect(onTheDay.achieved)
        let before = try award(l, asOf: "2013-07-31")
        #expect(!before.achieved)
        #expect(before.countedUnits == ["8577-300", "8577-301"])
        #expect(before.next == ["8577-303"])
        #expect(before.warnings.map(\.kind) == [.afterAsOf] && before.warnings.first?.subject == "8577-303")
        #expect(before.unmet.map(\.code) == [.missingMandatoryUnit], "an open window is not a failure")
    }

    @Test func aMarkSheetDatedAfterTheAsOfDateDoesNotCount() throws {
        let l = Learner(
            id: "D", units: [UnitAchievement(code: "D3.03", achieved: Self.day("2016-05-01"))],
            assessments: [
                AssessmentAttempt(id: "d3-work-based-assignment", marks: [12, 13, 12, 13], date: Self.day("2016-08-01"))
            ])
        let q: QualificationID = "d3-certificate-professional-workplace-coaches"
        let before = try #require(
            Self.bundled.evaluate(l, against: q, options: EvaluationOptions(asOf: Self.day("2016-07-31"))))
        #expect(Set(before.countedUnits) == ["D3.03"])
        #expect(before.warnings.map(\.kind) == [.afterAsOf] && before.warnings[0].subject == "d3-work-based-assignment")
        let on = try #require(
            Self.bundled.evaluate(l, against: q, options: EvaluationOptions(asOf: Self.day("2016-08-01"))))
        #expect(Set(on.countedUnits) == ["D3.01", "D3.02", "D3.03"] && on.warnings.isEmpty)
    }

    @Test func anOpenCompletionWindowIsNotAFailureAnExpiredOneIs() throws {
        let l = Self.coach(units: [("8577-300", "2013-06-01", nil)])
        let open = try award(l, asOf: "2016-02-01") // the window's last day
        #expect(open.unmet.map(\.code) == [.missingMandatoryUnit, .missingMandatoryUnit])
        #expect(open.next == ["8577-301", "8577-303"])
        let expired = try award(l, asOf: "2016-02-02")
        #expect(expired.unmet.map(\.code) == [.missingMandatoryUnit, .missingMandatoryUnit, .completionWindow])
        let window = try #require(expired.unmet.last)
        #expect(window.date == Self.day("2016-02-02") && window.limit == Self.day("2016-02-01") && window.unit == nil)
        #expect(expired.next == nil, "no later unit can complete it")
        // Completed within the window: still achieved as of a later day.
        #expect(try award(Self.coach(), asOf: "2020-01-01").achieved)
    }

    @Test func theCertificationEndFailsOnlyAQualificationNotCompletedByThen() throws {
        // Registered 2015-06-01: the window would run to 2018-06-01, the certification end is 2018-08-31.
        let l = Self.coach(registered: "2015-06-01", units: [("8577-300", "2015-07-01", nil)])
        #expect(try award(l, asOf: "2018-06-01").unmet.map(\.code) == [.missingMandatoryUnit, .missingMandatoryUnit])
        #expect(try award(l, asOf: "2018-06-02").unmet.last?.code == .completionWindow)
        let late = Self.coach(registered: "2015-08-31", units: [("8577-300", "2015-09-01", nil)])
        let r = try award(late, asOf: "2018-09-01")
        #expect(r.unmet.map(\.code).contains(.certificationClosed) && r.deadline == Self.day("2018-08-31"))
    }

    @Test func theDeadlineIsTheEarliestKnownLimit() throws {
        #expect(try award(Self.coach(registered: "2013-02-01")).deadline == Self.day("2016-02-01"))
        #expect(try award(Self.coach(registered: "2015-08-31")).deadline == Self.day("2018-08-31"))
        #expect(
            try award(Self.coach(registered: nil)).deadline == Self.day("2018-08-31"),
            "the certification end is known without a registration date")
        // A qualification with no dates has no deadline.
        let r = try #require(Self.bundled.evaluate(Self.coach(), against: "8578-certificate-coaching-mentoring"))
        #expect(r.deadline == nil)
    }

    @Test func undatedEvidenceCountsAndIsSaidUnchecked() throws {
        let l = Self.coach(units: [
            ("8577-300", nil, nil), ("8577-301", "2013-07-01", 6), ("8577-303", "2013-08-01", nil)
        ])
        let r = try award(l, asOf: "2013-09-01")
        #expect(r.achieved)
        #expect(r.unchecked == [.completionDates, .asOfDates])
        #expect(try award(l).unchecked == [.completionDates], "as-of-dates only as of a date")
    }

    @Test func aRegistrationAfterTheEndLeavesNoNextUnits() throws {
        let l = Self.coach(registered: "2017-02-01", units: [("8577-300", "2017-06-01", nil)])
        let r = try award(l)
        #expect(r.unmet.map(\.code).contains(.registrationClosed))
        #expect(r.next == nil)
        let text = PlainEnglish.explain(r, Self.bundled.qualifications.first { $0.id == Self.award }!)
        #expect(!text.contains { $0.contains("Next: achieve") })
        #expect(text.contains("  It can no longer be completed: the dates above close it."))
    }

    @Test func achievedAsOfADayImpliesAchievedAsOfEveryLaterDay() throws {
        let g = LearnerGenerator(catalog: Self.bundled.catalog, seed: 7, exceptionRate: 0.2)
        let days = ["2013-06-01", "2014-01-01", "2015-06-01", "2016-06-01", "2018-08-31", "2019-01-01", "2030-01-01"]
            .map(Self.day)
        for i in 0..<400 {
            let l = g.learner(i)
            var before = Set<QualificationID>()
            for d in days {
                let now = Set(
                    Self.bundled.evaluate(l, options: EvaluationOptions(asOf: d)).filter(\.achieved).map(
                        \.qualification))
                #expect(before.isSubset(of: now), "learner \(l.id) lost \(before.subtracting(now)) as of \(d)")
                before = now
            }
            let all = Set(Self.bundled.evaluate(l).filter(\.achieved).map(\.qualification))
            #expect(before.isSubset(of: all), "learner \(l.id): as of 2030 but not without a date")
        }
    }

    // MARK: - Exceptions

    @Test func anExtensionPastTheCertificationEndCounts() throws {
        let l = Self.coach(
            registered: "2015-08-01",
            units: [("8577-300", "2015-09-01", nil), ("8577-301", "2016-01-01", 6), ("8577-303", "2018-10-01", nil)])
        let without = try award(l)
        #expect(!without.achieved && without.unmet.map(\.code) == [.certificationClosed, .completionWindow])
        let ext = LearnerException.extend(
            .certificationClosed, until: Self.day("2018-12-31"), reason: "special consideration")
        let window = LearnerException.extend(.completionWindow, until: Self.day("2018-12-31"), reason: "extension")
        var l2 = l
        l2.exceptions = [ext, window]
        let with = try award(l2)
        #expect(with.achieved)
        #expect(with.deadline == Self.day("2018-12-31"))
        #expect(with.exceptionsApplied == [ext, window])
        // As of a day after the extension, an incomplete learner fails; before it, not.
        var l3 = Self.coach(
            registered: "2015-08-01", units: [("8577-300", "2015-09-01", nil)], exceptions: [ext, window])
        #expect(try award(l3, asOf: "2018-12-31").unmet.map(\.code) == [.missingMandatoryUnit, .missingMandatoryUnit])
        l3.exceptions = [ext]
        #expect(
            try award(l3, asOf: "2018-12-31").unmet.map(\.code).contains(.completionWindow),
            "the window still closes on 2018-08-01")
        // An "extension" to a day before the limit changes nothing: it never shortens a limit.
        let shorter = LearnerException.extend(.certificationClosed, until: Self.day("2016-01-01"), reason: "typo")
        let done = Self.coach(
            registered: "2015-08-01",
            units: [("8577-300", "2015-09-01", nil), ("8577-301", "2016-01-01", 6), ("8577-303", "2017-01-01", nil)],
            exceptions: [shorter])
        let r = try award(done)
        #expect(r.achieved && r.deadline == Self.day("2018-08-01") && r.exceptionsApplied.isEmpty)
        #expect(r.warnings.map(\.kind) == [.unusedException])
    }

    @Test func eachKindChangesAnOutcomeAndIsListed() throws {
        // exempt
        let exempt = LearnerException.exempt("8577-303", reason: "RPL: portfolio 2014-03")
        let missing = Self.coach(units: [("8577-300", "2013-06-01", nil), ("8577-301", "2013-07-01", 6)])
        #expect(try !award(missing).achieved)
        var l = missing
        l.exceptions = [exempt]
        var r = try award(l)
        #expect(r.achieved && r.exceptionsApplied == [exempt] && r.credits == 10)
        // substitute: 8578-303 (3 credits, level 3) counts as 8577-303
        let sub = LearnerException.substitute("8578-303", for: "8577-303", reason: "same outcomes")
        l = missing
        l.units.append(UnitAchievement(code: "8578-303", achieved: Self.day("2013-08-01")))
        l.exceptions = [sub]
        r = try award(l)
        #expect(r.achieved && r.exceptionsApplied == [sub] && r.countedUnits.contains("8577-303"))
        // waive tutorial hours
        let waiveTutorial = LearnerException.waive(
            .tutorialHours, qualification: Self.award, reason: "reasonable adjustment")
        l = Self.coach(tutorial: 1)
        #expect(try award(l).unmet.map(\.code) == [.tutorialHours])
        l.exceptions = [waiveTutorial]
        r = try award(l)
        #expect(r.achieved && r.exceptionsApplied == [waiveTutorial])
        // waive practice hours of one unit
        let waivePractice = LearnerException.waive(.practiceHours, unit: "8577-301", reason: "special consideration")
        l = Self.coach(units: [
            ("8577-300", "2013-06-01", nil), ("8577-301", "2013-07-01", 4), ("8577-303", "2013-08-01", nil)
        ])
        #expect(try award(l).unmet.map(\.code) == [.practiceHours])
        l.exceptions = [waivePractice]
        r = try award(l)
        #expect(r.achieved && r.exceptionsApplied == [waivePractice])
        // waive the registration end
        let waiveRegistration = LearnerException.waive(.registrationClosed, reason: "late registration accepted")
        l = Self.coach(
            registered: "2015-09-01",
            units: [("8577-300", "2015-10-01", nil), ("8577-301", "2015-11-01", 6), ("8577-303", "2015-12-01", nil)])
        #expect(try award(l).unmet.map(\.code) == [.registrationClosed])
        l.exceptions = [waiveRegistration]
        r = try award(l)
        #expect(r.achieved && r.exceptionsApplied == [waiveRegistration])
    }

    @Test func anExceptionThatChangesNothingIsAWarning() throws {
        let useless = LearnerException.exempt("8577-300", reason: "already held")
        let l = Self.coach(exceptions: [
            useless, .waive(.practiceHours, unit: "8577-301", reason: "not needed: 6 h recorded")
        ])
        let results = Self.bundled.evaluate(l)
        for r in results {
            #expect(r.exceptionsApplied.isEmpty)
            #expect(r.warnings.map(\.kind) == [.unusedException, .unusedException])
            #expect(r.warnings.map(\.subject) == ["exceptions[0]", "exceptions[1]"])
        }
        // One that some qualification uses is no warning on any result.
        let used = Self.coach(
            units: [("8577-300", "2013-06-01", nil), ("8577-301", "2013-07-01", 6)],
            exceptions: [.exempt("8577-303", reason: "RPL")])
        #expect(Self.bundled.evaluate(used).allSatisfy { $0.warnings.isEmpty })
    }

    @Test func aQualificationScopedExceptionAppliesToThatQualificationOnly() throws {
        let x = LearnerException.exempt("8577-303", qualification: "8577-certificate-coaching", reason: "RPL")
        let l = Self.coach(units: [("8577-300", "2013-06-01", nil), ("8577-301", "2013-07-01", 6)], exceptions: [x])
        #expect(try !award(l).achieved)
        let cert = try #require(Self.bundled.evaluate(l, against: "8577-certificate-coaching"))
        #expect(cert.countedUnits.contains("8577-303") && cert.exceptionsApplied == [x])
    }

    /// A qualification where the assignment matters: group 1 {X, Y} and group 2 {X, Z}, one unit each.
    static let twoGroups: Evaluator = {
        let units = ["X", "Y", "Z", "F", "S"].map {
            LearningUnit(code: UnitCode($0), title: $0, level: .level(3), credits: 3, guidedLearningHours: 9)
        }
        let groups = [
            UnitGroup(id: "g1", title: "Group 1", units: ["X", "Y"]),
            UnitGroup(id: "g2", title: "Group 2", units: ["X", "Z"])
        ]
        let q = Qualification(
            id: "two", title: "Two groups", level: .level(3), creditValue: 6, groups: groups,
            rules: [.minUnitsFromGroup("g1", 1), .minUnitsFromGroup("g2", 1)])
        let m = Qualification(
            id: "sub", title: "Mandatory F and one of g3", level: .level(3), creditValue: 6,
            groups: [UnitGroup(id: "g3", title: "Group 3", units: ["S", "Y"])],
            rules: [.mandatory(["F"]), .minUnitsFromGroup("g3", 1)])
        let f = QualificationFamily(
            id: "t", family: "T", awardingOrganisation: "AO", version: "1", units: units, qualifications: [q, m])
        return try! Evaluator(catalog: QualificationCatalog([f]))
    }()

    @Test func anExemptUnitThatCouldCountInTwoGroupsIsAssignedExactly() throws {
        // Y can only count in group 1, so the exempt X must count in group 2.
        let x = LearnerException.exempt("X", reason: "RPL")
        let l = Learner(id: "L", units: [UnitAchievement(code: "Y")], exceptions: [x])
        let r = try #require(Self.twoGroups.evaluate(l, against: "two"))
        #expect(r.achieved && Set(r.countedUnits) == ["X", "Y"] && r.exceptionsApplied == [x])
        // Without Y, X alone cannot meet both groups.
        let alone = try #require(Self.twoGroups.evaluate(Learner(id: "L", exceptions: [x]), against: "two"))
        #expect(!alone.achieved && alone.next == ["Y"] || alone.next == ["Z"])
    }

    @Test func aSubstituteCountsAsItselfOrAsTheOtherNeverBoth() throws {
        // S may count as F (mandatory) or as itself (group 3): not both.
        let sub = LearnerException.substitute("S", for: "F", reason: "same outcomes")
        let one = try #require(
            Self.twoGroups.evaluate(
                Learner(id: "L", units: [UnitAchievement(code: "S")], exceptions: [sub]), against: "sub"))
        #expect(!one.achieved)
        // With Y for group 3, S counts as F.
        let two = try #require(
            Self.twoGroups.evaluate(
                Learner(id: "L", units: ["S", "Y"].map { UnitAchievement(code: UnitCode($0)) }, exceptions: [sub]),
                against: "sub"))
        #expect(two.achieved && Set(two.countedUnits) == ["F", "Y"] && two.exceptionsApplied == [sub])
    }

    @Test func tooManyChoicesIsLimitExceededNotAnAnswer() throws {
        let e = try Evaluator(catalog: Self.twoGroups.catalog, limits: EvaluationLimits(maximumChoices: 1))
        let xs: [LearnerException] = [.substitute("S", for: "F", reason: "a"), .substitute("Y", for: "F", reason: "b")]
        let r = try #require(
            e.evaluate(
                Learner(id: "L", units: ["S", "Y"].map { UnitAchievement(code: UnitCode($0)) }, exceptions: xs),
                against: "sub"))
        #expect(!r.achieved && r.unmet.map(\.code) == [.limitExceeded] && r.next == nil)
        #expect(r.unmet[0].details == .limitExceeded(required: 2, maximum: 1))
        #expect(r.unmet[0].message?.contains("EvaluationLimits.maximumChoices") == true)
    }

    // MARK: - Equivalences

    static func equivalent(_ classes: [[UnitCode]], credits: Int = 3) throws -> Evaluator {
        let a = QualificationFamily(
            id: "a", family: "A", awardingOrganisation: "AO", version: "1",
            units: [LearningUnit(code: "A-1", title: "A1", level: .level(3), credits: 3, guidedLearningHours: 9)],
            qualifications: [])
        let b = QualificationFamily(
            id: "b", family: "B", awardingOrganisation: "AO", version: "1",
            units: [
                LearningUnit(
                    code: "B-1", title: "B1", level: .level(3), credits: Credits(credits), guidedLearningHours: 9),
                LearningUnit(code: "B-2", title: "B2", level: .level(3), credits: 3, guidedLearningHours: 9)
            ],
            qualifications: [
                Qualification(
                    id: "qb", title: "B1 alone", level: .level(3), creditValue: 3, rules: [.mandatory(["B-1"])]),
                Qualification(
                    id: "both", title: "A1 and B1", level: .level(3), creditValue: 6,
                    rules: [.mandatory(["A-1", "B-1"])])
            ],
            equivalentUnits: classes)
        return try Evaluator(catalog: QualificationCatalog([a, b]))
    }

    @Test func anEquivalentUnitCountsOnce() throws {
        let e = try Self.equivalent([["A-1", "B-1"]])
        let l = Learner(id: "L", units: [UnitAchievement(code: "A-1", achieved: Self.day("2014-01-01"))])
        let results = e.evaluate(l)
        #expect(results.first { $0.qualification == "qb" }?.achieved == true)
        #expect(results.first { $0.qualification == "qb" }?.countedUnits == ["B-1"])
        #expect(results.first { $0.qualification == "both" }?.achieved == false, "one unit cannot count as both")
        #expect(results.allSatisfy { $0.exceptionsApplied.isEmpty && $0.warnings.isEmpty })
        // Without the equivalence, nothing.
        #expect(try Self.equivalent([]).evaluate(l).allSatisfy { !$0.achieved })
    }

    // MARK: - Records

    @Test func anExceptionNamingAnUnknownUnitIsARecordErrorWithItsField() throws {
        let line =
            #"{"id":"L","units":[{"code":"8577-300"}],"exceptions":[{"kind":"exempt","unit":"8577-399","reason":"RPL"}]}"#
        var loader = RecordLoader(evaluator: Self.bundled)
        let failure = loader.load(Array(line.utf8), into: Self.bundled.makeWorkspace())
        let f = try #require(failure)
        #expect(f.field == "exceptions[0].unit")
        #expect(f.message.hasPrefix("'exceptions[0].unit': unit '8577-399' is not defined in any loaded pack"))
        #expect(f.column == line.range(of: "\"8577-399\"")!.lowerBound.utf16Offset(in: line) + 1)
        let value = LearnerJSONParser().parse(Array(line.utf8))
        guard case .success(let (learner, _)) = value else { Issue.record("the value parser reads it"); return }
        #expect(
            Self.bundled.problems(in: learner) == [
                "'exceptions[0].unit': unit '8577-399' is not defined in any loaded pack; did you mean '8577-300'?"
            ])
    }

    @Test(arguments: [
        (#"{"kind":"exempt","reason":"RPL"}"#, "exceptions[0].unit", "an 'exempt' exception needs 'unit'"),
        (#"{"kind":"exempt","unit":"8577-301"}"#, "exceptions[0].reason", "'reason' is missing or empty"),
        (
            #"{"kind":"waive","requirement":"min-credits","reason":"x"}"#, "exceptions[0].requirement",
            "'min-credits' cannot be waived"
        ),
        (
            #"{"kind":"extend","requirement":"completion-window","reason":"x"}"#, "exceptions[0].until",
            "an 'extend' exception needs 'until'"
        ),
        (#"{"kind":"skip","unit":"8577-301","reason":"x"}"#, "exceptions[0].kind", "'exceptions[0].kind' is 'skip'"),
        (
            #"{"kind":"exempt","unit":"8577-301","qualification":"8577-award","reason":"x"}"#,
            "exceptions[0].qualification", "qualification '8577-award' is not defined"
        ),
        (
            #"{"kind":"waive","requirement":"tutorial-hours","unit":"8577-301","reason":"x"}"#, "exceptions[0].unit",
            "only a 'practice-hours' waiver names a 'unit'"
        )
    ])
    func malformedExceptionsAreRecordErrors(entry: String, field: String, message: String) throws {
        let line = #"{"id":"L","exceptions":["# + entry + "]}"
        var loader = RecordLoader(evaluator: Self.bundled)
        let failure = loader.load(Array(line.utf8), into: Self.bundled.makeWorkspace())
        let f = try #require(failure)
        #expect(f.field == field, "\(f)")
        // (A value the key itself cannot take is reported as "'path' is …", a shape problem as "'path': …".)
        #expect(f.message.hasPrefix("'\(field)': " + message) || f.message.hasPrefix(message), "\(f.message)")
    }

    @Test func theEngineReadsExceptionsAsTheValuesDo() throws {
        let g = LearnerGenerator(catalog: Self.bundled.catalog, seed: 3, exceptionRate: 0.5)
        var bytes: [UInt8] = []
        let learners = (0..<300).map { g.learner($0) }
        #expect(learners.filter { !$0.exceptions.isEmpty }.count > 60)
        for l in learners { LearnerGenerator.appendJSON(l, to: &bytes) }
        var expected: [EvaluationResult] = []
        for l in learners {
            expected += Self.bundled.evaluate(l, options: EvaluationOptions(asOf: Self.day("2015-01-01")))
        }
        var got: [EvaluationResult] = []
        let reader = LearnerReader(bytes: bytes, format: .jsonLines)
        let report = Self.bundled.evaluate(reader, options: EvaluationOptions(asOf: Self.day("2015-01-01")), threads: 2)
        { record in
            if case .success(let rs) = record.results { got += rs }
        }
        #expect(report.rejected == 0)
        #expect(got == expected)
        #expect(got.contains { !$0.exceptionsApplied.isEmpty })
    }

    @Test func csvCarriesExceptionsInTheirOwnColumns() throws {
        let csv = """
            learner,unit,achieved,hours,exception_kind,exception_unit,exception_for,exception_requirement,exception_until,exception_qualification,exception_reason
            C,8577-300,2013-06-01,,,,,,,,
            C,8577-301,2013-07-01,6,,,,,,,
            C,,,,exempt,8577-303,,,,8577-award-coaching,"RPL, portfolio"
            D,8577-300,,,waive,,,tutorial-hours,,,x
            D,,,,waive,,,min-credits,,,x
            E,,,,extend,,,completion-window,2019-01-01,,special consideration

            """
        let records = Array(LearnerReader(bytes: Array(csv.utf8), format: .csv))
        let learners = records.compactMap { try? $0.learner.get() }
        #expect(learners.map(\.id) == ["C", "E"], "both of D's rows are rejected")
        #expect(learners[0].exceptions == [.exempt("8577-303", qualification: Self.award, reason: "RPL, portfolio")])
        #expect(
            learners[1].exceptions == [
                .extend(.completionWindow, until: Self.day("2019-01-01"), reason: "special consideration")
            ])
        let errors = records.compactMap { r -> String? in
            if case .failure(let e) = r.learner { return "\(e.line): \(e.message)" } else { return nil }
        }
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.first?.hasPrefix("5: a row is a unit achievement or an exception, not both") == true)
        #expect(errors.last?.hasPrefix("6: 'exception_requirement': 'min-credits' cannot be waived") == true)
        #expect(try #require(Self.bundled.evaluate(learners[0], against: Self.award)).achieved)
    }

    /// The hot path (records without exceptions) and the general path that exceptions take decide the
    /// same, field by field, with and without an as-of date.
    @Test func theFastPathAgreesWithTheGeneralPath() {
        let e = Self.bundled
        let g = LearnerGenerator(catalog: e.catalog, seed: 11)
        let ws = e.makeWorkspace()
        var compared = 0
        for asOf in [nil, Self.day("2014-06-01"), Self.day("2016-03-01")] {
            ws.asOf = asOf
            for i in 0..<2000 {
                e.evaluate(g.learner(i), in: ws) { _ in }
                for q in e.qualifications.indices {
                    let f = e.fastOutcome(q, in: ws), s = e.generalOutcome(q, in: ws)
                    let same =
                        f.achieved == s.achieved && f.credits == s.credits && f.pathIndex == s.pathIndex
                        && f.countedUnits == s.countedUnits && f.nextUnits == s.nextUnits
                        && f.failedChecks == s.failedChecks
                        && f.uncheckedCodes == s.uncheckedCodes && ws.deadlineDay(f) == ws.deadlineDay(s)
                        && ws.unmetKinds(f) == ws.unmetKinds(s)
                    #expect(
                        same, "learner \(i), qualification \(e.qualifications[q].id), as of \(String(describing: asOf))"
                    )
                    compared += 1
                }
            }
        }
        #expect(compared == 3 * 2000 * e.qualifications.count)
    }

    /// The general path's shortcuts (a waiver of delivery hours or a registration limit the learner is known
    /// to meet touches nothing; an outcome with one way to count the units, by exemptions, waivers and
    /// extensions, is decided without the search over ways) decide as the general path does without them:
    /// the same results, with their warnings and `exceptions_applied`, on generated cohorts where every
    /// learner with units carries exceptions, with and without an as-of date.
    @Test(arguments: [0, 1])
    func theExceptionShortcutsDecideAsTheGeneralPath(catalog: Int) throws {
        let e = catalog == 0 ? Self.bundled : Self.oneOfThree([["S", "Q"]])
        let general = try Evaluator(catalog: e.catalog, only: nil, decisionTables: true, exceptionShortcuts: false)
        let g = LearnerGenerator(catalog: e.catalog, seed: 21, exceptionRate: 1)
        var compared = 0, applied = 0, unused = 0
        for asOf in [nil, Self.day("2015-06-30"), Self.day("2019-01-01")] {
            let options = EvaluationOptions(asOf: asOf)
            for i in 0..<1500 {
                let l = g.learner(i)
                guard !l.exceptions.isEmpty else { continue }
                let one = e.evaluate(l, options: options), all = general.evaluate(l, options: options)
                #expect(one == all, "learner \(i), as of \(String(describing: asOf))")
                compared += 1
                if one.contains(where: { !$0.exceptionsApplied.isEmpty }) { applied += 1 }
                if one.first?.warnings.contains(where: { $0.kind == .unusedException }) == true { unused += 1 }
            }
        }
        #expect(compared > 2500 && applied > 100 && unused > 100, "\(compared) \(applied) \(unused)")
    }

    // MARK: - Found in review

    /// "One of P, Q, R" with a certification end of 2018-08-31; S outside the qualification.
    static func oneOfThree(_ equivalent: [[UnitCode]] = []) -> Evaluator {
        let units = ["P", "Q", "R", "S"].map {
            LearningUnit(code: UnitCode($0), title: $0, level: .level(3), credits: 3, guidedLearningHours: 9)
        }
        let q = Qualification(
            id: "opt", title: "One of three", level: .level(3), creditValue: 3,
            groups: [UnitGroup(id: "g", title: "G", units: ["P", "Q", "R"])],
            rules: [.minUnitsFromGroup("g", 1)],
            validity: Validity(certificationEnd: day("2018-08-31")))
        let f = QualificationFamily(
            id: "t", family: "T", awardingOrganisation: "AO", version: "1", units: units,
            qualifications: [q], equivalentUnits: equivalent)
        return try! Evaluator(catalog: QualificationCatalog([f]))
    }

    @Test func aSpareLateUnitDoesNotFailAQualificationCompletedInTime() throws {
        let e = Self.oneOfThree()
        let l = Learner(
            id: "L",
            units: [
                UnitAchievement(code: "P", achieved: Self.day("2014-01-01")),
                UnitAchievement(code: "Q", achieved: Self.day("2019-01-01"))
            ])
        for asOf in [nil, Self.day("2018-01-01"), Self.day("2019-06-01")] {
            let r = try #require(e.evaluate(l, against: "opt", options: EvaluationOptions(asOf: asOf)))
            #expect(r.achieved && r.countedUnits == ["P"], "as of \(String(describing: asOf)): \(r.unmet.map(\.code))")
        }
        // Late and nothing in time: the late unit is reported.
        let late = try #require(
            e.evaluate(
                Learner(id: "L", units: [UnitAchievement(code: "Q", achieved: Self.day("2019-01-01"))]), against: "opt")
        )
        #expect(!late.achieved && late.unmet.map(\.code) == [.certificationClosed] && late.unmet[0].unit == "Q")
        // A late substitute or equivalent unit does not take it away either.
        var sub = l
        sub.units = [
            UnitAchievement(code: "P", achieved: Self.day("2014-01-01")),
            UnitAchievement(code: "S", achieved: Self.day("2019-01-01"))
        ]
        sub.exceptions = [.substitute("S", for: "Q", reason: "x")]
        let r = try #require(e.evaluate(sub, against: "opt"))
        #expect(r.achieved && r.exceptionsApplied.isEmpty)
        sub.exceptions = []
        #expect(try #require(Self.oneOfThree([["S", "Q"]]).evaluate(sub, against: "opt")).achieved)
    }

    @Test func aWaiverOfACheckTheQualificationLacksIsNotApplied() throws {
        let w = LearnerException.waive(.certificationClosed, reason: "x")
        let l = Learner(
            id: "D", registered: Self.day("2014-01-01"), inductionHours: 1, tutorialHours: 2,
            units: ["D3.01", "D3.02", "D3.03", "D3.04"].map { UnitAchievement(code: UnitCode($0), hours: 100) },
            exceptions: [w])
        for r in Self.bundled.evaluate(l) {
            #expect(r.exceptionsApplied.isEmpty, "\(r.qualification)")
            #expect(r.warnings.map(\.kind) == [.unusedException], "\(r.qualification)")
        }
    }

    @Test func theChoiceOfSubstitutionDoesNotDependOnWhetherNextIsWritten() throws {
        // Over twelve units (no decision table), mandatory H and N, one of T or U1…U11, H and T barred.
        var units = ["H", "N", "S"].map {
            LearningUnit(code: UnitCode($0), title: $0, level: .level(3), credits: 3, guidedLearningHours: 9)
        }
        units.append(LearningUnit(code: "T", title: "T", level: .level(3), credits: 20, guidedLearningHours: 9))
        let us = (1...11).map { "U\($0)" }
        units += us.map {
            LearningUnit(code: UnitCode($0), title: $0, level: .level(3), credits: 3, guidedLearningHours: 9)
        }
        let q = Qualification(
            id: "q", title: "q", level: .level(3), creditValue: 9,
            groups: [UnitGroup(id: "g", title: "G", units: (["T"] + us).map { UnitCode($0) })],
            rules: [.mandatory(["H", "N"]), .minUnitsFromGroup("g", 1), .barred(["H", "T"])])
        let f = QualificationFamily(
            id: "t", family: "T", awardingOrganisation: "AO", version: "1", units: units, qualifications: [q])
        let e = try Evaluator(catalog: QualificationCatalog([f]))
        let l = Learner(
            id: "L", units: [UnitAchievement(code: "H"), UnitAchievement(code: "S")],
            exceptions: [.substitute("S", for: "T", reason: "a"), .substitute("S", for: "U1", reason: "b")])
        var seen: [[String]] = []
        for next in [true, false] {
            let ws = e.makeWorkspace()
            ws.computesNext = next
            e.evaluate(l, in: ws) { o in
                let r = ws.result(o)
                seen.append(["\(r.credits)", "\(r.countedUnits)", "\(r.exceptionsApplied.map(\.reason))"])
            }
        }
        #expect(seen.count == 2 && seen[0] == seen[1], "\(seen)")
        #expect(seen.first?[2] == "[\"b\"]", "S counts as U1 (T is barred with H): \(seen)")
    }

    @Test func anExemptionAndASubstituteForOneUnitListOnlyTheExemption() throws {
        let x = LearnerException.exempt("8577-303", reason: "RPL")
        let l = Self.coach(
            units: [("8577-300", "2013-06-01", nil), ("8577-301", "2013-07-01", 6), ("8578-303", "2013-08-01", nil)],
            exceptions: [x, .substitute("8578-303", for: "8577-303", reason: "same")])
        let r = try award(l)
        #expect(r.achieved && r.exceptionsApplied == [x])
    }

    @Test func anExceptionTheSDKCannotApplyIsAWarningNotSilence() throws {
        let l = Self.coach(exceptions: [.exempt("8577-399", reason: "typo")])
        let r = try award(l)
        #expect(r.warnings.map(\.kind) == [.invalidException])
        #expect(r.warnings.first?.subject == "exceptions[0]")
        #expect(r.warnings.first?.message.contains("unit '8577-399' is not defined") == true)
    }

    @Test func equivalenceClassesMergeAcrossPacksAndAreBounded() throws {
        // A ~ B in one pack and B ~ C in another: A counts for C.
        let units = ["A", "B", "C"].map {
            LearningUnit(code: UnitCode($0), title: $0, level: .level(3), credits: 3, guidedLearningHours: 9)
        }
        let f1 = QualificationFamily(
            id: "one", family: "1", awardingOrganisation: "AO", version: "1", units: Array(units[0...1]),
            qualifications: [], equivalentUnits: [["A", "B"]])
        let f2 = QualificationFamily(
            id: "two", family: "2", awardingOrganisation: "AO", version: "1", units: [units[2]],
            qualifications: [
                Qualification(id: "qc", title: "C", level: .level(3), creditValue: 3, rules: [.mandatory(["C"])])
            ],
            equivalentUnits: [["B", "C"]])
        let e = try Evaluator(catalog: QualificationCatalog([f1, f2]))
        #expect(try #require(e.evaluate(Learner(id: "L", units: [UnitAchievement(code: "A")]), against: "qc")).achieved)
        // Built in code, a class is checked as the validator checks it.
        let odd = QualificationFamily(
            id: "odd", family: "O", awardingOrganisation: "AO", version: "1",
            units: [
                units[0], LearningUnit(code: "D", title: "D", level: .level(4), credits: 3, guidedLearningHours: 9)
            ],
            qualifications: [], equivalentUnits: [["A", "D"]])
        #expect(throws: EvaluatorError.self) { try Evaluator(catalog: QualificationCatalog([odd])) }
    }

    /// Units V0…V`size-1` of one group and one class, two units from the group required.
    static func oneClassGroup(size: Int) throws -> Evaluator {
        let units = (0..<size).map {
            LearningUnit(code: UnitCode("V\($0)"), title: "V", level: .level(3), credits: 3, guidedLearningHours: 9)
        }
        let q = Qualification(
            id: "two", title: "Two of V", level: .level(3), creditValue: 6,
            groups: [UnitGroup(id: "v", title: "V", units: units.map(\.code))],
            rules: [.minUnitsFromGroup("v", 2)])
        let f = QualificationFamily(
            id: "v", family: "V", awardingOrganisation: "AO", version: "1", units: units,
            qualifications: [q], equivalentUnits: [units.map(\.code)])
        return try Evaluator(catalog: QualificationCatalog([f]))
    }

    @Test(arguments: [2, 9, 10, 70])
    func aClassOfEquivalentUnitsCountsOnceWhateverItsSize(size: Int) throws {
        // A class counts once: holding two of its units is one unit of the two required, decided (never
        // limit-exceeded), whatever the class's size.
        let e = try Self.oneClassGroup(size: size)
        for held in [["V0"], ["V0", "V1"], (0..<size).map { "V\($0)" }] {
            let l = Learner(id: "L", units: held.map { UnitAchievement(code: UnitCode($0)) })
            let r = try #require(e.evaluate(l, against: "two"))
            #expect(!r.achieved && r.unmet.map(\.code) == [.groupMinUnits], "\(size), \(held): \(r.unmet.map(\.code))")
            #expect(r.countedUnits.count == 1 && r.credits == 3, "\(size), \(held): \(r.countedUnits), \(r.credits)")
            // No completion exists: a second unit of the class would not count either.
            #expect(r.next == nil, "\(size), \(held): \(String(describing: r.next))")
        }
    }

    @Test func twoPacksMayGrowOneClassToAnySize() throws {
        // One pack declares 60 equivalent units, another extends the class with 60 more: it evaluates.
        let first = (0..<60).map {
            LearningUnit(code: UnitCode("A\($0)"), title: "A", level: .level(3), credits: 3, guidedLearningHours: 9)
        }
        let second = (0..<60).map {
            LearningUnit(code: UnitCode("B\($0)"), title: "B", level: .level(3), credits: 3, guidedLearningHours: 9)
        }
        let q = Qualification(id: "qa", title: "A0", level: .level(3), creditValue: 3, rules: [.mandatory(["A0"])])
        let one = QualificationFamily(
            id: "one", family: "1", awardingOrganisation: "AO", version: "1", units: first,
            qualifications: [q], equivalentUnits: [first.map(\.code)])
        let two = QualificationFamily(
            id: "two", family: "2", awardingOrganisation: "AO", version: "1", units: second,
            qualifications: [], equivalentUnits: [["A59"] + second.map(\.code)])
        let e = try Evaluator(catalog: QualificationCatalog([one, two]))
        let r = try #require(e.evaluate(Learner(id: "L", units: [UnitAchievement(code: "B59")]), against: "qa"))
        #expect(r.achieved && r.countedUnits == ["A0"])
    }

    @Test func moreThanSixtyFourExceptionsIsLimitExceeded() throws {
        let one = #"{"kind":"waive","requirement":"tutorial-hours","reason":"r"}"#
        let line = #"{"id":"L","exceptions":["# + Array(repeating: one, count: 65).joined(separator: ",") + "]}"
        var loader = RecordLoader(evaluator: Self.bundled)
        let failure = loader.load(Array(line.utf8), into: Self.bundled.makeWorkspace())
        let f = try #require(failure)
        #expect(f.message.contains("EvaluationLimits.maximumExceptions") && f.field == "exceptions[64]", "\(f)")
        let learner = Learner(id: "L", exceptions: Array(repeating: .waive(.tutorialHours, reason: "r"), count: 65))
        #expect(Self.bundled.problems(in: learner).contains { $0.contains("EvaluationLimits.maximumExceptions") })
    }

    @Test func anExtensionThatMovesNoDeadlineIsNotUsed() throws {
        // No registration date: the window is unknown, so extending it changes nothing (nor fails anyone).
        let x = LearnerException.extend(.completionWindow, until: Self.day("2014-01-01"), reason: "r")
        let d3 = Learner(
            id: "Y",
            units: [
                UnitAchievement(code: "D3.01", achieved: Self.day("2015-01-01")), UnitAchievement(code: "D3.02"),
                UnitAchievement(code: "D3.03", hours: 6), UnitAchievement(code: "D3.04")
            ], exceptions: [x])
        let r = try #require(Self.bundled.evaluate(d3, against: "d3-certificate-professional-workplace-coaches"))
        #expect(r.achieved && r.deadline == nil && r.exceptionsApplied.isEmpty)
        // A later certification end that the completion window overrides moves no deadline.
        let cert = LearnerException.extend(.certificationClosed, until: Self.day("2019-08-31"), reason: "r")
        let early = try award(Self.coach(registered: "2013-02-01", exceptions: [cert]))
        #expect(early.deadline == Self.day("2016-02-01") && early.exceptionsApplied.isEmpty)
        let late = try award(Self.coach(registered: "2015-08-01", exceptions: [cert]))
        #expect(
            late.deadline == Self.day("2018-08-01") && late.exceptionsApplied.isEmpty,
            "the window (2018-08-01) closes first")
        let both = try award(
            Self.coach(
                registered: "2015-08-01",
                exceptions: [cert, .extend(.completionWindow, until: Self.day("2019-06-30"), reason: "w")]))
        #expect(both.deadline == Self.day("2019-06-30") && both.exceptionsApplied.count == 2)
    }

    @Test func aSubstituteThatBringsCompletionNoCloserIsNotUsed() throws {
        let sub = LearnerException.substitute("8577-303", for: "8577-301", reason: "r")
        let r = try award(
            Self.coach(units: [("8577-300", "2013-06-01", nil), ("8577-303", "2013-08-01", nil)], exceptions: [sub]))
        #expect(r.next == ["8577-301"] && r.exceptionsApplied.isEmpty)
    }

    @Test func theGeneratorGivesTheShareOfExceptionsAskedFor() {
        let all = LearnerGenerator(catalog: Self.bundled.catalog, seed: 9, exceptionRate: 1)
        let learners = (0..<2000).map { all.learner($0) }.filter { !$0.units.isEmpty }
        #expect(learners.allSatisfy { !$0.exceptions.isEmpty })
        let some = LearnerGenerator(catalog: Self.bundled.catalog, seed: 9, exceptionRate: 0.2)
        let share = Double((0..<5000).filter { !some.learner($0).exceptions.isEmpty }.count) / 5000
        #expect(share > 0.17 && share < 0.22, "\(share)")
        // The learners without exceptions are the same whatever the rate.
        let none = LearnerGenerator(catalog: Self.bundled.catalog, seed: 9)
        for i in 0..<300 where some.learner(i).exceptions.isEmpty { #expect(some.learner(i) == none.learner(i)) }
    }

    // MARK: - Hostile input, round three (#24)

    @Test func aWaiverThatMovesTheDeadlineIsUsed() throws {
        // Registered 2013-02-01: the window closes 2016-02-01; waived, the certification end (2018-08-31) is the
        // deadline.
        let w = LearnerException.waive(.completionWindow, reason: "special consideration")
        let r = try award(Self.coach(exceptions: [w]))
        #expect(r.achieved && r.deadline == Self.day("2018-08-31"))
        #expect(r.exceptionsApplied == [w])
        #expect(
            !Self.bundled.evaluate(Self.coach(exceptions: [w])).contains {
                $0.warnings.contains { $0.kind == .unusedException }
            })
    }

    /// Substitutions for units the learner already holds, each achieved after the unit it stands for.
    static func pointlessSubstitutions(targets: [UnitCode]) -> (
        units: [(String, String?, Double?)], exceptions: [LearnerException]
    ) {
        let others = [
            "8577-302", "8577-304", "8577-305", "8577-306", "8577-307", "8578-300", "8578-302", "8578-303",
            "8578-304", "8578-306", "8578-307", "D3.01", "D3.02", "D3.03", "D3.04"
        ]
        var xs: [LearnerException] = []
        for o in others { for t in targets { xs.append(.substitute(UnitCode(o), for: t, reason: "changes nothing")) } }
        return (others.map { ($0, "2013-09-01", 100) }, Array(xs.prefix(EvaluationLimits.maximumExceptions)))
    }

    @Test func substitutionsThatCannotMatterUseUpNoChoices() throws {
        // Every unit held, and 45 substitutions for units already held: achieved, not limit-exceeded.
        let all = Self.pointlessSubstitutions(targets: ["8577-300", "8577-301", "8577-303"])
        let complete = Self.coach(
            units: Self.coach().units.map { ($0.code.rawValue, $0.achieved?.description, $0.hours?.value) } + all.units,
            exceptions: all.exceptions)
        let r = try award(complete)
        #expect(r.achieved && r.unmet.isEmpty, "\(r.unmet.map(\.code))")
        // 8577-303 missing, 30 substitutions for the two held units: decided, not limit-exceeded.
        let two = Self.pointlessSubstitutions(targets: ["8577-300", "8577-301"])
        let missing = Self.coach(
            units: [("8577-300", "2013-06-01", nil), ("8577-301", "2013-07-01", 6)] + two.units,
            exceptions: two.exceptions)
        let m = try award(missing)
        #expect(
            !m.achieved && m.unmet.map(\.code) == [.missingMandatoryUnit] && m.next == ["8577-303"],
            "\(m.unmet.map(\.code))")
    }

    @Test func choicesLeftUndecidedAreNotSaidToChangeNothing() throws {
        let e = try Evaluator(catalog: Self.twoGroups.catalog, limits: EvaluationLimits(maximumChoices: 1))
        let xs: [LearnerException] = [.substitute("S", for: "F", reason: "a"), .substitute("Y", for: "F", reason: "b")]
        let results = e.evaluate(
            Learner(id: "L", units: ["S", "Y"].map { UnitAchievement(code: UnitCode($0)) }, exceptions: xs))
        #expect(results.first { $0.qualification == "sub" }?.unmet.map(\.code) == [.limitExceeded])
        #expect(results.allSatisfy { $0.warnings.isEmpty }, "\(results.map(\.warnings))")
    }

    /// The bundled packs and X1, equivalent to 8577-301 (level 3, 4 credits, 6 hours of practice).
    static let withX1: Evaluator = {
        let x1 = LearningUnit(
            code: "X1", title: "X1", level: .level(3), credits: 4, guidedLearningHours: 6, minimumPracticeHours: 6)
        let f = QualificationFamily(
            id: "x", family: "X", awardingOrganisation: "AO", version: "1", units: [x1],
            qualifications: [], equivalentUnits: [["X1", "8577-301"]])
        let registry = try! PackRegistry.bundled()
        return try! Evaluator(catalog: QualificationCatalog(registry.catalog.families + [f]))
    }()

    @Test func exceptionsCarryThroughEquivalentUnits() throws {
        func award(_ l: Learner) throws -> EvaluationResult {
            try #require(Self.withX1.evaluate(l, against: Self.award))
        }
        let base: [(String, String?, Double?)] = [("8577-300", "2013-06-01", nil), ("8577-303", "2013-08-01", nil)]
        // X1 held with 4 hours of 6; practice hours waived for 8577-301, which X1 counts as.
        let waiver = LearnerException.waive(.practiceHours, unit: "8577-301", reason: "special consideration")
        let short = Self.coach(units: base + [("X1", "2013-07-01", 4)])
        #expect(try !award(short).achieved)
        var waived = short
        waived.exceptions = [waiver]
        let r = try award(waived)
        #expect(r.achieved && r.exceptionsApplied == [waiver], "\(r.unmet.map(\.code))")
        // A waiver naming X1 carries to 8577-301 in the same way.
        waived.exceptions = [.waive(.practiceHours, unit: "X1", reason: "special consideration")]
        #expect(try award(waived).achieved)
        // X1 exempt counts as holding 8577-301.
        let exempt = LearnerException.exempt("X1", reason: "RPL")
        let e = try award(Self.coach(units: base, exceptions: [exempt]))
        #expect(
            e.achieved && e.exceptionsApplied == [exempt] && e.countedUnits.contains("8577-301"),
            "\(e.unmet.map(\.code))")
        #expect(e.warnings.isEmpty)
    }

    @Test func aUnitListedWithoutItsPracticeHoursIsSaidUnchecked() throws {
        // 8577-301 asks for 6 hours of practice; listed without hours it counts, and the result says so.
        let r = try award(
            Self.coach(units: [
                ("8577-300", "2013-06-01", nil), ("8577-301", "2013-07-01", nil), ("8577-303", "2013-08-01", nil)
            ]))
        #expect(r.achieved && r.unchecked == [.practiceHours], "\(r.unchecked)")
        // Listed again with its hours, it is checked.
        let both = try award(
            Self.coach(units: [
                ("8577-300", "2013-06-01", nil), ("8577-301", "2013-07-01", nil), ("8577-301", "2013-07-02", 6),
                ("8577-303", "2013-08-01", nil)
            ]))
        #expect(both.unchecked.isEmpty)
        #expect(try award(Self.coach()).unchecked.isEmpty, "a unit without a practice minimum needs no hours")
    }

    /// X1 (6 hours of practice) listed without hours counts as its equivalent 8577-301: the practice it rests
    /// on is X1's, so the result says it was not checked, as it would for 8577-301 listed so.
    @Test func aUnitCountedThroughItsEquivalentWithoutHoursIsSaidUnchecked() throws {
        func award(_ learner: Learner) throws -> EvaluationResult {
            try #require(Self.withX1.evaluate(learner, against: Self.award))
        }
        let base: [(String, String?, Double?)] = [("8577-300", "2013-06-01", nil), ("8577-303", "2013-08-01", nil)]
        let r = try award(Self.coach(units: base + [("X1", "2013-07-01", nil)]))
        #expect(r.achieved && r.countedUnits.contains("8577-301") && r.unchecked == [.practiceHours], "\(r.unchecked)")
        #expect(try award(Self.coach(units: base + [("X1", "2013-07-01", 6)])).unchecked.isEmpty)
        // Counted as X1's equivalent while 8577-301 itself is listed without hours: what counts is X1's listing.
        let both = try award(Self.coach(units: base + [("8577-301", "2013-07-02", nil), ("X1", "2013-07-01", 6)]))
        #expect(both.achieved, "\(both.unmet.map(\.code))")
    }

    @Test func aRecordWithManyExceptionsSaysHowMany() throws {
        let one = #"{"kind":"waive","requirement":"tutorial-hours","reason":"r"}"#
        let line = #"{"id":"L","exceptions":["# + Array(repeating: one, count: 1000).joined(separator: ",") + "]}"
        var loader = RecordLoader(evaluator: Self.bundled)
        let failure = loader.load(Array(line.utf8), into: Self.bundled.makeWorkspace())
        let f = try #require(failure)
        #expect(f.message.contains("carries 1000 exceptions") && f.field == "exceptions[64]", "\(f)")
        let noKind = #"{"id":"L","exceptions":[{"kind":"exempt","unit":"8577-300","reason":"r"},{"reason":"r"}]}"#
        let other = loader.load(Array(noKind.utf8), into: Self.bundled.makeWorkspace())
        let g = try #require(other)
        #expect(g.message.hasPrefix("'exceptions[1]' has no 'kind'") && g.field == "exceptions[1].kind", "\(g)")
    }
}
