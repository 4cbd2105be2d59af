import Testing
import QualKitEngine
@testable import QualKitCore

/// The fast sum of the credits that count, pinned to the general computation.
@Suite("Credits that count")
struct CountedCreditsTests {
    /// Where the held units break no cap and no bar, the sum is what the general computation finds; where
    /// they do, the general computation is at most the sum and at least the sum less the excess.
    @Test("the fast sum agrees with the general computation", arguments: 0..<20)
    func theFastSumAgreesWithTheGeneralComputation(seed: Int) throws {
        let e = try ClassSearchTests.qualification(
            seed: UInt64(seed) + 7_000, unitCount: 5 + seed % 8,
            overlapping: true)
        let q = try #require(e.compiled.first)
        let scratch = AssignmentScratch()
        var g = ClassSearchTests.Generator(state: UInt64(seed))
        for _ in 0..<40 {
            var held = UnitMask()
            for i in 0..<q.codes.count where g.chance(0.6) { held.insert(i) }
            for (pi, p) in q.rules.paths.enumerated() {
                let units = held & p.relevant
                let most = q.rules.mostCountable(units, path: pi, scratch)
                // Brute force: the most credits of a subset that breaks no cap and no bar.
                let members = units.map { $0 }
                var best = 0
                for bits in 0..<(1 << members.count) {
                    var subset = UnitMask()
                    for (k, u) in members.enumerated() where bits & (1 << k) != 0 { subset.insert(u) }
                    if q.rules.countTogether(subset, path: pi) { best = max(best, q.rules.creditSum(subset)) }
                }
                #expect(most == best, "seed \(seed): \(most) found, \(best) by brute force")
                #expect(most <= q.rules.creditSum(units))
                if q.rules.countTogether(units, path: pi) {
                    #expect(most == q.rules.creditSum(units), "seed \(seed): the fast sum differs")
                } else {
                    #expect(most < q.rules.creditSum(units), "seed \(seed): a cap or bar broken, yet all count")
                }
                #expect(
                    q.rules.countedCredits(units, path: pi, rulesMet: false, scratch) == most)
            }
        }
    }
}
