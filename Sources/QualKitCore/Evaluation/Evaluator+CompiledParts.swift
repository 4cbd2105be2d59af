import QualKitEngine

extension Evaluator {
    /// The code of unit `unit` (a local index) of qualification `q` (an index into ``qualifications``).
    package func unitCode(qualification q: Int, unit: Int) -> UnitCode { compiled[q].codes[unit] }

    /// The group with compiled index `index` of qualification `q`.
    package func group(qualification q: Int, index: Int) -> UnitGroup { compiled[q].groups[index] }

    /// The route label of path `path` of qualification `q` (`group-2`), or `nil` without alternatives.
    package func routeLabel(qualification q: Int, path: Int) -> String? { compiled[q].routeLabels[path] }

    /// The number of paths (combinations of alternative routes) of qualification `q`.
    package func pathCount(qualification q: Int) -> Int { compiled[q].paths.count }

    /// The number of groups qualification `q`'s rules name.
    package func groupCount(qualification q: Int) -> Int { compiled[q].groups.count }

    /// The number of units qualification `q` names (local indexes run `0..<count`).
    package func unitCount(qualification q: Int) -> Int { compiled[q].codes.count }
}
