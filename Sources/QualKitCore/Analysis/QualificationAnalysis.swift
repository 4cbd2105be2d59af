/// Structural facts about a qualification's rules, for validating spec packs.
public enum QualificationAnalysis {
    /// What the rules of combination allow at the least.
    public enum Achievability: Hashable, Sendable {
        /// The fewest credits any set of units meeting the rules gives, one such set (the earliest units),
        /// and the least and most guided learning hours among the sets with that many credits.
        case minimum(credits: Int, units: [UnitCode], guidedLearningHours: ClosedRange<Int>)
        /// No set of the qualification's units meets the rules.
        case unsatisfiable
        /// Checking would take more work than `limits` allow (``EvaluationLimits``): what was exceeded.
        case limitExceeded(String)
    }

    /// What it costs at the worst to evaluate one learner against `q`, or why it cannot be evaluated within
    /// `limits` (a message naming the limit).
    public static func cost(of q: Qualification, units: [UnitCode: LearningUnit], limits: EvaluationLimits = .default) -> Result<EvaluationCost, LimitError> {
        switch compile(q, units, limits) {
        case .success(let cq): .success(cq.cost)
        case .failure(let e): .failure(e)
        }
    }

    /// A limit of ``EvaluationLimits`` that a qualification exceeds, or a reference the rules cannot resolve.
    public struct LimitError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
        /// Whether a limit was exceeded (otherwise the rules name something undefined).
        public var isLimit: Bool
    }

    static func compile(_ q: Qualification, _ units: [UnitCode: LearningUnit], _ limits: EvaluationLimits) -> Result<CompiledQualification, LimitError> {
        var global: [UnitCode: Int] = [:]
        for (i, u) in units.keys.sorted().enumerated() { global[u] = i }
        do { return .success(try CompiledQualification(q, units: units, globalIndex: global, tabulate: false, limits: limits)) }
        catch let e as CompiledQualification.CompileError {
            if case .limitExceeded = e { return .failure(LimitError(description: e.description, isLimit: true)) }
            return .failure(LimitError(description: e.description, isLimit: false))
        } catch { return .failure(LimitError(description: "\(error)", isLimit: false)) }
    }

    /// Finds the fewest credits with which `q` can be achieved, exactly, with the same programme the
    /// evaluator uses.
    ///
    /// - Complexity: at most twice the qualification's ``EvaluationCost``, which `limits` bound.
    public static func achievability(of q: Qualification, units: [UnitCode: LearningUnit], limits: EvaluationLimits = .default) -> Achievability {
        let cq: CompiledQualification
        switch compile(q, units, limits) {
        case .success(let c): cq = c
        case .failure(let e): return e.isLimit ? .limitExceeded(e.description) : .unsatisfiable
        }
        let rules = cq.rules
        let glh = cq.codes.map { units[$0]!.guidedLearningHours.value }
        let scratch = AssignmentScratch()
        var best: (credits: Int, set: UnitMask)?
        var low = Int.max, high = Int.min
        glh.withUnsafeBufferPointer { up in
            let down = glh.map { -$0 }
            down.withUnsafeBufferPointer { dn in
                for p in rules.paths {
                    guard let a = rules.cheapest(p, from: UnitMask(), weights: (rules.credits, up), scratch),
                          let b = rules.cheapest(p, from: UnitMask(), weights: (rules.credits, dn), scratch) else { continue }
                    if best == nil || a.primary < best!.credits || (a.primary == best!.credits && a.added.colexPrecedes(best!.set)) {
                        if best == nil || a.primary < best!.credits { low = Int.max; high = Int.min }
                        best = (a.primary, a.added)
                    }
                    if a.primary == best!.credits { low = min(low, a.secondary); high = max(high, -b.secondary) }
                }
            }
        }
        guard let best else { return .unsatisfiable }
        return .minimum(credits: best.credits, units: best.set.indexes.map { cq.codes[$0] }, guidedLearningHours: low...high)
    }

    /// The credits of the mandatory units on the route that has the fewest.
    public static func mandatoryCredits(of q: Qualification, units: [UnitCode: LearningUnit]) -> Int? {
        var global: [UnitCode: Int] = [:]
        for (i, u) in units.keys.sorted().enumerated() { global[u] = i }
        guard let cq = try? CompiledQualification(q, units: units, globalIndex: global) else { return nil }
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
