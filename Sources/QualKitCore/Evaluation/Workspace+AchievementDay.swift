import QualKitEngine

/// A result with the day its counted units say it was achieved: what a credential's `validFrom` needs.
/// The day comes from the same reading of the record as the completion-window check
/// (`CompiledRules.latestDate`), so a credential and the checks agree on it.
package struct DatedResult: Sendable {
    package var result: EvaluationResult
    /// The day the last counted unit was achieved (a listing's `achieved`, a passed mark sheet's `date`, or
    /// the day of the unit a substitute stands for); `nil` when no counted unit is dated.
    package var achievedOn: CalendarDate?
    /// Whether a counted unit that is not exempt has no date, so that the true day is not known.
    package var hasUndatedUnits: Bool
}

extension Evaluator {
    /// Evaluates `learner` into `workspace` (from `makeWorkspace()`) and returns one dated result per
    /// qualification, in order.
    package func datedResults(_ learner: Learner, in workspace: Workspace, messages: Bool = false) -> [DatedResult] {
        var out: [DatedResult] = []
        out.reserveCapacity(compiled.count)
        evaluate(learner, in: workspace) { o in
            let day = workspace.achievementDay(o)
            out.append(
                DatedResult(
                    result: workspace.result(o, messages: messages),
                    achievedOn: day.latest.map(CalendarDate.init(dayNumber:)),
                    hasUndatedUnits: day.undated))
        }
        return out
    }
}

extension Workspace {
    /// The latest day among the units outcome `outcome` counts, after its exceptions and equivalences, and whether
    /// one of them has no date.
    package func achievementDay(_ outcome: Outcome) -> (latest: Int?, undated: Bool) {
        let rules = evaluator.rules[outcome.qualificationIndex]
        let found: (Int, Bool)
        if outcome.adjusted, let adj = adjustments[outcome.qualificationIndex] {
            found = rules.latestDate(outcome.counted, self, adj)
        } else {
            found = rules.latestDate(outcome.counted, self, NoAdjustment())
        }
        return (found.0 == Int.min ? nil : found.0, found.1)
    }
}
