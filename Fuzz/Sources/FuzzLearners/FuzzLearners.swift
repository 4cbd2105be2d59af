// libFuzzer target for the learner record readers (JSON Lines fast path and value path, CSV).
//
//   cd Fuzz && swift build --product qualkit-fuzz-learners --scratch-path .build-fuzz -c release \
//       -Xswiftc -DFUZZING --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
//   ASAN_OPTIONS=detect_leaks=0 .build-fuzz/release/qualkit-fuzz-learners CORPUS_COPY -max_len=4096
//
// `-Xswiftc -sanitize=fuzzer,address` is needed: without it the Swift code gets only one of the two
// sanitizers (see README.md).
//
// Built without -DFUZZING it replays the corpus (or the files given), as a regression test.
import QualKit
@_spi(Engine) import QualKitLearners

let registry = try! PackRegistry.bundled()
let evaluator = try! Evaluator(catalog: registry.catalog)
nonisolated(unsafe) let harness = EngineHarness(evaluator: evaluator)

func fuzzLearners(_ data: UnsafeBufferPointer<UInt8>) {
    // The fast path: bytes → workspace → outcomes → bytes (and values).
    _ = harness.evaluateRecord(Array(data))
    // The value path (the public reader), as JSON Lines and as CSV.
    for format in LearnerFileFormat.allCases {
        for record in LearnerReader(bytes: Array(data), format: format) {
            if case .success(let l) = record.learner, evaluator.problems(in: l).isEmpty { _ = evaluator.evaluate(l) }
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    fuzzLearners(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
import FuzzSupport

@main
enum Replayer {
    static func main() { replayCorpus(CommandLine.arguments.dropFirst(), defaultCorpus: "Fuzz/corpus/learners", fuzzLearners) }
}
#endif
