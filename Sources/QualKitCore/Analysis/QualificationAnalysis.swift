/// Structural facts about a qualification's rules, for validating spec packs.
public enum QualificationAnalysis {
    /// What the rules of combination allow at the least.
    public enum Achievability: Hashable, Sendable {
        /// The fewest credits any set of units meeting the rules gives, one such set, and the guided learning
        /// hours of every cheapest set (they may differ when routes differ).
        case minimum(credits: Int, units: [UnitCode], guidedLearningHours: Set<Int>)
        /// No set of the qualification's units meets the rules.
        case unsatisfiable
        /// The qualification has too many units to check every combination (`count` units).
        case tooManyUnits(count: Int)
    }

    /// The largest number of units for which ``achievability(of:units:)`` checks every combination.
    public static let exhaustiveLimit = 20

    /// Finds the fewest credits with which `q` can be achieved, by checking every subset of its units.
    ///
    /// - Complexity: O(2^*n*) evaluations for *n* units; `.tooManyUnits` above ``exhaustiveLimit``.
    public static func achievability(of q: Qualification, units: [UnitCode: LearningUnit]) -> Achievability {
        var global: [UnitCode: Int] = [:]
        for (i, u) in units.keys.sorted().enumerated() { global[u] = i }
        guard let cq = try? CompiledQualification(q, units: units, globalIndex: global) else { return .unsatisfiable }
        let n = cq.codes.count
        guard n <= exhaustiveLimit else { return .tooManyUnits(count: n) }
        var best = Int.max
        var bestSet = UnitMask()
        var glh: Set<Int> = []
        let unitGLH = cq.codes.map { units[$0]!.guidedLearningHours.value }
        for bits in 0..<(1 << n) {
            var s = UnitMask()
            var b = bits
            while b != 0 { s.insert(b.trailingZeroBitCount); b &= b - 1 }
            let credits = cq.creditSum(s)
            if credits > best { continue }
            guard cq.paths.contains(where: { cq.satisfy($0, with: s) != nil }) else { continue }
            // Only inclusion-minimal sets: every unit of s is needed.
            var g = 0
            s.forEach { g += unitGLH[$0] }
            if credits < best { best = credits; bestSet = s; glh = [g] } else { glh.insert(g) }
        }
        guard best != Int.max else { return .unsatisfiable }
        return .minimum(credits: best, units: bestSet.indexes.map { cq.codes[$0] }, guidedLearningHours: glh)
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
