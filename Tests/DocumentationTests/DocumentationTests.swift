import Foundation
import Testing
import QualKit
@testable import QualKitCore

/// The documentation is checked like code: the service articles' code compiles (it is in ArticleCode.swift)
/// and runs, and the code reference is generated from the enums.
@Suite("Documentation")
struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Articles whose every ```swift block must be compiled in ArticleCode.swift.
    static let articles = [
        "Sources/QualKit/QualKit.docc/BuildingAService.md", "Sources/QualKit/QualKit.docc/DatesAndExceptions.md",
        "Sources/QualKitCore/QualKitCore.docc/GettingStarted.md", "Sources/QualKitCore/QualKitCore.docc/QualKitCore.md",
        "Sources/QualKitCredentials/QualKitCredentials.docc/QualKitCredentials.md", "README.md"
    ]

    /// Every article with a ```swift block is in ``articles``: a new one cannot go uncompiled.
    @Test func everyArticleWithSwiftIsListed() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        let files =
            FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter {
                $0.hasSuffix(".md")
            } ?? []
        for file in files {
            let path = "Sources/" + file
            let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            if !Self.swiftBlocks(text).isEmpty {
                #expect(Self.articles.contains(path), "\(path) has Swift code that no test compiles")
            }
        }
    }

    static func swiftBlocks(_ markdown: String) -> [[String]] {
        var blocks: [[String]] = [], current: [String]?
        for line in markdown.components(separatedBy: "\n") {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```swift" { current = []; continue }
            if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
                blocks.append(current!); current = nil; continue
            }
            current?.append(line)
        }
        return blocks
    }

    static func normalized(_ lines: [String]) -> [String] {
        lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("import ") }
    }

    @Test(arguments: articles)
    func articleCodeIsCompiled(_ article: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(article), encoding: .utf8)
        let code = Self.normalized(
            try String(
                contentsOf: Self.root.appendingPathComponent("Tests/DocumentationTests/ArticleCode.swift"),
                encoding: .utf8
            )
            .components(separatedBy: "\n"))
        let blocks = Self.swiftBlocks(text)
        #expect(!blocks.isEmpty)
        for block in blocks {
            let want = Self.normalized(block)
            let found = code.indices.contains { i in
                i + want.count <= code.count && Array(code[i..<(i + want.count)]) == want
            }
            #expect(
                found,
                """
                this block of \(article) is not in ArticleCode.swift, so it is not \
                compiled:\n\(block.joined(separator: "\n"))
                """
            )
        }
    }

    @Test func articleCodeRuns() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("learners.jsonl").path
        try Data("{\"id\":\"L1\",\"units\":[{\"code\":\"8577-300\"}]}\n{\"id\":\"L2\",\"units\":7}\n".utf8).write(
            to: URL(fileURLWithPath: file))
        let (registry, evaluator) = try BuildingAService.load()
        BuildingAService.addPack(registry, packDirectory: dir.path) // not a pack: diagnostics, no throw
        #expect(try BuildingAService.only(registry).qualifications.count == 1)
        try BuildingAService.read(file)
        let learner = try BuildingAService.inCode(evaluator)
        let report = try BuildingAService.bulk(evaluator, file)
        #expect(report.evaluated == 1 && report.rejected == 1)
        let pack = dir.appendingPathComponent("8577")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Specs/8577"), to: pack)
        let diff = try BuildingAService.diff(evaluator, editedPack: pack.path, file)
        #expect(diff.compared == 1 && diff.rejected == 1 && !diff.hasChanges)
        #expect(try !BuildingAService.encode(evaluator, learner).isEmpty)
        #expect(await BuildingAService.concurrently(evaluator, learner) == 2)
        #expect(try await BuildingAService.asynchronously(evaluator, file) == 1)
        let (then, award) = try DatesAndExceptions.examples(evaluator)
        #expect(
            then.countedUnits == ["8577-300"] && then.next == ["8577-301", "8577-303"]
                && then.deadline?.description == "2016-02-01")
        #expect(then.warnings.map(\.kind) == [.afterAsOf])
        #expect(award.achieved && award.exceptionsApplied.count == 2)
        let moved = try DatesAndExceptions.versions(evaluator, registry.catalog, learner)
        #expect(moved.count == evaluator.qualifications.count && moved.allSatisfy { $0.version == "1" })
    }

    /// CodeReference.md between its markers is generated from the enums. To update it after changing a
    /// code, run `QUALKIT_UPDATE_DOCS=1 swift test --filter Documentation`.
    @Test func codeReferenceIsGenerated() throws {
        let url = Self.root.appendingPathComponent("Sources/QualKit/QualKit.docc/CodeReference.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let begin = "<!-- codes: generated from UnmetCode, UncheckedCode and EvaluationWarning.Kind -->\n"
        let end = "<!-- end of generated codes -->"
        let a = try #require(text.range(of: begin)), b = try #require(text.range(of: end))
        let want = "\n" + CodeReference.markdown() + "\n"
        let have = String(text[a.upperBound..<b.lowerBound])
        if have != want, ProcessInfo.processInfo.environment["QUALKIT_UPDATE_DOCS"] == "1" {
            try (String(text[..<a.upperBound]) + want + String(text[b.lowerBound...])).write(
                to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            have == want, "CodeReference.md is out of date; run QUALKIT_UPDATE_DOCS=1 swift test --filter Documentation"
        )
        for c in UnmetCode.allCases { #expect(text.contains("`\(c.rawValue)`")) }
        for f in ResultField.allCases { #expect(text.contains("| `\(f.rawValue)` |")) }
    }

    /// LearnerFiles.md's key tables between their markers are generated from `LearnerRecordSchema`
    /// (`qualkit schema --learner-markdown` prints them). To update them after changing a record key, run
    /// `QUALKIT_UPDATE_DOCS=1 swift test --filter Documentation`.
    @Test func learnerKeyTablesAreGenerated() throws {
        let url = Self.root.appendingPathComponent("Sources/QualKitLearners/QualKitLearners.docc/LearnerFiles.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let begin = "<!-- keys: generated from LearnerRecordSchema -->\n", end = "<!-- end of keys -->"
        let a = try #require(text.range(of: begin)), b = try #require(text.range(of: end))
        let want = "\n" + LearnerRecordSchema.markdownKeyTable + "\n"
        let have = String(text[a.upperBound..<b.lowerBound])
        if have != want, ProcessInfo.processInfo.environment["QUALKIT_UPDATE_DOCS"] == "1" {
            try (String(text[..<a.upperBound]) + want + String(text[b.lowerBound...]))
                .write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            have == want,
            "LearnerFiles.md's key tables are out of date; run QUALKIT_UPDATE_DOCS=1 swift test --filter Documentation")
    }
}
