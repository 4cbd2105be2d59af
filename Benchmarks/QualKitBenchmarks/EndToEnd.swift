import Benchmark
import Foundation
import QualKit

/// File → results (JSON Lines, discarded) and file → summary table, 100k learners, all cores.
func endToEndBenchmarks() {
    nonisolated(unsafe) var path = ""
    for format in [ResultFormat.jsonl, .table] {
        Benchmark("EndToEnd.\(format.rawValue).100k",
                  configuration: .init(metrics: [.wallClock, .cpuTotal, .instructions, .peakMemoryResident], scalingFactor: .one,
                                       maxDuration: .seconds(30), maxIterations: 25,
                                       setup: { path = Fixtures.file(Fixtures.jsonLines(100_000), "e2e") },
                                       teardown: { try? FileManager.default.removeItem(atPath: path) })) { benchmark in
            let bulk = BulkEvaluation(evaluator: Fixtures.evaluator, format: format)
            var bytes = 0
            let report = bulk.run(try! LineReader(path: path), write: { bytes += $0.count }, diagnose: { _ in })
            blackHole(bytes)
            blackHole(report.summary.render())
        }
    }
}
