import Benchmark
import QualKit
@_spi(Engine) import QualKitLearners

/// Evaluate pre-parsed learners against all seven qualifications, through the compact hot path (one
/// workspace reused, outcomes only). Each sample evaluates 1,000 learners (`scalingFactor: .kilo`), so the
/// reported metrics are per learner and the harness's own per-sample allocations do not count. The next
/// learner is kept across samples (``Cursor``), and the teardown checks that every learner was visited.
func evaluationBenchmarks() {
    for n in [1_000, 100_000] {
        nonisolated(unsafe) var learners: [Learner] = []
        let cursor = Cursor()
        Benchmark("Evaluate.PreParsed.\(n / 1000)k",
                  configuration: .init(metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal],
                                       scalingFactor: .kilo,
                                       maxDuration: .seconds(10), maxIterations: 1_000_000,
                                       // Checked in under Thresholds/ (1k): no allocation per learner, ever.
                                       thresholds: Fixtures.perLearnerMallocs,
                                       setup: { learners = Fixtures.learners(n) },
                                       teardown: { cursor.checkVisited(n, "Evaluate.PreParsed") })) { benchmark in
            let e = Fixtures.evaluator
            let ws = EngineHarness(evaluator: e)
            var achieved = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                ws.decide(learners[cursor.next(learners.count)]) { if $0 { achieved += 1 } }
            }
            benchmark.stopMeasurement()
            blackHole(achieved)
        }
    }

    nonisolated(unsafe) var sample: [Learner] = []
    let cursor = Cursor()
    Benchmark("Evaluate.Explain.1k",
              configuration: .init(metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal], scalingFactor: .kilo,
                                   maxDuration: .seconds(5), maxIterations: 100_000,
                                   setup: { sample = Fixtures.learners(1_000) },
                                   teardown: { cursor.checkVisited(1_000, "Evaluate.Explain") })) { benchmark in
        let e = Fixtures.evaluator
        let ws = EngineHarness(evaluator: e)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            ws.forEachResult(sample[cursor.next(sample.count)]) { blackHole($0) }
        }
        benchmark.stopMeasurement()
    }
}
