import Foundation
import Testing
@testable import QualKitSpecs

/// `describe --format mermaid|dot`: golden Mermaid files for one qualification of each bundled family, and
/// DOT that Graphviz draws for every bundled qualification.
@Suite("Rule diagrams")
struct DiagramTests {
    static let registry = try! PackRegistry.bundled()
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test(arguments: [
        "8577-award-coaching", "8578-certificate-coaching-mentoring", "d3-certificate-professional-workplace-coaches"
    ])
    func mermaidMatchesItsGoldenFile(id: String) throws {
        let q = try #require(Self.registry.catalog.qualification(id))
        let got = RuleDiagram.mermaid(q, units: Self.registry.catalog.unitsByCode)
        let file = Self.golden.appendingPathComponent("\(id).mmd")
        if ProcessInfo.processInfo.environment["QUALKIT_UPDATE_GOLDEN"] != nil {
            try got.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(
            got == (try String(contentsOf: file, encoding: .utf8)),
            "set QUALKIT_UPDATE_GOLDEN=1 to rewrite \(file.lastPathComponent) after a deliberate change")
    }

    /// The DocC article on rules shows each family's diagram as `describe --format mermaid` draws it.
    @Test func theRulesArticleShowsTheGoldenDiagrams() throws {
        let article = try String(
            contentsOf: Self.golden.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Sources/QualKitCore/QualKitCore.docc/RulesOfCombination.md"), encoding: .utf8)
        for id in [
            "8577-award-coaching", "8578-certificate-coaching-mentoring",
            "d3-certificate-professional-workplace-coaches"
        ] {
            let diagram = try String(contentsOf: Self.golden.appendingPathComponent("\(id).mmd"), encoding: .utf8)
            #expect(
                article.contains("```mermaid\n" + diagram + "```"),
                "RulesOfCombination.md lacks the current diagram of \(id)")
        }
    }

    @Test func sharedUnitsAreOneNodeAndBarsAndCapsAreDashed() {
        let units = ["A", "B", "C"].map {
            LearningUnit(code: UnitCode($0), title: "Unit \($0)", level: .level(3), credits: 3, guidedLearningHours: 9)
        }
        let q = Qualification(
            id: "q", title: "Q \"quoted\"", level: .level(3), creditValue: 6,
            groups: [
                UnitGroup(id: "x", title: "X", units: ["A", "B"]), UnitGroup(id: "y", title: "Y", units: ["B", "C"])
            ],
            rules: [
                .minCreditsFromGroup("x", 3), .minCreditsFromGroup("y", 3), .barred(["A", "C"]),
                .maxCreditsFromGroup("x", 6)
            ])
        let m = RuleDiagram.mermaid(q, units: Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) }))
        #expect(m.components(separatedBy: "\"B Unit B (3 cr)\"").count == 2) // one node for B
        #expect(m.contains("Q #quot;quoted#quot;"))
        #expect(m.components(separatedBy: "-.->").count - 1 == 4) // the bar's 2 units and the cap's 2
    }

    /// Titles come from third-party packs: nothing in one may open HTML, end a node or start a comment.
    @Test func mermaidAndDotEscapeWhatTheyDidNotWrite() {
        let hostile =
            "<script>alert(1)</script> <b>bold</b>\nflowchart %% comment; `md` & #quot; [x] {y} |z| \u{1B}[2J \u{202E}"
        let units = [LearningUnit(code: "A", title: hostile, level: .level(3), credits: 3, guidedLearningHours: 9)]
        let q = Qualification(id: "q", title: hostile, level: .level(3), creditValue: 3, rules: [.mandatory(["A"])])
        let m = RuleDiagram.mermaid(q, units: ["A": units[0]])
        let lines = m.split(separator: "\n")
        #expect(lines.count == 6, "one line per node and edge: \(lines)")
        for bad in ["<", ">", "%%", "`", "\u{1B}", "\u{202E}", "&"] {
            #expect(
                !lines.dropFirst().contains { $0.split(separator: "\"").dropFirst().first?.contains(bad) == true },
                "\(bad) in \(m)")
        }
        #expect(m.contains("#60;script#62;") && m.contains("\\u000A") && m.contains("#37;#37;"))
        let d = RuleDiagram.dot(q, units: ["A": units[0]])
        #expect(!d.contains("\u{1B}") && !d.contains(hostile) && d.contains("\\\\u000A"), "\(d)")
        #expect(d.split(separator: "\n").count == 9)
    }

    /// Graphviz's `dot`, where it is installed.
    static let dot = ["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Needs Graphviz (`apt-get install graphviz`; `.ci/run` installs it): skipped without it, so that
    /// README's `swift test` passes on a fresh machine, unless CI=true, where it must run.
    @Test(
        .enabled(
            if: dot != nil || ProcessInfo.processInfo.environment["CI"] == "true",
            "needs Graphviz's dot (apt-get install graphviz); .ci/run installs it"))
    func dotIsDrawnByGraphviz() throws {
        let path = try #require(Self.dot, "Graphviz's dot is not installed: apt-get install graphviz")
        #expect(Self.registry.catalog.qualifications.count == 7)
        for q in Self.registry.catalog.qualifications {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: path)
            p.arguments = ["-Tsvg"]
            let input = Pipe(), output = Pipe(), errors = Pipe()
            p.standardInput = input; p.standardOutput = output; p.standardError = errors
            try p.run()
            input.fileHandleForWriting.write(Data(RuleDiagram.dot(q, units: Self.registry.catalog.unitsByCode).utf8))
            try input.fileHandleForWriting.close()
            let svg = output.fileHandleForReading.readDataToEndOfFile()
            let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0 && err.isEmpty, "\(q.id): \(err)")
            #expect(String(decoding: svg, as: UTF8.self).contains("<svg"))
        }
    }
}
