// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "QualKit",
    products: [
        .library(name: "QualKitCore", targets: ["QualKitCore"]),
        .library(name: "QualKitSpecs", targets: ["QualKitSpecs"]),
        .library(name: "QualKitLearners", targets: ["QualKitLearners"]),
        .library(name: "QualKitReports", targets: ["QualKitReports"]),
        .library(name: "QualKit", targets: ["QualKit"]),
        .library(name: "QualKitCredentials", targets: ["QualKitCredentials"]),
        .executable(name: "qualkit", targets: ["qualkit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The HTML report's templates (qualkit report); no dependencies of its own.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Ed25519 and SHA-256 for signed credentials (QualKitCredentials only; the core stays dependency-free).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // `swift package generate-documentation` (DocC, offline).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The framework: no dependency beyond the standard library and Foundation.
        // The domain-free machinery of the hot path: bit sets, plain storage, byte buffers, line reading.
    // Not a product, and no product re-exports it. Its declarations are `public` rather than `package`
    // because this toolchain inlines `@inlinable` code across modules only from public declarations
    // (as `package` the JSON Lines path ran 1.2x slower; Benchmarks/README.md).
    .target(name: "QualKitEngine", swiftSettings: strict),
    .target(name: "QualKitCore", dependencies: ["QualKitEngine"], swiftSettings: strict),
        // YAML spec packs → model, with source locations and diagnostics; bundled packs.
        .target(
            name: "QualKitSpecs",
            dependencies: ["QualKitCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        // Learner record readers and result writers.
        .target(name: "QualKitLearners", dependencies: ["QualKitCore", "QualKitEngine"], swiftSettings: strict),
        // Reports: cohort statistics and learner worksheets as values, and their HTML (Mustache templates).
        .target(
            name: "QualKitReports",
            dependencies: [
                "QualKitCore", "QualKitEngine", "QualKitLearners",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["Templates"],   // embedded by scripts/embed-report-templates.py
            swiftSettings: strict),
        // One import for services that want everything.
        .target(
            name: "QualKit", dependencies: ["QualKitCore", "QualKitSpecs", "QualKitLearners", "QualKitReports"],
            swiftSettings: strict),
        // Open Badges 3.0 achievements and signed credentials (VC-JWT, Ed25519) for achieved results. Not
        // re-exported by QualKit, so that a service that does not issue credentials does not build swift-crypto.
        .target(
            name: "QualKitCredentials",
            dependencies: ["QualKitCore", "QualKitLearners", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // The CLI: argument parsing and printing only.
        .executableTarget(
            name: "qualkit",
            dependencies: [
                "QualKit", "QualKitReports", "QualKitCredentials",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .testTarget(name: "QualKitCoreTests", dependencies: ["QualKitCore", "QualKitEngine"], swiftSettings: strict),
        .testTarget(
            name: "QualKitSpecsTests", dependencies: ["QualKitSpecs", .product(name: "Yams", package: "Yams")],
            exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "QualKitLearnersTests", dependencies: ["QualKit"], swiftSettings: strict),
        .testTarget(name: "QualKitReportsTests", dependencies: ["QualKit", "QualKitReports"], swiftSettings: strict),
        .testTarget(name: "QualKitCLITests", dependencies: ["QualKit"], swiftSettings: strict),
        .testTarget(
            name: "QualKitCredentialsTests", dependencies: ["QualKit", "QualKitCredentials"], swiftSettings: strict),
        // The DocC articles' code, compiled and run; the code reference kept equal to the enums.
        .testTarget(name: "DocumentationTests", dependencies: ["QualKit", "QualKitCredentials"], swiftSettings: strict),
        .testTarget(
            name: "QualKitPropertyTests",
            dependencies: ["QualKit", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Regressions"],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
