import Foundation
import Testing
@testable import QualKitSpecs

/// Pack files from third parties: each hostile input gets a diagnostic, never a crash or a hang.
@Suite("Hostile spec packs")
struct HostilePackTests {
    static func load(units: String, limits: PackLoader.Limits = .default) -> [Diagnostic] {
        var files = [
            "pack.yaml": DiagnosticTests.manifest, "units.yaml": DiagnosticTests.units,
            "qualifications.yaml": DiagnosticTests.qualifications, "assessments.yaml": DiagnosticTests.assessments
        ]
        files["units.yaml"] = units
        return PackLoader.load(
            PackSource(origin: "hostile", files: files, displayPrefix: "Specs/hostile"), limits: limits
        ).diagnostics
    }

    /// An id starting with '-' reads as an option on the command line and as a formula in a spreadsheet.
    @Test(arguments: [
        ("pack.yaml", "id: demo", "id: -demo"), ("units.yaml", "code: U1", "code: -U1"),
        ("qualifications.yaml", "id: demo-award", "id: -demo-award"), ("qualifications.yaml", "id: g1", "id: -g1")
    ])
    func idsStartingWithADashAreRejected(file: String, old: String, new: String) {
        var files = [
            "pack.yaml": DiagnosticTests.manifest, "units.yaml": DiagnosticTests.units,
            "qualifications.yaml": DiagnosticTests.qualifications, "assessments.yaml": DiagnosticTests.assessments
        ]
        files[file] = files[file]!.replacingOccurrences(of: old, with: new)
        let diags = PackLoader.load(PackSource(origin: "hostile", files: files, displayPrefix: "Specs/hostile"))
            .diagnostics
        #expect(
            diags.contains {
                $0.id == .invalidValue && $0.message.contains("starts with '-'")
                    && $0.location?.file == "Specs/hostile/\(file)"
            }, "\(diags)")
    }

    @Test func billionLaughsIsRejectedWithoutExpanding() {
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var prev = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ",") + "]\n"
            prev = name
        }
        yaml += "units: *i\n"
        let diags = Self.load(units: yaml)
        let limit = diags.first { $0.id == .limitExceeded }
        #expect(limit != nil, "\(diags)")
        #expect(limit?.message.contains("billion laughs") == true)
        #expect(limit?.location?.file == "Specs/hostile/units.yaml")
    }

    /// Found by the fuzzer: a duplicate key in a file whose lines end in CR, or U+2028 (line breaks to
    /// YAML), trapped while the diagnostic looked for the repeat. It is reported at the repeat's line.
    @Test(arguments: ["\r", "\u{2028}", "\r\n", "\u{85}"])
    func duplicateKeysWithOtherLineBreaksAreReported(_ lineBreak: String) {
        let diags = Self.load(units: "\(lineBreak)a: 1\(lineBreak)a: 2")
        let d = diags.first { $0.id == .duplicateKey }
        #expect(d != nil, "\(diags)")
        #expect(d?.location?.line == 3, "\(String(describing: d))")
    }

    @Test func deepNestingIsRejected() {
        let deep = "units: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let diags = Self.load(units: deep)
        #expect(diags.contains { $0.id == .yamlSyntax || $0.id == .limitExceeded }, "\(diags)")
        let moderate = "units: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n"
        #expect(Self.load(units: moderate).contains { $0.id == .limitExceeded })
    }

    @Test func oversizedFileAndScalarAreRejected() {
        var small = PackLoader.Limits()
        small.maximumFileBytes = 200
        #expect(
            Self.load(units: DiagnosticTests.units, limits: small).contains {
                $0.id == .limitExceeded && $0.message.contains("over the limit of 200 bytes")
            })
        let huge = DiagnosticTests.units.replacingOccurrences(
            of: "title: First unit", with: "title: " + String(repeating: "x", count: 70_000))
        #expect(Self.load(units: huge).contains { $0.id == .limitExceeded && $0.message.contains("one value") })
    }

    @Test(
        "Absurd numbers get range diagnostics",
        arguments: [
            ("credits: 3", "credits: -3"), ("credits: 3", "credits: 99999999999999999999999"), ("glh: 9", "glh: 1e9"),
            ("credits: 3", "credits: .nan"), ("level: 3", "level: 11")
        ])
    func absurdNumbers(old: String, new: String) {
        let units = DiagnosticTests.units.replacingOccurrences(
            of: "    \(old)\n", with: "    \(new)\n", options: [],
            range: DiagnosticTests.units.range(of: "    \(old)\n"))
        #expect(units != DiagnosticTests.units)
        let diags = Self.load(units: units)
        #expect(
            diags.contains { d in
                (d.id == .invalidValue || d.id == .wrongType) && (4...6).contains(d.location?.line ?? 0)
            }, "\(diags)")
        #expect(diags.hasErrors)
    }

    @Test func emptyAndNonMappingFiles() {
        #expect(Self.load(units: "").contains { $0.id == .missingField })
        #expect(Self.load(units: "- just\n- a list\n").contains { $0.id == .wrongType })
        #expect(Self.load(units: "\u{0}\u{1}binary").hasErrors)
    }

    @Test func unreadableDirectoryEntries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try DiagnosticTests.manifest.write(
            to: dir.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("units.yaml"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("qualifications.yaml").path,
            withDestinationPath: dir.appendingPathComponent("qualifications.yaml").path)
        try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: dir.appendingPathComponent("assessments.yaml"))
        let r = PackLoader.load(directory: dir.path)
        #expect(r.pack == nil)
        let ids = Set(r.diagnostics.map(\.id))
        #expect(ids.contains(.unreadableFile), "\(r.diagnostics)")
        #expect(r.diagnostics.contains { $0.message.contains("is a directory") })
        #expect(r.diagnostics.contains { $0.message.contains("not UTF-8") })
        #expect(
            PackLoader.load(directory: dir.appendingPathComponent("nope").path).diagnostics.first?.id == .missingFile)
    }
}
