import QualKitEngine
/// Why a learner's units, which meet each requirement of a path alone, cannot meet them all together: a
/// minimal set of the path's requirements that block each other, with each one's figures.
///
/// Found exactly by deletion, with the path's own assignment programme over the held units: starting from
/// every group minimum, cap, bar, total and level floor of the path, each is dropped in turn when the rest
/// still cannot be met with the units held. What remains cannot be met together, and dropping any one of
/// it lets the rest be met (a requirement kept was needed when it was looked at; dropping others after it
/// only makes the rest easier to meet, never harder, so it is still needed).
///
/// The figures come from the assignment that comes closest: for a minimum (a group's, the total, a level
/// floor), the most that can count towards it while the other blocking requirements are met (the largest
/// minimum that would be met, found by bisection); for a cap, the credits held under it against the most
/// that may count; for a bar, the units held of it.
///
/// Each question is one run of a programme over fewer requirements than the path's, so it costs at most
/// the path's ``EvaluationCost``: explaining a learner costs at most (requirements + 1 + the bisections'
/// steps) times that, and only for results whose rules are met one by one but not together.
extension CompiledRules {
    /// One requirement of a path, by kind and index.
    enum PathRequirement: Hashable {
        case claim(Int), cap(Int), bar(Int), total, floor(Int)
    }

    /// A requirement that blocks others, with its figure: for a minimum, the most that can count towards
    /// it while the other blocking requirements are met; for a cap, the credits held under it.
    struct BlockingRequirement: Hashable {
        var requirement: PathRequirement
        var figure: Int
    }

    /// The blocking requirements of path `path` for `held` units (its mandatory units all held), in the
    /// path's order; empty when the held units meet the path.
    func blockingRequirements(path index: Int, held: UnitMask, _ scratch: AssignmentScratch) -> [BlockingRequirement] {
        let p = paths[index]
        var all: [PathRequirement] = p.claims.indices.map { .claim($0) }
        all += p.caps.indices.map { .cap($0) }
        all += p.barred.indices.map { .bar($0) }
        if p.minimumCredits > 0 { all.append(.total) }
        all += p.levelFloors.indices.map { .floor($0) }
        guard !meets(p, all, held: held, scratch) else { return [] }
        var kept = all
        var i = 0
        while i < kept.count {
            var without = kept
            without.remove(at: i)
            if meets(p, without, held: held, scratch) { i += 1 } else { kept = without }
        }
        return kept.map { r in
            var others = kept
            others.removeAll { $0 == r }
            switch r {
            case .claim(let k):
                return BlockingRequirement(requirement: r, figure: most(p, others, r, upTo: p.claims[k].minimum, held: held, scratch))
            case .total:
                return BlockingRequirement(requirement: r, figure: most(p, others, r, upTo: p.minimumCredits, held: held, scratch))
            case .floor(let k):
                return BlockingRequirement(requirement: r, figure: most(p, others, r, upTo: p.levelFloors[k].minimum, held: held, scratch))
            case .cap(let k):
                return BlockingRequirement(requirement: r, figure: creditSum(held & p.relevant & p.caps[k].units))
            case .bar(let k):
                return BlockingRequirement(requirement: r, figure: (held & p.relevant & p.barred[k]).count)
            }
        }
    }

    /// The largest minimum for requirement `r` below `limit` that the held units meet together with
    /// `others` (0 when none above 0 is), by bisection.
    private func most(_ p: Path, _ others: [PathRequirement], _ r: PathRequirement, upTo limit: Int, held: UnitMask,
                      _ scratch: AssignmentScratch) -> Int {
        var low = 0, high = limit - 1   // met at `low`; the answer is at most `high`
        while low < high {
            let middle = (low + high + 1) / 2
            if meets(p, others + [r], held: held, scratch, minimum: (r, middle)) { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Whether the held units meet `requirements` of path `p` (with the mandatory units), one minimum set
    /// to another value when `minimum` says so.
    private func meets(_ p: Path, _ requirements: [PathRequirement], held: UnitMask, _ scratch: AssignmentScratch,
                       minimum: (requirement: PathRequirement, value: Int)? = nil) -> Bool {
        var claims: [Claim] = [], caps: [Cap] = [], barred: [UnitMask] = [], floors: [LevelFloor] = []
        var total = 0
        for r in requirements {
            let value = minimum?.requirement == r ? minimum?.value : nil
            switch r {
            case .claim(let k):
                var c = p.claims[k]
                if let value { c.minimum = value }
                claims.append(c)
            case .cap(let k): caps.append(p.caps[k])
            case .bar(let k): barred.append(p.barred[k])
            case .total: total = value ?? p.minimumCredits
            case .floor(let k):
                var f = p.levelFloors[k]
                if let value { f.minimum = value }
                floors.append(f)
            }
        }
        let storage = PlainStorage()
        let program = AssignmentProgram(mandatory: p.mandatory, claims: claims, caps: caps, minimumCredits: total,
                                        levelFloors: floors, barred: barred, relevant: p.relevant, credits: Array(credits),
                                        storage: storage, limits: .default, measuringCost: false)
        return withExtendedLifetime(storage) {
            scratch.run(program, held: held, complete: false, weights: (unitWeights, credits), words: words) != nil
        }
    }

    /// The unmet details that report `blocking`, requirements of path `path` that block each other: each
    /// minimum names the others as what limits it.
    func details(_ blocking: [BlockingRequirement], path index: Int) -> [UnmetDetail] {
        let alone = blocking.map { detail($0, path: index, limitedBy: []) }
        return blocking.indices.map { i in
            var others = alone
            others.remove(at: i)
            return detail(blocking[i], path: index, limitedBy: others)
        }
    }

    private func detail(_ b: BlockingRequirement, path index: Int, limitedBy others: [UnmetDetail]) -> UnmetDetail {
        let p = paths[index]
        switch b.requirement {
        case .claim(let k):
            let c = p.claims[k]
            return .blockedMinimum(code: c.measure == .credits ? .groupMinCredits : .groupMinUnits, group: c.group, level: nil,
                                   countable: b.figure, need: c.minimum, limitedBy: others)
        case .total:
            return .blockedMinimum(code: .minCredits, group: nil, level: nil, countable: b.figure, need: p.minimumCredits,
                                   limitedBy: others)
        case .floor(let k):
            let f = p.levelFloors[k]
            return .blockedMinimum(code: .minCreditsAtLevel, group: nil, level: f.level, countable: b.figure, need: f.minimum,
                                   limitedBy: others)
        case .cap(let k):
            let cap = p.caps[k]
            return .blockedCap(cap: cap.rule, code: cap.code, held: b.figure, maximum: cap.maximum)
        case .bar(let k):
            return .blockedBar(units: p.barred[k])
        }
    }
}
