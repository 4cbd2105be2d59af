import QualKitEngine
/// What a rule kind compiles its rule with: the qualification's units as bit sets over their local
/// indexes, its groups by index, and the expansion of nested rules into paths
/// (``RuleDefinition/compile(_:_:)``).
package struct RuleCompiler {
    package typealias Failure = CompiledQualification.CompileError

    let qualification: Qualification
    let units: [UnitCode: LearningUnit]
    /// Unit code → local index.
    let local: [UnitCode: Int]
    /// Groups that claims and caps name, in order of first use (``CompiledQualification/groups``).
    private(set) var groups: [UnitGroup] = []
    /// The rules behind the caps, in order (``CompiledRules/Cap/rule`` indexes them).
    private(set) var capRules: [any CapRuleDefinition] = []
    /// The levels of the level floors, in order (``CompiledRules/LevelFloor/level`` indexes them).
    private(set) var floorLevels: [Level] = []

    init(qualification: Qualification, units: [UnitCode: LearningUnit], local: [UnitCode: Int]) {
        self.qualification = qualification; self.units = units; self.local = local
    }

    /// The set of `codes`.
    func mask(_ codes: [UnitCode]) throws(Failure) -> UnitMask {
        var mask = UnitMask()
        for code in codes {
            guard let index = local[code] else { throw .unknownUnit(code) }
            mask.insert(index)
        }
        return mask
    }

    /// Group `id`'s index among the compiled groups, and the set of its units.
    mutating func group(_ id: GroupID) throws(Failure) -> (index: Int, units: UnitMask) {
        guard let group = qualification.group(id) else { throw .unknownGroup(id) }
        let units = try mask(group.units)
        if let index = groups.firstIndex(where: { $0.id == id }) { return (index, units) }
        groups.append(group)
        return (groups.count - 1, units)
    }

    /// The set of the qualification's units for which `predicate` holds (units at a level or above, …).
    func units(where predicate: (LearningUnit) -> Bool) -> UnitMask {
        var mask = UnitMask()
        for (code, index) in local where units[code].map(predicate) == true { mask.insert(index) }
        return mask
    }

    /// A cap of `maximum` credits on `units`, stated by `rule`.
    mutating func cap(_ units: UnitMask, maximum: Int, by rule: some CapRuleDefinition) -> CompiledRules.Cap {
        capRules.append(rule)
        return CompiledRules.Cap(
            units: units, maximum: maximum, rule: capRules.count - 1,
            code: UInt8(type(of: rule).exceededCode.index))
    }

    /// A floor of `minimum` credits on `units`, the units at `level` or above.
    mutating func floor(_ units: UnitMask, minimum: Int, level: Level) -> CompiledRules.LevelFloor {
        floorLevels.append(level)
        return CompiledRules.LevelFloor(units: units, minimum: minimum, level: floorLevels.count - 1)
    }

    /// `paths` with `rules` added to each (a rule with alternatives multiplies them).
    mutating func expand(_ rules: [Rule], _ paths: [PathDraft])
        throws(Failure) -> [PathDraft]
    {
        var paths = paths
        for rule in rules { try rule.definition.compile(&paths, &self) }
        return paths
    }
}
