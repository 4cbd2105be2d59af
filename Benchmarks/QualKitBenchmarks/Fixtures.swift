import Benchmark
import Foundation
import QualKit
@_spi(Engine) import QualKitLearners

/// Inputs shared by the scenarios, built once per process.
enum Fixtures {
    /// The tolerances for scenarios of 1,000 learners a sample whose thresholds are checked in: the
    /// harness's own allocations move a sample's malloc count by a few between runs, while one allocation
    /// per learner would add a thousand; instructions (recorded where the machine has counters) within 2%.
    static var perLearnerMallocs: [BenchmarkMetric: BenchmarkThresholds] {
        [.mallocCountTotal: .init(absolute: [.p90: 100]), .instructions: .init(relative: [.p90: 2.0])]
    }

    static let registry = try! PackRegistry.bundled()
    static let evaluator = try! Evaluator(catalog: registry.catalog)

    /// `n` generated learners (seed 1) as values.
    static func learners(_ n: Int, exceptionRate: Double = 0) -> [Learner] {
        let g = LearnerGenerator(catalog: registry.catalog, seed: 1, exceptionRate: exceptionRate)
        return (0..<n).map { g.learner($0) }
    }

    /// `n` generated learners as JSON Lines bytes (`exceptionRate` of them with exceptions).
    static func jsonLines(_ n: Int, exceptionRate: Double = 0) -> [UInt8] {
        var out: [UInt8] = []
        for l in learners(n, exceptionRate: exceptionRate) { LearnerGenerator.appendJSON(l, to: &out) }
        return out
    }

    /// `n` generated learners as JSON Lines bytes and the range of each line.
    static func lines(_ n: Int) -> ([UInt8], [Range<Int>]) {
        let bytes = jsonLines(n)
        var ranges: [Range<Int>] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A { ranges.append(start..<i); start = i + 1 }
        return (bytes, ranges)
    }

    /// `n` generated learners as CSV bytes (learner,unit,achieved,hours).
    static func csv(_ n: Int) -> [UInt8] {
        let g = LearnerGenerator(catalog: registry.catalog, seed: 1)
        var out = Array("learner,unit,achieved,hours\n".utf8)
        for i in 0..<n { g.appendCSV(g.learner(i), to: &out) }
        return out
    }

    /// `n` generated learners, each as a CSV file of its own rows under the header.
    static func csvRecords(_ n: Int) -> [[UInt8]] {
        let g = LearnerGenerator(catalog: registry.catalog, seed: 1)
        return (0..<n).map { i in
            var out = Array("learner,unit,achieved,hours\n".utf8)
            g.appendCSV(g.learner(i), to: &out)
            return out
        }
    }

    /// Writes `bytes` to a temporary file and returns its path.
    static func file(_ bytes: [UInt8], _ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qualkit-bench-\(name)-\(getpid())").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}

/// Iteration state that lives outside a benchmark's closure, so that it carries across samples and every
/// input is visited, not the first few again; `visits` lets a teardown check that.
final class Cursor: @unchecked Sendable {   // one benchmark at a time uses it
    private var i = 0
    private(set) var visits = 0

    /// The next index in `0..<n`, round robin.
    func next(_ n: Int) -> Int {
        defer { i = (i + 1) % n; visits += 1 }
        return i
    }

    /// Stops the run when fewer than `n` inputs were visited: the figures would not cover them all.
    func checkVisited(_ n: Int, _ what: String) {
        precondition(visits >= n, "\(what): only \(visits) of \(n) inputs were visited; raise maxDuration or maxIterations")
        i = 0; visits = 0
    }
}
