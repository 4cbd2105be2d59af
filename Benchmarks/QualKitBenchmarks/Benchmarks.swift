import Benchmark

/// The registry: one scenario per file, setup outside the measured closures.
let benchmarks: @Sendable () -> Void = {
    specLoadingBenchmarks()
    parsingBenchmarks()
    evaluationBenchmarks()
    endToEndBenchmarks()
    serviceBenchmarks()
    diffBenchmarks()
    datesAndExceptionsBenchmarks()
    worstCaseBenchmarks()
    bigPackBenchmarks()
}
