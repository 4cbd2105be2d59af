import Benchmark
import Foundation
import QualKit
@_spi(Engine) import QualKitLearners

/// The big-pack shapes of `shapes/make-shapes.py` (one definition, also used end to end by
/// `shapes/measure.sh`): overlapping groups of 20, 40 and 64 units, three groups over one set with a cap,
/// twelve nested routes, a 120-unit diploma, 257 mandatory units and 129 routes. Each evaluates 1,024
/// distinct learners in turn (fixed subsets of the pack's units, three in four units each), more than the decision cache
/// holds, so each learner runs the exact assignment.
func bigPackBenchmarks() {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qualkit-shapes-\(getpid())").path
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shapes/make-shapes.py").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", script, dir]
    defer { try? FileManager.default.removeItem(atPath: dir) }
    do { try p.run(); p.waitUntilExit() } catch {}
    guard p.terminationStatus == 0 else {
        FileHandle.standardError.write(Data("BigPack benchmarks skipped: python3 \(script) failed (python3 is needed to write the shapes)\n".utf8))
        return
    }

    for shape in ["overlap-20", "overlap-40", "overlap-64", "three-groups-cap", "nested-routes-12", "diploma-120",
                  "mandatory-257", "routes-129"] {
        let registry = try! PackRegistry().adding(directory: "\(dir)/\(shape)").registry
        let evaluator = try! Evaluator(catalog: registry.catalog)
        let codes = registry.catalog.units.map(\.code)
        // Learner k holds unit i unless a multiplicative hash of (k, i) falls in the lowest quarter.
        let learners = (0..<1024).map { k in
            Learner(id: "L\(k)", units: codes.indices.filter { i in (UInt32(truncatingIfNeeded: k &* 2_654_435_761 ^ i &* 40_503) >> 7) % 4 != 0 }
                .map { UnitAchievement(code: codes[$0]) })
        }
        let cursor = Cursor()
        let ws = EngineHarness(evaluator: evaluator)   // outside the closure: one per benchmark, its buffers warm
        Benchmark("BigPack.\(shape)",
                  configuration: .init(metrics: [.wallClock, .instructions, .mallocCountTotal], scalingFactor: .one,
                                       maxDuration: .seconds(20), maxIterations: 4_000,
                                       teardown: { cursor.checkVisited(learners.count, "BigPack.\(shape)") })) { benchmark in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                ws.decide(learners[cursor.next(learners.count)]) { blackHole($0) }
            }
            benchmark.stopMeasurement()
        }
    }
}
