import QualKitEngine
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

    /// What it costs at the worst to evaluate one learner against `qualification`.
    ///
    /// - Throws: ``EvaluatorError/limitExceeded(_:_:)`` when the cost exceeds `limits`, or
    ///   ``EvaluatorError/cannotCompile(_:_:)`` when the rules name something `units` lacks.
    public static func cost(
        of qualification: Qualification, units: [UnitCode: LearningUnit], limits: EvaluationLimits = .default
    ) throws(EvaluatorError) -> EvaluationCost {
        try compile(qualification, units, limits).cost
    }

    /// `qualification` compiled without a decision table (analysis reads the rules, it does not evaluate learners),
    /// with
    /// the merged classes of equivalent units `classes` (members outside `units` play no part).
    static func compile(
        _ qualification: Qualification, _ units: [UnitCode: LearningUnit], _ limits: EvaluationLimits,
        classes: [[UnitCode]] = []
    ) throws(EvaluatorError) -> CompiledQualification {
        // Global indexes over the units the qualification names and the members of the classes given, in the
        // order of all units (a subset keeps it): not over every unit of `units`, which cost O(units log units)
        // per qualification, and made a pack of thousands of small qualifications quadratic to load.
        var global: [UnitCode: Int] = [:]
        let named = Set(qualification.units).union(classes.joined()).filter { units[$0] != nil }
        for (i, u) in named.sorted().enumerated() { global[u] = i }
        var equivalents: [[Int]] = []
        if !classes.isEmpty {
            equivalents = [[Int]](repeating: [], count: global.count)
            for cls in classes {
                let members = cls.compactMap { global[$0] }
                for g in members { equivalents[g] = members.filter { $0 != g } }
            }
        }
        do {
            return try CompiledQualification(
                qualification, units: units, globalIndex: global, equivalents: equivalents,
                tabulate: false, limits: limits)
        } catch { throw EvaluatorError(qualification.id, error) }
    }

    /// Finds the fewest credits with which `qualification` can be achieved, exactly, with the same programme the
    /// evaluator uses.
    ///
    /// - Complexity: at most twice the qualification's ``EvaluationCost`` per path, which `limits` bound.
    public static func achievability(
        of qualification: Qualification, units: [UnitCode: LearningUnit], limits: EvaluationLimits = .default
    ) -> Achievability {
        analysed(qualification, units: units, limits: limits).achievability
    }

    /// ``achievability(of:units:limits:)`` and the qualification's worst case (``cost(of:units:limits:)``;
    /// `nil` when it cannot be compiled within `limits`), from one compilation: the validator needs both.
    package struct Analysed {
        package var achievability: Achievability
        package var cost: EvaluationCost?
    }

    package static func analysed(
        _ qualification: Qualification, units: [UnitCode: LearningUnit], limits: EvaluationLimits
    ) -> Analysed {
        let cq: CompiledQualification
        do { cq = try compile(qualification, units, limits) } catch {
            if case .limitExceeded(_, let e) = error { return Analysed(achievability: .limitExceeded(e), cost: nil) }
            return Analysed(achievability: .unsatisfiable, cost: nil)
        }
        return Analysed(achievability: achievability(cq, units: units), cost: cq.cost)
    }

    private static func achievability(_ compiled: CompiledQualification, units: [UnitCode: LearningUnit])
        -> Achievability
    {
        let rules = compiled.rules
        let glh = compiled.codes.map { units[$0]!.guidedLearningHours.value }
        let scratch = AssignmentScratch()
        // Per path: the cheapest set by credits, then least GLH; and by credits, then most GLH.
        var best: (credits: Int, set: UnitMask, glh: ClosedRange<Int>)?
        glh.withUnsafeBufferPointer { up in
            glh.map { -$0 }.withUnsafeBufferPointer { down in
                for p in rules.paths {
                    guard let least = rules.cheapest(p, from: UnitMask(), weights: (rules.credits, up), scratch),
                        let most = rules.cheapest(p, from: UnitMask(), weights: (rules.credits, down), scratch)
                    else { continue }
                    let range = least.secondary...(-most.secondary)
                    guard let b = best, least.primary >= b.credits else {
                        best = (least.primary, least.added, range); continue
                    }
                    guard least.primary == b.credits else { continue }
                    let set = least.added.colexPrecedes(b.set) ? least.added : b.set
                    best = (
                        b.credits, set,
                        min(b.glh.lowerBound, range.lowerBound)...max(b.glh.upperBound, range.upperBound)
                    )
                }
            }
        }
        guard let best else { return .unsatisfiable }
        return .minimum(
            credits: best.credits, units: best.set.indexes.map { compiled.codes[$0] }, guidedLearningHours: best.glh)
    }

    /// The credits of the mandatory units on the route that has the fewest.
    ///
    /// `nil` when the rules name a unit `units` lacks or expand to more paths than `limits` allow. Only the
    /// paths' mandatory sets are worked out, not the assignment: this costs O(paths × rules).
    public static func mandatoryCredits(
        of target: Qualification, units: [UnitCode: LearningUnit], limits: EvaluationLimits = .default
    ) -> Int? {
        guard CompiledQualification.pathCount(target.rules) <= limits.maximumPaths,
            target.units.count <= EvaluationLimits.maximumUnits
        else { return nil }
        var local: [UnitCode: Int] = [:]
        for (i, code) in target.units.enumerated() {
            guard units[code] != nil else { return nil }
            local[code] = i
        }
        var compiler = RuleCompiler(qualification: target, units: units, local: local)
        guard let drafts = try? compiler.expand(target.rules, [PathDraft()]) else { return nil }
        return drafts.map { d in d.mandatory.indexes.reduce(0) { $0 + units[target.units[$1]]!.credits.value } }.min()
    }

    /// Where a rule sits in a qualification's rules: its index among the top-level rules, then, inside an
    /// `all_of`, the child's index, and inside an `any_of`, the route's index and the rule's index in it.
    public typealias RulePath = [Int]

    /// A rule and where it sits in its qualification's rules.
    public struct PlacedRule: Hashable, Sendable {
        /// Where the rule sits (see ``RulePath``).
        public var path: RulePath
        public var rule: Rule
        public init(path: RulePath, rule: Rule) { self.path = path; self.rule = rule }
    }

    /// Every rule of `qualification` with its path, depth first (a composite rule before the rules in it).
    ///
    /// - Complexity: O(*n*), where *n* is the number of rules, nested ones included.
    public static func rules(of qualification: Qualification) -> [PlacedRule] {
        var out: [PlacedRule] = []
        func walk(_ rule: Rule, _ path: RulePath) {
            out.append(PlacedRule(path: path, rule: rule))
            forEachNested(in: rule, at: path, walk)
        }
        for (i, rule) in qualification.rules.enumerated() { walk(rule, [i]) }
        return out
    }

    /// Calls `body` with each rule directly inside `rule` (at `path`), with its own path.
    static func forEachNested(in rule: Rule, at path: RulePath, _ body: (Rule, RulePath) -> Void) {
        switch rule.definition.structure {
        case .atomic: break
        case .all(let rules): for (i, inner) in rules.enumerated() { body(inner, path + [i]) }
        case .oneOf(let routes):
            for (r, route) in routes.enumerated() {
                for (i, inner) in route.rules.enumerated() { body(inner, path + [r, i]) }
            }
        }
    }

    /// Group minimums that ask for more than their group holds.
    public static func impossibleClaims(of qualification: Qualification, units: [UnitCode: LearningUnit])
        -> [ImpossibleClaim]
    {
        rules(of: qualification).compactMap { placed in
            guard var claim = placed.rule.definition.impossibleClaim(in: qualification, units: units) else {
                return nil
            }
            claim.path = placed.path
            return claim
        }
    }

    /// `qualification` as the evaluator decides it under the merged classes of equivalent units `classes`
    /// (``QualificationCatalog/mergingEquivalenceClasses(_:)``): a class counts once, so each class with
    /// two or more of `qualification`'s units bars them together, as a rule appended after `qualification`'s own, in
    /// the order of
    /// `qualification`'s units (the order ``CompiledQualification`` adds them in).
    package static func countingEquivalentUnitsOnce(_ qualification: Qualification, classes: [[UnitCode]])
        -> Qualification
    {
        guard !classes.isEmpty else { return qualification }
        var classOf: [UnitCode: Int] = [:]
        for (k, cls) in classes.enumerated() { for code in cls { classOf[code] = k } }
        var out = qualification, seen = Set<Int>()
        let units = qualification.units
        for code in units {
            guard let k = classOf[code], seen.insert(k).inserted else { continue }
            let local = units.filter { classOf[$0] == k }
            if local.count > 1 { out.rules.append(.barred(local)) }
        }
        return out
    }

    /// The ways each class of equivalent units (`classes`, merged) with a member among `qualification`'s units can
    /// count
    /// for a learner without exceptions, as the evaluator tries them: one per member the rules tell apart,
    /// times the held members worth trying (``Evaluator/classCandidatesWithoutExceptions(datesMatter:)``).
    /// A learner holding units of every class is decided with the product of these, each at `qualification`'s worst
    /// case. Empty when no class touches `qualification`, or when `qualification` cannot be compiled.
    package static func equivalenceWays(
        of qualification: Qualification, units: [UnitCode: LearningUnit], classes: [[UnitCode]],
        limits: EvaluationLimits
    ) -> [Int] {
        let names = Set(qualification.units)
        let touching = classes.filter { $0.contains { names.contains($0) } }
        guard !touching.isEmpty else { return [] }
        guard let cq = try? compile(qualification, units, limits, classes: touching) else { return [] }
        let candidates = Evaluator.classCandidatesWithoutExceptions(datesMatter: cq.rules.hasDateLimit)
        return cq.equivalenceClasses.map { Set($0.place).count * candidates }
    }

    /// `qualification` without the rules at `paths` (as ``rules(of:)`` numbers them): to ask whether rules that clash
    /// are
    /// all that makes it unsatisfiable.
    public static func removing(_ paths: [RulePath], from qualification: Qualification) -> Qualification {
        rewriting(paths, in: qualification) { _, _ in nil }
    }

    /// `qualification` with the rules at `paths` made to ask for nothing while their units stay countable, each as its
    /// kind says (``RuleDefinition/neutralized(adding:)``): a mandatory list or a group rule becomes "at
    /// least 0 units" of its units; a rule that makes no unit countable (a total, a level floor or cap, a
    /// bar) goes.
    static func neutralizing(_ paths: [RulePath], from qualification: Qualification) -> Qualification {
        rewriting(paths, in: qualification) { rule, groups in rule.definition.neutralized(adding: &groups) }
    }

    /// `qualification` with each rule at `paths` replaced by what `replacement` makes of it (`nil`: removed), which may
    /// add groups; routes and `all_of`s around them are kept.
    private static func rewriting(
        _ paths: [RulePath], in qualification: Qualification,
        _ replacement: (Rule, inout [UnitGroup]) -> Rule?
    ) -> Qualification {
        var out = qualification
        func filter(_ rules: [Rule], _ prefix: RulePath) -> [Rule] {
            rules.enumerated().compactMap { i, rule -> Rule? in
                let path = prefix + [i]
                if paths.contains(path) { return replacement(rule, &out.groups) }
                switch rule.definition.structure {
                case .atomic: return rule
                case .all(let inner): return .allOf(filter(inner, path))
                case .oneOf(let routes):
                    return .anyOf(
                        routes.enumerated().map { r, route in
                            Route(id: route.id, title: route.title, rules: filter(route.rules, path + [r]))
                        })
                }
            }
        }
        out.rules = filter(qualification.rules, [])
        return out
    }

    /// A minimal set of `qualification`'s rules that no set of its units meets together: without any one of them, the
    /// rest can be met. Empty when `qualification` can be achieved, or when a check passes `limits` (then nothing is
    /// known).
    ///
    /// Found exactly by deletion: starting from every atomic rule (composite ones only hold others), each
    /// rule in turn is dropped when the rules left without it still cannot be met. What remains cannot be
    /// met, and dropping any one of its rules lets the rest be met: when a rule kept was looked at, the
    /// rules then left without it could be met, and the rules left at the end are fewer, so they can be met
    /// too. That needs dropping a rule never to make the rest harder to meet; but the mandatory and group
    /// rules also make their units countable towards the totals and floors, so a dropped one is replaced by
    /// a rule that only keeps its units countable.
    ///
    /// - Complexity: one ``achievability(of:units:limits:)`` per atomic rule, plus one.
    public static func blockingRules(
        of qualification: Qualification, units: [UnitCode: LearningUnit],
        limits: EvaluationLimits = .default
    ) -> [PlacedRule] {
        let atomic = rules(of: qualification).filter {
            if case .atomic = $0.rule.definition.structure { return true }
            return false
        }
        /// Whether `q` with only the atomic rules in `kept` (and the routes around them) cannot be met;
        /// `nil` past the limits.
        func unsatisfiable(_ kept: [PlacedRule]) -> Bool? {
            let keptPaths = Set(kept.map(\.path))
            let dropped = atomic.map(\.path).filter { !keptPaths.contains($0) }
            switch achievability(of: neutralizing(dropped, from: qualification), units: units, limits: limits) {
            case .unsatisfiable: return true
            case .minimum: return false
            case .limitExceeded: return nil
            }
        }
        guard unsatisfiable(atomic) == true else { return [] }
        var kept = atomic
        var i = 0
        while i < kept.count {
            var without = kept
            without.remove(at: i)
            switch unsatisfiable(without) {
            case true?: kept = without
            case false?: i += 1
            case nil: return []
            }
        }
        return kept
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

    /// The clashes of `qualification` between mandatory units and bars or caps, on every way through its routes (at
    /// most
    /// `limits.maximumPaths` of them are looked at).
    public static func clashes(
        of qualification: Qualification, units: [UnitCode: LearningUnit], limits: EvaluationLimits = .default
    ) -> [Clash] {
        guard CompiledQualification.pathCount(qualification.rules) <= limits.maximumPaths else { return [] }
        // The atomic rules of every way through the routes.
        func ways(_ rules: [PlacedRule]) -> [[PlacedRule]] {
            var out: [[PlacedRule]] = [[]]
            for placed in rules {
                switch placed.rule.definition.structure {
                case .atomic: out = out.map { $0 + [placed] }
                case .all(let inner):
                    let innerWays = ways(
                        inner.enumerated().map { PlacedRule(path: placed.path + [$0.offset], rule: $0.element) })
                    out = out.flatMap { way in innerWays.map { way + $0 } }
                case .oneOf(let routes):
                    let innerWays = routes.enumerated().flatMap { r, route in
                        ways(
                            route.rules.enumerated().map {
                                PlacedRule(path: placed.path + [r, $0.offset], rule: $0.element)
                            })
                    }
                    out = out.flatMap { way in innerWays.map { way + $0 } }
                }
            }
            return out
        }
        var found: [Clash] = []
        for way in ways(qualification.rules.enumerated().map { PlacedRule(path: [$0.offset], rule: $0.element) }) {
            var from: [UnitCode: RulePath] = [:]
            for placed in way {
                if case .mandatory(let codes) = placed.rule {
                    for code in codes where from[code] == nil { from[code] = placed.path }
                }
            }
            let mandatory = Set(from.keys)
            for placed in way {
                let hit = placed.rule.definition.clash(mandatory: mandatory, in: qualification, units: units)
                if hit.isEmpty { continue }
                var rules: [RulePath] = []
                for code in hit where !rules.contains(from[code]!) { rules.append(from[code]!) }
                let clash = Clash(rule: placed.path, mandatory: rules, units: hit)
                if !found.contains(clash) { found.append(clash) }
            }
        }
        return found
    }
}
