import Foundation
import Testing
@testable import QualKitCore

/// Version selection against the oracle: random qualifications with two or three versions of their rules
/// (random packs of ``OracleTests/randomCase(seed:)`` over one set of units), random learners registered
/// before, between and after the windows' first days or not at all, evaluated as of a day or not, some
/// choosing a version by exception, some under a what-if. The version is chosen here independently
/// (the rule of ``Qualification/version(registeredOn:)`` written out), and the result must be the oracle's
/// for that version, with the version, the `version` exception applied and the unchecked choice as expected.
extension OracleTests {
    @Test func versionSelectionAgreesWithTheOracle() throws {
        var failures = 0, checked = 0
        var rng = RNG(state: 0x5EED_0023)
        for seed in 0..<200 where failures < 3 {
            let first = Self.randomCase(seed: UInt64(seed))
            // Later versions: other random packs whose units are all among the first's (U0…), so that every
            // version counts the same units, with the first's credits.
            var later: [Qualification] = []
            var candidate = UInt64(seed) &+ 10_000
            while later.count < 1 + Int(rng.next() % 2) {
                let c = Self.randomCase(seed: candidate)
                candidate &+= 1
                guard c.units.count <= first.units.count else { continue }
                later.append(c.qualification)
            }
            let base = CalendarDate(iso: "2016-01-01")!.dayNumber
            var starts: [Int] = []
            for i in later.indices { starts.append(base + 200 * i + Int(rng.next() % 150)) }
            var q = first.qualification
            q.versions = later.enumerated().map { i, v in
                var v = v
                v.id = q.id
                v.version = "\(i + 2)"
                v.registrationsFrom = CalendarDate(dayNumber: starts[i])
                return v
            }
            let all = q.allVersions
            let family = QualificationFamily(
                id: "t", family: "T", awardingOrganisation: "AO", version: "1", units: first.units, qualifications: [q])
            let catalog = try QualificationCatalog([family])
            // A version over the evaluation limits is a documented answer (the plain oracle test counts them).
            guard let tabled = try? Evaluator(catalog: catalog, only: nil, decisionTables: true),
                let plain = try? Evaluator(catalog: catalog, only: nil, decisionTables: false)
            else { continue }
            let engines = [tabled, plain]
            let oracles = all.map { Oracle($0, units: first.units) }
            let codes = first.units.map(\.code)
            for _ in 0..<24 {
                let bits = Int(rng.next() % UInt64(1 << codes.count))
                let held = (0..<codes.count).filter { bits & (1 << $0) != 0 }.map { codes[$0] }
                // Registered before the first window's day, on a window's first day, just before, after all, or not at
                // all.
                let days: [Int?] =
                    [nil, base - 30, starts[0] - 1, starts[0], starts.last! + 400] + starts.map { Optional($0) }
                let registered = days[Int(rng.next() % UInt64(days.count))]
                let asOf = rng.next() % 3 == 0 ? base - 10 + Int(rng.next() % 700) : nil
                let chosenByRecord = rng.next() % 4 == 0 ? Int(rng.next() % UInt64(all.count)) : nil
                let whatIf = rng.next() % 5 == 0 ? Int(rng.next() % UInt64(all.count)) : nil
                var learner = Learner(
                    id: "L", registered: registered.map { CalendarDate(dayNumber: $0) },
                    units: held.map { UnitAchievement(code: $0) })
                if let v = chosenByRecord { learner.exceptions = [.version(all[v].version, of: q.id, reason: "moved")] }
                var options = EvaluationOptions(asOf: asOf.map { CalendarDate(dayNumber: $0) })
                if let v = whatIf { options.whatIf = [VersionReference(qualification: q.id, version: all[v].version)] }

                // The version, chosen independently.
                func inForce(_ day: Int) -> Int { all.indices.last { i in i == 0 || starts[i - 1] <= day }! }
                let expected: Int, uncheckedChoice: Bool
                if let v = whatIf {
                    expected = v; uncheckedChoice = false
                } else if let v = chosenByRecord {
                    expected = v; uncheckedChoice = false
                } else if let day = registered {
                    expected = inForce(day); uncheckedChoice = false
                } else {
                    expected = asOf.map(inForce) ?? all.count - 1; uncheckedChoice = true
                }
                let want = oracles[expected].evaluate(Set(held))

                for e in engines {
                    checked += 1
                    let r = e.evaluate(learner, options: options)[0]
                    let got = Oracle.Result(
                        achieved: r.achieved, credits: r.credits.value, route: r.route?.rawValue,
                        next: r.next, counted: r.countedUnits)
                    let appliedChoice = r.exceptionsApplied.contains { $0.kind == .version }
                    let wantApplied = chosenByRecord != nil && (whatIf == nil || whatIf == chosenByRecord)
                    if r.version != all[expected].version || got != want
                        || r.unchecked.contains(.version) != uncheckedChoice
                        || appliedChoice != wantApplied
                    {
                        Issue.record(
                            """
                            seed \(seed), held \(held.map(\.rawValue)), registered \
                            \(registered.map(String.init) ?? "-"), as of \(asOf.map(String.init) ?? "-"), record \
                            \(chosenByRecord.map(String.init) ?? "-"), what-if \(whatIf.map(String.init) ?? "-"), \
                            starts \(starts): version \(r.version) (want \(all[expected].version)), engine \
                            \(got), oracle \(want), unchecked \(r.unchecked), applied \(appliedChoice)
                            """
                        )
                        failures += 1
                        break
                    }
                }
            }
        }
        #expect(failures == 0)
        #expect(checked > 5000)
    }
}
