import QualKitEngine

extension Workspace {
    /// How many credits count towards the qualification of `outcome` (a result's `counted_credits`): see
    /// ``CompiledRules/countedCredits(_:path:rulesMet:_:)``. Only the writers that write the field ask
    /// for it, so the table path does not pay for it. Call it for the learner now loaded.
    package func countedCredits(_ outcome: Outcome) -> Int {
        if outcome.failed(.limitExceeded) { return 0 }
        let rules = evaluator.rules[outcome.qualificationIndex]
        return rules.countedCredits(
            outcome.counted, path: outcome.path, rulesMet: outcome.unitRulesMet, scratch)
    }
}
