import Foundation
import Testing
@testable import QualKitSpecs

/// The JSON Schema and the loader come from one table (PackSchema); these tests keep the checked-in copies
/// equal to it and check, with an independent validator (Python's jsonschema), that what the loader accepts
/// the schema accepts, and that keys the loader rejects the schema rejects.
@Suite("Pack schema")
struct SchemaTests {
    /// The clean pack of the diagnostic tests, file name → text.
    static let fixture = [
        "pack.yaml": DiagnosticTests.manifest, "units.yaml": DiagnosticTests.units,
        "qualifications.yaml": DiagnosticTests.qualifications, "assessments.yaml": DiagnosticTests.assessments
    ]
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func checkedInSchemaMatchesTheTable() throws {
        for file in PackSchema.schemaFiles {
            let (name, text) = (file.name, file.text)
            let onDisk = try String(
                contentsOf: Self.repo.appendingPathComponent("Specs/schema/\(name)"), encoding: .utf8)
            #expect(onDisk == text, "Specs/schema/\(name) is out of date: run 'qualkit schema --output Specs/schema'")
        }
    }

    @Test func contributingShowsTheKeyTable() throws {
        let text = try String(contentsOf: Self.repo.appendingPathComponent("CONTRIBUTING.md"), encoding: .utf8)
        let start = try #require(text.range(of: "<!-- keys: generated from PackSchema -->\n"))
        let end = try #require(text.range(of: "<!-- end of keys -->"))
        #expect(
            String(text[start.upperBound..<end.lowerBound]) == PackSchema.markdownKeyTable + "\n",
            "CONTRIBUTING.md's key table differs from PackSchema: paste 'qualkit schema --markdown' between the markers"
        )
    }

    /// Writes `files` (name → YAML) as packs under a temporary folder and validates every YAML file against
    /// the schema with Python's jsonschema; returns file → error messages ("" when valid).
    static func validate(_ packs: [String: [String: String]]) throws -> [String: String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-schema-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in PackSchema.schemaFiles {
            let (name, text) = (file.name, file.text)
            try FileManager.default.createDirectory(
                at: dir.appendingPathComponent("schema"), withIntermediateDirectories: true)
            try text.write(to: dir.appendingPathComponent("schema/\(name)"), atomically: true, encoding: .utf8)
        }
        for (pack, files) in packs {
            try FileManager.default.createDirectory(
                at: dir.appendingPathComponent(pack), withIntermediateDirectories: true)
            for (f, text) in files {
                try text.write(to: dir.appendingPathComponent("\(pack)/\(f)"), atomically: true, encoding: .utf8)
            }
        }
        let script = """
            import glob, json, os, sys, yaml, jsonschema
            # PyYAML's own SafeLoader, a YAML 1.1 loader as editors' tools use: an unquoted 2012-09-01 is a
            # date there, not text, and the schema rejects it, so packs and the scaffold quote their dates.
            out = {}
            for f in sorted(glob.glob(os.path.join(sys.argv[1], '*', '*.yaml'))):
                schema = json.load(open(os.path.join(sys.argv[1], 'schema', os.path.basename(f)[:-5] + '.schema.json')))
                errs = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(open(f)))]
                out[os.path.relpath(f, sys.argv[1])] = '; '.join(errs)
            print(json.dumps(out))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        try #require(
            p.terminationStatus == 0,
            "python3 with jsonschema and PyYAML is needed (pip install jsonschema pyyaml): \(e)")
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    /// Whether python3 can import jsonschema and PyYAML: without them the validator tests are skipped (so
    /// that README's `swift test` passes on a fresh machine), unless CI=true, where they must run.
    static let validatorAvailable: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import jsonschema, yaml"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()
    static let runsInCI = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(
        .enabled(
            if: SchemaTests.validatorAvailable || SchemaTests.runsInCI,
            "needs python3 with jsonschema and PyYAML (pip install jsonschema pyyaml); .ci/run installs them"))
    func bundledFixtureAndStarterPacksValidateAgainstTheSchema() throws {
        var packs: [String: [String: String]] = [:]
        for src in BundledPacks.packSources {
            packs[src.origin.replacingOccurrences(of: "bundled:", with: "")] = src.files
        }
        packs["fixture"] = Self.fixture
        let starter = Dictionary(uniqueKeysWithValues: PackTemplate.files(id: "ex1").map { ($0.name, $0.text) })
        packs["starter"] = starter
        #expect(
            PackLoader.load(PackSource(origin: "starter", files: starter)).diagnostics.isEmpty,
            "the starter pack must validate clean")
        let results = try Self.validate(packs)
        #expect(results.count == 3 + 3 + 4 + 4 + 4) // 8577, 8578 (no assessments.yaml), D3, the fixture, the starter
        for (file, errors) in results { #expect(errors.isEmpty, "\(file): \(errors)") }
    }

    /// What the loader rejects for an unknown or a missing key, the schema rejects too.
    @Test(
        .enabled(
            if: SchemaTests.validatorAvailable || SchemaTests.runsInCI,
            "needs python3 with jsonschema and PyYAML (pip install jsonschema pyyaml); .ci/run installs them"),
        arguments: [
            ("units.yaml", "    title: First unit\n", "    titel: First unit\n"), // misspelt, and 'title' missing
            ("qualifications.yaml", "    credit_value: 10\n", "    credit_values: 10\n"),
            ("qualifications.yaml", "      - mandatory: [U1]\n", "      - mandatory_units: [U1]\n"),
            ("assessments.yaml", "      pass_mark: 10\n", ""), // required key gone
            ("pack.yaml", "version: 1.0.0", "versoin: 1.0.0")
        ])
    func keysTheLoaderRejectsTheSchemaRejects(file: String, old: String, new: String) throws {
        var files = Self.fixture
        try #require(files[file]!.contains(old))
        files[file] = files[file]!.replacingOccurrences(of: old, with: new)
        let loader = PackLoader.load(PackSource(origin: "broken", files: files)).diagnostics
        #expect(loader.contains { [.unknownKey, .missingField].contains($0.id) && $0.severity == .error }, "\(loader)")
        let schema = try Self.validate(["broken": files])
        #expect(!(schema["broken/\(file)"] ?? "").isEmpty, "the schema accepted what the loader rejects")
    }

    /// Forms the loader accepts, the schema accepts too (an editor must not flag a valid pack).
    @Test(
        .enabled(
            if: SchemaTests.validatorAvailable || SchemaTests.runsInCI,
            "needs python3 with jsonschema and PyYAML (pip install jsonschema pyyaml); .ci/run installs them"),
        arguments: [
            ("units.yaml", "    level: 3\n", "    level: Level 3\n"),
            ("units.yaml", "    level: 3\n", "    level: \"3\"\n"),
            ("qualifications.yaml", "    size: award", "    size: Award"),
            ("pack.yaml", "family: DEMO", "family: 8577"),
            ("pack.yaml", "version: 1.0.0", "version: 1.0")
        ])
    func formsTheLoaderAcceptsTheSchemaAccepts(file: String, old: String, new: String) throws {
        var files = Self.fixture
        try #require(files[file]!.contains(old))
        files[file] = files[file]!.replacingOccurrences(of: old, with: new)
        let loader = PackLoader.load(PackSource(origin: "ok", files: files)).diagnostics
        #expect(loader.isEmpty, "\(loader)")
        #expect((try Self.validate(["ok": files])["ok/\(file)"] ?? "x").isEmpty)
    }

    /// Empty lists that would make a rule mean nothing are errors in both.
    @Test(
        .enabled(
            if: SchemaTests.validatorAvailable || SchemaTests.runsInCI,
            "needs python3 with jsonschema and PyYAML (pip install jsonschema pyyaml); .ci/run installs them"))
    func emptyRuleListsAreRejectedByBoth() throws {
        var files = Self.fixture
        files["qualifications.yaml"] = files["qualifications.yaml"]!.replacingOccurrences(
            of: "      - mandatory: [U1]\n",
            with:
                """
                      - mandatory: [U1]\n      - any_of:\n          - route: a\n            rules: []\n          \
                - route: b\n            rules:\n              - mandatory: [U2]\n
                """
        )
        let loader = PackLoader.load(PackSource(origin: "e", files: files)).diagnostics
        #expect(
            loader.contains { $0.message.contains("route 'a' of qualification demo-award has no rules") }, "\(loader)")
        #expect(!(try Self.validate(["e": files])["e/qualifications.yaml"] ?? "").isEmpty)
    }
}
