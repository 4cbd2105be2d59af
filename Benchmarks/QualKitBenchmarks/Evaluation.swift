import Benchmark
import QualKit

/// Evaluate pre-parsed learners against all seven qualifications, through the compact hot path (one
/// workspace reused, outcomes only). Each sample evaluates 1,000 learners (`scalingFactor: .kilo`), so the
/// reported metrics are per learner and the harness's own per-sample allocations do not count.
func evaluationBenchmarks() {
    for n in [1_000, 100_000] {
        nonisolated(unsafe) var learners: [Learner] = []
        Benchmark("Evaluate pre-parsed learners x7 qualifications (\(n / 1000)k)",
                  configuration: .init(metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal],
                                       scalingFactor: .kilo,
                                       maxDuration: .seconds(10), maxIterations: 1_000_000,
                                       // Checked in under Thresholds/: no allocation per learner, ever.
                                       thresholds: [.mallocCountTotal: .init(absolute: BenchmarkThresholds.Absolute.strict)],
                                       setup: { learners = Fixtures.learners(n) })) { benchmark in
            let e = Fixtures.evaluator
            let ws = e.makeWorkspace()
            var achieved = 0
            var i = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                e.evaluate(learners[i], in: ws) { if $0.achieved { achieved += 1 } }
                i += 1
                if i == learners.count { i = 0 }
            }
            benchmark.stopMeasurement()
            blackHole(achieved)
        }
    }

    nonisolated(unsafe) var sample: [Learner] = []
    Benchmark("Evaluate and explain (full results) x7 qualifications (1k)",
              configuration: .init(metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal], scalingFactor: .kilo,
                                   maxDuration: .seconds(5), maxIterations: 100_000,
                                   setup: { sample = Fixtures.learners(1_000) })) { benchmark in
        let e = Fixtures.evaluator
        let ws = e.makeWorkspace()
        var i = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            e.evaluate(sample[i], in: ws) { blackHole(ws.result($0)) }
            i = (i + 1) % sample.count
        }
        benchmark.stopMeasurement()
    }
}
