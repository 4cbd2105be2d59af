import Testing
@testable import QualKitCore

/// `max_credits_at_level` gives what authors used to get from a group of the low-level units capped with
/// `max_credits_from_group`.
@Suite("At most N credits at a level or below")
struct MaxCreditsAtLevelTests {
    static let units = [
        Fixture.unit("M1", 3, level: 3), Fixture.unit("O1", 4, level: 2), Fixture.unit("O2", 3, level: 3),
        Fixture.unit("O3", 5, level: 4), Fixture.unit("O4", 2, level: 3), Fixture.unit("O5", 4, level: 4),
        Fixture.unit("O6", 2, level: 2), Fixture.unit("O7", 3, level: 5)
    ]
    static let optional = UnitGroup(id: "opt", title: "Optional", units: ["O1", "O2", "O3", "O4", "O5", "O6", "O7"])
    /// The workaround: the qualification's units at level 3 or below, as a group.
    static let low = UnitGroup(id: "low", title: "Level 3 or below", units: ["M1", "O1", "O2", "O4", "O6"])

    static func pair(cap: Int, mandatory: [UnitCode] = ["M1"]) throws -> (rule: Evaluator, workaround: Evaluator) {
        func rules(_ capRule: Rule) -> [Rule] {
            [.mandatory(mandatory), .minCreditsFromGroup("opt", 9), capRule, .minCredits(15)]
        }
        let rule = try Fixture.evaluator(
            units: units, groups: [optional],
            rules: rules(.maxCreditsAtLevel(.level(3), Credits(cap))), credits: 15)
        let workaround = try Fixture.evaluator(
            units: units, groups: [optional, low],
            rules: rules(.maxCreditsFromGroup("low", Credits(cap))), credits: 15)
        return (rule, workaround)
    }

    @Test("the same results as the group workaround, for every set of units held", arguments: [0, 3, 6, 9])
    func agreesWithTheGroupWorkaround(cap: Int) throws {
        let (rule, workaround) = try Self.pair(cap: max(cap, 3))
        let codes = Self.units.map(\.code.rawValue)
        for bits in 0..<(1 << codes.count) {
            let held = codes.indices.filter { bits & (1 << $0) != 0 }.map { codes[$0] }
            let a = Fixture.result(rule, held), b = Fixture.result(workaround, held)
            #expect(
                a.achieved == b.achieved && a.credits == b.credits && a.countedUnits == b.countedUnits
                    && a.next == b.next && a.route == b.route
                    // (A cap that blocks is reported by its kind: the workaround's is a group's.)
                    && a.unmet.map(\.code)
                        == b.unmet.map { $0.code == .groupMaxCredits ? .maxCreditsAtLevel : $0.code },
                "held \(held): \(a) against \(b)")
        }
    }

    @Test func mandatoryUnitsOverTheCapAreNamedByLevel() throws {
        let (rule, workaround) = try Self.pair(cap: 4, mandatory: ["M1", "O2"])
        let a = Fixture.result(rule, ["M1", "O2", "O3", "O5", "O7"])
        let b = Fixture.result(workaround, ["M1", "O2", "O3", "O5", "O7"])
        #expect(!a.achieved && !b.achieved)
        let unmet = try #require(a.unmet.first { $0.code == .maxCreditsAtLevel })
        #expect(unmet.details == .maxCreditsAtLevel(level: .level(3), held: 6, maximum: 4) && unmet.group == nil)
        #expect(unmet.message == "mandatory units give 6 credits at Level 3 or below, more than the 4 that may count")
        #expect(b.unmet.contains { $0.code == .groupMaxCredits && $0.group == "low" })
    }

    /// The rule names no unit (as `min_credits_at_level` names none): a unit that only the workaround's
    /// group names counts there, towards the totals, and not under the rule, which caps only units that
    /// other rules let count.
    @Test func theRuleMakesNoUnitCountable() throws {
        let only = Fixture.unit("L1", 4, level: 2)
        let low = UnitGroup(id: "low", title: "Low", units: ["M1", "O1", "O2", "O4", "O6", "L1"])
        func evaluator(_ rule: Rule, _ groups: [UnitGroup]) throws -> Evaluator {
            try Fixture.evaluator(
                units: Self.units + [only], groups: groups,
                rules: [.mandatory(["M1"]), .minCreditsFromGroup("opt", 9), rule, .minCredits(15)],
                credits: 15)
        }
        let rule = try evaluator(.maxCreditsAtLevel(.level(3), 6), [Self.optional])
        let workaround = try evaluator(.maxCreditsFromGroup("low", 6), [Self.optional, low])
        let held = ["M1", "O3", "O5", "L1"]
        #expect(Fixture.result(workaround, held).countedUnits.contains("L1"))
        #expect(!Fixture.result(rule, held).countedUnits.contains("L1"))
    }

    @Test func describedAndDrawn() throws {
        let q = Qualification(
            id: "q", title: "Q", level: .level(3), creditValue: 15, groups: [Self.optional],
            rules: [.maxCreditsAtLevel(.level(3), 6)])
        let units = Dictionary(uniqueKeysWithValues: Self.units.map { ($0.code, $0) })
        #expect(
            PlainEnglish.describe(q.rules[0], in: q, units: units)
                == ["No more than 6 credits from units at Level 3 or below count."])
        #expect(RuleDiagram.mermaid(q, units: units).contains("at most 6 credits at Level 3 or below count"))
    }
}
