import QualKitEngine

extension Workspace {
    /// Turns `outcome`, produced by ``Evaluator/evaluate(_:in:_:)`` for the learner now loaded, into a full
    /// result with every unmet requirement written out. Call it inside the `body` of that call.
    package func result(_ o: Outcome, messages: Bool = true) -> EvaluationResult {
        let q = o.qualificationIndex
        let cq = evaluator.compiled[q]
        var unmet: [UnmetRequirement] = []
        if !o.achieved {
            let missing = messages ? evaluator.missingUnitRequirements[q] : evaluator.missingUnitCodes[q]
            forEachUnmet(o) { d in
                if case .missingMandatoryUnit(let i) = d { unmet.append(missing[i]); return }   // the common case, shared
                unmet.append(requirement(d, qualification: q, message: messages))
            }
        }
        var unchecked: [UncheckedCode] = []
        forEachUnchecked(o) { unchecked.append($0) }
        return EvaluationResult(
            learner: LearnerID(learnerID), qualification: cq.qualification.id, achieved: o.achieved, credits: Credits(o.credits),
            requiredCredits: cq.qualification.creditValue, countedUnits: o.counted.map { cq.codes[$0] },
            route: cq.routeLabels[o.path].map { RouteLabel($0) }, unmet: unmet, next: o.hasNext ? o.next.map { cq.codes[$0] } : nil,
            deadline: deadlineDay(o).map { CalendarDate(dayNumber: $0) }, unchecked: unchecked, warnings: warnings,
            exceptionsApplied: exceptionsApplied(o), version: cq.qualification.version,
            countedCredits: Credits(countedCredits(o)), countedAs: countedAs(o))
    }

    /// The learner's exceptions that outcome `o` used, in record order.
    package func exceptionsApplied(_ o: Outcome) -> [LearnerException] {
        let bits = appliedBits(o)
        guard bits != 0 else { return [] }
        return exceptionList.indices.filter { bits & (1 << UInt64($0)) != 0 }.map { exceptionList[$0].value }
    }
}
