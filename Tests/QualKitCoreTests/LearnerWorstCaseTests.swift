import Testing
import QualKitEngine
@testable import QualKitCore

/// The worst case the budgets charge for one learner and qualification (`EvaluationCost.budgetSteps`) bounds
/// what evaluation does (#24): the late-unit second decision and the search for the credits that count
/// included, so that a learner's time follows from the budgets instead of being measured.
@Suite("A learner's worst case")
struct LearnerWorstCaseTests {
    /// 24 one-credit units in three groups that share units, each asking for 3 units; the first capped at
    /// `cap` credits; 12 credits in all. With a cap every path needs the assignment programme (no class
    /// search), so that decisions are counted in transitions.
    static func evaluator(cap: Int = 6, validity: Validity = .init()) throws -> Evaluator {
        let units = (0..<24).map { Fixture.unit("U\($0)", 1) }
        let code = units.map(\.code)
        let groups = [
            UnitGroup(id: "a", title: "A", units: Array(code[0..<12])),
            UnitGroup(id: "b", title: "B", units: Array(code[6..<18])),
            UnitGroup(id: "c", title: "C", units: Array(code[12..<24]))
        ]
        return try Fixture.evaluator(
            units: units, groups: groups,
            rules: [
                .minUnitsFromGroup("a", 3), .minUnitsFromGroup("b", 3), .minUnitsFromGroup("c", 3),
                .maxCreditsFromGroup("a", Credits(cap)), .minCredits(12)
            ], credits: 12, validity: validity)
    }

    static let certificationEnd = Validity(certificationEnd: try! CalendarDate("2020-12-31"))

    /// The transitions evaluating `learner` takes: the decision with its completion, a second decision, and
    /// the credits that count (what the charge covers; naming requirements that block each other is not
    /// counted yet), with its results.
    static func transitions(_ evaluator: Evaluator, _ learner: Learner) -> (Int, [EvaluationResult]) {
        let workspace = Workspace(evaluator)
        var measured = 0
        var results: [EvaluationResult] = []
        evaluator.evaluate(learner, in: workspace) { outcome in // (one qualification)
            _ = workspace.countedCredits(outcome)
            measured = workspace.scratch.transitions
            results.append(workspace.result(outcome, messages: true))
        }
        return (measured, results)
    }

    /// What the budgets charge for the qualification's transitions: its budget less the paths' charge.
    static func charged(_ cost: EvaluationCost) -> Int {
        cost.budgetSteps - cost.paths * EvaluationLimits.stepsPerPath
    }

    @Test func aLateUnitsSecondDecisionIsInTheWorstCase() throws {
        let e = try Self.evaluator(validity: Self.certificationEnd)
        let cost = try #require(e.compiled.first).cost
        #expect(cost.decisions == 2)
        // Every unit held in time but the first, achieved after the certification end: the rules are met
        // with it, and decided again without it.
        let inTime = try CalendarDate("2020-01-01"), late = try CalendarDate("2021-06-01")
        let learner = Learner(
            id: "late",
            units: (0..<24).map { UnitAchievement(code: UnitCode("U\($0)"), achieved: $0 == 0 ? late : inTime) })
        let (measured, results) = Self.transitions(e, learner)
        let result = try #require(results.first)
        #expect(result.achieved, "\(result.unmet.map(\.code))")
        // Two decisions: more than one decision's worst case (all the old accounting charged), within the charge.
        #expect(measured > cost.steps, "\(measured) transitions; one decision's worst case \(cost.steps)")
        #expect(measured <= Self.charged(cost), "\(measured) transitions; charged \(Self.charged(cost))")
        // Without a date limit there is no second decision, and none is charged.
        #expect(try #require(Self.evaluator().compiled.first).cost.decisions == 1)
    }

    @Test func theSearchForTheCreditsThatCountIsInTheWorstCase() throws {
        let e = try Self.evaluator()
        let cost = try #require(e.compiled.first).cost
        #expect(cost.countingSteps > 0)
        // All of group a: twice what its cap lets count, so the rules are not met and a search finds the 6
        // credits that count.
        let learner = Fixture.learner((0..<12).map { "U\($0)" })
        let (measured, results) = Self.transitions(e, learner)
        let result = try #require(results.first)
        #expect(!result.achieved && result.countedCredits == Credits(6) && result.credits == Credits(12))
        #expect(measured <= Self.charged(cost), "\(measured) transitions; charged \(Self.charged(cost))")
        // The decision alone is within one decision's worst case; the search is what the counting charge pays.
        var decision = Outcome(qualificationIndex: 0)
        let workspace = Workspace(e)
        e.evaluate(learner, in: workspace) { decision = $0 }
        let decided = workspace.scratch.transitions
        _ = workspace.countedCredits(decision)
        let counting = workspace.scratch.transitions - decided
        #expect(decided <= cost.steps && counting > 0 && counting <= cost.countingSteps, "\(decided), \(counting)")
        // A path without caps or bars never searches: nothing is charged for it.
        let uncapped = try Fixture.evaluator(
            units: (0..<4).map { Fixture.unit("U\($0)", 1) },
            groups: [UnitGroup(id: "a", title: "A", units: ["U0", "U1", "U2"])],
            rules: [.minUnitsFromGroup("a", 2), .minCredits(3)], credits: 3)
        #expect(try #require(uncapped.compiled.first).cost.countingSteps == 0)
    }

    /// Random learners against random qualifications with caps, bars and a date limit: what deciding them and
    /// counting their credits does never passes what the budgets charge.
    @Test("the charge bounds every learner's decisions and counted credits", arguments: 0..<12)
    func theChargeBoundsEveryLearner(seed: Int) throws {
        let base = try ClassSearchTests.qualification(
            seed: UInt64(seed) + 9_100, unitCount: 8 + seed % 10, overlapping: true)
        var q = base.catalog.qualifications[0]
        q.validity = Self.certificationEnd
        let family = QualificationFamily(
            id: "test", family: "T", awardingOrganisation: "AO", version: "1", units: base.catalog.units,
            groups: [], qualifications: [q])
        let e = try Evaluator(catalog: QualificationCatalog([family]), only: nil, decisionTables: false)
        let cost = try #require(e.compiled.first).cost
        var g = ClassSearchTests.Generator(state: UInt64(seed))
        let codes = q.units
        for k in 0..<30 {
            let units = codes.compactMap { code -> UnitAchievement? in
                guard g.chance(0.6) else { return nil }
                return UnitAchievement(
                    code: code, achieved: try? CalendarDate(g.chance(0.2) ? "2021-03-01" : "2019-03-01"))
            }
            let (measured, _) = Self.transitions(e, Learner(id: LearnerID("L\(k)"), units: units))
            #expect(measured <= Self.charged(cost), "seed \(seed), learner \(k): \(measured) > \(Self.charged(cost))")
        }
    }
}
