import Benchmark
import QualKit

/// Parse learner records: JSON Lines into `Learner` values (byte-level parser), straight into a workspace
/// (the bulk path, no allocation per record), through Foundation's JSONDecoder (the readable path, for
/// comparison), and CSV. One iteration reads the whole file: bytes/s = file size × iterations/s; the
/// generated 100k-learner file is about 22 MB (printed by the setup).
func parsingBenchmarks() {
    let n = 100_000
    nonisolated(unsafe) var jsonl: [UInt8] = []
    nonisolated(unsafe) var lineRanges: [Range<Int>] = []
    nonisolated(unsafe) var csv: [UInt8] = []

    Benchmark("Parse JSON Lines (100k learners, byte parser)",
              configuration: .init(metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal], scalingFactor: .one,
                                   maxDuration: .seconds(10), maxIterations: 5,
                                   setup: { (jsonl, lineRanges) = Fixtures.lines(n) })) { benchmark in
        let parser = LearnerJSONParser()
        benchmark.startMeasurement()
        jsonl.withUnsafeBufferPointer { all in
            for r in lineRanges { blackHole(parser.parse(UnsafeBufferPointer(rebasing: all[r]))) }
        }
        benchmark.stopMeasurement()
    }

    Benchmark("Load JSON Lines into a workspace (100k learners, the bulk path)",
              configuration: .init(metrics: [.wallClock, .throughput, .instructions, .mallocCountTotal], scalingFactor: .one,
                                   maxDuration: .seconds(10), maxIterations: 5,
                                   setup: { (jsonl, lineRanges) = Fixtures.lines(n) })) { benchmark in
        var loader = RecordLoader(evaluator: Fixtures.evaluator)
        let ws = Fixtures.evaluator.makeWorkspace()
        benchmark.startMeasurement()
        jsonl.withUnsafeBufferPointer { all in
            for r in lineRanges { blackHole(loader.load(UnsafeBufferPointer(rebasing: all[r]), into: ws)) }
        }
        benchmark.stopMeasurement()
    }

    Benchmark("Parse JSON Lines (10k learners, Foundation JSONDecoder)",
              configuration: .init(metrics: [.wallClock, .throughput, .instructions], scalingFactor: .one,
                                   maxDuration: .seconds(10), maxIterations: 5,
                                   setup: { (jsonl, lineRanges) = Fixtures.lines(10_000) })) { benchmark in
        let decoder = JSONDecoder()
        benchmark.startMeasurement()
        for r in lineRanges { blackHole(try? decoder.decode(Learner.self, from: Data(jsonl[r]))) }
        benchmark.stopMeasurement()
    }

    Benchmark("Parse CSV (100k learners)",
              configuration: .init(metrics: [.wallClock, .throughput, .instructions], scalingFactor: .one,
                                   maxDuration: .seconds(10), maxIterations: 5,
                                   setup: { csv = Fixtures.csv(n) })) { benchmark in
        benchmark.startMeasurement()
        blackHole(LearnerCSVReader().read(csv))
        benchmark.stopMeasurement()
    }
}

import Foundation
