import Benchmark
import Foundation
import QualKit
@_spi(Engine) import QualKitLearners

/// File → results (JSON Lines, discarded) and file → summary table, 100k learners, all cores.
func endToEndBenchmarks() {
    nonisolated(unsafe) var path = ""
    for format in [ResultFormat.jsonl, .table] {
        Benchmark("EndToEnd.\(format.rawValue).100k",
                  configuration: .init(metrics: [.wallClock, .cpuTotal, .instructions, .peakMemoryResident], scalingFactor: .one,
                                       maxDuration: .seconds(30), maxIterations: 25,
                                       setup: { path = Fixtures.file(Fixtures.jsonLines(100_000), "e2e") },
                                       teardown: { try? FileManager.default.removeItem(atPath: path) })) { benchmark in
            let run = try! EngineHarness.runPipeline(evaluator: Fixtures.evaluator, format: format, path: path)
            blackHole(run.bytes)
            blackHole(run.summary)
        }
    }
}

/// The service API beside the CLI's: the same 100k-learner file read and evaluated on all cores, yielding
/// `EvaluationResult` values (`Evaluator.evaluate(_:options:threads:_:)`) instead of bytes. Compare its
/// wall clock with `EndToEnd.jsonl.100k` of the same run (target: within 2×).
func serviceBenchmarks() {
    nonisolated(unsafe) var path = ""
    Benchmark("EndToEnd.values.100k",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .instructions, .peakMemoryResident], scalingFactor: .one,
                                   maxDuration: .seconds(30), maxIterations: 25,
                                   setup: { path = Fixtures.file(Fixtures.jsonLines(100_000), "values") },
                                   teardown: { try? FileManager.default.removeItem(atPath: path) })) { benchmark in
        var achieved = 0
        let report = Fixtures.evaluator.evaluate(try! LearnerReader(path: path)) { record in
            if case .success(let results) = record.results { for r in results where r.achieved { achieved += 1 } }
        }
        blackHole(achieved)
        blackHole(report.evaluated)
    }
}
