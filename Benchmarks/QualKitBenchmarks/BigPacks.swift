import Benchmark
import Foundation
import QualKit
@_spi(Engine) import QualKitLearners

/// The big-pack shapes of `shapes/make-shapes.py` (one definition, also used end to end by
/// `shapes/measure.sh`): overlapping groups of 20, 40 and 64 units, three groups over one set with a cap,
/// twelve nested routes, 120- and 300-unit diplomas, a catalogue of ten qualifications over 200 shared
/// units (with and without caps and bars), 257 mandatory units and 129 routes. Each evaluates, in turn, the
/// 2,000 learners of the shape's `NAME.real.jsonl`: seeded learners who hold an eighth, a quarter, a half or
/// three quarters of the units, or five of them, so that most reach the exact assignment and its cheapest
/// completion (`next`), as a centre's file does. More distinct learners than the decision cache holds.
///
/// `diploma-300`, whose groups E and F share units, exceeds the default limits (its worst case is about
/// 11M steps); it is measured with ten times the default steps and states, as a service would configure.
func bigPackBenchmarks() {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qualkit-shapes-\(getpid())").path
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shapes/make-shapes.py").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", script, dir]
    p.standardOutput = FileHandle.nullDevice
    defer { try? FileManager.default.removeItem(atPath: dir) }
    do { try p.run(); p.waitUntilExit() } catch {}
    guard p.terminationStatus == 0 else {
        FileHandle.standardError.write(Data("BigPack benchmarks skipped: python3 \(script) failed (python3 is needed to write the shapes)\n".utf8))
        return
    }

    for shape in ["overlap-20", "overlap-40", "overlap-64", "three-groups-cap", "nested-routes-12", "diploma-120",
                  "diploma-300", "catalogue-200", "catalogue-200-caps", "mandatory-257", "routes-129"] {
        // diploma-300 is over the default per-qualification limits and the budgets over totals.
        let wide = EvaluationLimits(
            maximumSteps: 20_000_000, maximumStates: 655_360, maximumPackSteps: 20_000_000,
            maximumCatalogSteps: 20_000_000)
        let limits = shape == "diploma-300" ? wide : .default
        var packLimits = PackLoader.Limits()
        packLimits.evaluation = limits
        let registry = try! PackRegistry().adding(directory: "\(dir)/\(shape)", limits: packLimits).registry
        let evaluator = try! Evaluator(catalog: registry.catalog, limits: limits)
        let learners = try! LearnerReader(path: "\(dir)/\(shape).real.jsonl").map { try $0.learner.get() }
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
