import QualKitEngine

/// The unmet details of requirements that block each other
/// (``CompiledRules/blockingRequirements(path:held:_:programs:qualification:limits:)``), in the model's terms.
extension CompiledQualification {
    /// The unmet details that report `blocking`, requirements of path `path` that block each other: each
    /// minimum names the others as what limits it.
    func details(_ blocking: [CompiledRules.BlockingRequirement], path index: Int) -> [UnmetDetail] {
        let alone = blocking.map { detail($0, path: index, limitedBy: []) }
        return blocking.indices.map { i in
            var others = alone
            others.remove(at: i)
            return detail(blocking[i], path: index, limitedBy: others)
        }
    }

    private func detail(_ blocking: CompiledRules.BlockingRequirement, path index: Int, limitedBy others: [UnmetDetail])
        -> UnmetDetail
    {
        let p = rules.paths[index]
        switch blocking.requirement {
        case .claim(let k):
            let c = p.claims[k]
            return .blockedMinimum(
                code: c.measure == .credits ? .groupMinCredits : .groupMinUnits, group: c.group, level: nil,
                countable: blocking.figure, need: c.minimum, limitedBy: others)
        case .total:
            return .blockedMinimum(
                code: .minCredits, group: nil, level: nil, countable: blocking.figure, need: p.minimumCredits,
                limitedBy: others)
        case .floor(let k):
            let f = p.levelFloors[k]
            return .blockedMinimum(
                code: .minCreditsAtLevel, group: nil, level: floorLevels[f.level], countable: blocking.figure,
                need: f.minimum,
                limitedBy: others)
        case .cap(let k):
            let cap = p.caps[k]
            return .blockedCap(
                cap: cap.rule, code: UnmetCode(index: cap.code), held: blocking.figure, maximum: cap.maximum)
        case .bar(let k):
            return .blockedBar(units: p.barred[k])
        }
    }
}
