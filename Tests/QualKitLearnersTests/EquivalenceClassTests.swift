import Foundation
import Testing
@testable import QualKitCore
@testable import QualKitSpecs

/// Classes of equivalent units with exceptions, dates, many places, budgets and packs loaded one after
/// another: the cases a review of "a class counts once" found (#24 items 1–3).
@Suite("Equivalence classes: review cases")
struct EquivalenceClassTests {
    static func unit(_ code: String, hours: Double? = nil) -> LearningUnit {
        LearningUnit(
            code: UnitCode(code), title: code, level: .level(3), credits: 3, guidedLearningHours: 9,
            minimumPracticeHours: hours.map { Hours($0) })
    }
    static func family(_ units: [LearningUnit], _ qualifications: [Qualification], classes: [[UnitCode]])
        -> QualificationFamily
    {
        QualificationFamily(
            id: "r", family: "R", awardingOrganisation: "AO", version: "1", units: units,
            qualifications: qualifications, equivalentUnits: classes)
    }

    @Test func aSubstitutionFromOneHeldMemberLeavesTheOtherForTheClass() throws {
        let q = Qualification(id: "q", title: "Q", level: .level(3), creditValue: 6, rules: [.mandatory(["C", "T"])])
        let f = Self.family(["C", "T", "H1", "H2"].map { Self.unit($0) }, [q], classes: [["C", "H1", "H2"]])
        let e = try Evaluator(catalog: QualificationCatalog([f]))
        for source in ["H1", "H2"] {
            let l = Learner(
                id: "L", units: [UnitAchievement(code: "H1"), UnitAchievement(code: "H2")],
                exceptions: [.substitute(UnitCode(source), for: "T", reason: "r")])
            let r = try #require(e.evaluate(l, against: "q"))
            #expect(r.achieved && r.warnings.isEmpty, "\(source) stands for T, the other for C: \(r.unmet.map(\.code))")
        }
    }

    @Test func aMemberHeldByAWaiverOnAnUnknownDayIsTriedLikeOneAchievedOnAnUnknownDay() throws {
        let q = Qualification(
            id: "q", title: "Q", level: .level(3), creditValue: 3, rules: [.mandatory(["C"])],
            validity: Validity(certificationEnd: try CalendarDate("2015-01-01")))
        let f = Self.family(["C", "W1", "W2"].map { Self.unit($0, hours: 6) }, [q], classes: [["C", "W1", "W2"]])
        let e = try Evaluator(catalog: QualificationCatalog([f]))
        let late = try CalendarDate("2016-01-01")
        let own = Learner(
            id: "O",
            units: [
                UnitAchievement(code: "W1", achieved: late, hours: Hours(6)),
                UnitAchievement(code: "W2", hours: Hours(6))
            ])
        let waived = Learner(
            id: "W",
            units: [
                UnitAchievement(code: "W1", achieved: late, hours: Hours(2)),
                UnitAchievement(code: "W2", hours: Hours(2))
            ],
            exceptions: [.waive(.practiceHours, unit: "W1", reason: "r")])
        let a = try #require(e.evaluate(own, against: "q")), b = try #require(e.evaluate(waived, against: "q"))
        #expect(a.achieved && b.achieved, "\(a.unmet.map(\.code)) \(b.unmet.map(\.code))")
    }

    @Test func equivalencesAloneNeverSpendTheLearnersBudget() throws {
        let g = UnitGroup(id: "g", title: "G", units: ["C1", "D"])
        let qualifications = (0..<6).map { k in
            Qualification(
                id: QualificationID("q\(k)"), title: "Q", level: .level(3), creditValue: 6, groups: [g],
                rules: [.minUnitsFromGroup("g", 1), .mandatory(["C2"])])
        }
        let f = Self.family(["C1", "C2", "D", "X"].map { Self.unit($0) }, qualifications, classes: [["C1", "C2", "X"]])
        let l = Learner(id: "L", units: [UnitAchievement(code: "X"), UnitAchievement(code: "D")])
        // No budget at all: a learner without substitutions is decided all the same, whatever else is evaluated.
        let e = try Evaluator(catalog: QualificationCatalog([f]), limits: EvaluationLimits(maximumLearnerSteps: 0))
        #expect(e.evaluate(l).allSatisfy { $0.achieved })
        let only = try Evaluator(
            catalog: QualificationCatalog([f]), only: ["q5"], limits: EvaluationLimits(maximumLearnerSteps: 0))
        #expect(only.evaluate(l).allSatisfy { $0.achieved })
    }

    @Test func classesWithMorePlacesThanTheChoicesTriedAreRejectedByTheValidator() throws {
        let vs = (0..<257).map { "V\($0)" }
        let routes = vs.enumerated().map { i, v in
            Route(id: "r\(i)", title: "R\(i)", rules: [.mandatory([UnitCode(v), UnitCode("W\(i % 2)")])])
        }
        let q = Qualification(id: "q", title: "Q", level: .level(3), creditValue: 6, rules: [.anyOf(routes)])
        let f = Self.family(
            (vs + ["W0", "W1", "X"]).map { Self.unit($0) }, [q], classes: [vs.map { UnitCode($0) } + ["X"]])
        let found = PackAnalysis.analyse(f, locations: [:], context: QualificationCatalog(), limits: .default)
        #expect(
            found.diagnostics.contains {
                $0.id == .limitExceeded && $0.message.contains("classes of equivalent units can count in 257 ways")
            },
            "\(found.diagnostics.map(\.message))")
    }

    @Test func aLaterPackCannotJoinUnitsOfAnEarlierPacksQualificationIntoAClass() throws {
        func yamlUnits(_ codes: [String]) -> String {
            codes.map { "  - code: \($0)\n    title: Unit \($0)\n    level: 3\n    credits: 3\n    glh: 9\n" }.joined()
        }
        let one = PackSource(
            origin: "one",
            files: [
                "pack.yaml": "id: one\nfamily: O\nawarding_organisation: AO\nversion: \"1\"\n",
                "units.yaml": "units:\n" + yamlUnits(["A", "C"]),
                "qualifications.yaml":
                    "qualifications:\n  - id: qa\n    title: Award A\n    level: 3\n    credit_value: 6\n"
                    + "    rules:\n      - mandatory: [A, C]\n"
            ], displayPrefix: "Specs/one")
        let two = PackSource(
            origin: "two",
            files: [
                "pack.yaml": "id: two\nfamily: T\nawarding_organisation: AO\nversion: \"1\"\n",
                "units.yaml": "equivalent_units:\n  - [A, C]\nunits:\n" + yamlUnits(["Z"]),
                "qualifications.yaml":
                    "qualifications:\n  - id: qz\n    title: Award Z\n    level: 3\n    credit_value: 3\n"
                    + "    rules:\n      - mandatory: [Z]\n"
            ], displayPrefix: "Specs/two")
        let first = try #require(PackLoader.load(one).pack)
        let registry = try PackRegistry().adding(first)
        let second = PackLoader.load(two, context: registry.catalog)
        let error = try #require(second.diagnostics.first { $0.severity == .error })
        #expect(second.pack == nil)
        #expect(
            error.message.contains("units A, C of qualification qa (pack 'one', loaded before this one) equivalent"),
            "\(error)")
        #expect(
            error.location?.file == "Specs/two/units.yaml" && error.location?.line == 2,
            "\(String(describing: error.location))")
    }
}
