import Benchmark
import Foundation
import QualKit

/// The cohort diff beside `EndToEnd.table.100k`: the same 100k-learner file read once and evaluated against
/// the bundled packs and against a copy with unit 8577-301's practice minimum raised from 6 to 8 hours,
/// all cores, the changed learners handed back (`CohortDiff.run`). Compare its wall clock with
/// `EndToEnd.table.100k` of the same run: each record is parsed and evaluated once per side.
func diffBenchmarks() {
    nonisolated(unsafe) var path = ""
    nonisolated(unsafe) var edited = ""
    nonisolated(unsafe) var diff: CohortDiff?
    Benchmark("EndToEnd.diff.100k",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .instructions, .peakMemoryResident, .mallocCountTotal], scalingFactor: .one,
                                   maxDuration: .seconds(30), maxIterations: 25,
                                   setup: {
                                       path = Fixtures.file(Fixtures.jsonLines(100_000), "diff")
                                       edited = Fixtures.editedPack()
                                       let registry = try! PackRegistry.bundled(excluding: ["ilm-8577"]).adding(directory: edited).registry
                                       diff = CohortDiff(from: Fixtures.evaluator, to: try! Evaluator(catalog: registry.catalog))
                                   },
                                   teardown: {
                                       try? FileManager.default.removeItem(atPath: path)
                                       try? FileManager.default.removeItem(atPath: edited)
                                   })) { benchmark in
        var changes = 0
        let report = diff!.run(try! LearnerReader(path: path)) { d in
            if case .success(let c) = d.changes { changes += c.count }
        }
        precondition(report.compared == 100_000 && changes > 0, "the diff should compare every learner and find changes")
        blackHole(changes)
    }
}

extension Fixtures {
    /// A copy of the bundled 8577 pack (`Specs/8577`) in a temporary directory, with unit 8577-301's
    /// `minimum_practice_hours` raised from 6 to 8; returns its path.
    static func editedPack() -> String {
        let specs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Specs/8577")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-bench-8577-\(UUID().uuidString)")
        try! FileManager.default.copyItem(at: specs, to: dir)
        let units = dir.appendingPathComponent("units.yaml")
        var lines = try! String(contentsOf: units, encoding: .utf8).components(separatedBy: "\n")
        let at = lines.firstIndex(of: "  - code: 8577-301")!
        let hours = lines[at...].firstIndex { $0.contains("minimum_practice_hours: 6") }!
        lines[hours] = "    minimum_practice_hours: 8"
        try! lines.joined(separator: "\n").write(to: units, atomically: true, encoding: .utf8)
        return dir.path
    }
}
