import Foundation
import Testing
@testable import QualKit
@testable import QualKitLearners
@testable import QualKitCore
import QualKitCore
import QualKitLearners

/// The compact fast path must load exactly what the general parser loads, and give up on everything else.
@Suite("Compact record scanner")
struct CompactScannerTests {
    static let evaluator = try! Evaluator(catalog: PackRegistry.bundled().catalog)

    /// Everything observable about loading `line`: the error, or the id, warnings and every result as JSON.
    func observe(_ line: [UInt8], compact: Bool) -> String {
        let e = Self.evaluator
        var loader = RecordLoader(evaluator: e)
        loader.usesCompactScanner = compact
        let ws = e.makeWorkspace()
        let writer = ResultByteWriter(evaluator: e)
        return line.withUnsafeBufferPointer { b in
            if let f = loader.load(b, into: ws) { return "error at \(f.column): \(f.message)" }
            e.evaluateLoaded(in: ws) { o in
                writer.appendJSON(o, in: ws, idJSON: UnsafeBufferPointer(rebasing: b[loader.idRange]))
            }
            return "id \(loader.learnerID(in: b)) warnings \(ws.warnings)\n"
                + String(decoding: writer.buffer.bytes, as: UTF8.self)
        }
    }

    func accepted(_ line: [UInt8]) -> Bool {
        let ws = Self.evaluator.makeWorkspace()
        var marks: [Int] = []
        var id = 0..<0
        ws.beginRecord()
        return line.withUnsafeBufferPointer {
            CompactRecordScanner.load($0, into: ws, evaluator: Self.evaluator, keys: .shared, marks: &marks, id: &id)
        }
    }

    func generatedLines(_ count: Int, seed: UInt64, exceptionRate: Double = 0) -> [[UInt8]] {
        let gen = LearnerGenerator(
            catalog: PackRegistry.bundledCatalogForTests, seed: seed, exceptionRate: exceptionRate)
        return (0..<count).map { i in
            var text: [UInt8] = []
            LearnerGenerator.appendJSON(gen.learner(i), to: &text)
            if text.last == 0x0A { text.removeLast() }
            return text
        }
    }

    /// Every bundled qualification is simple enough to be decided by table look-up (a pack change that loses
    /// this would not change results, only make evaluation several times slower).
    @Test func bundledQualificationsHaveDecisionTables() {
        for i in 0..<Self.evaluator.rules.count { #expect(!Self.evaluator.rules[i].table.isEmpty) }
    }

    @Test func takesTheFastPathForGeneratedRecords() {
        let lines = generatedLines(2000, seed: 5)
        // Records that the general parser loads without an error or a warning (unknown codes warn).
        let known = lines.filter { line in
            var loader = RecordLoader(evaluator: Self.evaluator)
            loader.usesCompactScanner = false
            let ws = Self.evaluator.makeWorkspace()
            return line.withUnsafeBufferPointer { loader.load($0, into: ws) == nil } && ws.warnings.isEmpty
        }
        #expect(known.count > 1500)
        let taken = known.filter(accepted).count
        let missed = known.filter { !accepted($0) }.prefix(3).map { String(decoding: $0, as: UTF8.self) }
        #expect(
            taken == known.count,
            "the compact scanner gave up on \(known.count - taken) of \(known.count) well-formed records: \(missed)")
    }

    /// `line` laid out as Python's `json.dumps` writes it: a space after every `:` and `,` outside strings.
    static func spaced(_ line: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var inString = false, escaped = false
        for c in line {
            out.append(c)
            if inString {
                if escaped {
                    escaped = false
                } else if c == 0x5C {
                    escaped = true
                } else if c == 0x22 {
                    inString = false
                }
            } else if c == 0x22 {
                inString = true
            } else if c == 0x3A || c == 0x2C {
                out.append(0x20)
            }
        }
        return out
    }

    /// Records laid out with spaces (`{"id": "L1", "units": [{"code": "8577-300"}]}`, as Python's `json.dumps`
    /// writes them) take the fast path too, and load as the general parser loads them.
    @Test func takesTheFastPathForRecordsWithSpaces() {
        let lines = generatedLines(600, seed: 6, exceptionRate: 0.2)
        var taken = 0
        for line in lines {
            let wide = Self.spaced(line)
            #expect(wide.count > line.count)
            if accepted(line) {
                #expect(accepted(wide), "\(String(decoding: wide, as: UTF8.self))")
            }
            if accepted(wide) { taken += 1 }
            #expect(observe(wide, compact: true) == observe(wide, compact: false))
            #expect(observe(wide, compact: true) == observe(line, compact: true))
        }
        #expect(taken > 400)
    }

    @Test(arguments: [
        #"{"id": "L1", "units": [ {"code": "8577-300", "hours": 0.5} ] , "tutorial_hours":\#t2.25 }"#,
        #"{"id" : "L1", "units": [{"code" : "8577-300"}]}"#,
        #"{"id": "L1", "assessments": [{"id": "d3-work-based-assignment", "marks": [14, 13, 12, 13]}]}"#,
        #"{"id":"L1","units":[{"code":"8577-300","hours":0.5}],"tutorial_hours":2.25,"induction_hours":1}"#,
        #"{"id":"L1","units":[{"code":"8577-301","hours":5.999999999999}]}"#,
        #"{"id":"L1","units":[{"code":"8577-301","hours":6.0}]}"#,
        #"{"id":"L1","units":[{"code":"8577-301","hours":1e1}]}"#,
        #"{"id":"L1","units":[{"code":"8577-301","hours":06}]}"#,
        #"{"id":"L1","units":[{"code":"8577-301","hours":-1}]}"#,
        #"{"id":"L1","units":[{"code":"8577-301","hours":1234567890123456789}]}"#,
        #"{"id":"L1","units":[{"code":"8577-301","hours":1000000.5}]}"#,
        #"{"id":"L1","id":"L2"}"#,
        #"{"id":"L1","units":[{"code":"8577-300","code":"8577-301"}]}"#,
        #"{"id":"L1","units":[{"code":"8577-300"}],"units":[{"code":"8577-301"}]}"#,
        #"{"id":"L\u0031","units":[{"code":"8577-30\u0030"}]}"#,
        #"{"id":"L1","units":null,"registered":null,"tutorial_hours":null}"#,
        #"{"id":"L1","units":[{"code":"8577-300","achieved":null}]}"#,
        #"{"id":"L1","colour":"blue"}"#,
        #"{"id":"L1"} "#,
        #" {"id":"L1"}"#,
        #"{"id":""}"#,
        #"{}"#,
        #"{"id":"L1","registered":"2013-02-30"}"#,
        #"{"id":"L1","registered":"2013-2-3"}"#,
        #"{"id":"L1","units":[{"code":"9999-999"}]}"#,
        #"{"id":"L1","units":[{}]}"#,
        #"{"id":"L1","units":[]}"#,
        #"{"id":"L1","assessments":[]}"#,
        #"{"id":"L1","assessments":[{"id":"d3-work-based-assignment","marks":[14,13,12,13],"date":"2014-01-20"}]}"#,
        #"{"id":"L1","assessments":[{"id":"d3-work-based-assignment","marks":[14,13,12]}]}"#,
        #"{"id":"L1","assessments":[{"id":"d3-work-based-assignment","marks":[14,13,12,13.5]}]}"#,
        #"{"id":"L1","assessments":[{"id":"d3-work-based-assignment","marks":[]}]}"#,
        #"{"id":"L1","assessments":[{"id":"d3-work-based-assignment"}]}"#,
        #"{"id":"L1","assessments":[{"marks":[1,2,3,4]}]}"#,
        #"{"id":"Lé","units":[{"code":"8577-300"}]}"#
    ])
    func edgeCasesLoadAsTheGeneralParserLoadsThem(_ text: String) {
        let line = Array(text.utf8)
        #expect(observe(line, compact: true) == observe(line, compact: false))
    }

    /// Unit objects that open with their code are read from `{"code":` as one word, the rest of the object
    /// (if any) by the general member reading; other unit objects entirely by the general one. Both load
    /// what the general parser loads, and give up where it would report an error or a warning.
    @Test(arguments: [
        (#"{"id":"L1","units":[{"code":"8577-300"}]}"#, true),
        (#"{"id":"L1","units":[{"code": "8577-300" },{"code":"8577-301"}]}"#, true),
        (#"{"id": "L1", "units": [{"code": "8577-300"}, {"code": "8577-301"} ]}"#, true),
        (#"{"id":"L1","units":[{"code":"8577-300"},{"code":"8577-301","hours":0.5},{"code":"8577-300"}]}"#, true),
        (#"{"id":"L1","units":[{"code":"8577-301","hours":0.5},{"code":"8577-301"}]}"#, true),
        (#"{"id":"L1","units":[{"code":"8577-300" ,"achieved":"2014-01-20"}]}"#, true),
        (#"{"id":"L1","units":[{"code":"8577-300"},{"code":"8577-300"}]}"#, true),
        (#"{"id":"L1","units":[{"code":"9999-999"}]}"#, false),
        (#"{"id":"L1","units":[{"code":""}]}"#, false),
        (#"{"id":"L1","units":[{"code":"8577-300"]}"#, false),
        (#"{"id":"L1","units":[{"code":"8577-300""#, false),
        (#"{"id":"L1","units":[{"code":"8577-300"}"#, false),
        (#"{"id":"L1","units":[{"code":8577}]}"#, false),
        (#"{"id":"L1","units":[{"code":"8577-300","code":"8577-301"}]}"#, false),
        (#"{"id":"L1","units":[{"codes":"8577-300"}]}"#, false),
        (#"{"id":"L1","units":[{"hours":0.5,"code":"8577-301"},{"code":"8577-300","hours":1}]}"#, true),
        (#"{"id":"L1","units":[{"code":"8577-300","hours":1,"code":"8577-301"}]}"#, false),
        (#"{"id":"L1","units":[{"code":"8577-300",}]}"#, false),
        (#"{"id":"L1","units":[{"code":"8577-300" "hours":1}]}"#, false),
        (#"{"id":"L1","units":[{"code":"8577-3\u0030"}]}"#, false)
    ])
    func unitsListedByCodeAloneLoadAsTheGeneralParserLoadsThem(_ text: String, compact: Bool) {
        let line = Array(text.utf8)
        #expect(accepted(line) == compact)
        #expect(observe(line, compact: true) == observe(line, compact: false))
    }

    /// Random byte edits of generated records: whatever the scanner accepts, it loads like the general parser.
    @Test func mutatedRecordsLoadAsTheGeneralParserLoadsThem() {
        var rng = LearnerGenerator.RNG(state: 77)
        let alphabet = Array(#" ",:{}[]0123456789.-enul\xé"#.utf8) + [0x09, 0x00, 0xFF]
        var acceptedMutants = 0, mutants = 0
        for line in generatedLines(400, seed: 8) {
            for _ in 0..<25 {
                var m = line
                for _ in 0..<(1 + rng.below(2)) {
                    let at = rng.below(m.count)
                    switch rng.below(4) {
                    case 0: m.remove(at: at)
                    case 1: m.insert(alphabet[rng.below(alphabet.count)], at: at)
                    case 2: m[at] = alphabet[rng.below(alphabet.count)]
                    default: m.insert(contentsOf: m[at..<min(m.count, at + 12)], at: at)
                    }
                    if m.isEmpty { m = [0x7B] }
                }
                mutants += 1
                if accepted(m) { acceptedMutants += 1 }
                let fast = observe(m, compact: true), slow = observe(m, compact: false)
                if fast != slow {
                    Issue.record("differs for \(String(decoding: m, as: UTF8.self))\nfast: \(fast)\nslow: \(slow)")
                    return
                }
            }
        }
        // Some edits keep the record compact and valid (a digit changed): the scanner is exercised.
        #expect(acceptedMutants > mutants / 100)
    }

    /// Records with exceptions: the scanner reads their `exceptions` in place with the record grammar, and
    /// loads them (results, exceptions used, warnings) as the general parser does, edited or not.
    @Test func recordsWithExceptionsLoadAsTheGeneralParserLoadsThem() {
        var rng = LearnerGenerator.RNG(state: 78)
        let alphabet = Array(#" ",:{}[]0123456789.-enul\xé"#.utf8)
        let lines = generatedLines(300, seed: 9, exceptionRate: 0.6)
        let withExceptions = lines.filter { String(decoding: $0, as: UTF8.self).contains(#""exceptions":"#) }
        #expect(withExceptions.count > 100)
        #expect(withExceptions.filter(accepted).count > withExceptions.count * 9 / 10)
        for line in withExceptions {
            #expect(observe(line, compact: true) == observe(line, compact: false))
            for _ in 0..<10 {
                var m = line
                let at = rng.below(m.count)
                switch rng.below(3) {
                case 0: m.remove(at: at)
                case 1: m.insert(alphabet[rng.below(alphabet.count)], at: at)
                default: m[at] = alphabet[rng.below(alphabet.count)]
                }
                let fast = observe(m, compact: true), slow = observe(m, compact: false)
                if fast != slow {
                    Issue.record("differs for \(String(decoding: m, as: UTF8.self))\nfast: \(fast)\nslow: \(slow)")
                    return
                }
            }
        }
    }
}

extension PackRegistry {
    static let bundledCatalogForTests = try! PackRegistry.bundled().catalog
}
