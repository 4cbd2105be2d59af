import Benchmark
import Dispatch
import QualKit
@_spi(Engine) import QualKitLearners

/// The exact assignment at its hardest: twelve units each sitting in three of six overlapping groups, four
/// alternative routes, a barred pair and a cap. Too costly for a decision table, so each new set of units
/// runs the exact assignment (and, when the rules are not met, the cheapest completion).
func worstCaseBenchmarks() {
    let units = (1...12).map { i in
        LearningUnit(code: UnitCode("W\(i)"), title: "Unit \(i)", level: .level(i % 2 == 0 ? 4 : 3), credits: Credits(2 + i % 4),
                     guidedLearningHours: 10)
    }
    let groups = (0..<6).map { g in
        UnitGroup(id: GroupID("g\(g)"), title: "Group \(g)", units: (0..<6).map { units[(g * 2 + $0) % 12].code })
    }
    let routes = (0..<4).map { r in
        Route(id: "r\(r)", title: "Route \(r)", rules: [
            .minCreditsFromGroup(groups[r].id, 6), .minCreditsFromGroup(groups[r + 1].id, 6), .minUnitsFromGroup(groups[(r + 2) % 6].id, 2),
        ])
    }
    let q = Qualification(id: "worst", title: "Worst case", level: .level(3), creditValue: 30, groups: groups,
                          rules: [.anyOf(routes), .barred(["W1", "W2"]), .maxCreditsFromGroup("g5", 12), .minCredits(30),
                                  .minCreditsAtLevel(.level(4), 10)])
    let family = QualificationFamily(id: "worst", family: "W", awardingOrganisation: "Bench", version: "1", units: units, qualifications: [q])
    let evaluator = try! Evaluator(catalog: QualificationCatalog([family]))
    // Every set of units in turn (4,096, more than the workspace's decision cache holds): each learner runs
    // the exact search. Then 64 sets over and over, as real cohorts repeat: the cache answers.
    let everySet = (0..<(1 << units.count)).map { bits in
        Learner(id: "A\(bits)", units: units.indices.filter { bits & (1 << $0) != 0 }.map { UnitAchievement(code: units[$0].code) })
    }
    let repeated = (0..<64).map { k in
        Learner(id: "W\(k)", units: units.enumerated().filter { i, _ in (k >> (i % 6)) & 1 == 0 || i % 5 == 0 }.map { UnitAchievement(code: $0.1.code) })
    }

    // The worst case is the slowest set, not a typical one: each sample decides every one of the 4,096 sets
    // (more than the workspace's decision cache holds, so each runs the exact search), timing each, and
    // reports the slowest set's time. Each set keeps its fastest time over the samples so far, so that a
    // set slowed once by the machine (an interrupt, another job) does not pass for the worst.
    let slowestSet = BenchmarkMetric.custom("slowest set (ns)", polarity: .prefersSmaller, useScalingFactor: false)
    let everyWorkspace = EngineHarness(evaluator: evaluator)   // outside the closures: buffers warm, not per sample
    let againWorkspace = EngineHarness(evaluator: evaluator)
    nonisolated(unsafe) var fastest = [UInt64](repeating: .max, count: everySet.count)
    Benchmark("WorstCase.SlowestOfEverySet",
              configuration: .init(metrics: [slowestSet, .wallClock], scalingFactor: .one, maxDuration: .seconds(60),
                                   maxIterations: 20)) { benchmark in
        let ws = everyWorkspace
        for (index, learner) in everySet.enumerated() {
            let start = DispatchTime.now().uptimeNanoseconds
            ws.decide(learner) { blackHole($0) }
            fastest[index] = min(fastest[index], DispatchTime.now().uptimeNanoseconds - start)
        }
        benchmark.measurement(slowestSet, Int(fastest.max() ?? 0))
    }

    let again = Cursor()
    Benchmark("WorstCase.RepeatedSets",
              configuration: .init(metrics: [.wallClock, .instructions, .mallocCountTotal], scalingFactor: .kilo,
                                   maxDuration: .seconds(5), maxIterations: 100_000,
                                   thresholds: Fixtures.perLearnerMallocs,
                                   teardown: { again.checkVisited(repeated.count, "WorstCase.RepeatedSets") })) { benchmark in
        let ws = againWorkspace
        for l in repeated { ws.decide(l) { blackHole($0) } }   // warm the cache
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            ws.decide(repeated[again.next(repeated.count)]) { blackHole($0) }
        }
        benchmark.stopMeasurement()
    }
}
