import Benchmark
import QualKit
@_spi(Engine) import QualKitLearners

/// Load and validate the bundled packs (YAML parse, model building, every consistency check).
func specLoadingBenchmarks() {
    Benchmark("SpecLoading.Bundled",
              configuration: .init(metrics: [.wallClock, .instructions, .mallocCountTotal], maxDuration: .seconds(3),
                                   // Checked in under Thresholds/, within 1%: YAML parsing allocates by design.
                                   thresholds: [.mallocCountTotal: .init(relative: [.p90: 1.0])])) { benchmark in
        for _ in benchmark.scaledIterations {
            let loaded = BundledPacks.load()
            let (packs, diagnostics) = (loaded.packs, loaded.diagnostics)
            blackHole(packs)
            blackHole(diagnostics)
        }
    }
}
