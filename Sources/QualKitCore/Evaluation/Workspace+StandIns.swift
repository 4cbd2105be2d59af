import QualKitEngine

extension Workspace {
    /// A held unit (`held`, global) that counted as `countedAs` (local to the qualification), by a pack's
    /// equivalence class.
    package struct StandIn: Hashable {
        package var held: Int
        package var countedAs: Int
    }

    /// The held units that counted as an equivalent unit for outcome `outcome` (a result's `counted_as`), in the
    /// order of the counted units; empty unless equivalences changed the outcome. Call it for the learner now
    /// loaded.
    package func standIns(_ outcome: Outcome) -> [StandIn] {
        guard outcome.adjusted, let adjustment = adjustments[outcome.qualificationIndex] else { return [] }
        let globalIndex = evaluator.rules[outcome.qualificationIndex].globalIndex
        return adjustment.sources
            .filter { $0.exception < 0 && outcome.counted.contains($0.target) && globalIndex[$0.target] != $0.source }
            .sorted { $0.target < $1.target }
            .map { StandIn(held: $0.source, countedAs: $0.target) }
    }

    /// ``standIns(_:)`` as values.
    package func countedAs(_ outcome: Outcome) -> [UnitStandIn] {
        let codes = evaluator.compiled[outcome.qualificationIndex].codes
        return standIns(outcome).map { UnitStandIn(held: evaluator.unitCode($0.held), countedAs: codes[$0.countedAs]) }
    }
}
