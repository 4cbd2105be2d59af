import QualKitEngine

/// `any_of: [{route: ID, title: T, rules: [rules]}]`: one route met in full; units of one route do not count
/// towards another (`alternative-routes`).
struct AlternativeRoutes: RuleDefinition {
    var routes: [Route]

    static let kind = RuleKind.alternativeRoutes
    static let key = "any_of"
    static let argument = PackSchemaType.list(.object(route), minimum: 2)
    static let meaning = "One route met in full; units of one route do not count towards another."
    static let example: String? = nil

    /// One route: its id, title and rules.
    static let route = PackSchemaObject(
        id: "route", title: "One alternative route: its rules are met together",
        keys: [
            PackSchemaKey(
                "route", .identifier, required: true,
                "The route's id within the rule (group-1); results name the route taken.", example: "group-1"),
            PackSchemaKey(
                "title", .text, "How a centre names it (10 credits from Group 1).", example: "10 credits from Group 1"),
            PackSchemaKey("rules", .list(.rule, minimum: 1), required: true, "The route's rules, all of which apply.")
        ])

    static func read<Source: RuleSource>(_ source: inout Source) -> Rule? {
        let owner = source.owner
        guard let items = source.list(source.value, "'\(key)' of \(owner)") else { return nil }
        if items.count < 2 {
            source.problem(.invalidValue, "'\(key)' of \(owner) must offer at least two routes", at: source.value)
        }
        var routes: [Route] = []
        var ids: Set<String> = []
        for item in items {
            guard let fields = source.fields(item, "a route of \(owner)", route),
                let id = source.identifier(fields["route"], "'route' id in \(owner)")
            else { continue }
            if !ids.insert(id).inserted {
                source.problem(.duplicateID, "route id '\(id)' is used twice in \(owner)", at: fields["route"])
            }
            let items = fields["rules"].flatMap { source.list($0, "'rules' of route \(id)") }
            if items?.isEmpty == true {
                source.problem(
                    .invalidValue,
                    "route '\(id)' of \(owner) has no rules, so any learner would meet it; "
                        + "give it its rules", at: fields["rules"])
            }
            var rules: [Rule] = []
            for item in items ?? [] {
                if let rule = source.nestedRule(item, at: [routes.count, rules.count]) { rules.append(rule) }
            }
            routes.append(
                Route(id: id, title: source.text(fields["title"], "'title' of route \(id)") ?? id, rules: rules))
        }
        return routes.isEmpty ? nil : .anyOf(routes)
    }

    var rule: Rule { .anyOf(routes) }
    var structure: RuleStructure { .oneOf(routes) }
    var namedUnits: [UnitCode] { routes.flatMap { $0.rules.flatMap(\.namedUnits) } }
    var namedGroups: [GroupID] { routes.flatMap { $0.rules.flatMap(\.namedGroups) } }
    func countableUnits(in qualification: Qualification) -> [UnitCode] { [] }
    func neutralized(adding groups: inout [UnitGroup]) -> Rule? { nil }

    func impossibleClaim(in qualification: Qualification, units: [UnitCode: LearningUnit]) -> ImpossibleClaim? { nil }
    func clash(
        mandatory: Set<UnitCode>, in qualification: Qualification,
        units: [UnitCode: LearningUnit]
    ) -> [UnitCode] { [] }
    func clashSentence(units: String, makers: [String], location: String) -> String { "" }

    func compile(_ paths: inout [PathDraft], _ compiler: inout RuleCompiler) throws(RuleCompiler.Failure) {
        var next: [PathDraft] = []
        for path in paths {
            for route in routes {
                var draft = path
                draft.routeIDs.append(route.id)
                next.append(contentsOf: try compiler.expand(route.rules, [draft]))
            }
        }
        paths = next
    }

    static let unmetCode: UnmetCode? = nil
    /// Nothing: a composite is never unmet itself; its rules are.
    static func writeUnmet<Sink: MessageSink>(_ shortfall: RuleShortfall, into sink: inout Sink) {}

    func describe(_ context: RuleWording, indent: String) -> [String] {
        var out = [
            """
            \(indent)One of these \(routes.count) routes, met in full (units of one route do not count towards \
            another):
            """
        ]
        for (i, route) in routes.enumerated() {
            out.append("\(indent)  " + route.heading(at: i))
            out += context.describe(route.rules, indent: indent + "    ")
        }
        return out
    }

    func draw(into graph: inout RuleGraph, under parent: String) {
        let node = graph.rule("one of \(routes.count) routes, met in full", under: parent)
        for route in routes {
            let routeNode = graph.route("route \(route.id): \(route.title)", under: node)
            for rule in route.rules { rule.definition.draw(into: &graph, under: routeNode) }
        }
    }

    func pick(
        in qualification: Qualification, units: [UnitCode: LearningUnit], into chosen: inout [UnitCode],
        below: (Int) -> Int
    ) {
        guard !routes.isEmpty else { return }
        for rule in routes[below(routes.count)].rules {
            rule.definition.pick(in: qualification, units: units, into: &chosen, below: below)
        }
    }
}

extension RuleKind {
    public static let alternativeRoutes = RuleKind("alternative-routes")
}

extension Route {
    /// The route's heading as `describe` words it, for the route at `index` (from 0) of its rule:
    /// "Route 1 — 10 credits from Group 1:".
    package func heading(at index: Int) -> String { "Route \(index + 1) — \(title):" }
}
