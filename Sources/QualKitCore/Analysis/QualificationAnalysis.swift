/// Structural facts about a qualification's rules, for validating spec packs.
public enum QualificationAnalysis {
    /// What the rules of combination allow at the least.
    public enum Achievability: Hashable, Sendable {
        /// The fewest credits any set of units meeting the rules gives, one such set (the earliest units),
        /// and the least and most guided learning hours among the sets with that many credits.
        case minimum(credits: Int, units: [UnitCode], guidedLearningHours: ClosedRange<Int>)
        /// No set of the qualification's units meets the rules.
        case unsatisfiable
        /// Checking would take more work than the limits allow.
        case limitExceeded(LimitExceeded)
    }

    /// What it costs at the worst to evaluate one learner against `q`.
    ///
    /// - Throws: ``EvaluatorError/limitExceeded(_:_:)`` when the cost exceeds `limits`, or
    ///   ``EvaluatorError/cannotCompile(_:_:)`` when the rules name something `units` lacks.
    public static func cost(of q: Qualification, units: [UnitCode: LearningUnit], limits: EvaluationLimits = .default) throws(EvaluatorError) -> EvaluationCost {
        try compile(q, units, limits).cost
    }

    /// `q` compiled without a decision table (analysis reads the rules, it does not evaluate learners).
    static func compile(_ q: Qualification, _ units: [UnitCode: LearningUnit], _ limits: EvaluationLimits) throws(EvaluatorError) -> CompiledQualification {
        var global: [UnitCode: Int] = [:]
        for (i, u) in units.keys.sorted().enumerated() { global[u] = i }
        do { return try CompiledQualification(q, units: units, globalIndex: global, tabulate: false, limits: limits) }
        catch { throw EvaluatorError(q.id, error) }
    }

    /// Finds the fewest credits with which `q` can be achieved, exactly, with the same programme the
    /// evaluator uses.
    ///
    /// - Complexity: at most twice the qualification's ``EvaluationCost`` per path, which `limits` bound.
    public static func achievability(of q: Qualification, units: [UnitCode: LearningUnit], limits: EvaluationLimits = .default) -> Achievability {
        let cq: CompiledQualification
        do { cq = try compile(q, units, limits) } catch {
            if case .limitExceeded(_, let e) = error { return .limitExceeded(e) }
            return .unsatisfiable
        }
        let rules = cq.rules
        let glh = cq.codes.map { units[$0]!.guidedLearningHours.value }
        let scratch = AssignmentScratch()
        // Per path: the cheapest set by credits, then least GLH; and by credits, then most GLH.
        var best: (credits: Int, set: UnitMask, glh: ClosedRange<Int>)?
        glh.withUnsafeBufferPointer { up in
            glh.map { -$0 }.withUnsafeBufferPointer { down in
                for p in rules.paths {
                    guard let least = rules.cheapest(p, from: UnitMask(), weights: (rules.credits, up), scratch),
                          let most = rules.cheapest(p, from: UnitMask(), weights: (rules.credits, down), scratch) else { continue }
                    let range = least.secondary...(-most.secondary)
                    guard let b = best, least.primary >= b.credits else { best = (least.primary, least.added, range); continue }
                    guard least.primary == b.credits else { continue }
                    let set = least.added.colexPrecedes(b.set) ? least.added : b.set
                    best = (b.credits, set, min(b.glh.lowerBound, range.lowerBound)...max(b.glh.upperBound, range.upperBound))
                }
            }
        }
        guard let best else { return .unsatisfiable }
        return .minimum(credits: best.credits, units: best.set.indexes.map { cq.codes[$0] }, guidedLearningHours: best.glh)
    }

    /// The credits of the mandatory units on the route that has the fewest.
    public static func mandatoryCredits(of q: Qualification, units: [UnitCode: LearningUnit], limits: EvaluationLimits = .default) -> Int? {
        guard let cq = try? compile(q, units, limits) else { return nil }
        return cq.paths.map { cq.creditSum($0.mandatory) }.min()
    }

    /// Where a rule sits in a qualification's rules: its index among the top-level rules, then, inside an
    /// `all_of`, the child's index, and inside an `any_of`, the route's index and the rule's index in it.
    public typealias RulePath = [Int]

    /// Every rule of `q` with its path, depth first (a composite rule before the rules in it).
    public static func rules(of q: Qualification) -> [(path: RulePath, rule: Rule)] {
        var out: [(RulePath, Rule)] = []
        func walk(_ r: Rule, _ path: RulePath) {
            out.append((path, r))
            switch r {
            case .allOf(let rs): for (i, c) in rs.enumerated() { walk(c, path + [i]) }
            case .anyOf(let routes):
                for (ri, route) in routes.enumerated() { for (i, c) in route.rules.enumerated() { walk(c, path + [ri, i]) } }
            default: break
            }
        }
        for (i, r) in q.rules.enumerated() { walk(r, [i]) }
        return out
    }

    /// Group claims that ask for more than their group holds.
    public static func impossibleClaims(of q: Qualification, units: [UnitCode: LearningUnit]) -> [(path: RulePath, group: GroupID, asked: Int, available: Int, isCredits: Bool)] {
        rules(of: q).compactMap { path, r in
            switch r {
            case .minCreditsFromGroup(let g, let c):
                let total = q.group(g)?.units.compactMap { units[$0]?.credits.value }.reduce(0, +) ?? 0
                return c.value > total ? (path, g, c.value, total, true) : nil
            case .minUnitsFromGroup(let g, let n):
                let count = q.group(g)?.units.count ?? 0
                return n > count ? (path, g, n, count, false) : nil
            default: return nil
            }
        }
    }

    /// `q` without the rules at `paths` (as ``rules(of:)`` numbers them): to ask whether rules that clash are
    /// all that makes it unsatisfiable.
    public static func removing(_ paths: [RulePath], from q: Qualification) -> Qualification {
        func filter(_ rs: [Rule], _ prefix: RulePath) -> [Rule] {
            rs.enumerated().compactMap { i, r -> Rule? in
                let path = prefix + [i]
                if paths.contains(path) { return nil }
                switch r {
                case .allOf(let inner): return .allOf(filter(inner, path))
                case .anyOf(let routes):
                    return .anyOf(routes.enumerated().map { ri, route in
                        Route(id: route.id, title: route.title, rules: filter(route.rules, path + [ri]))
                    })
                default: return r
                }
            }
        }
        var out = q
        out.rules = filter(q.rules, [])
        return out
    }

    /// Two rules that cannot both be met on some way through the routes: a bar over units that are all
    /// mandatory, or a cap below the credits of the mandatory units in its group.
    public struct Clash: Hashable, Sendable {
        /// The bar or cap.
        public var rule: RulePath
        /// The mandatory rules that give the units it is broken by.
        public var mandatory: [RulePath]
        /// Those units.
        public var units: [UnitCode]
    }

    /// The clashes of `q` between mandatory units and bars or caps, on every way through its routes (at most
    /// `limits.maximumPaths` of them are looked at).
    public static func clashes(of q: Qualification, units: [UnitCode: LearningUnit], limits: EvaluationLimits = .default) -> [Clash] {
        guard CompiledQualification.pathCount(q.rules) <= limits.maximumPaths else { return [] }
        // The atomic rules of every way through the routes.
        func ways(_ rules: [(RulePath, Rule)]) -> [[(RulePath, Rule)]] {
            var out: [[(RulePath, Rule)]] = [[]]
            for (path, r) in rules {
                switch r {
                case .allOf(let rs):
                    let inner = ways(rs.enumerated().map { (path + [$0.offset], $0.element) })
                    out = out.flatMap { w in inner.map { w + $0 } }
                case .anyOf(let routes):
                    let inner = routes.enumerated().flatMap { ri, route in ways(route.rules.enumerated().map { (path + [ri, $0.offset], $0.element) }) }
                    out = out.flatMap { w in inner.map { w + $0 } }
                default: out = out.map { $0 + [(path, r)] }
                }
            }
            return out
        }
        var found: [Clash] = []
        for way in ways(q.rules.enumerated().map { ([$0.offset], $0.element) }) {
            var from: [UnitCode: RulePath] = [:]
            for (path, r) in way { if case .mandatory(let us) = r { for u in us where from[u] == nil { from[u] = path } } }
            for (path, r) in way {
                var hit: [UnitCode] = []
                switch r {
                case .barred(let us):
                    hit = us.filter { from[$0] != nil }
                    if hit.count < 2 { continue }
                case .maxCreditsFromGroup(let g, let c):
                    hit = (q.group(g)?.units ?? []).filter { from[$0] != nil }
                    if hit.compactMap({ units[$0]?.credits.value }).reduce(0, +) <= c.value { continue }
                default: continue
                }
                var rules: [RulePath] = []
                for u in hit where !rules.contains(from[u]!) { rules.append(from[u]!) }
                let clash = Clash(rule: path, mandatory: rules, units: hit)
                if !found.contains(clash) { found.append(clash) }
            }
        }
        return found
    }
}
