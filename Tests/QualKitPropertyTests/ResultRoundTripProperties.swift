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
    /// The bundled packs with 8578 replaced by the test pack that gives its qualification a version 2
    /// (`Tests/Fixtures/versions/8578`): results then carry version 1 or 2.
    static let versionedRegistry = try! registry.replacing(
        directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/versions/8578").path
    ).registry
    static let versionedEvaluator = try! Evaluator(catalog: versionedRegistry.catalog)
    static let versioned = QualificationID("8578-certificate-coaching-mentoring")

    /// A file of learners: generated with exceptions (one in three), some with an unknown unit, some with
    /// unknown keys before or after the known ones; and how to evaluate it.
    struct Case: Sendable, CustomStringConvertible {
        var file: [UInt8]
        var options: EvaluationOptions
        /// A `--fields` list: some fields, in some order.
        var fields: [ResultField]
        /// Whether the packs give a qualification two versions (``versionedEvaluator``).
        var versioned = false
        var evaluator: Evaluator { versioned ? versionedEvaluator : ResultRoundTripProperties.evaluator }
        var description: String {
            "as of \(options.asOf.map(\.description) ?? "-"), messages \(options.messages), versions \(versioned), "
                + "what-if \(options.whatIf.map(\.description)), "
                + "fields \(fields.map(\.rawValue)):\n" + String(decoding: file, as: UTF8.self)
        }
    }

    static let cases = Gen.int(in: 0...(1 << 30)).map(makeCase)

    static func makeCase(seed: Int) -> Case {
        var rng = LearnerGenerator.RNG(state: UInt64(seed))
        let versioned = seed % 3 == 0
        let generator = LearnerGenerator(
            catalog: (versioned ? versionedRegistry : registry).catalog, seed: UInt64(seed), exceptionRate: 0.35)
        var file: [UInt8] = []
        for i in 0..<(1 + rng.below(24)) {
            var learner = generator.learner(i)
            if rng.below(4) == 0 { learner.units.insert(UnitAchievement(code: UnitCode("ZZ-\(rng.below(9))")), at: 0) }
            if versioned {
                // Registered either side of version 2's first day, or not at all; some choose a version.
                let registered = [nil, "2015-03-01", "2016-01-01", "2017-05-01"][rng.below(4)]
                learner.registered = registered.flatMap { CalendarDate(iso: $0) }
                if rng.below(4) == 0 {
                    learner.exceptions.append(
                        LearnerException.version(["1", "2"][rng.below(2)], of: Self.versioned, reason: "moved"))
                }
            }
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
        let options = EvaluationOptions(
            messages: rng.below(2) == 0,
            asOf: rng.below(3) == 0 ? nil : CalendarDate(dayNumber: day))
        var fields = ResultField.allCases.filter { _ in rng.below(2) == 0 }
        for i in fields.indices.reversed() { fields.swapAt(i, rng.below(i + 1)) }
        var withWhatIf = options
        if versioned, rng.below(3) == 0 {
            withWhatIf.whatIf = [VersionReference(qualification: Self.versioned, version: ["1", "2"][rng.below(2)])]
        }
        return Case(file: file, options: withWhatIf, fields: fields.isEmpty ? [.learner] : fields, versioned: versioned)
    }

    /// The bytes `qualkit evaluate` writes for `c`: the batch pipeline, as the CLI sets it up.
    static func cli(_ c: Case, fields: [ResultField]?) -> [UInt8] {
        var pipeline = BatchPipeline(evaluator: c.evaluator, format: .jsonl, threads: 2)
        pipeline.messages = c.options.messages
        pipeline.asOf = c.options.asOf
        pipeline.whatIf = c.options.whatIf
        pipeline.fields = fields
        var out: [UInt8] = []
        _ = pipeline.run(LineReader(bytes: c.file, name: "l.jsonl"), write: { out += Array($0) }, diagnose: { _ in })
        return out
    }

    @Test func everyPathWritesWhatReadsBackEqual() async throws {
        await propertyCheck(count: 60, input: Self.cases) { c in
            var bulk: [EvaluationResult] = []
            c.evaluator.evaluate(LearnerReader(bytes: c.file), options: c.options) { record in
                guard case .success(let results) = record.results else {
                    Issue.record("rejected line \(record.line)")
                    return
                }
                bulk += results
            }
            let alone = LearnerReader(bytes: c.file).flatMap { record in
                (try? c.evaluator.evaluate(record, options: c.options).get()) ?? []
            }
            #expect(alone == bulk, "one record at a time")

            let bytes = Self.cli(c, fields: nil)
            let read = ResultReader(bytes: bytes).map { line in
                line.mapError { error -> ResultLineError in
                    Issue.record("\(error)"); return error
                }
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
            c.evaluator.evaluate(LearnerReader(bytes: c.file), options: c.options) { record in
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

    /// The cases with versions reach both versions, each way of choosing one, and the unchecked choice.
    @Test func theCasesReachEveryWayOfChoosingAVersion() {
        var versions = Set<String>(), byException = 0, unchecked = 0
        for seed in 0..<60 {
            let c = Self.makeCase(seed: seed * 3)
            c.evaluator.evaluate(LearnerReader(bytes: c.file), options: c.options) { record in
                for r in (try? record.results.get()) ?? [] where r.qualification == Self.versioned {
                    versions.insert(r.version)
                    byException += r.exceptionsApplied.filter { $0.kind == .version }.count
                    unchecked += r.unchecked.contains(.version) ? 1 : 0
                }
            }
        }
        #expect(versions == ["1", "2"] && byException > 0 && unchecked > 0)
    }
}
