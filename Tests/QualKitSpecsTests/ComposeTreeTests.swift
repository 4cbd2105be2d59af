import Testing
import Yams
@testable import QualKitSpecs

/// The pack loader composes YAML with a resolver without rules when that cannot change the outcome
/// (``PackLoader/composeTree(_:)``): the nodes the pack reader sees, or the error, are Yams's own.
@Suite("Composing pack YAML")
struct ComposeTreeTests {
    /// What the pack reader reads of a tree: kinds, texts, styles and marks.
    static func describe(_ node: Node?) -> String {
        guard let node else { return "nil" }
        let at = node.mark.map { "@\($0.line):\($0.column)" } ?? ""
        switch node {
        case .scalar(let s): return "s(\(s.string)|\(s.style.rawValue))\(at)"
        case .mapping(let m):
            return "m\(at){" + m.map { describe($0.key) + ":" + describe($0.value) }.joined(separator: ",") + "}"
        case .sequence(let q): return "q\(at)[" + q.map { describe($0) }.joined(separator: ",") + "]"
        case .alias: return "alias\(at)"
        }
    }

    static func outcome(_ compose: () throws -> Node?) -> String {
        do { return describe(try compose()) } catch { return "error: \(error)" }
    }

    @Test(arguments: [
        "a: 1\nb: two\nc: [x, 'y', \"z\"]\n",
        "a: 1\na: 2\n",
        "a:\n  b: 1\n  c: {d: 2}\n  b: 3\ne: 4\n",
        "1: a\n\"1\": b\n",
        "true: a\n'true': b\nyes: c\n",
        "~: a\nnull: b\n\"\": c\n",
        "1: a\n!!int 1: b\n",
        "!!str 1: a\n1: b\n",
        "x: [1, 2\n",
        "a: 1\n\tb: 2\n",
        "<<: {a: 1}\n<<: {b: 2}\n",
        "title: Well done!\ntitle: again\n",
        "- &a {k: 1}\n- *a\n"
    ])
    func composesAsYamsDoes(_ text: String) {
        #expect(Self.outcome { try PackLoader.composeTree(text) } == Self.outcome { try Yams.compose(yaml: text) })
    }

    @Test func composesTheBundledPacksAsYamsDoes() {
        for source in BundledPacks.packSources {
            for (_, text) in source.files {
                #expect(
                    Self.outcome { try PackLoader.composeTree(text) } == Self.outcome { try Yams.compose(yaml: text) })
            }
        }
    }
}
