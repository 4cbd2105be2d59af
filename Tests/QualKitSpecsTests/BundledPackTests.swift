import Foundation
import Testing
@testable import QualKitSpecs

@Suite("Bundled packs")
struct BundledPackTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func everyBundledPackValidatesWithNoDiagnostics() {
        let loaded = BundledPacks.load()
        let (packs, diags) = (loaded.packs, loaded.diagnostics)
        #expect(diags.isEmpty, "\(diags.map(\.description).joined(separator: "\n"))")
        #expect(packs.map(\.id) == ["ilm-8577", "ilm-8578", "ilm-d3"])
    }

    @Test func theSpecsDirectoriesValidateFromDisk() {
        var catalog = QualificationCatalog()
        for dir in ["8577", "8578", "D3"] {
            let r = PackLoader.load(directory: Self.repo.appendingPathComponent("Specs/\(dir)").path, context: catalog)
            #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.description).joined(separator: "\n"))")
            if let p = r.pack { try? catalog.add(p.family) }
        }
        #expect(catalog.qualifications.count == 7)
    }

    /// The embedded copy must equal Specs/: run `python3 scripts/embed-specs.py` after editing a pack.
    @Test func embeddedPackTextMatchesSpecsDirectory() throws {
        for (dir, files) in BundledPacks.sources {
            let names = try FileManager.default.contentsOfDirectory(
                atPath: Self.repo.appendingPathComponent("Specs/\(dir)").path
            )
            .filter { $0.hasSuffix(".yaml") }
            #expect(Set(names) == Set(files.map(\.name)), "Specs/\(dir) files differ from the embedded ones")
            for f in files {
                let onDisk = try String(
                    contentsOf: Self.repo.appendingPathComponent("Specs/\(dir)/\(f.name)"), encoding: .utf8)
                #expect(onDisk == f.text + "\n", "Specs/\(dir)/\(f.name) changed: run python3 scripts/embed-specs.py")
            }
        }
    }

    @Test func registryIsImmutableAndRejectsRedefinition() throws {
        let r = try PackRegistry.bundled()
        #expect(r.catalog.qualifications.count == 7)
        #expect(throws: PackRegistry.LoadError.self) {
            try r.adding(directory: Self.repo.appendingPathComponent("Specs/D3").path)
        }
        #expect(r.packs.count == 3)
    }
}
