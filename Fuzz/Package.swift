// swift-tools-version: 6.1
// libFuzzer targets for QualKit, in a package of their own so that no package depending on QualKit sees
// them. See README.md for how to build and run them.
import PackageDescription

let package = Package(
    name: "QualKitFuzz",
    products: [
        .executable(name: "qualkit-fuzz-specs", targets: ["FuzzSpecs"]),
        .executable(name: "qualkit-fuzz-learners", targets: ["FuzzLearners"]),
        .executable(name: "qualkit-fuzz-csv", targets: ["FuzzCSV"]),
        .executable(name: "qualkit-fuzz-packtree", targets: ["FuzzPackTree"]),
    ],
    dependencies: [
        .package(name: "QualKit", path: ".."),
        // The Yams the main package already depends on (same URL and requirement, so one resolution):
        // FuzzPackTree parses and re-serialises pack YAML with it.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The corpus replay loop shared by the targets built without -DFUZZING.
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzSpecs", dependencies: ["FuzzSupport", .product(name: "QualKit", package: "QualKit")]),
        .executableTarget(name: "FuzzLearners", dependencies: ["FuzzSupport", .product(name: "QualKit", package: "QualKit")]),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", .product(name: "QualKit", package: "QualKit")]),
        .executableTarget(
            name: "FuzzPackTree",
            dependencies: ["FuzzSupport", .product(name: "QualKit", package: "QualKit"), .product(name: "Yams", package: "Yams")]),
    ],
    swiftLanguageModes: [.v6]
)
