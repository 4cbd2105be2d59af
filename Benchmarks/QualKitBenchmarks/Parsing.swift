import Benchmark
import Foundation
import QualKit
@_spi(Engine) import QualKitLearners

/// Parse learner records, one learner per iteration (`scalingFactor: .kilo`: 1,000 per sample, so every
/// figure is per learner): JSON Lines into `Learner` values (byte-level parser), straight into a workspace
/// (the bulk path, no allocation per record), through Foundation's JSONDecoder (the readable path, for
/// comparison), and CSV (one learner's rows under the header). The next record is kept across samples and
/// the teardown checks that every record of the generated set was parsed.
func parsingBenchmarks() {
    let n = 100_000
    nonisolated(unsafe) var jsonl: [UInt8] = []
    nonisolated(unsafe) var lineRanges: [Range<Int>] = []
    nonisolated(unsafe) var csvRecords: [[UInt8]] = []

    func perRecord(_ name: String, count: Int, metrics: [BenchmarkMetric] = [.wallClock, .throughput, .instructions, .mallocCountTotal],
                   setup: @escaping () -> Void, _ body: @escaping (Int) -> Void) {
        let cursor = Cursor()
        Benchmark(name,
                  configuration: .init(metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(10), maxIterations: 100_000,
                                       setup: setup, teardown: { cursor.checkVisited(count, name) })) { benchmark in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { body(cursor.next(count)) }
            benchmark.stopMeasurement()
        }
    }

    let parser = EngineHarness(evaluator: Fixtures.evaluator)
    perRecord("Parse.JSONLines.ByteParser", count: n, setup: { (jsonl, lineRanges) = Fixtures.lines(n) }) { i in
        blackHole(parser.parse(jsonl[lineRanges[i]]))
    }

    let loader = EngineHarness(evaluator: Fixtures.evaluator)
    perRecord("Parse.JSONLines.IntoWorkspace", count: n, setup: { (jsonl, lineRanges) = Fixtures.lines(n) }) { i in
        blackHole(loader.load(jsonl[lineRanges[i]]))
    }

    let decoder = JSONDecoder()
    perRecord("Parse.JSONLines.JSONDecoder", count: 10_000, metrics: [.wallClock, .throughput, .instructions],
              setup: { (jsonl, lineRanges) = Fixtures.lines(10_000) }) { i in
        blackHole(try? decoder.decode(Learner.self, from: Data(jsonl[lineRanges[i]])))
    }

    perRecord("Parse.CSV", count: 10_000, metrics: [.wallClock, .throughput, .instructions], setup: { csvRecords = Fixtures.csvRecords(10_000) }) { i in
        blackHole(Array(LearnerReader(bytes: csvRecords[i], format: .csv)))
    }
}
