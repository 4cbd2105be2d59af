import Foundation
import Testing
import QualKitCore
@testable import QualKitSpecs

/// Replacing and removing a pack: the same checks as adding one (no clash, nothing another pack names
/// goes missing), and the registry one holds never changes.
@Suite("Pack registry: replace and remove")
struct PackRegistryTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A second pack that depends on the diagnostics fixture's `demo` pack: its unit V1 is equivalent to
    /// U1 of `demo`, and its qualification progresses to `demo-award`.
    static let dependantManifest = """
        id: later
        family: LATER
        awarding_organisation: Demo AO
        version: 1.0.0
        """
    static let dependantUnits = """
        units:
          - code: V1
            title: Later unit
            level: 3
            credits: 3
            glh: 9
        equivalent_units:
          - [V1, U1]
        """
    static let dependantQualifications = """
        qualifications:
          - id: later-award
            title: Later Level 3 Award
            level: 3
            credit_value: 3
            rules:
              - mandatory: [V1]
            progression:
              - qualification: demo-award
        """

    static func demo(title: String = "Demo Level 3 Award", withAward: Bool = true) -> SpecPack? {
        var qualifications = DiagnosticTests.qualifications.replacingOccurrences(of: "Demo Level 3 Award", with: title)
        if !withAward {
            qualifications = qualifications.replacingOccurrences(of: "id: demo-award", with: "id: demo-award-2")
        }
        return PackLoader.load(
            PackSource(
                origin: "demo",
                files: [
                    "pack.yaml": DiagnosticTests.manifest, "units.yaml": DiagnosticTests.units,
                    "qualifications.yaml": qualifications, "assessments.yaml": DiagnosticTests.assessments
                ])
        ).pack
    }

    /// `demo`, then `later`, which depends on it.
    static func twoPacks() throws -> PackRegistry {
        let base = try PackRegistry().adding(try #require(demo()))
        let later = PackLoader.load(
            PackSource(
                origin: "later",
                files: [
                    "pack.yaml": dependantManifest, "units.yaml": dependantUnits,
                    "qualifications.yaml": dependantQualifications
                ]), context: base.catalog)
        #expect(!later.hasErrors, "\(later.diagnostics)")
        return try base.adding(try #require(later.pack))
    }

    static func ids(_ error: PackRegistry.LoadError) -> Set<DiagnosticID> { Set(error.diagnostics.map(\.id)) }

    @Test func removingAPackNoOtherNames() throws {
        let bundled = try PackRegistry.bundled()
        let without = try bundled.removing(packID: "ilm-d3")
        #expect(without.packs.map(\.id) == ["ilm-8577", "ilm-8578"])
        #expect(without.catalog.qualifications.allSatisfy { !$0.id.rawValue.hasPrefix("d3-") })
        #expect(without.catalog.unitsByCode["D3.01"] == nil)
        #expect(bundled.packs.count == 3, "the registry removed from is unchanged")
        // The pack can be added again: nothing of it is left behind.
        let again = try without.adding(try #require(bundled.packs.last))
        #expect(again.catalog.qualifications.count == bundled.catalog.qualifications.count)
    }

    @Test func removingAnUnknownPackSaysWhichPacksAreLoaded() throws {
        let error = try #require(throws: PackRegistry.LoadError.self) {
            try PackRegistry.bundled().removing(packID: "ilm-9999")
        }
        #expect(Self.ids(error) == [.packConflict])
        #expect(error.description.contains("no loaded pack has id 'ilm-9999'"))
    }

    @Test func removingAPackAnotherNamesIsRejected() throws {
        let registry = try Self.twoPacks()
        let error = try #require(throws: PackRegistry.LoadError.self) { try registry.removing(packID: "demo") }
        #expect(Self.ids(error) == [.unknownUnit, .unknownQualification])
        #expect(error.description.contains("'equivalent_units' of pack 'later' names unit 'U1'"), "\(error)")
        #expect(
            error.description.contains(
                "progression route of qualification 'later-award' of pack 'later' names "
                    + "qualification 'demo-award', which pack 'demo' no longer defines"), "\(error)")
        // In the other order it works.
        let none = try registry.removing(packID: "later").removing(packID: "demo")
        #expect(none.packs.isEmpty && none.catalog.qualifications.isEmpty)
    }

    @Test func replacingKeepsThePlaceInLoadOrder() throws {
        let registry = try Self.twoPacks()
        let replaced = try registry.replacing(try #require(Self.demo(title: "Demo Award, second edition")))
        #expect(replaced.packs.map(\.id) == ["demo", "later"])
        #expect(replaced.catalog.qualificationsByID["demo-award"]?.title == "Demo Award, second edition")
        #expect(registry.catalog.qualificationsByID["demo-award"]?.title == "Demo Level 3 Award", "unchanged")
    }

    @Test func replacingWithAVersionThatDropsWhatAnotherPackNamesIsRejected() throws {
        let registry = try Self.twoPacks()
        let error = try #require(throws: PackRegistry.LoadError.self) {
            try registry.replacing(try #require(Self.demo(withAward: false)))
        }
        #expect(Self.ids(error) == [.unknownQualification])
        #expect(error.description.contains("'demo-award', which pack 'demo' no longer defines"), "\(error)")
    }

    @Test func replacingWithAVersionThatClashesWithAnotherPackIsRejected() throws {
        let registry = try Self.twoPacks()
        var clash = try #require(Self.demo())
        clash.family.units.append(
            LearningUnit(
                code: "V1", title: "Taken", level: .level(3), credits: 1,
                guidedLearningHours: 1))
        let error = try #require(throws: PackRegistry.LoadError.self) { try registry.replacing(clash) }
        #expect(Self.ids(error) == [.packConflict])
        #expect(error.description.contains("unit 'V1'"), "\(error)")
    }

    @Test func replacingWithAnUnknownProgressionTargetIsRejected() throws {
        let registry = try Self.twoPacks()
        var later = try #require(registry.packs.last)
        later.family.qualifications[0].progression = [.qualification("nowhere")]
        let error = try #require(throws: PackRegistry.LoadError.self) { try registry.replacing(later) }
        #expect(Self.ids(error) == [.unknownQualification])
        #expect(error.description.contains("names qualification 'nowhere', which no loaded pack defines"), "\(error)")
    }

    @Test func replacingAPackThatIsNotLoadedIsRejected() throws {
        let error = try #require(throws: PackRegistry.LoadError.self) {
            try PackRegistry.bundled().replacing(try #require(Self.demo()))
        }
        #expect(Self.ids(error) == [.packConflict])
    }

    @Test func replacingFromADirectoryLoadsTheNewVersionInThePlaceOfTheOld() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-registry-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pack = dir.appendingPathComponent("8577")
        try FileManager.default.copyItem(at: Self.repo.appendingPathComponent("Specs/8577"), to: pack)
        let file = pack.appendingPathComponent("qualifications.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let title = "ILM Level 3 Award in Coaching"
        #expect(text.contains("title: \(title)\n"))
        try text.replacingOccurrences(of: "title: \(title)\n", with: "title: \(title) (edited)\n")
            .write(to: file, atomically: true, encoding: .utf8)

        let bundled = try PackRegistry.bundled()
        let replaced = try bundled.replacing(directory: pack.path)
        #expect(replaced.registry.packs.map(\.id) == bundled.packs.map(\.id))
        #expect(replaced.registry.catalog.qualificationsByID["8577-award-coaching"]?.title == "\(title) (edited)")
        #expect(replaced.registry.packs[0].origin == pack.path)
        // A directory holding a pack the registry does not have is rejected; adding is the way in.
        let error = try #require(throws: PackRegistry.LoadError.self) {
            try PackRegistry.bundled(excluding: ["ilm-8577"]).replacing(directory: pack.path)
        }
        #expect(error.description.contains("no loaded pack has id 'ilm-8577'"), "\(error)")
    }
}
