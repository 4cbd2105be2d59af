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

/// The first byte picks which pack file the rest replaces in a copy of the bundled D3 pack.
func fuzzSpecs(_ data: UnsafeBufferPointer<UInt8>) {
    guard let first = data.first else { return }
    let names = ["units.yaml", "qualifications.yaml", "assessments.yaml", "pack.yaml"]
    let name = names[Int(first) % names.count]
    let text = String(decoding: UnsafeBufferPointer(rebasing: data.dropFirst()), as: UTF8.self)
    guard var source = BundledPacks.packSources.last else { return }
    source.files[name] = text
    let result = PackLoader.load(source)
    if let pack = result.pack {
        // A pack that loads must also evaluate.
        if let e = try? Evaluator(catalog: QualificationCatalog([pack.family])) { _ = e.evaluate(Learner(id: "F")) }
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
