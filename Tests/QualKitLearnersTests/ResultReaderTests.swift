import Foundation
import Testing
@testable import QualKit
import QualKitCore
@_spi(Engine) @testable import QualKitLearners

/// Result JSON Lines read back: values equal to those written, and errors that name the line and field.
@Suite("Result reader")
struct ResultReaderTests {
    static let registry = try! PackRegistry.bundled()
    static let evaluator = try! Evaluator(catalog: registry.catalog)

    @Test func readsWhatTheEncodingWrites() throws {
        let learner = Learner(
            id: "A",
            units: [
                .init(code: "8577-300"), .init(code: "8577-301", hours: 2.5),
                .init(code: "X")
            ])
        let results = Self.evaluator.evaluate(learner)
        var bytes: [UInt8] = []
        for r in results { ResultEncoding.appendJSON(r, to: &bytes) }
        bytes += Array("\n  \n".utf8)
        let read = try ResultReader(bytes: bytes).map { try $0.get() }
        #expect(read == results)
        #expect(results.allSatisfy { $0.warnings.map(\.kind) == [.unknownUnit] })
    }

    /// A warning a service built with its own words cannot be read back from its sentence: it is written
    /// as an object, by the encoding and by `Codable`, and reads back equal.
    @Test func aWarningInOtherWordsIsWrittenAsAnObject() throws {
        var result = Self.evaluator.evaluate(Learner(id: "A", units: [.init(code: "8577-300")]))[0]
        let own = EvaluationWarning(kind: .duplicateLearner, message: "seen twice in the feed", subject: "A")
        result.warnings = [own, .unknownUnit("X")]
        var bytes: [UInt8] = []
        ResultEncoding.appendJSON(result, to: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""warnings":[{"kind":"duplicate-learner","message":"seen twice in the feed","#))
        #expect(try ResultReader(bytes: bytes).map { try $0.get() } == [result])
        let json = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(EvaluationResult.self, from: json) == result)
    }

    @Test func errorsNameTheLineAndTheField() throws {
        let learner = Learner(id: "A", units: [.init(code: "8577-300")])
        let good = try #require(
            Self.evaluator.evaluate(
                learner, against: "8577-award-coaching",
                options: .init(messages: false)))
        var line: [UInt8] = []
        ResultEncoding.appendJSON(good, to: &line)
        let text = String(decoding: line, as: UTF8.self)
        let lines = [
            text,
            "\n",
            text.replacingOccurrences(of: #""unit":"8577-303""#, with: #""unit":3"#),
            text.replacingOccurrences(of: #","achieved":false"#, with: ""),
            text.replacingOccurrences(
                of: #""code":"missing-mandatory-unit","unit":"8577-303""#,
                with: #""code":"no-such-code","unit":"8577-303""#),
            "{\"learner\":\n",
            text.replacingOccurrences(of: #""credits":3"#, with: #""credits":3.5"#),
            text.replacingOccurrences(of: #""warnings":[]"#, with: #""warnings":["nonsense"]"#)
        ]
        #expect(text.contains(#""unit":"8577-303""#) && text.contains(#""credits":3"#))
        #expect(text.contains(#""warnings":[]"#))
        let read = Array(ResultReader(text: lines.joined(), name: "r.jsonl"))
        #expect(read.count == 7)
        #expect(try read[0].get() == good)
        let errors = read.compactMap { if case .failure(let e) = $0 { e } else { nil } }
        #expect(errors.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(errors.map(\.field) == ["unmet[1].unit", "achieved", "unmet[1].code", nil, "credits", "warnings[0]"])
        #expect(errors[1].description == "r.jsonl:4: error: achieved: missing; a result line has every field")
        #expect(errors[3].message.hasPrefix("not a JSON object on one line"))
        #expect(errors[4].message == "expected a whole number of credits, found 3.5")
        #expect(errors[5].message.contains("not a warning QualKit writes"))
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("qk-none-\(UUID().uuidString)").path
        #expect(throws: ResultLineError.self) { try ResultReader(path: missing) }
    }
}
