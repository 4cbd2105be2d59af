import Foundation
import Testing
@testable import QualKit
@_spi(Engine) @testable import QualKitCore
@_spi(Engine) @testable import QualKitLearners

/// The learner-record JSON Schema: generated from the table, checked in as Specs/schema/learner.schema.json,
/// and checked with an independent validator (Python's jsonschema) against the sample learners, generated
/// learners with exceptions, and every line of the malformed sample.
@Suite("Learner record JSON Schema")
struct LearnerJSONSchemaTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Each line of Samples/learners-malformed.jsonl, in order: what the reader says about it.
    static let malformed = [
        "missing 'id'", "'id' is empty", "expected 'id' as a string",
        "'registered' is '01/02/2013', which is not a date written YYYY-MM-DD",
        "'registered' is '2013-13-01', which is not a day of the calendar",
        "'induction_hours' is -1; expected 0 or more hours", "'tutorial_hours' is 1000001; expected a plausible number",
        "expected 'tutorial_hours' as a number", "expected 'units' as a JSON array", "a unit entry has no 'code'",
        "'units[0].code' is empty", "'units[0].achieved' is 'June 2013', which is not a date written YYYY-MM-DD",
        "'units[0].hours' is -6", "has no 'marks'", "'assessments[0].id' is empty",
        "'assessments[0].marks[1]' is 13.5", "'assessments[0].marks[1]' is -1", "'assessments[0].date' is '2014-1-20'",
        """
        'exceptions[0].kind' is 'exmpt'; expected one of exempt, substitute, waive, extend, version; did you mean \
        'exempt'?
        """,
        "]' has no 'kind'", "'exceptions[0].reason': 'reason' is missing or empty",
        "'exceptions[0].reason': 'reason' is missing or empty",
        "'exceptions[0].unit': an 'exempt' exception needs 'unit'",
        "'exceptions[0].requirement': an 'exempt' exception does not take 'requirement'",
        "'exceptions[0].for': a 'substitute' exception needs 'for'",
        "'exceptions[0].requirement': 'min-credits' cannot be waived",
        "'exceptions[0].requirement' is 'tutorial-hour', which is not a requirement code",
        "'exceptions[0].unit': a 'practice-hours' waiver needs the 'unit' it applies to",
        "'exceptions[0].unit': only a 'practice-hours' waiver names a 'unit'",
        "'exceptions[0].until': an 'extend' exception needs 'until'", "'exceptions[0].until' is '30/06/2017'",
        "'exceptions[0].requirement': 'tutorial-hours' cannot be extended", "merge repeated decisions",
        "]' has no 'kind'",
        "'exceptions[0].version': a 'version' exception needs 'version'"
    ]

    @Test func checkedInSchemaMatchesTheTable() throws {
        let onDisk = try String(
            contentsOf: Self.repo.appendingPathComponent("Specs/schema/learner.schema.json"),
            encoding: .utf8)
        #expect(
            onDisk == LearnerRecordSchema.jsonSchema,
            "Specs/schema/learner.schema.json is out of date: run 'qualkit schema --output Specs/schema'")
    }

    @Test func theReaderRejectsEveryLineOfTheMalformedSample() throws {
        let reader = try LearnerReader(path: Self.repo.appendingPathComponent("Samples/learners-malformed.jsonl").path)
        let records = Array(reader)
        #expect(records.count == Self.malformed.count)
        for (record, expected) in zip(records, Self.malformed) {
            guard case .failure(let e) = record.learner else { Issue.record("line \(record.line) accepted"); continue }
            #expect(e.message.contains(expected), "line \(record.line): \(e.message)")
        }
    }

    /// Whether Python's jsonschema can be run: without it the validator test is skipped, unless CI=true.
    static let validatorAvailable: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import jsonschema"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()
    static let runsInCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Validates each line of each file with Python's jsonschema against the learner schema; returns, per
    /// file, each line's errors ("" when valid).
    static func validate(_ files: [String: String]) throws -> [String: [String]] {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("qk-learner-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = dir.appendingPathComponent(LearnerRecordSchema.schemaFileName)
        try LearnerRecordSchema.jsonSchema.write(to: schema, atomically: true, encoding: .utf8)
        var paths: [String] = []
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        let script = """
            import json, os, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            v = jsonschema.Draft202012Validator(schema)
            out = {}
            for f in sys.argv[2:]:
                lines = [l for l in open(f, encoding='utf-8').read().split('\\n') if l.strip()]
                out[os.path.basename(f)] = ['; '.join(e.message for e in v.iter_errors(json.loads(l))) for l in lines]
            print(json.dumps(out))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, schema.path] + paths
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "python3 with jsonschema is needed (pip install jsonschema): \(e)")
        return try JSONDecoder().decode([String: [String]].self, from: data)
    }

    @Test(
        .enabled(
            if: validatorAvailable || runsInCI,
            "needs python3 with jsonschema (pip install jsonschema); with CI=true it runs and fails without it"))
    func anIndependentValidatorAcceptsGoodRecordsAndRejectsEveryBadLine() throws {
        let sample = try String(contentsOf: Self.repo.appendingPathComponent("Samples/learners.jsonl"), encoding: .utf8)
        let bad = try String(
            contentsOf: Self.repo.appendingPathComponent("Samples/learners-malformed.jsonl"),
            encoding: .utf8)
        // Generated learners with every kind of exception, and forms the reader accepts (null is absent).
        let catalog = try PackRegistry.bundled().catalog
        let generator = LearnerGenerator(catalog: catalog, seed: 5, exceptionRate: 0.5)
        var generated: [UInt8] = []
        for k in 0..<300 { LearnerGenerator.appendJSON(generator.learner(k), to: &generated) }
        let forms = """
            {"id":"N1","registered":null,"induction_hours":null,"units":null,"assessments":null,"exceptions":null}
            {"id":"N2","units":[{"code":"8577-300","achieved":null,"hours":0}],"assessments":[{"id":"a","marks":[]}]}
            {"id":"N3","exceptions":[{"kind":"waive","requirement":"practice-hours","unit":"D3.03","reason":"x"}]}
            {"id":"N4","exceptions":[{"kind":"exempt","unit":"8577-301","for":null,"qualification":null,"reason":"x"}]}
            {"id":"N5","tutorial_hours":1000000,"assessments":[{"id":"a","marks":[1.0,0,1000000]}]}

            """
        for text in [forms] { // the reader accepts each of them
            for record in LearnerReader(text: text) {
                if case .failure(let e) = record.learner { Issue.record("the reader rejects \(e)") }
            }
        }
        let results = try Self.validate([
            "sample.jsonl": sample, "bad.jsonl": bad,
            "generated.jsonl": String(decoding: generated, as: UTF8.self),
            "forms.jsonl": forms
        ])
        for name in ["sample.jsonl", "generated.jsonl", "forms.jsonl"] {
            let lines = try #require(results[name])
            #expect(!lines.isEmpty)
            for (k, errors) in lines.enumerated() { #expect(errors.isEmpty, "\(name):\(k + 1): \(errors)") }
        }
        let badLines = try #require(results["bad.jsonl"])
        #expect(badLines.count == Self.malformed.count)
        for (k, errors) in badLines.enumerated() {
            #expect(!errors.isEmpty, "the schema accepts line \(k + 1) of the malformed sample")
        }
        #expect(generated.count > 0 && String(decoding: generated, as: UTF8.self).contains("\"exceptions\""))
    }
}
