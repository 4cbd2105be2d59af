import Testing
@testable import QualKitCore
import QualKitEngine
import QualKitCore

@Suite("Rules of combination")
struct RuleTests {
    let units = [
        Fixture.unit("A", 3), Fixture.unit("B", 4), Fixture.unit("C", 3), Fixture.unit("D", 7),
        Fixture.unit("E", 2, level: 4)
    ]

    @Test func mandatoryUnits() throws {
        let e = try Fixture.evaluator(units: units, rules: [.mandatory(["A", "B", "C"])])
        #expect(Fixture.result(e, ["A", "B", "C"]).achieved)
        let r = Fixture.result(e, ["A", "C"])
        #expect(!r.achieved)
        #expect(r.unmet.map(\.code.rawValue) == ["missing-mandatory-unit"])
        #expect(r.unmet[0].details == .missingMandatoryUnit(unit: "B"))
        #expect(r.next == ["B"])
        #expect(r.credits == 6)
    }

    @Test func minimumCreditsFromAGroup() throws {
        let g = UnitGroup(id: "g", title: "Group G", units: ["A", "B", "C"])
        let e = try Fixture.evaluator(units: units, groups: [g], rules: [.minCreditsFromGroup("g", 7)], credits: 7)
        #expect(Fixture.result(e, ["A", "B"]).achieved)
        let r = Fixture.result(e, ["A", "C"])
        #expect(!r.achieved)
        #expect(r.unmet.first?.message == "6 of 7 credits from Group G")
        #expect(r.next == ["B"])
    }

    @Test func minimumUnitsFromAGroup() throws {
        let g = UnitGroup(id: "g", title: "Group G", units: ["A", "B", "C", "D"])
        let e = try Fixture.evaluator(units: units, groups: [g], rules: [.minUnitsFromGroup("g", 3)], credits: 10)
        #expect(Fixture.result(e, ["A", "C", "D"]).achieved)
        let r = Fixture.result(e, ["D", "B"])
        #expect(r.unmet.map(\.code.rawValue) == ["group-min-units"])
        #expect(r.next?.count == 1)
    }

    @Test func maximumCreditsFromAGroupLimitsWhatCounts() throws {
        // 10 credits overall, but at most 3 from group X (A, C): A+C = 6 cannot both count.
        let x = UnitGroup(id: "x", title: "Group X", units: ["A", "C"])
        let y = UnitGroup(id: "y", title: "Group Y", units: ["B", "D"])
        let e = try Fixture.evaluator(
            units: units, groups: [x, y],
            rules: [.maxCreditsFromGroup("x", 3), .minCreditsFromGroup("y", 4), .minCredits(10)], credits: 10)
        #expect(!Fixture.result(e, ["A", "C", "B"]).achieved) // 3 (one of A/C) + 4 = 7
        let ok = Fixture.result(e, ["A", "C", "D"]) // 3 + 7 = 10
        #expect(ok.achieved)
        #expect(ok.countedUnits.count == 2)
    }

    @Test func alternativeRoutesDoNotMix() throws {
        let g1 = UnitGroup(id: "g1", title: "Group 1", units: ["B", "C"])
        let g2 = UnitGroup(id: "g2", title: "Group 2", units: ["D", "E"])
        let e = try Fixture.evaluator(
            units: units, groups: [g1, g2],
            rules: [
                .mandatory(["A"]),
                .anyOf([
                    Route(id: "g1", title: "Group 1", rules: [.minCreditsFromGroup("g1", 7)]),
                    Route(id: "g2", title: "Group 2", rules: [.minCreditsFromGroup("g2", 9)])
                ])
            ], credits: 10)
        let r1 = Fixture.result(e, ["A", "B", "C"])
        #expect(r1.achieved && r1.route == "g1")
        let r2 = Fixture.result(e, ["A", "D", "E"])
        #expect(r2.achieved && r2.route == "g2")
        // B (Group 1) + D (Group 2) = 11 credits but neither route is complete alone.
        let mixed = Fixture.result(e, ["A", "B", "D"])
        #expect(!mixed.achieved)
        #expect(mixed.next?.count == 1)
        // Units of the other route do not disqualify.
        #expect(Fixture.result(e, ["A", "B", "C", "D"]).achieved)
    }

    @Test func overallMinimumCredits() throws {
        let g = UnitGroup(id: "g", title: "Optional", units: ["A", "B", "C", "D"])
        let e = try Fixture.evaluator(
            units: units, groups: [g], rules: [.minUnitsFromGroup("g", 1), .minCredits(10)], credits: 10)
        #expect(Fixture.result(e, ["D", "A"]).achieved)
        let r = Fixture.result(e, ["A", "B"])
        #expect(r.unmet.map(\.code.rawValue) == ["min-credits"])
        #expect(r.next == ["C"]) // fewest units, then fewest credits: C (3) rather than D (7)
    }

    @Test func minimumCreditsAtOrAboveALevel() throws {
        let g = UnitGroup(id: "g", title: "All", units: ["A", "E", "D"])
        let e = try Fixture.evaluator(
            units: units, groups: [g], rules: [.minCreditsFromGroup("g", 5), .minCreditsAtLevel(.level(4), 2)],
            credits: 5)
        #expect(Fixture.result(e, ["A", "E"]).achieved)
        let r = Fixture.result(e, ["D"])
        #expect(!r.achieved)
        #expect(r.unmet.map(\.code.rawValue) == ["min-credits-at-level"])
        #expect(r.next == ["E"])
    }

    @Test func barredCombinationCountsOnlyOne() throws {
        let g = UnitGroup(id: "g", title: "Options", units: ["A", "C", "D"])
        let e = try Fixture.evaluator(
            units: units, groups: [g], rules: [.minCreditsFromGroup("g", 6), .barred(["A", "C"])], credits: 6)
        #expect(!Fixture.result(e, ["A", "C"]).achieved) // 3 + 3 but they cannot both count
        #expect(Fixture.result(e, ["A", "D"]).achieved)
        let r = Fixture.result(e, ["A", "C", "D"]) // holding both barred units does not disqualify
        #expect(r.achieved)
        #expect(!(r.countedUnits.contains("A") && r.countedUnits.contains("C")))
    }

    @Test func barredMandatoryUnitsCannotBeMet() throws {
        let e = try Fixture.evaluator(units: units, rules: [.mandatory(["A", "C"]), .barred(["A", "C"])], credits: 6)
        let r = Fixture.result(e, ["A", "C"])
        #expect(!r.achieved)
        #expect(r.unmet.map(\.code.rawValue) == ["barred-combination"])
        #expect(r.next == nil)
    }

    /// A unit in two groups: a greedy assignment that gives the shared unit to the first group leaves the
    /// second short; the exact search gives it to the second and the other unit to the first.
    @Test func sharedUnitNeedsTheRightAssignment() throws {
        // C is listed first in both groups, so the search meets it first and tries it for Group X first.
        let x = UnitGroup(id: "x", title: "Group X", units: ["C", "A"])
        let y = UnitGroup(id: "y", title: "Group Y", units: ["C", "D"])
        let e = try Fixture.evaluator(
            units: units, groups: [x, y], rules: [.minCreditsFromGroup("x", 3), .minCreditsFromGroup("y", 3)],
            credits: 6)
        let q = try #require(e.compiled.first)
        #expect(!q.paths[0].isSimple)
        // Greedy: each unit, in order, to the first group that still needs it. C goes to X, A finds X full.
        var greedy = [0, 0]
        for code in ["C", "A"] {
            let i = try #require(q.codes.firstIndex(of: UnitCode(code)))
            if let j = q.paths[0].claims.indices.first(where: {
                q.paths[0].claims[$0].units.contains(i) && greedy[$0] < 3
            }) {
                greedy[j] += 3
            }
        }
        #expect(greedy == [3, 0], "the greedy assignment leaves Group Y short")
        let r = e.evaluate(Learner(id: "L", units: [UnitAchievement(code: "C"), UnitAchievement(code: "A")]))[0]
        #expect(r.achieved)
        #expect(Set(r.countedUnits) == ["A", "C"])
        // With only C, the unit counts once: one group stays short.
        let short = Fixture.result(e, ["C"])
        #expect(!short.achieved)
        // Each group could take C, not both: the two minimums block each other, and at most 0 credits can
        // count towards either while the other is met.
        #expect(short.unmet.map(\.code.rawValue) == ["group-min-credits", "group-min-credits"])
        #expect(
            short.unmet[0].message
                == """
                only 0 of the 3 credits needed from Group X can count: at least 3 credits from Group Y must count \
                too
                """
        )
        #expect(
            short.unmet.map(\.details) == [
                .groupMinCredits(group: "x", held: 0, required: 3),
                .groupMinCredits(group: "y", held: 0, required: 3)
            ])
        #expect(short.next == ["A"])
    }

    @Test func creditsCountOnceAcrossGroups() throws {
        let x = UnitGroup(id: "x", title: "Group X", units: ["D"])
        let y = UnitGroup(id: "y", title: "Group Y", units: ["D", "B"])
        let e = try Fixture.evaluator(
            units: units, groups: [x, y], rules: [.minCreditsFromGroup("x", 7), .minCreditsFromGroup("y", 4)],
            credits: 11)
        #expect(!Fixture.result(e, ["D"]).achieved)
        #expect(Fixture.result(e, ["D", "B"]).achieved)
        #expect(Fixture.result(e, ["D", "B"]).credits == 11)
    }

    @Test func mandatoryUnitsAreNotCountedAgainInAGroup() throws {
        let g = UnitGroup(id: "g", title: "Group G", units: ["A", "B"])
        let e = try Fixture.evaluator(
            units: units, groups: [g], rules: [.mandatory(["A"]), .minCreditsFromGroup("g", 3)], credits: 6)
        #expect(!Fixture.result(e, ["A"]).achieved)
        #expect(Fixture.result(e, ["A", "B"]).achieved)
    }
}

@Suite("Decision tables")
struct DecisionTableTests {
    func catalog(_ units: [LearningUnit], groups: [UnitGroup], rules: [Rule], credits: Int) throws
        -> QualificationCatalog
    {
        let q = Qualification(
            id: "q", title: "Q", level: .level(3), creditValue: Credits(credits), groups: groups, rules: rules)
        return try QualificationCatalog([
            QualificationFamily(
                id: "t", family: "T", awardingOrganisation: "AO", version: "1",
                units: units, qualifications: [q])
        ])
    }

    /// For every set of units a learner could hold (with one unit also listed short of its practice hours),
    /// the tabulated evaluator and the solver agree on the whole result and on the unmet kinds.
    func expectSameResults(_ catalog: QualificationCatalog, units: [LearningUnit]) throws {
        let tabulated = try Evaluator(catalog: catalog, only: nil, decisionTables: true)
        let solved = try Evaluator(catalog: catalog, only: nil, decisionTables: false)
        #expect(solved.rules[0].table.isEmpty)
        let ws1 = tabulated.makeWorkspace(), ws2 = solved.makeWorkspace()
        #expect(ws2.caches[0] == nil)
        for bits in 0..<(1 << units.count) {
            var achievements: [UnitAchievement] = []
            for (i, u) in units.enumerated() where bits & (1 << i) != 0 {
                achievements.append(UnitAchievement(code: u.code))
            }
            if bits & 1 != 0 { achievements.append(UnitAchievement(code: units[1].code, hours: Hours(2))) }
            let learner = Learner(id: "L\(bits)", units: achievements)
            #expect(tabulated.evaluate(learner) == solved.evaluate(learner))
            // Twice in one workspace: the second time comes from the decision cache, where there is one.
            for _ in 0..<2 {
                var k1: [UInt32] = [], k2: [UInt32] = []
                var r1: [EvaluationResult] = [], r2: [EvaluationResult] = []
                tabulated.evaluate(learner, in: ws1) {
                    k1.append(ws1.unmetKinds($0)); r1.append(ws1.result($0))
                }
                solved.evaluate(learner, in: ws2) {
                    k2.append(ws2.unmetKinds($0)); r2.append(ws2.result($0))
                }
                #expect(k1 == k2)
                #expect(r1 == r2)
            }
        }
    }

    @Test func simpleRulesAreTabulatedAndGiveTheSolversResults() throws {
        let units = ["A", "B", "C", "D", "E", "F", "G"].enumerated().map {
            Fixture.unit($1, 2 + $0 % 3, hours: $0 == 1 ? 6 : nil)
        }
        let x = UnitGroup(id: "x", title: "Group X", units: ["A", "B", "C"])
        let y = UnitGroup(id: "y", title: "Group Y", units: ["D", "E"])
        let rules: [Rule] = [
            .mandatory(["G"]),
            .anyOf([
                Route(id: "x", title: "X", rules: [.minCreditsFromGroup("x", 5)]),
                Route(id: "y", title: "Y", rules: [.minUnitsFromGroup("y", 2), .mandatory(["F"])])
            ])
        ]
        let c = try catalog(units, groups: [x, y], rules: rules, credits: 9)
        #expect(try !Evaluator(catalog: c).rules[0].table.isEmpty)
        try expectSameResults(c, units: units)
    }

    /// Shared units, caps and totals need the assignment programme; with few units and a small worst case
    /// the table is still built, and it agrees with the programme for every set.
    @Test func rulesThatNeedTheProgrammeAreTabulatedWhenCheap() throws {
        let units = ["A", "B", "C", "D", "E", "F"].enumerated().map {
            Fixture.unit($1, 2 + $0 % 3, hours: $0 == 1 ? 6 : nil)
        }
        let x = UnitGroup(id: "x", title: "Group X", units: ["A", "B", "C"])
        let y = UnitGroup(id: "y", title: "Group Y", units: ["C", "D", "E"])
        let rules: [Rule] = [
            .mandatory(["F"]),
            .anyOf([
                Route(id: "x", title: "X", rules: [.minCreditsFromGroup("x", 5)]),
                Route(id: "y", title: "Y", rules: [.minUnitsFromGroup("y", 2), .maxCreditsFromGroup("x", 3)])
            ]),
            .minCredits(9)
        ]
        let c = try catalog(units, groups: [x, y], rules: rules, credits: 9)
        let e = try Evaluator(catalog: c)
        #expect(e.rules[0].table.count == 64)
        try expectSameResults(c, units: units)
    }

    /// More units than a table may have: each learner is decided by the programme, through the cache.
    @Test func manyUnitsAreDecidedThroughTheCache() throws {
        let codes = (0..<13).map { "U\($0)" }
        let units = codes.enumerated().map { Fixture.unit($1, 1 + $0 % 3) }
        let x = UnitGroup(id: "x", title: "Group X", units: codes[0..<8].map { UnitCode($0) })
        let y = UnitGroup(id: "y", title: "Group Y", units: codes[5..<13].map { UnitCode($0) })
        let c = try catalog(
            units, groups: [x, y], rules: [.minCreditsFromGroup("x", 6), .minCreditsFromGroup("y", 6)], credits: 12)
        let e = try Evaluator(catalog: c)
        #expect(e.rules[0].table.isEmpty)
        #expect(e.makeWorkspace().caches[0] != nil)
    }

    @Test func routesShapedLike8578AreTabulated() throws {
        // Built in code from the 8578 rules shape: mandatory units and 10 credits from Group 1 or Group 2.
        let units = ["M1", "M2", "A1", "A2", "B1", "B2"].map { Fixture.unit($0, 3) }
        let g1 = UnitGroup(id: "g1", title: "Group 1", units: ["A1", "A2"]),
            g2 = UnitGroup(id: "g2", title: "Group 2", units: ["B1", "B2"])
        let c = try catalog(
            units, groups: [g1, g2],
            rules: [
                .mandatory(["M1", "M2"]),
                .anyOf([
                    Route(id: "g1", title: "Group 1", rules: [.minCreditsFromGroup("g1", 6)]),
                    Route(id: "g2", title: "Group 2", rules: [.minCreditsFromGroup("g2", 6)])
                ])
            ], credits: 12)
        #expect(try Evaluator(catalog: c).rules[0].table.count == 64)
        try expectSameResults(c, units: units)
    }
}

@Suite("Next: the cheapest completion")
struct NextTests {
    /// Fewest units, then fewest credits: of A (3), B (4) and C (3) towards 6 credits, A + C, not A + B.
    @Test func fewestCreditsBreaksATieOnUnits() throws {
        let units = [Fixture.unit("A", 3), Fixture.unit("B", 4), Fixture.unit("C", 3)]
        let g = UnitGroup(id: "g", title: "Optional", units: ["A", "B", "C"])
        let e = try Fixture.evaluator(units: units, groups: [g], rules: [.minCreditsFromGroup("g", 6)], credits: 6)
        #expect(Fixture.result(e, []).next == ["A", "C"])
        #expect(Fixture.result(e, ["B"]).next == ["A"])
    }

    /// 257 mandatory units: past the old 256-unit width, evaluated, not called unsatisfiable.
    @Test func manyMandatoryUnits() throws {
        let units = (0..<257).map { Fixture.unit("M\($0)", 1) }
        let e = try Fixture.evaluator(units: units, rules: [.mandatory(units.map(\.code))], credits: 257)
        #expect(Fixture.result(e, units.map(\.code.rawValue)).achieved)
        #expect(Fixture.result(e, units.dropLast().map(\.code.rawValue)).next == ["M256"])
    }

    /// More units than the unit-set width: `limit-exceeded`, naming the limit.
    @Test func tooManyUnitsIsALimitNotUnsatisfiable() throws {
        let units = (0...EvaluationLimits.maximumUnits).map { Fixture.unit("M\($0)", 1) }
        #expect {
            try Fixture.evaluator(units: units, rules: [.mandatory(units.map(\.code))], credits: units.count)
        } throws: { e in
            guard case EvaluatorError.limitExceeded(_, let why) = e else { return false }
            return why
                == LimitExceeded(
                    .units, maximum: EvaluationLimits.maximumUnits, needed: EvaluationLimits.maximumUnits + 1)
        }
    }
}

@Suite("Plain English")
struct PlainEnglishTests {
    @Test func oneMandatoryUnitIsSingular() {
        let u = Fixture.unit("A", 1)
        let q = Qualification(id: "q", title: "Q", level: .level(3), creditValue: 1, rules: [.mandatory(["A"])])
        #expect(
            PlainEnglish.describe(.mandatory(["A"]), in: q, units: ["A": u]).first == "This mandatory unit (1 credit):")
        let two = [Fixture.unit("A", 3), Fixture.unit("B", 4)]
        #expect(
            PlainEnglish.describe(
                .mandatory(["A", "B"]), in: q, units: Dictionary(uniqueKeysWithValues: two.map { ($0.code, $0) })
            ).first
                == "All of these 2 mandatory units (7 credits):")
    }
}

@Suite("Assignment buffers")
struct AssignmentBufferTests {
    /// One workspace, two qualifications decided by the programme with different mask widths (20 and 80
    /// units), many distinct learners: the buffers reach a size and stay there.
    @Test func buffersDoNotGrowWhenQualificationsAlternate() throws {
        func qualification(_ id: String, _ n: Int) -> (Qualification, [LearningUnit]) {
            let units = (0..<n).map { Fixture.unit("\(id)\($0)", 1 + $0 % 3) }
            let codes = units.map(\.code)
            let q = Qualification(
                id: QualificationID(id), title: id, level: .level(3), creditValue: 12,
                groups: [UnitGroup(id: "a", title: "A", units: codes), UnitGroup(id: "b", title: "B", units: codes)],
                rules: [.minCreditsFromGroup("a", 6), .minCreditsFromGroup("b", 6)])
            return (q, units)
        }
        let (q1, u1) = qualification("S", 20), (q2, u2) = qualification("W", 80)
        let family = QualificationFamily(
            id: "t", family: "T", awardingOrganisation: "AO", version: "1", units: u1 + u2, qualifications: [q1, q2])
        let e = try Evaluator(catalog: QualificationCatalog([family]))
        #expect(e.rules[0].words == 1 && e.rules[1].words == 2)
        let ws = e.makeWorkspace()
        var sizes: [Int] = []
        for k in 0..<400 {
            let held = (u1 + u2).enumerated().filter { i, _ in (i * 7 + k * 13) % 5 != 0 && (i + k) % 3 != 0 }.map {
                UnitAchievement(code: $0.1.code)
            }
            e.evaluate(Learner(id: "L\(k)", units: held), in: ws) { _ in }
            sizes.append(ws.scratch.entries)
        }
        #expect(sizes[100] == sizes[399], "the buffers kept growing: \(sizes[100]) then \(sizes[399]) entries")
        #expect(sizes[399] < 4096)
    }
}
