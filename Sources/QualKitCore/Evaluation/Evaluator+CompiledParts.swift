import QualKitEngine

extension Evaluator {
    /// The code of unit `unit` (a local index) of qualification `qualificationIndex` (an index into
    /// ``qualifications``).
    package func unitCode(qualification qualificationIndex: Int, unit: Int) -> UnitCode {
        compiled[qualificationIndex].codes[unit]
    }

    /// The group with compiled index `index` of qualification `qualificationIndex`.
    package func group(qualification qualificationIndex: Int, index: Int) -> UnitGroup {
        compiled[qualificationIndex].groups[index]
    }

    /// The route label of path `path` of qualification `qualificationIndex` (`group-2`), or `nil` without alternatives.
    package func routeLabel(qualification qualificationIndex: Int, path: Int) -> String? {
        compiled[qualificationIndex].routeLabels[path]
    }

    /// The number of paths (combinations of alternative routes) of qualification `qualificationIndex`.
    package func pathCount(qualification qualificationIndex: Int) -> Int { compiled[qualificationIndex].paths.count }

    /// The number of groups qualification `qualificationIndex`'s rules name.
    package func groupCount(qualification qualificationIndex: Int) -> Int { compiled[qualificationIndex].groups.count }

    /// The number of units qualification `qualificationIndex` names (local indexes run `0..<count`).
    package func unitCount(qualification qualificationIndex: Int) -> Int { compiled[qualificationIndex].codes.count }

    /// The words of a `UnitMask` that qualification `qualificationIndex`'s units reach (at least one): its
    /// masks have zeros in the others.
    package func unitMaskWords(qualification qualificationIndex: Int) -> Int {
        max(1, (unitCount(qualification: qualificationIndex) + 63) / 64)
    }
}
