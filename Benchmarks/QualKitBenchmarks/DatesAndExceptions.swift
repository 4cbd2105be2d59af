import Benchmark
import Foundation
import QualKit
@_spi(Engine) import QualKitLearners

/// Evaluation as of a date and learners with exceptions, beside `EndToEnd.table.100k` of the same run (the
/// same 100k generated learners, the summary table, all cores):
/// - `EndToEnd.asOf.100k`: the same file as of 2015-06-30 (later evidence dropped with a warning);
/// - `EndToEnd.exceptions.100k`: the generator's learners with 5% carrying one or two exceptions, which
///   take the general path (every outcome first, the exact choice of substitutions).
func datesAndExceptionsBenchmarks() {
    nonisolated(unsafe) var path = ""
    let cases: [(name: String, rate: Double, asOf: CalendarDate?)] = [
        ("EndToEnd.asOf.100k", 0, CalendarDate(year: 2015, month: 6, day: 30)),
        ("EndToEnd.exceptions.100k", 0.05, nil),
    ]
    for c in cases {
        Benchmark(c.name,
                  configuration: .init(metrics: [.wallClock, .cpuTotal, .instructions, .peakMemoryResident], scalingFactor: .one,
                                       maxDuration: .seconds(30), maxIterations: 25,
                                       setup: { path = Fixtures.file(Fixtures.jsonLines(100_000, exceptionRate: c.rate), "dates") },
                                       teardown: { try? FileManager.default.removeItem(atPath: path) })) { benchmark in
            let run = try! EngineHarness.runPipeline(evaluator: Fixtures.evaluator, format: .table, asOf: c.asOf, path: path)
            blackHole(run.bytes)
            blackHole(run.summary)
        }
    }
}
