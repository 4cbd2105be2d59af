/// A qualification's rules of combination drawn as a graph: the qualification, each rule, the routes of
/// alternative routes, and the units they name (one node per unit, so a unit that two groups share shows
/// as one node with two edges).
///
/// ```
/// qualkit describe --format mermaid 601/3698/4
/// ```
///
/// A qualification with several versions is drawn as its first; pass one of its ``Qualification/versions``
/// to draw that one (`qualkit describe --version`).
public enum RuleDiagram {
    typealias Graph = RuleGraph

    static func graph(_ target: Qualification, units: [UnitCode: LearningUnit], equivalentUnits: [[UnitCode]]) -> Graph
    {
        var graph = RuleGraph(qualification: target, units: units)
        // A qualification with versions is drawn as its first version; a later version (one with a window) as itself.
        let version = target.hasVersions || target.registrationsFrom != nil ? ", version \(target.version)" : ""
        let top = graph.add("\(target.title) (\(target.id)\(version), \(target.creditValue) credits)", .qualification)
        for rule in target.rules { rule.definition.draw(into: &graph, under: top) }
        // Each class of equivalent units: a node joined to its members by dotted edges, not under a rule.
        for members in target.relevantEquivalenceClasses(equivalentUnits) {
            let node = graph.add("equivalent units: one counts, as any of them", .equivalence)
            graph.link(node, members, dashed: true)
        }
        return graph
    }

    /// The rules as a Mermaid flowchart (renders in GitHub, GitLab and most Markdown viewers); each class of
    /// `equivalentUnits` (``QualificationCatalog/equivalenceClasses``) with a member among the qualification's
    /// units as a round node joined to its members.
    public static func mermaid(
        _ qualification: Qualification, units: [UnitCode: LearningUnit],
        equivalentUnits: [[UnitCode]] = []
    ) -> String {
        let g = graph(qualification, units: units, equivalentUnits: equivalentUnits)
        func label(_ text: String) -> String { "\"" + mermaidEscaped(text) + "\"" }
        var out = ["flowchart LR"]
        for n in g.nodes {
            let l = label(n.label)
            switch n.shape {
            case .qualification: out.append("  \(n.id)[[\(l)]]")
            case .rule: out.append("  \(n.id){{\(l)}}")
            case .route: out.append("  \(n.id)([\(l)])")
            case .unit: out.append("  \(n.id)[\(l)]")
            case .equivalence: out.append("  \(n.id)((\(l)))")
            }
        }
        for e in g.edges { out.append("  \(e.from) \(e.dashed ? "-.->" : "-->") \(e.to)") }
        return out.joined(separator: "\n") + "\n"
    }

    /// The rules as a Graphviz DOT digraph (`dot -Tsvg` draws it), with the classes of equivalent units as
    /// ``mermaid(_:units:equivalentUnits:)`` draws them.
    public static func dot(
        _ qualification: Qualification, units: [UnitCode: LearningUnit],
        equivalentUnits: [[UnitCode]] = []
    ) -> String {
        let g = graph(qualification, units: units, equivalentUnits: equivalentUnits)
        func label(_ text: String) -> String {
            "\"" + escaped(VisibleText.escaped(text), ["\\": "\\\\", "\"": "\\\""]) + "\""
        }
        var out = ["digraph rules {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=10];"]
        for n in g.nodes {
            let shape =
                switch n.shape {
                case .qualification: "box, style=\"bold\""
                case .rule: "hexagon"
                case .route: "box, style=\"rounded\""
                case .unit: "box"
                case .equivalence: "ellipse, style=\"dashed\""
                }
            out.append("  \(n.id) [label=\(label(n.label)), shape=\(shape)];")
        }
        for e in g.edges { out.append("  \(e.from) -> \(e.to)\(e.dashed ? " [style=dashed]" : "");") }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    /// Text for a quoted Mermaid label: control characters as `\uXXXX` (a line break would end the node),
    /// and each character Mermaid or the HTML it renders to reads (`"`, `&`, `<`, `>`, `#`, `%` of a `%%`
    /// comment, `` ` `` of a Markdown string, `;`, `|`, brackets and braces) as its entity code `#NN;`.
    static func mermaidEscaped(_ text: String) -> String {
        var out = ""
        for c in VisibleText.escaped(text).unicodeScalars {
            switch c {
            case "\"": out += "#quot;"
            case "&", "<", ">", "#", "%", "`", ";", "|", "{", "}", "[", "]": out += "#\(c.value);"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `text` with each character in `table` replaced by its entry.
    static func escaped(_ text: String, _ table: [Character: String]) -> String {
        var out = ""
        for c in text { if let r = table[c] { out += r } else { out.append(c) } }
        return out
    }
}

/// A qualification's rules as nodes and edges, before they are written in one notation or another; rule
/// kinds add themselves with ``RuleDefinition/draw(into:under:)``.
package struct RuleGraph {
    struct Node { var id: String; var label: String; var shape: Shape }
    enum Shape { case qualification, rule, route, unit, equivalence }
    struct Edge { var from: String; var to: String; var dashed: Bool }
    var nodes: [Node] = []
    var edges: [Edge] = []
    let qualification: Qualification
    let units: [UnitCode: LearningUnit]
    private var unitNodes: [UnitCode: String] = [:]

    init(qualification: Qualification, units: [UnitCode: LearningUnit]) {
        self.qualification = qualification; self.units = units
    }

    /// A new node; its id.
    mutating func add(_ label: String, _ shape: Shape) -> String {
        let id = "n\(nodes.count)"
        nodes.append(Node(id: id, label: label, shape: shape))
        return id
    }

    /// A rule's node, with an edge from `parent`; its id.
    mutating func rule(_ label: String, under parent: String) -> String {
        let node = add(label, .rule)
        edges.append(Edge(from: parent, to: node, dashed: false))
        return node
    }

    /// A route's node, with an edge from `parent`; its id.
    mutating func route(_ label: String, under parent: String) -> String {
        let node = add(label, .route)
        edges.append(Edge(from: parent, to: node, dashed: false))
        return node
    }

    /// Edges from `node` to each of `codes` (one node per unit, however many rules name it).
    mutating func link(_ node: String, _ codes: [UnitCode], dashed: Bool = false) {
        for code in codes { edges.append(Edge(from: node, to: unit(code), dashed: dashed)) }
    }

    private mutating func unit(_ code: UnitCode) -> String {
        if let id = unitNodes[code] { return id }
        let label = units[code].map { "\(code) \($0.title) (\($0.credits) cr)" } ?? code.rawValue
        let id = add(label, .unit)
        unitNodes[code] = id
        return id
    }

    /// How the diagram names group `id`.
    func groupName(_ id: GroupID) -> String { qualification.group(id)?.title ?? id.rawValue }
    /// The units of group `id`.
    func members(_ id: GroupID) -> [UnitCode] { qualification.group(id)?.units ?? [] }
}
