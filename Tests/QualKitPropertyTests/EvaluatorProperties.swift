import QualKitEngine
import PropertyBased
import Testing
@testable import QualKit
@testable import QualKitLearners

/// Properties of the evaluator over random learners built from the bundled packs' units and assessments.
@Suite("Evaluator properties")
struct EvaluatorProperties {
    static let registry = try! PackRegistry.bundled()
    static let evaluator = try! Evaluator(catalog: registry.catalog)
    static let codes = registry.catalog.units.map(\.code) + ["8579-300"]
    static let sheets = registry.catalog.families.flatMap(\.assessments)

    /// A random learner: unit listings (some with practice hours) and mark-sheet attempts.
    static let learners = Gen.int(in: 0...(1 << 30)).map { seed -> Learner in
        var rng = LearnerGenerator.RNG(state: UInt64(seed))
        var l = Learner(id: "P\(seed)")
        if rng.below(3) > 0 { l.tutorialHours = Hours(Double(rng.below(10))) }
        if rng.below(3) > 0 { l.inductionHours = Hours(Double(rng.below(3))) }
        if rng.below(2) == 0 {
            l.registered = CalendarDate(dayNumber: CalendarDate(iso: "2012-09-01")!.dayNumber + rng.below(4000))
        }
        for _ in 0..<rng.below(9) {
            let code = codes[rng.below(codes.count)]
            let hours: Hours? = rng.below(3) == 0 ? Hours(Double(rng.below(50))) : nil
            l.units.append(UnitAchievement(code: code, hours: hours))
        }
        for _ in 0..<rng.below(3) {
            let a = sheets[rng.below(sheets.count)]
            let marks = a.markSheet!.sections.map { rng.below($0.maximum + 1) }
            l.assessments.append(AssessmentAttempt(id: a.id, marks: marks))
        }
        return l
    }

    @Test func resultsDoNotDependOnTheOrderOfUnitsOrAttempts() async {
        await propertyCheck(count: 300, input: Self.learners) { l in
            var shuffled = l
            shuffled.units.reverse()
            shuffled.assessments.reverse()
            #expect(Self.evaluator.evaluate(shuffled).map(\.achieved) == Self.evaluator.evaluate(l).map(\.achieved))
            #expect(Self.evaluator.evaluate(shuffled).map(\.credits) == Self.evaluator.evaluate(l).map(\.credits))
        }
    }

    @Test func listingAUnitTwiceChangesNothing() async {
        await propertyCheck(count: 300, input: Self.learners) { l in
            var twice = l
            twice.units += l.units
            let a = Self.evaluator.evaluate(twice), b = Self.evaluator.evaluate(l)
            #expect(a.map(\.achieved) == b.map(\.achieved))
            #expect(a.map(\.credits) == b.map(\.credits))
            #expect(a.map(\.next) == b.map(\.next))
        }
    }

    /// The bundled packs have no barred combinations, so holding one more (undated) unit can never
    /// take an achieved qualification away.
    @Test func addingAnAchievedUnitNeverLosesAnAward() async {
        await propertyCheck(count: 300, input: Self.learners, Gen.int(in: 0...17)) { l, k in
            var more = l
            more.units.append(UnitAchievement(code: Self.codes[k]))
            for (before, after) in zip(Self.evaluator.evaluate(l), Self.evaluator.evaluate(more)) where before.achieved
            {
                #expect(after.achieved, "\(before.qualification) lost by adding \(Self.codes[k])")
            }
        }
    }

    /// An independent oracle for `credits`: the distinct units achieved by listing (with enough practice
    /// hours) or by a passed mark sheet, that belong to the qualification. Counted units are among them.
    @Test func creditsAreTheSumOfTheDistinctAchievedUnitsAndCountedUnitsAreHeld() async {
        let catalog = Self.registry.catalog
        await propertyCheck(count: 300, input: Self.learners) { l in
            var achieved = Set<UnitCode>()
            for u in l.units {
                guard let unit = catalog.unitsByCode[u.code] else { continue }
                if let h = u.hours, let min = unit.minimumPracticeHours, h < min { continue }
                achieved.insert(u.code)
            }
            for a in l.assessments {
                guard let assessment = catalog.assessmentsByID[a.id], let sheet = assessment.markSheet,
                    a.marks.count == sheet.sections.count,
                    zip(a.marks, sheet.sections).allSatisfy({ $0 >= $1.minimum }),
                    a.marks.reduce(0, +) >= sheet.passMark
                else { continue }
                achieved.formUnion(assessment.covers)
            }
            for r in Self.evaluator.evaluate(l) {
                let q = catalog.qualificationsByID[r.qualification]!
                let held = achieved.intersection(q.units)
                #expect(r.credits.value == held.compactMap { catalog.unitsByCode[$0]?.credits.value }.reduce(0, +))
                #expect(Set(r.countedUnits).isSubset(of: held))
                #expect(Set(r.countedUnits).count == r.countedUnits.count)
                if r.achieved { #expect(r.next == [] && r.unmet.isEmpty) }
            }
        }
    }

    @Test func evaluationIsDeterministicAcrossThreadCounts() async throws {
        let gen = LearnerGenerator(catalog: Self.registry.catalog, seed: 5)
        var text: [UInt8] = []
        for i in 0..<1500 { LearnerGenerator.appendJSON(gen.learner(i), to: &text) }
        let path = NSTemporaryDirectory() + "qk-prop-\(UInt64.random(in: 0...UInt64.max)).jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var outputs: [[UInt8]] = []
        for threads in [1, 2, 3, 5] {
            var bulk = BatchPipeline(evaluator: Self.evaluator, format: .jsonl, threads: threads)
            bulk.batchLines = 333
            var out: [UInt8] = []
            _ = bulk.run(try LineReader(path: path), write: { out += Array($0) }, diagnose: { _ in })
            outputs.append(out)
        }
        #expect(outputs.allSatisfy { $0 == outputs[0] })
    }

    /// Exemptions and substitutions only ever add achievements: whatever units they name, a qualification
    /// achieved without them is achieved with them.
    @Test func exemptionsAndSubstitutionsOnlyAddAchievements() async {
        let known = Self.registry.catalog.units.map(\.code)
        await propertyCheck(count: 400, input: Self.learners, Gen.int(in: 0...(1 << 30))) { l, seed in
            var rng = LearnerGenerator.RNG(state: UInt64(seed))
            var with = l
            for _ in 0..<(1 + rng.below(3)) {
                let u = known[rng.below(known.count)]
                if rng.below(2) == 0 || l.units.isEmpty {
                    with.exceptions.append(.exempt(u, reason: "property"))
                } else {
                    with.exceptions.append(
                        .substitute(l.units[rng.below(l.units.count)].code, for: u, reason: "property"))
                }
            }
            with.exceptions = with.exceptions.filter { Self.evaluator.exceptionProblem($0) == nil }
            let before = Self.evaluator.evaluate(l), after = Self.evaluator.evaluate(with)
            for (b, a) in zip(before, after) where b.achieved {
                #expect(a.achieved, "\(l.id) with \(with.exceptions): lost \(b.qualification)")
            }
        }
    }

    /// Achieved as of a day implies achieved as of any later day.
    @Test func achievedAsOfADayImpliesAchievedLater() async {
        await propertyCheck(count: 400, input: Self.learners, Gen.int(in: 0...(1 << 30))) { l, seed in
            var rng = LearnerGenerator.RNG(state: UInt64(seed))
            var dated = l
            let start = CalendarDate(iso: "2012-09-01")!.dayNumber
            for i in dated.units.indices where rng.below(5) > 0 {
                dated.units[i].achieved = CalendarDate(dayNumber: start + rng.below(3000))
            }
            for i in dated.assessments.indices where rng.below(5) > 0 {
                dated.assessments[i].date = CalendarDate(dayNumber: start + rng.below(3000))
            }
            let d1 = start + rng.below(3500), d2 = d1 + rng.below(1500)
            let early = Self.evaluator.evaluate(dated, options: EvaluationOptions(asOf: CalendarDate(dayNumber: d1)))
            let late = Self.evaluator.evaluate(dated, options: EvaluationOptions(asOf: CalendarDate(dayNumber: d2)))
            let always = Self.evaluator.evaluate(dated)
            for ((e, l2), a) in zip(zip(early, late), always) where e.achieved {
                #expect(
                    l2.achieved && a.achieved,
                    "\(dated.id): \(e.qualification) achieved as of day \(d1), not as of \(d2) or without a date")
            }
        }
    }

    /// A catalog with what the bundled packs lack: optional groups, overlapping groups, alternative
    /// routes, every date limit and a class of equivalent units (B ~ J).
    static let synthetic: Evaluator = {
        var credits = ["A": 3, "B": 4, "C": 3, "D": 4, "E": 3, "F": 4, "G": 3, "H": 4, "I": 3, "J": 4]
        for c in ["K", "L", "M", "N", "O", "P"] { credits[c] = 2 }
        let units = credits.keys.sorted().map {
            LearningUnit(
                code: UnitCode($0), title: $0, level: .level(3), credits: Credits(credits[$0]!), guidedLearningHours: 9)
        }
        let d = { (s: String) in CalendarDate(iso: s)! }
        let q1 = Qualification(
            id: "q1", title: "one of A B C, and D", level: .level(3), creditValue: 7,
            groups: [UnitGroup(id: "g1", title: "G1", units: ["A", "B", "C"])],
            rules: [.mandatory(["D"]), .minUnitsFromGroup("g1", 1)],
            validity: Validity(certificationEnd: d("2018-08-31"), completionYears: 3))
        let q2 = Qualification(
            id: "q2", title: "overlapping groups", level: .level(3), creditValue: 10,
            groups: [
                UnitGroup(id: "g2", title: "G2", units: ["C", "D", "E", "F"]),
                UnitGroup(id: "g3", title: "G3", units: ["E", "G"])
            ],
            rules: [.minCreditsFromGroup("g2", 7), .minUnitsFromGroup("g3", 1)],
            validity: Validity(registrationEnd: d("2016-01-01"), completionYears: 2))
        let q3 = Qualification(
            id: "q3", title: "two routes", level: .level(3), creditValue: 7,
            groups: [UnitGroup(id: "g4", title: "G4", units: ["A", "J", "I"])],
            rules: [
                .anyOf([
                    Route(id: "r1", title: "R1", rules: [.mandatory(["H", "I"])]),
                    Route(id: "r2", title: "R2", rules: [.minUnitsFromGroup("g4", 2)])
                ])
            ],
            validity: Validity(certificationEnd: d("2017-12-31")))
        // Sixteen units: too many for a decision table, so the solver (and its cache) decides it.
        let q4 = Qualification(
            id: "q4", title: "K and 12 credits of sixteen", level: .level(3), creditValue: 14,
            groups: [UnitGroup(id: "g5", title: "G5", units: credits.keys.sorted().map { UnitCode($0) })],
            rules: [.mandatory(["K"]), .minCreditsFromGroup("g5", 12)],
            validity: Validity(certificationEnd: d("2019-06-30"), completionYears: 4))
        let f = QualificationFamily(
            id: "syn", family: "S", awardingOrganisation: "AO", version: "1", units: units,
            qualifications: [q1, q2, q3, q4], equivalentUnits: [["B", "J"]])
        return try! Evaluator(catalog: QualificationCatalog([f]))
    }()

    /// A random learner of the synthetic catalog: units with dates (some undated), a registration date.
    static let datedLearners = Gen.int(in: 0...(1 << 30)).map { seed -> Learner in
        var rng = LearnerGenerator.RNG(state: UInt64(seed))
        var l = Learner(id: "S\(seed)")
        let start = CalendarDate(iso: "2012-01-01")!.dayNumber
        if rng.below(4) > 0 { l.registered = CalendarDate(dayNumber: start + rng.below(2500)) }
        for code in ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P"]
        where rng.below(2) == 0 {
            l.units.append(
                UnitAchievement(
                    code: UnitCode(code),
                    achieved: rng.below(6) == 0 ? nil : CalendarDate(dayNumber: start + rng.below(3300))))
        }
        return l
    }

    @Test func onAnyCatalogAchievedAsOfADayImpliesLaterAndExceptionsOnlyAdd() async {
        let e = Self.synthetic
        let codes: [UnitCode] = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P"]
        await propertyCheck(count: 600, input: Self.datedLearners, Gen.int(in: 0...(1 << 30))) { l, seed in
            var rng = LearnerGenerator.RNG(state: UInt64(seed))
            let start = CalendarDate(iso: "2012-01-01")!.dayNumber
            let d1 = start + rng.below(3600), d2 = d1 + rng.below(1500)
            let early = e.evaluate(l, options: EvaluationOptions(asOf: CalendarDate(dayNumber: d1)))
            let late = e.evaluate(l, options: EvaluationOptions(asOf: CalendarDate(dayNumber: d2)))
            let always = e.evaluate(l)
            for ((a, b), c) in zip(zip(early, late), always) where a.achieved {
                #expect(
                    b.achieved && c.achieved,
                    "\(l) \(a.qualification): achieved as of day \(d1), not as of \(d2) or without a date")
            }
            var with = l
            for _ in 0..<(1 + rng.below(3)) {
                let u = codes[rng.below(codes.count)]
                if rng.below(2) == 0 || l.units.isEmpty {
                    with.exceptions.append(.exempt(u, reason: "p"))
                } else {
                    let s = l.units[rng.below(l.units.count)].code
                    if s != u { with.exceptions.append(.substitute(s, for: u, reason: "p")) }
                }
            }
            for (b, a) in zip(always, e.evaluate(with)) where b.achieved {
                #expect(a.achieved, "\(with): lost \(b.qualification)")
            }
        }
    }

    @Test func onAnyCatalogTheFastPathAgreesWithTheGeneralPath() async {
        let e = Self.synthetic
        #expect(e.rules[3].table.isEmpty, "q4 is decided without a table")
        await propertyCheck(count: 600, input: Self.datedLearners, Gen.int(in: 0...3)) { l, k in
            let ws = e.makeWorkspace()
            ws.computesNext = k & 1 == 0
            ws.asOf = k & 2 == 0 ? nil : CalendarDate(iso: "2016-06-30")
            e.evaluate(l, in: ws) { _ in }
            for q in e.qualifications.indices
            where !e.rules[q].hasEquivalences || !l.units.contains(where: { $0.code == "B" || $0.code == "J" }) {
                // (Where B or J, equivalent units, are held, q1 and q3 take the general path by design.)
                let f = e.fastOutcome(q, in: ws), g = e.generalOutcome(q, in: ws)
                #expect(
                    f.achieved == g.achieved && f.credits == g.credits && f.countedUnits == g.countedUnits
                        && f.failedChecks == g.failedChecks && f.uncheckedCodes == g.uncheckedCodes
                        && ws.deadlineDay(f) == ws.deadlineDay(g), "\(l) \(e.qualifications[q].id)")
            }
        }
    }
}

import Foundation
@_spi(Engine) @testable import QualKitCore
import QualKitLearners
