import Foundation
import Testing

/// Every ```swift example in the doc comment of a public symbol is compiled: it appears, line for line
/// (indentation aside), in SymbolDocExamples.swift, which the build compiles.
@Suite("Symbol doc examples")
struct SymbolDocExampleTests {
    /// A doc-comment example and the declaration it documents.
    struct Example: CustomStringConvertible {
        var file: String
        var line: Int
        var code: [String]
        var description: String { "\(file):\(line)" }
    }

    /// The examples of public, non-SPI declarations in every Swift file under Sources/.
    static func examples() throws -> [Example] {
        let sources = DocumentationTests.root.appendingPathComponent("Sources")
        let files =
            FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }.sorted() ?? []
        var out: [Example] = []
        for name in files {
            let lines = try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8)
                .components(separatedBy: "\n")
            var k = 0
            while k < lines.count {
                let text = lines[k].trimmingCharacters(in: .whitespaces)
                guard text == "/// ```swift" else { k += 1; continue }
                let start = k
                var code: [String] = []
                k += 1
                while k < lines.count, lines[k].trimmingCharacters(in: .whitespaces) != "/// ```" {
                    let comment = lines[k].trimmingCharacters(in: .whitespaces)
                    code.append(comment.hasPrefix("/// ") ? String(comment.dropFirst(4)) : String(comment.dropFirst(3)))
                    k += 1
                }
                // The declaration: the first line after the comment and its attributes.
                var d = k + 1
                while d < lines.count, lines[d].trimmingCharacters(in: .whitespaces).hasPrefix("///") { d += 1 }
                var spi = false
                while d < lines.count, lines[d].trimmingCharacters(in: .whitespaces).hasPrefix("@") {
                    let attribute = lines[d].trimmingCharacters(in: .whitespaces)
                    if attribute.hasPrefix("@_spi") { spi = true }
                    if attribute.contains("public ") { break } // `@_spi(Engine) public struct …` on one line
                    d += 1
                }
                let declaration = d < lines.count ? lines[d] : ""
                if declaration.contains("@_spi") { spi = true }
                if !spi, declaration.contains("public ") {
                    out.append(Example(file: "Sources/\(name)", line: start + 1, code: code))
                }
                k += 1
            }
        }
        return out
    }

    @Test func everyPublicSymbolExampleIsCompiled() throws {
        let file = DocumentationTests.root.appendingPathComponent("Tests/DocumentationTests/SymbolDocExamples.swift")
        let compiled = DocumentationTests.normalized(
            try String(contentsOf: file, encoding: .utf8)
                .components(separatedBy: "\n"))
        let examples = try Self.examples()
        #expect(examples.count >= 10, "\(examples)")
        for example in examples {
            let want = DocumentationTests.normalized(example.code)
            let found = compiled.indices.contains { i in
                i + want.count <= compiled.count && Array(compiled[i..<(i + want.count)]) == want
            }
            #expect(
                found,
                """
                the example at \(example) is not in Tests/DocumentationTests/SymbolDocExamples.swift, so it is not \
                compiled:
                \(example.code.joined(separator: "\n"))
                """)
        }
    }

    @Test func examplesOfEngineSymbolsAreLeftOut() throws {
        let files = Set(try Self.examples().map(\.file))
        #expect(!files.contains("Sources/QualKitLearners/Pipeline/BatchPipeline.swift"))
        #expect(files.contains("Sources/QualKitSpecs/Packs/PackRegistry.swift"))
        #expect(files.contains("Sources/QualKitLearners/Pipeline/EvaluatedRecords.swift"))
    }
}
