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
/// The bundled packs and X1, equivalent to 8577-301: exceptions carried through equivalent units (#24).
let equivalent: Evaluator = {
    let x1 = LearningUnit(code: "X1", title: "X1", level: .level(3), credits: 4, guidedLearningHours: 6, minimumPracticeHours: 6)
    let f = QualificationFamily(id: "x", family: "X", awardingOrganisation: "AO", version: "1", units: [x1],
                                qualifications: [], equivalentUnits: [["X1", "8577-301"]])
    return try! Evaluator(catalog: QualificationCatalog(registry.catalog.families + [f]))
}()

/// Whatever the id, a CSV row has no raw control character and no cell a spreadsheet would run (#24).
func checkCSV(_ results: [EvaluationResult]) {
    for r in results {
        var row: [UInt8] = []
        ResultEncoding.appendCSV(r, to: &row)
        precondition(row.last == 0x0A && !row.dropLast().contains { $0 < 0x20 || $0 == 0x7F }, "a control byte in a CSV row")
        precondition(row.first.map { !"=+-@".utf8.contains($0) } ?? true, "a CSV row starts a formula")
    }
}

func fuzzLearners(_ data: UnsafeBufferPointer<UInt8>) {
    // The fast path: bytes → workspace → outcomes → bytes (and values).
    _ = harness.evaluateRecord(Array(data))
    // The value path (the public reader), as JSON Lines and as CSV.
    for format in LearnerFileFormat.allCases {
        for record in LearnerReader(bytes: Array(data), format: format) {
            guard case .success(let l) = record.learner else { continue }
            if evaluator.problems(in: l).isEmpty { checkCSV(evaluator.evaluate(l)) }
            if equivalent.problems(in: l).isEmpty { checkCSV(equivalent.evaluate(l)) }
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
