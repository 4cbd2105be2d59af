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
    package func datedResults(_ learner: Learner, in ws: Workspace, messages: Bool = false) -> [DatedResult] {
        var out: [DatedResult] = []
        out.reserveCapacity(compiled.count)
        evaluate(learner, in: ws) { o in
            let day = ws.achievementDay(o)
            out.append(
                DatedResult(
                    result: ws.result(o, messages: messages), achievedOn: day.latest.map(CalendarDate.init(dayNumber:)),
                    hasUndatedUnits: day.undated))
        }
        return out
    }
}

extension Workspace {
    /// The latest day among the units outcome `o` counts, after its exceptions and equivalences, and whether
    /// one of them has no date.
    package func achievementDay(_ o: Outcome) -> (latest: Int?, undated: Bool) {
        let rules = evaluator.rules[o.qualificationIndex]
        let found: (Int, Bool)
        if o.adjusted, let adj = adjustments[o.qualificationIndex] {
            found = rules.latestDate(o.counted, self, adj)
        } else {
            found = rules.latestDate(o.counted, self, NoAdjustment())
        }
        return (found.0 == Int.min ? nil : found.0, found.1)
    }
}
