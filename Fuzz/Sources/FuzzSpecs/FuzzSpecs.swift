// libFuzzer target for the spec pack loader.
//
//   cd Fuzz && swift build --product qualkit-fuzz-specs --scratch-path .build-fuzz -c release \
//       -Xswiftc -DFUZZING --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
//   ASAN_OPTIONS=detect_leaks=0 .build-fuzz/release/qualkit-fuzz-specs CORPUS_COPY -max_len=16384
//
// `-Xswiftc -sanitize=fuzzer,address` is needed: without it the Swift code gets only one of the two
// sanitizers (see README.md).
//
// Built without -DFUZZING (as `swift build` does), the same target is a replayer: it loads every file
// given on the command line (or in Fuzz/corpus/specs) through the same function, so any crash input kept
// in the corpus stays a regression test.
import QualKitSpecs

/// The first byte picks which pack file the rest replaces in a copy of the bundled D3 pack; a first byte
/// from 4 to 7 makes the rest the `units.yaml` of a second pack loaded after ``pairFirst`` (a pack pair).
func fuzzSpecs(_ data: UnsafeBufferPointer<UInt8>) {
    guard let first = data.first else { return }
    let rest = String(decoding: UnsafeBufferPointer(rebasing: data.dropFirst()), as: UTF8.self)
    if (4...7).contains(first) { return fuzzPackPair(rest) }
    let names = ["units.yaml", "qualifications.yaml", "assessments.yaml", "pack.yaml"]
    let name = names[Int(first) % names.count]
    guard var source = BundledPacks.packSources.last else { return }
    source.files[name] = rest
    let result = PackLoader.load(source)
    if let pack = result.pack {
        // A pack that loads must also evaluate.
        if let e = try? Evaluator(catalog: QualificationCatalog([pack.family])) { _ = e.evaluate(Learner(id: "F")) }
    }
}

/// The first pack of a pair (a fixture, not a qualification fact): nine units in one group, a
/// qualification needing two of them, and a class of equivalent units that a second pack may extend.
let pairFirst = PackSource(origin: "fuzz-first", files: [
    "pack.yaml": "id: fuzz-first\nfamily: F1\nawarding_organisation: Fixture\nversion: \"1\"\n",
    "units.yaml": "units:\n"
        + (0..<9).map { "  - { code: V\($0), title: V\($0), level: 3, credits: 3, glh: 9 }\n" }.joined()
        + "equivalent_units:\n  - [V0, V1, V2]\n",
    "qualifications.yaml": "groups:\n  - { id: g, title: G, units: [V0, V1, V2, V3, V4, V5, V6, V7, V8] }\n"
        + "qualifications:\n  - id: fuzz-first-q\n    title: Award\n    level: 3\n    credit_value: 6\n"
        + "    rules:\n      - min_units_from_group: { group: g, units: 2 }\n",
])

/// The second pack of a pair: its `units.yaml` is the input (which may extend the first pack's class, as
/// `equivalent_units: [[V0, W0, …]]`); its qualification needs W0 and one of W1–W3 (a pack's rules name
/// only its own units).
func fuzzPackPair(_ units: String) {
    let second = PackSource(origin: "fuzz-second", files: [
        "pack.yaml": "id: fuzz-second\nfamily: F2\nawarding_organisation: Fixture\nversion: \"1\"\n",
        "units.yaml": units,
        "qualifications.yaml": "groups:\n  - { id: h, title: H, units: [W1, W2, W3] }\n"
            + "qualifications:\n  - id: fuzz-second-q\n    title: Award\n    level: 3\n    credit_value: 6\n"
            + "    rules:\n      - mandatory: [W0]\n      - min_units_from_group: { group: h, units: 1 }\n",
    ])
    guard let a = PackLoader.load(pairFirst).pack, let registry = try? PackRegistry().adding(a) else { return }
    guard let b = PackLoader.load(second, context: registry.catalog).pack, let both = try? registry.adding(b),
          let evaluator = try? Evaluator(catalog: both.catalog) else { return }
    // What the validator accepted, with the packs beside it, is decided for every learner without
    // exceptions: never `limit-exceeded` (#24: "the validator predicts evaluation exactly").
    let codes = both.catalog.units.map(\.code)
    let everyOther = codes.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
    let learners = [[], codes, everyOther, Array(codes.suffix(3))]
    for (k, held) in learners.enumerated() {
        let learner = Learner(id: LearnerID("P\(k)"), units: held.map { UnitAchievement(code: $0) })
        let results = evaluator.evaluate(learner)
        for r in results where r.unmet.contains(where: { $0.code == .limitExceeded }) {
            fatalError("accepted pack pair gives limit-exceeded for \(learner.id) against \(r.qualification)")
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    fuzzSpecs(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
import FuzzSupport

@main
enum Replayer {
    static func main() { replayCorpus(CommandLine.arguments.dropFirst(), defaultCorpus: "Fuzz/corpus/specs", fuzzSpecs) }
}
#endif
