// swift-tools-version: 6.1
// libFuzzer targets for QualKit, in a package of their own so that no package depending on QualKit sees
// them. See README.md for how to build and run them.
import PackageDescription

let package = Package(
    name: "QualKitFuzz",
    products: [
        .executable(name: "qualkit-fuzz-specs", targets: ["FuzzSpecs"]),
        .executable(name: "qualkit-fuzz-learners", targets: ["FuzzLearners"]),
    ],
    dependencies: [
        .package(name: "QualKit", path: ".."),
    ],
    targets: [
        // The corpus replay loop shared by the targets built without -DFUZZING.
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzSpecs", dependencies: ["FuzzSupport", .product(name: "QualKit", package: "QualKit")]),
        .executableTarget(name: "FuzzLearners", dependencies: ["FuzzSupport", .product(name: "QualKit", package: "QualKit")]),
    ],
    swiftLanguageModes: [.v6]
)
