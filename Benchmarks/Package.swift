// swift-tools-version: 6.1
// The benchmark suite: its own package, so that services depending on QualKit never resolve benchmark
// dependencies. Run from this folder: `swift package benchmark` (see README.md).
import PackageDescription

let package = Package(
    name: "QualKitBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "QualKit", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "QualKitBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "QualKit", package: "QualKit"),
            ],
            path: "QualKitBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
