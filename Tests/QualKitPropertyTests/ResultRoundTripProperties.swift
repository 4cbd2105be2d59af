import QualKitEngine
import Foundation
import PropertyBased
import Testing
@testable import QualKit
@_spi(Engine) @testable import QualKitLearners

/// One description of a result: over generated learners with exceptions, unknown keys and unit codes,
/// evaluated as of random days, whichever path writes a result (the CLI's byte pipeline, the value
/// encoding, `JSONEncoder`), it reads back equal to the values the SDK gives, through the bulk API or one
/// record at a time.
@Suite("Result round trip")
struct ResultRoundTripProperties {
    static let registry = try! PackRegistry.bundled()
    static let evaluator = try! Evaluator(catalog: registry.catalog)

    /// A file of learners: generated with exceptions (one in three), some with an unknown unit, some with
    /// unknown keys before or after the known ones; and how to evaluate it.
    struct Case: Sendable, CustomStringConvertible {
        var file: [UInt8]
        var options: EvaluationOptions
        /// A `--fields` list: some fields, in some order.
        var fields: [ResultField]
        var description: String {
            "as of \(options.asOf.map(\.description) ?? "-"), messages \(options.messages), "
                + "fields \(fields.map(\.rawValue)):\n" + String(decoding: file, as: UTF8.self)
        }
    }

    static let cases = Gen.int(in: 0...(1 << 30)).map(makeCase)

    static func makeCase(seed: Int) -> Case {
        var rng = LearnerGenerator.RNG(state: UInt64(seed))
        let generator = LearnerGenerator(catalog: registry.catalog, seed: UInt64(seed), exceptionRate: 0.35)
        var file: [UInt8] = []
        for i in 0..<(1 + rng.below(24)) {
            var learner = generator.learner(i)
            if rng.below(4) == 0 { learner.units.insert(UnitAchievement(code: UnitCode("ZZ-\(rng.below(9))")), at: 0) }
            var line: [UInt8] = []
            LearnerGenerator.appendJSON(learner, to: &line)
            var text = String(decoding: line, as: UTF8.self)
            switch rng.below(5) {
            case 0: text = #"{"remark":"first","# + text.dropFirst()
            case 1: text = text.replacingOccurrences(of: #""code":"#, with: #""cdoe":1,"code":"#)
            default: break
            }
            file += Array(text.utf8)
        }
        let day = CalendarDate(iso: "2012-06-01")!.dayNumber + rng.below(6 * 365)
        let options = EvaluationOptions(messages: rng.below(2) == 0,
                                        asOf: rng.below(3) == 0 ? nil : CalendarDate(dayNumber: day))
        var fields = ResultField.allCases.filter { _ in rng.below(2) == 0 }
        for i in fields.indices.reversed() { fields.swapAt(i, rng.below(i + 1)) }
        return Case(file: file, options: options, fields: fields.isEmpty ? [.learner] : fields)
    }

    /// The bytes `qualkit evaluate` writes for `c`: the batch pipeline, as the CLI sets it up.
    static func cli(_ c: Case, fields: [ResultField]?) -> [UInt8] {
        var pipeline = BatchPipeline(evaluator: evaluator, format: .jsonl, threads: 2)
        pipeline.messages = c.options.messages
        pipeline.asOf = c.options.asOf
        pipeline.fields = fields
        var out: [UInt8] = []
        _ = pipeline.run(LineReader(bytes: c.file, name: "l.jsonl"), write: { out += Array($0) }, diagnose: { _ in })
        return out
    }

    @Test func everyPathWritesWhatReadsBackEqual() async throws {
        await propertyCheck(count: 60, input: Self.cases) { c in
            var bulk: [EvaluationResult] = []
            Self.evaluator.evaluate(LearnerReader(bytes: c.file), options: c.options) { record in
                guard case .success(let results) = record.results else {
                    Issue.record("rejected line \(record.line)")
                    return
                }
                bulk += results
            }
            let alone = LearnerReader(bytes: c.file).flatMap { record in
                (try? Self.evaluator.evaluate(record, options: c.options).get()) ?? []
            }
            #expect(alone == bulk, "one record at a time")

            let bytes = Self.cli(c, fields: nil)
            let read = ResultReader(bytes: bytes).map { line in
                line.mapError { error -> ResultLineError in Issue.record("\(error)"); return error }
            }.compactMap { try? $0.get() }
            #expect(read == bulk, "the CLI's bytes, read back")

            var encoded: [UInt8] = []
            for r in bulk { ResultEncoding.appendJSON(r, to: &encoded) }
            #expect(encoded == bytes, "the value encoding writes the CLI's bytes")

            let json = try? JSONEncoder().encode(bulk)
            #expect(json.flatMap { try? JSONDecoder().decode([EvaluationResult].self, from: $0) } == bulk, "Codable")

            var partial: [UInt8] = []
            for r in bulk { ResultEncoding.appendJSON(r, fields: c.fields, to: &partial) }
            #expect(Self.cli(c, fields: c.fields) == partial, "--fields")
        }
    }

    /// The generated cases reach what the property is about: warnings, exceptions applied, messages and
    /// unmet details of dates as of a day.
    @Test func theCasesHaveWarningsExceptionsAndDates() {
        var kinds = Set<EvaluationWarning.Kind>(), codes = Set<UnmetCode>(), applied = 0, messages = 0
        for seed in 0..<60 {
            let c = Self.makeCase(seed: seed * 7919)
            Self.evaluator.evaluate(LearnerReader(bytes: c.file), options: c.options) { record in
                for r in (try? record.results.get()) ?? [] {
                    kinds.formUnion(r.warnings.map(\.kind))
                    codes.formUnion(r.unmet.map(\.code))
                    applied += r.exceptionsApplied.count
                    messages += r.unmet.filter { $0.message != nil }.count
                }
            }
        }
        #expect(kinds.isSuperset(of: [.unknownUnit, .unknownField, .afterAsOf]), "\(kinds)")
        #expect(applied > 0 && messages > 0)
        #expect(codes.contains(.practiceHours) && codes.contains(.completionWindow), "\(codes)")
    }
}
