/// A qualification's rules of combination drawn as a graph: the qualification, each rule, the routes of
/// alternative routes, and the units they name (one node per unit, so a unit that two groups share shows
/// as one node with two edges).
///
/// ```
/// qualkit describe --format mermaid 601/3698/4
/// ```
public enum RuleDiagram {
    /// A node or an edge of the graph, before it is written in one notation or another.
    struct Graph {
        struct Node { var id: String; var label: String; var shape: Shape }
        enum Shape { case qualification, rule, route, unit }
        struct Edge { var from: String; var to: String; var dashed: Bool }
        var nodes: [Node] = []
        var edges: [Edge] = []
    }

    static func graph(_ q: Qualification, units: [UnitCode: LearningUnit]) -> Graph {
        var g = Graph()
        var unitNode: [UnitCode: String] = [:]
        func add(_ label: String, _ shape: Graph.Shape) -> String {
            let id = "n\(g.nodes.count)"
            g.nodes.append(.init(id: id, label: label, shape: shape))
            return id
        }
        func unit(_ c: UnitCode) -> String {
            if let id = unitNode[c] { return id }
            let label = units[c].map { "\(c) \($0.title) (\($0.credits) cr)" } ?? c.rawValue
            let id = add(label, .unit)
            unitNode[c] = id
            return id
        }
        func groupName(_ id: GroupID) -> String { q.group(id)?.title ?? id.rawValue }
        func link(_ from: String, _ codes: [UnitCode], dashed: Bool = false) {
            for c in codes { g.edges.append(.init(from: from, to: unit(c), dashed: dashed)) }
        }
        func rule(_ r: Rule, under parent: String) {
            let members: (GroupID) -> [UnitCode] = { q.group($0)?.units ?? [] }
            switch r {
            case .mandatory(let us):
                let credits = us.compactMap { units[$0]?.credits.value }.reduce(0, +)
                let n = add(us.count == 1 ? "mandatory unit (\(credits) cr)" : "all \(us.count) mandatory units (\(credits) cr)", .rule)
                g.edges.append(.init(from: parent, to: n, dashed: false)); link(n, us)
            case .minCreditsFromGroup(let id, let c):
                let n = add("at least \(c) credits from \(groupName(id))", .rule)
                g.edges.append(.init(from: parent, to: n, dashed: false)); link(n, members(id))
            case .minUnitsFromGroup(let id, let k):
                let n = add("at least \(k) unit\(k == 1 ? "" : "s") from \(groupName(id))", .rule)
                g.edges.append(.init(from: parent, to: n, dashed: false)); link(n, members(id))
            case .maxCreditsFromGroup(let id, let c):
                let n = add("at most \(c) credits from \(groupName(id)) count", .rule)
                g.edges.append(.init(from: parent, to: n, dashed: false)); link(n, members(id), dashed: true)
            case .minCredits(let c):
                g.edges.append(.init(from: parent, to: add("at least \(c) credits in all", .rule), dashed: false))
            case .minCreditsAtLevel(let l, let c):
                g.edges.append(.init(from: parent, to: add("at least \(c) credits at \(l) or above", .rule), dashed: false))
            case .barred(let us):
                let n = add("barred: only one of these counts", .rule)
                g.edges.append(.init(from: parent, to: n, dashed: false)); link(n, us, dashed: true)
            case .allOf(let rs):
                let n = add("all of", .rule)
                g.edges.append(.init(from: parent, to: n, dashed: false))
                rs.forEach { rule($0, under: n) }
            case .anyOf(let routes):
                let n = add("one of \(routes.count) routes, met in full", .rule)
                g.edges.append(.init(from: parent, to: n, dashed: false))
                for route in routes {
                    let rn = add("route \(route.id): \(route.title)", .route)
                    g.edges.append(.init(from: n, to: rn, dashed: false))
                    route.rules.forEach { rule($0, under: rn) }
                }
            }
        }
        let top = add("\(q.title) (\(q.id), \(q.creditValue) credits)", .qualification)
        q.rules.forEach { rule($0, under: top) }
        return g
    }

    /// The rules as a Mermaid flowchart (renders in GitHub, GitLab and most Markdown viewers).
    public static func mermaid(_ q: Qualification, units: [UnitCode: LearningUnit]) -> String {
        let g = graph(q, units: units)
        func label(_ s: String) -> String { "\"" + escaped(s, ["\"": "#quot;"]) + "\"" }
        var out = ["flowchart LR"]
        for n in g.nodes {
            let l = label(n.label)
            switch n.shape {
            case .qualification: out.append("  \(n.id)[[\(l)]]")
            case .rule: out.append("  \(n.id){{\(l)}}")
            case .route: out.append("  \(n.id)([\(l)])")
            case .unit: out.append("  \(n.id)[\(l)]")
            }
        }
        for e in g.edges { out.append("  \(e.from) \(e.dashed ? "-.->" : "-->") \(e.to)") }
        return out.joined(separator: "\n") + "\n"
    }

    /// The rules as a Graphviz DOT digraph (`dot -Tsvg` draws it).
    public static func dot(_ q: Qualification, units: [UnitCode: LearningUnit]) -> String {
        let g = graph(q, units: units)
        func label(_ s: String) -> String { "\"" + escaped(s, ["\\": "\\\\", "\"": "\\\""]) + "\"" }
        var out = ["digraph rules {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=10];"]
        for n in g.nodes {
            let shape = switch n.shape {
            case .qualification: "box, style=\"bold\""
            case .rule: "hexagon"
            case .route: "box, style=\"rounded\""
            case .unit: "box"
            }
            out.append("  \(n.id) [label=\(label(n.label)), shape=\(shape)];")
        }
        for e in g.edges { out.append("  \(e.from) -> \(e.to)\(e.dashed ? " [style=dashed]" : "");") }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    /// `s` with each character in `table` replaced by its entry.
    static func escaped(_ s: String, _ table: [Character: String]) -> String {
        var out = ""
        for c in s { if let r = table[c] { out += r } else { out.append(c) } }
        return out
    }
}
