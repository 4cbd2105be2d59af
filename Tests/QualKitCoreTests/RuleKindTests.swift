import Foundation
import Testing
@testable import QualKitCore

/// The rule kinds are units: one type per kind, in its own file under `Rules/`, listed once.
@Suite("Rule kinds")
struct RuleKindTests {
    /// A rule of every kind, so that each kind's type is reached through ``Rule/definition``.
    static let oneOfEach: [Rule] = [
        .mandatory(["A"]), .minCreditsFromGroup("g", 3), .minUnitsFromGroup("g", 1), .maxCreditsFromGroup("g", 6),
        .minCredits(10), .minCreditsAtLevel(.level(3), 4), .maxCreditsAtLevel(.level(3), 6), .barred(["A", "B"]),
        .allOf([.minCredits(1)]),
        .anyOf([Route(id: "r1", title: "One", rules: [.minCredits(1)]), Route(id: "r2", title: "Two", rules: [])])
    ]

    static var rulesFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/QualKitCore/Rules")
    }

    @Test("every kind has a key, an id and a file of its own, once")
    func eachKindIsListedOnceWithItsFile() throws {
        let kinds = Rule.kinds
        #expect(Set(kinds.map { $0.key }).count == kinds.count)
        #expect(Set(kinds.map { $0.kind.rawValue }).count == kinds.count)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.rulesFolder.path)
            .filter { $0.hasSuffix(".swift") }.map { String($0.dropLast(".swift".count)) }
        let kindFiles = Set(kinds.map { String(describing: $0) })
        // Every kind's type is in a file named after it, and every other file is the protocol's.
        #expect(kindFiles.isSubset(of: Set(files)), "missing: \(kindFiles.subtracting(files).sorted())")
        #expect(Set(files).subtracting(kindFiles) == ["RuleDefinition", "PackSchemaShape"])
    }

    @Test("a rule of each case reaches its kind's type, which gives the rule back", arguments: oneOfEach)
    func definitionRoundTrips(_ rule: Rule) {
        let definition = rule.definition
        #expect(definition.rule == rule)
        #expect(Rule.kinds.contains { $0 == type(of: definition) })
        #expect(rule.kind == type(of: definition).kind)
    }

    @Test func everyCaseIsCovered() {
        #expect(Set(Self.oneOfEach.map(\.kind.rawValue)) == Set(Rule.kinds.map { $0.kind.rawValue }))
    }
}
