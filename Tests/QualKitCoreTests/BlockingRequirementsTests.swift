import Testing
import QualKitEngine
@testable import QualKitCore

/// When each requirement can be met alone but not all together, the result names the requirements that block
/// each other, minimal, with their figures under the assignment that comes closest.
@Suite("Requirements that block each other")
struct BlockingRequirementsTests {
    /// A cap on the level-4 units under the optional group's minimum: 12 credits held there, 6 may count,
    /// so at most 9 of the 12 needed from the group (with the level-3 unit).
    @Test func aLevelCapUnderAGroupMinimum() throws {
        let units =
            [Fixture.unit("M1", 6)] + (1...4).map { Fixture.unit("O\($0)", 3, level: 4) } + [Fixture.unit("O5", 3)]
        let optional = UnitGroup(id: "opt", title: "Optional units", units: ["O1", "O2", "O3", "O4", "O5"])
        let high = UnitGroup(id: "l4", title: "Level 4 units", units: ["O1", "O2", "O3", "O4"])
        let e = try Fixture.evaluator(
            units: units, groups: [optional, high],
            rules: [.mandatory(["M1"]), .minCreditsFromGroup("opt", 12), .maxCreditsFromGroup("l4", 6)],
            credits: 18)
        let r = Fixture.result(e, ["M1", "O1", "O2", "O3", "O4", "O5"])
        #expect(!r.achieved)
        // No bare unit-assignment: the two requirements that block each other, with their figures.
        #expect(r.unmet.map(\.code) == [.groupMinCredits, .groupMaxCredits])
        #expect(r.unmet[0].details == .groupMinCredits(group: "opt", held: 9, required: 12))
        #expect(r.unmet[1].details == .groupMaxCredits(group: "l4", held: 12, maximum: 6))
        #expect(
            r.unmet[0].message
                == """
                only 9 of the 12 credits needed from Optional units can count: at most 6 credits from Level 4 \
                units may count, and 12 are held
                """
        )
        #expect(r.unmet[1].message == "at most 6 credits from Level 4 units may count, and 12 are held")
        let q = try #require(e.catalog.qualification("q"))
        // 21 held, of which 15 can count (6 of the 12 under the cap): explain says how many and why.
        #expect(r.countedCredits == 15)
        #expect(
            PlainEnglish.explain(r, q).contains(
                "  Credits: 21 held of the 18 required, but only 15 can count: "
                    + "at most 6 credits from Level 4 units may count, and 12 are held."))
        // Summaries count the learner under unit-assignment: naming the requirements takes a search.
        let ws = e.makeWorkspace()
        var kinds: UInt32 = 0
        e.evaluate(Fixture.learner(["M1", "O1", "O2", "O3", "O4", "O5"]), in: ws) { kinds = ws.unmetKinds($0) }
        #expect(kinds == UnmetCode.unitAssignment.bit)
    }

    /// Naming the requirements that block each other takes what the budgets over totals leave, shared among
    /// the qualifications, and never less than the qualification's own worst case: the same explanation with
    /// the registry's budget all taken as with the defaults.
    @Test func anExplanationHasAtLeastItsQualificationsWorstCase() throws {
        let units =
            [Fixture.unit("M1", 6)] + (1...4).map { Fixture.unit("O\($0)", 3, level: 4) } + [Fixture.unit("O5", 3)]
        let optional = UnitGroup(id: "opt", title: "Optional units", units: ["O1", "O2", "O3", "O4", "O5"])
        let high = UnitGroup(id: "l4", title: "Level 4 units", units: ["O1", "O2", "O3", "O4"])
        func evaluator(_ limits: EvaluationLimits) throws -> Evaluator {
            try Fixture.evaluator(
                units: units, groups: [optional, high],
                rules: [.mandatory(["M1"]), .minCreditsFromGroup("opt", 12), .maxCreditsFromGroup("l4", 6)],
                credits: 18, limits: limits)
        }
        let held = ["M1", "O1", "O2", "O3", "O4", "O5"]
        let worstCase = try evaluator(.default).compiled[0].cost.budgetSteps
        let tight = try evaluator(EvaluationLimits(maximumCatalogSteps: worstCase, maximumLearnerSteps: 0))
        #expect(tight.explanationSteps == [worstCase])
        #expect(try evaluator(.default).explanationSteps == [2_100_000 + 250_000 - worstCase])
        // Saturated, not wrapped, when the budgets are given as unlimited.
        let unlimited = EvaluationLimits(maximumCatalogSteps: Int.max, maximumLearnerSteps: Int.max)
        #expect(unlimited.explanationSteps(worstCase: 10, worstCases: [10, 20]) == (Int.max - 30) / 2)
        #expect(Fixture.result(tight, held).unmet.map(\.code) == [.groupMinCredits, .groupMaxCredits])
        #expect(Fixture.result(tight, held).unmet == Fixture.result(try evaluator(.default), held).unmet)
    }

    /// The whole explanation of a learner stays within the steps it is given, however many questions it
    /// asks, and gives either the full answer or none: over random small qualifications and held sets, with
    /// budgets from nothing to plenty.
    @Test("an explanation stays within its budget", arguments: 0..<30)
    func anExplanationStaysWithinItsBudget(seed: Int) throws {
        try Self.forEachRandomCase(seed: seed) { q, pi, p, held, scratch, programs in
            let full = q.rules.blockingRequirements(
                path: pi, held: held, scratch, programs: programs, qualification: 0,
                limits: EvaluationLimits.default.search)
            guard !full.isEmpty else { return }
            // What the full answer takes: with exactly that it is given, with one step less nothing.
            var needed = 0
            let before = scratch.transitions
            _ = q.rules.blockingRequirements(
                path: pi, held: held, scratch, programs: programs, qualification: 0,
                limits: SearchLimits(maximumSteps: 1 << 40, maximumStates: 65_536), stepsTaken: &needed)
            // Every question is charged its programme's size besides its transitions.
            let size = (p.relevant - p.mandatory).count + 1
            #expect(needed >= scratch.transitions - before + size, "seed \(seed)")
            for budget in [0, 7, 25, 60, 150, 400, 1_000, needed - 1, needed] where budget >= 0 {
                let transitions = scratch.transitions
                var taken = 0
                let answer = q.rules.blockingRequirements(
                    path: pi, held: held, scratch, programs: programs, qualification: 0,
                    limits: SearchLimits(maximumSteps: budget, maximumStates: 65_536), stepsTaken: &taken)
                #expect(
                    taken <= budget && scratch.transitions - transitions <= taken, "seed \(seed), budget \(budget)")
                #expect(answer.isEmpty || answer == full, "seed \(seed), budget \(budget)")
                #expect(budget < needed ? answer.isEmpty : answer == full, "seed \(seed), budget \(budget)")
            }
        }
    }

    /// Calls `body` for 40 random held sets on each path (its mandatory units held) of a random small
    /// qualification whose groups overlap, with caps and bars: the cases that need explaining.
    static func forEachRandomCase(
        seed: Int,
        _ body: (CompiledQualification, Int, CompiledRules.Path, UnitMask, AssignmentScratch, ExplanationPrograms)
            throws -> Void
    ) throws {
        let e = try ClassSearchTests.qualification(
            seed: UInt64(seed) + 9_000, unitCount: 5 + seed % 8, overlapping: true)
        let q = try #require(e.compiled.first)
        let scratch = AssignmentScratch(), programs = ExplanationPrograms()
        var g = ClassSearchTests.Generator(state: UInt64(seed))
        for _ in 0..<40 {
            var held = UnitMask()
            for i in 0..<q.codes.count where g.chance(0.6) { held.insert(i) }
            for (pi, p) in q.rules.paths.enumerated() where p.mandatory.isSubset(of: held) {
                try body(q, pi, p, held, scratch, programs)
            }
        }
    }

    /// A barred pair inside a route: the route's 12 credits from its group, of which the pair lets 7 count.
    /// The other route cannot be completed either (it asks for more than its group holds), so the result
    /// reports the first route, the barred one.
    @Test func aBarredPairInsideARoute() throws {
        let units = [Fixture.unit("A", 5), Fixture.unit("B", 5), Fixture.unit("C", 2), Fixture.unit("D", 4)]
        let g = UnitGroup(id: "g", title: "Operational units", units: ["A", "B", "C"])
        let other = UnitGroup(id: "o", title: "Other units", units: ["D"])
        let e = try Fixture.evaluator(
            units: units, groups: [g, other],
            rules: [
                .anyOf([
                    Route(id: "ops", title: "Operational", rules: [.minCreditsFromGroup("g", 12), .barred(["A", "B"])]),
                    Route(id: "other", title: "Other", rules: [.minCreditsFromGroup("o", 8)])
                ])
            ], credits: 4)
        let r = Fixture.result(e, ["A", "B", "C"])
        #expect(!r.achieved)
        try #require(r.route == "ops")
        #expect(r.unmet.map(\.code) == [.groupMinCredits, .barredCombination])
        #expect(r.unmet[0].details == .groupMinCredits(group: "g", held: 7, required: 12))
        #expect(
            r.unmet[0].message
                == "only 7 of the 12 credits needed from Operational units can count: only one of units A, B may count")
        #expect(r.unmet[1].details == .barredCombination(units: ["A", "B"]))
    }

    /// Requirements whose explanation programmes would number their states past an `Int` (seven groups over
    /// the same five 100-credit units, each asking 300, and a total of 500; the path's own programme leaves
    /// the total out): the explanation gives up, and the result says unit-assignment, without trapping.
    @Test func anExplanationPastTheLimitsSaysUnitAssignment() throws {
        let codes = (1...5).map { UnitCode("H\($0)") }
        let units = codes.map { Fixture.unit($0.rawValue, 100) }
        let groups = (0..<7).map { UnitGroup(id: GroupID("g\($0)"), title: "Group \($0)", units: codes) }
        let e = try Fixture.evaluator(
            units: units, groups: groups,
            rules: groups.map { .minCreditsFromGroup($0.id, 300) } + [.minCredits(500)], credits: 500)
        let r = Fixture.result(e, codes.map(\.rawValue))
        #expect(!r.achieved)
        #expect(r.unmet.map(\.code) == [.unitAssignment])
    }

    /// A group cap under the total: the total's 40 credits, of which the cap on group X lets 36 count (X's
    /// units are 4 credits each, so four of them, 16 credits, fit under the cap of 18).
    @Test func aGroupCapUnderTheTotal() throws {
        let units = (1...8).map { Fixture.unit("X\($0)", 4) } + (1...4).map { Fixture.unit("Y\($0)", 5) }
        let x = UnitGroup(id: "x", title: "Group X", units: (1...8).map { UnitCode("X\($0)") })
        let y = UnitGroup(id: "y", title: "Group Y", units: (1...4).map { UnitCode("Y\($0)") })
        let e = try Fixture.evaluator(
            units: units, groups: [x, y],
            rules: [.minCreditsFromGroup("y", 10), .maxCreditsFromGroup("x", 18), .minCredits(40)],
            credits: 40)
        let r = Fixture.result(e, (1...8).map { "X\($0)" } + (1...4).map { "Y\($0)" })
        // Held: 32 credits in X (16 may count: whole units under 18) and 20 in Y: 36 count at most.
        #expect(!r.achieved)
        #expect(r.unmet.map(\.code) == [.groupMaxCredits, .minCredits])
        #expect(
            r.unmet[1].message
                == """
                only 36 of the 40 credits needed in all can count: at most 18 credits from Group X may count, and \
                32 are held
                """
        )
        #expect(r.unmet.contains { $0.details == .minCredits(held: 36, required: 40) })
        #expect(r.unmet.contains { $0.details == .groupMaxCredits(group: "x", held: 32, maximum: 18) })
        let q = try #require(e.catalog.qualification("q"))
        #expect(r.countedCredits == 36)
        #expect(
            PlainEnglish.explain(r, q).contains(
                "  Credits: 52 held of the 40 required, but only 36 can count: "
                    + "at most 18 credits from Group X may count, and 32 are held."))
        // Y's minimum is met by any way of counting, so it is not among the blocking requirements.
        #expect(!r.unmet.contains { $0.code == .groupMinCredits })
    }

    /// The validator's blocking rules: dropping a group rule keeps its units countable towards the total, so
    /// a cap under a group minimum is not blamed on the total, and the set found is minimal.
    @Test func blockingRulesKeepDroppedUnitsCountable() throws {
        let units = [Fixture.unit("M", 5)] + (1...3).map { Fixture.unit("G\($0)", 5) }
        let g = UnitGroup(id: "g", title: "Group G", units: ["G1", "G2", "G3"])
        let rules: [Rule] = [
            .mandatory(["M"]), .minCreditsFromGroup("g", 10), .maxCreditsFromGroup("g", 5), .minCredits(15)
        ]
        let q = Qualification(id: "q", title: "Q", level: .level(3), creditValue: 15, groups: [g], rules: rules)
        let byCode = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) })
        let blocking = QualificationAnalysis.blockingRules(of: q, units: byCode)
        #expect(blocking.map(\.path) == [[2], [3]], "\(blocking.map(\.rule))")
        // Unsatisfiable together, and minimal, with the other rules neutralized (their units countable).
        func achievable(keeping kept: [QualificationAnalysis.RulePath]) -> Bool {
            let dropped = QualificationAnalysis.rules(of: q).map(\.path).filter { !kept.contains($0) }
            if case .minimum = QualificationAnalysis.achievability(
                of: QualificationAnalysis.neutralizing(dropped, from: q), units: byCode)
            {
                return true
            }
            return false
        }
        let kept = blocking.map(\.path)
        #expect(!achievable(keeping: kept))
        for p in kept { #expect(achievable(keeping: kept.filter { $0 != p })) }
    }

    /// Minimal, and unsatisfiable, over random small qualifications and held sets: the reported set cannot
    /// be met together, and without any one of it the rest can (checked by evaluating the qualification
    /// with the rules removed).
    @Test("blocking sets are minimal and cannot be met", arguments: 0..<30)
    func blockingSetsAreMinimal(seed: Int) throws {
        try Self.forEachRandomCase(seed: seed) { q, pi, p, held, scratch, programs in
            let blocking = q.rules.blockingRequirements(
                path: pi, held: held, scratch, programs: programs, qualification: 0,
                limits: EvaluationLimits.default.search)
            let met = q.rules.satisfy(p, with: held, scratch) != nil
            #expect(met == blocking.isEmpty, "seed \(seed): met \(met), blocking \(blocking)")
            guard !blocking.isEmpty else { return }
            // Checked with programmes compiled the usual way (implied dimensions left out), not the
            // explanation's own.
            func meets(
                _ set: [CompiledRules.BlockingRequirement], lowering: CompiledRules.PathRequirement? = nil,
                to value: Int = 0
            ) -> Bool {
                var claims: [CompiledRules.Claim] = [], caps: [CompiledRules.Cap] = [], bars: [UnitMask] = []
                var floors: [CompiledRules.LevelFloor] = [], total = 0
                for b in set {
                    switch b.requirement {
                    case .claim(let k):
                        var c = p.claims[k]
                        if lowering == b.requirement { c.minimum = value }
                        claims.append(c)
                    case .cap(let k): caps.append(p.caps[k])
                    case .bar(let k): bars.append(p.barred[k])
                    case .total: total = lowering == b.requirement ? value : p.minimumCredits
                    case .floor(let k):
                        var f = p.levelFloors[k]
                        if lowering == b.requirement { f.minimum = value }
                        floors.append(f)
                    }
                }
                let storage = PlainStorage()
                let program = AssignmentProgram(
                    mandatory: p.mandatory, claims: claims, caps: caps, minimumCredits: total,
                    levelFloors: floors, barred: bars, relevant: p.relevant,
                    credits: Array(q.rules.credits), storage: storage, limits: EvaluationLimits.default.search)
                return withExtendedLifetime(storage) {
                    scratch.run(
                        program, held: held, complete: false, weights: (q.rules.unitWeights, q.rules.credits),
                        words: q.rules.words) != nil
                }
            }
            #expect(!meets(blocking), "seed \(seed): the blocking set \(blocking) can be met")
            for i in blocking.indices {
                var without = blocking
                let b = without.remove(at: i)
                #expect(
                    meets(without), "seed \(seed): \(blocking) is not minimal: without \(b) it still cannot be met")
                switch b.requirement {
                case .claim, .total, .floor:
                    // The figure: the most that can count towards the minimum while the others are met.
                    #expect(meets(blocking, lowering: b.requirement, to: b.figure), "seed \(seed): figure of \(b)")
                    #expect(
                        !meets(blocking, lowering: b.requirement, to: b.figure + 1), "seed \(seed): figure of \(b)")
                case .cap, .bar: break
                }
            }
        }
    }
}
