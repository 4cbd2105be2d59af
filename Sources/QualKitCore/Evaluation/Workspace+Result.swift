import QualKitEngine

extension Workspace {
    /// Turns `outcome`, produced by ``Evaluator/evaluate(_:in:_:)`` for the learner now loaded, into a full
    /// result with every unmet requirement written out. Call it inside the `body` of that call.
    package func result(_ outcome: Outcome, messages: Bool = true) -> EvaluationResult {
        let q = outcome.qualificationIndex
        let cq = evaluator.compiled[q]
        var unmet: [UnmetRequirement] = []
        if !outcome.achieved {
            let missing = messages ? evaluator.missingUnitRequirements[q] : evaluator.missingUnitCodes[q]
            forEachUnmet(outcome) { d in
                if case .missingMandatoryUnit(let i) = d { unmet.append(missing[i]); return } // the common case, shared
                unmet.append(requirement(d, qualification: q, message: messages))
            }
        }
        var unchecked: [UncheckedCode] = []
        forEachUnchecked(outcome) { unchecked.append($0) }
        return EvaluationResult(
            learner: LearnerID(learnerID), qualification: cq.qualification.id, achieved: outcome.achieved,
            credits: Credits(outcome.credits),
            requiredCredits: cq.qualification.creditValue, countedUnits: outcome.counted.map { cq.codes[$0] },
            route: cq.routeLabels[outcome.path].map { RouteLabel($0) }, unmet: unmet,
            next: outcome.hasNext ? outcome.next.map { cq.codes[$0] } : nil,
            deadline: deadlineDay(outcome).map { CalendarDate(dayNumber: $0) }, unchecked: unchecked,
            warnings: warnings,
            exceptionsApplied: exceptionsApplied(outcome), version: cq.qualification.version,
            countedCredits: Credits(countedCredits(outcome)), countedAs: countedAs(outcome))
    }

    /// The learner's exceptions that outcome `outcome` used, in record order.
    package func exceptionsApplied(_ outcome: Outcome) -> [LearnerException] {
        let bits = appliedBits(outcome)
        guard bits != 0 else { return [] }
        return exceptionList.indices.filter { bits & (1 << UInt64($0)) != 0 }.map { exceptionList[$0].value }
    }
}
