import Testing
import QualKitEngine
@testable import QualKitCore

/// A qualification of more than 64 units keeps the masks of the units held and short that its outcome was
/// decided on, and the unmet kinds are read from them (``Workspace/keptMasks(slot:)``) instead of a second
/// pass over every unit: the kinds, and the masks, are the ones worked out afresh, and the masks (a word of
/// units at a time) are the units' states one by one.
@Suite("Kept masks of large qualifications")
struct KeptMasksTests {
    /// 10 mandatory units (three with a practice minimum), 60 and 60 optional units in two groups over
    /// levels 2 to 4: 130 units, three words of a mask.
    static func evaluator() throws -> Evaluator {
        let mandatory = (0..<10).map { Fixture.unit("M\($0)", 2, level: 3, hours: $0 < 3 ? 5 : nil) }
        let a = (0..<60).map { Fixture.unit("A\($0)", 1 + $0 % 4, level: 2 + $0 % 3, hours: $0 % 7 == 0 ? 4 : nil) }
        let b = (0..<60).map { Fixture.unit("B\($0)", 2 + $0 % 3, level: 2 + $0 % 3) }
        let groups = [
            UnitGroup(id: "a", title: "A", units: a.map(\.code)), UnitGroup(id: "b", title: "B", units: b.map(\.code))
        ]
        return try Fixture.evaluator(
            units: mandatory + a + b, groups: groups,
            rules: [
                .mandatory(mandatory.map(\.code)), .minCreditsFromGroup("a", Credits(20)),
                .minUnitsFromGroup("b", 8), .minCredits(Credits(70)), .minCreditsAtLevel(.level(4), Credits(15))
            ],
            credits: 70)
    }

    @Test func unmetKindsFromKeptMasksAreTheOnesWorkedOut() throws {
        let e = try Self.evaluator()
        #expect(e.rules[0].globalIndex.count > 64)
        let codes = e.units.map(\.code)
        let ws = e.makeWorkspace()
        ws.computesNext = false
        var state: UInt64 = 64
        var kept = 0, unmet = 0
        for n in 0..<400 {
            var units: [UnitAchievement] = []
            for c in codes {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let r = state >> 33
                guard r % 100 < (n % 10) * 10 + 5 else { continue }
                units.append(UnitAchievement(code: c, hours: r % 13 == 0 ? Hours(1) : nil))
            }
            e.evaluate(Learner(id: LearnerID("L\(n)"), units: units), in: ws) { o in
                if ws.keptSlot == o.qualificationIndex { kept += 1 }
                if !o.unitRulesMet { unmet += 1 }
                let fromKept = ws.unmetKinds(o), masks = ws.masks(o)
                ws.keptSlot = -1 // worked out afresh
                #expect(ws.unmetKinds(o) == fromKept)
                let fresh = ws.masks(o)
                #expect(fresh.held == masks.held && fresh.short == masks.short)
                // Unit by unit, as UnitStates defines them.
                var held = UnitMask(), short = UnitMask()
                let global = e.rules[o.qualificationIndex].globalIndex
                for i in 0..<global.count {
                    if ws.units.isAchieved(global[i]) { held.insert(i) }
                    if ws.units.isShortOnly(global[i]) { short.insert(i) }
                }
                #expect(fresh.held == held && fresh.short == short)
            }
        }
        #expect(kept == 400)
        #expect(unmet > 100)
    }
}
