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

    /// Group claims that ask for more than their group holds: (group, asked, available, measure).
    public static func impossibleClaims(of q: Qualification, units: [UnitCode: LearningUnit]) -> [(group: GroupID, asked: Int, available: Int, isCredits: Bool)] {
        var out: [(GroupID, Int, Int, Bool)] = []
        func walk(_ r: Rule) {
            switch r {
            case .minCreditsFromGroup(let g, let c):
                let total = q.group(g)?.units.compactMap { units[$0]?.credits.value }.reduce(0, +) ?? 0
                if c.value > total { out.append((g, c.value, total, true)) }
            case .minUnitsFromGroup(let g, let n):
                let count = q.group(g)?.units.count ?? 0
                if n > count { out.append((g, n, count, false)) }
            case .allOf(let rs): rs.forEach(walk)
            case .anyOf(let routes): routes.forEach { $0.rules.forEach(walk) }
            default: break
            }
        }
        q.rules.forEach(walk)
        return out
    }
}
