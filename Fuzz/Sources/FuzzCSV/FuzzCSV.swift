// libFuzzer target for the CSV learner reader, through the public API only: the input is a whole CSV
// file (`learner,unit,achieved,hours`, columns in any order, quoted fields, CRLF, a BOM), read with
// `LearnerReader(bytes:format: .csv)`; every learner that reads and has no problems is evaluated against
// the bundled packs.
//
// Build and run: see Fuzz/README.md (the flags matter: without them the Swift code is not instrumented).
//
// Built without -DFUZZING it replays the corpus (or the files given), as a regression test.
import Foundation
import QualKit

let evaluator = try! Evaluator(catalog: PackRegistry.bundled().catalog)

func fuzzCSV(_ data: UnsafeBufferPointer<UInt8>) {
    // A header that names a column twice is rejected: no learner is read from it (#24).
    let header = Array(data.prefix { $0 != 0x0A && $0 != 0x0D })
    let names = header.split(separator: 0x2C, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased() }
    let repeated = !names.contains { $0.contains("\"") } && Set(names.filter { !$0.isEmpty }).count < names.filter { !$0.isEmpty }.count
    for record in LearnerReader(bytes: Array(data), name: "fuzz.csv", format: .csv) {
        guard case .success(let learner) = record.learner else { continue }
        precondition(!repeated, "a learner read under a header with a repeated column")
        if evaluator.problems(in: learner).isEmpty { _ = evaluator.evaluate(learner) }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    fuzzCSV(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
import FuzzSupport

@main
enum Replayer {
    static func main() { replayCorpus(CommandLine.arguments.dropFirst(), defaultCorpus: "Fuzz/corpus/csv", fuzzCSV) }
}
#endif
