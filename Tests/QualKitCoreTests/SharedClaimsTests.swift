import Testing
import QualKitEngine
@testable import QualKitCore

/// The decision for paths whose groups share units (sums, then a search over the held shared units alone),
/// pinned to the assignment programme over held units.
@Suite("Groups that share units, decided by sums and a split of the shared units")
struct SharedClaimsTests {
    typealias Generator = ClassSearchTests.Generator

    /// For random qualifications whose groups share units (minimums only), and random sets of held units
    /// (mandatory units held more often than not), `sharedSatisfy` counts the units the programme counts,
    /// or fails where it fails.
    @Test("the split of shared units decides as the programme does", arguments: 0..<80)
    func agreesWithTheProgramme(seed: Int) throws {
        let e = try ClassSearchTests.qualification(
            seed: UInt64(seed) + 21_000, unitCount: 5 + seed % 26, overlapping: true, capsAndBars: false)
        let q = try #require(e.compiled.first)
        let rules = q.rules
        let scratch = AssignmentScratch()
        var g = Generator(state: UInt64(seed) &* 13 &+ 5)
        for p in rules.paths {
            guard let sharing = p.sharing else { continue }
            for _ in 0..<120 {
                var held = g.chance(0.7) ? p.mandatory : UnitMask()
                let density = Double(g.int(0...10)) / 10
                for i in 0..<q.codes.count where g.chance(density) { held.insert(i) }
                let fast = rules.sharedSatisfy(p, sharing, with: held)
                let general = rules.programSatisfy(p, with: held, scratch)
                #expect(fast == general, "seed \(seed), held \(held.indexes)")
            }
        }
    }

    /// The cases above exercise the split itself: many paths get a sharing, and many held sets meet a path
    /// only because shared units were given to the claims that their own units leave short.
    @Test("the cases share units out, and the split decides some of them")
    func casesExerciseTheSplit() throws {
        var paths = 0, decidedBySplit = 0, refusedBySplit = 0
        for seed in 0..<80 {
            let e = try ClassSearchTests.qualification(
                seed: UInt64(seed) + 21_000, unitCount: 5 + seed % 26, overlapping: true, capsAndBars: false)
            let q = try #require(e.compiled.first)
            let rules = q.rules
            var g = Generator(state: UInt64(seed) &* 13 &+ 5)
            for p in rules.paths {
                guard let sharing = p.sharing else { continue }
                paths += 1
                for _ in 0..<120 {
                    var held = g.chance(0.7) ? p.mandatory : UnitMask()
                    let density = Double(g.int(0...10)) / 10
                    for i in 0..<q.codes.count where g.chance(density) { held.insert(i) }
                    guard p.mandatory.isSubset(of: held) else { continue }
                    let avail = held & p.relevant
                    let totalsMet =
                        (p.minimumCredits == 0 || rules.creditSum(avail) >= p.minimumCredits)
                        && p.levelFloors.allSatisfy { rules.creditSum(avail & $0.units) >= $0.minimum }
                    let ownUnitsMeetClaims = p.claims.indices.allSatisfy { k in
                        rules.measure(avail & sharing.exclusive[k], p.claims[k].measure) >= p.claims[k].minimum
                    }
                    guard totalsMet && !ownUnitsMeetClaims else { continue }
                    if rules.sharedSatisfy(p, sharing, with: held) != nil {
                        decidedBySplit += 1
                    } else {
                        refusedBySplit += 1
                    }
                }
            }
        }
        #expect(paths >= 30, "\(paths) paths share units")
        #expect(decidedBySplit >= 50, "\(decidedBySplit) held sets met through the split")
        #expect(refusedBySplit >= 50, "\(refusedBySplit) held sets the split could not meet")
    }

    /// A shared unit of no credits (the API allows one; a pack does not) brings nothing to a credit claim:
    /// the split skips that claim for it instead of dividing by its credits.
    @Test("a shared unit of no credits is split as the programme splits it")
    func zeroCreditSharedUnit() throws {
        let units = [Fixture.unit("Z", 0), Fixture.unit("A1", 5), Fixture.unit("A2", 5)]
        let codes = units.map(\.code)
        let groups = (0..<2).map { UnitGroup(id: GroupID("g\($0)"), title: "Group \($0)", units: codes) }
        let e = try Fixture.evaluator(
            units: units, groups: groups, rules: groups.map { .minCreditsFromGroup($0.id, Credits(5)) }, credits: 1)
        let rules = try #require(e.compiled.first).rules
        let p = try #require(rules.paths.first)
        let sharing = try #require(p.sharing)
        let scratch = AssignmentScratch()
        for bits in 0..<8 {
            var held = UnitMask()
            for i in 0..<3 where bits & (1 << i) != 0 { held.insert(i) }
            #expect(rules.sharedSatisfy(p, sharing, with: held) == rules.programSatisfy(p, with: held, scratch))
        }
    }

    /// A path whose shared units could be split in too many ways is left to the programme.
    @Test("a path with a large split is decided by its programme")
    func largeSplitsFallBack() throws {
        // Four groups over the same 40 units: C(40 + 3, 3) = 12,341 ways to split them, over the maximum.
        let units = (0..<40).map { Fixture.unit("S\($0)", 3) }
        let codes = units.map(\.code)
        let groups = (0..<4).map { UnitGroup(id: GroupID("g\($0)"), title: "Group \($0)", units: codes) }
        let rules = groups.map { Rule.minCreditsFromGroup($0.id, Credits(9)) }
        let e = try Fixture.evaluator(units: units, groups: groups, rules: rules, credits: 1)
        let p = try #require(e.compiled.first?.rules.paths.first)
        #expect(!p.isSimple)
        #expect(p.sharing == nil)
        // Two groups over 40 units: 41 ways.
        let two = try Fixture.evaluator(
            units: units, groups: Array(groups.prefix(2)), rules: Array(rules.prefix(2)), credits: 1)
        let q = try #require(two.compiled.first?.rules.paths.first)
        #expect(q.sharing?.leaves == 41)
    }
}
