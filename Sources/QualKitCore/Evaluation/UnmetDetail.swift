import QualKitEngine
/// One unmet requirement as plain data: what both the sentence builder and byte-level writers start from.
///
/// Unit indexes are local to the qualification (``Evaluator/unitCode(qualification:unit:)``); group
/// indexes name the qualification's compiled groups (``Evaluator/group(qualification:index:)``); days are
/// ``CalendarDate/dayNumber`` values.
package enum UnmetDetail: Hashable, Sendable {
    case missingMandatoryUnit(unit: Int)
    case practiceHours(unit: Int, recorded: Double, required: Double)
    case groupShort(group: Int, have: Int, need: Int, isCredits: Bool)
    case minCredits(have: Int, need: Int)
    case minCreditsAtLevel(level: Level, have: Int, need: Int)
    /// The mandatory units alone give `have` credits where cap `cap` (an index into the compiled
    /// qualification's cap rules, whose kind gives `code`) lets at most `maximum` count.
    case capExceeded(cap: Int, code: UnmetCode, have: Int, maximum: Int)
    case barredCombination(units: UnitMask)
    /// Each requirement could be met alone, but not all together, and no smaller explanation was found: the
    /// requirements that block each other (``blockedMinimum(code:group:level:countable:need:limitedBy:)`` and
    /// the like) are reported instead whenever finding them stays within the evaluator's budget for an
    /// explanation (the qualification's worst case or more: ``EvaluationLimits/maximumCatalogSteps``).
    case unitAssignment
    /// A minimum among requirements that block each other
    /// (``CompiledRules/blockingRequirements(path:held:_:programs:qualification:limits:)``):
    /// `code` a group's, the total's or a level floor's (`group` or `level` where it has one), towards which
    /// at most `countable` can count while the others of the set, `limitedBy`, are met.
    case blockedMinimum(
        code: UnmetCode, group: Int?, level: Level?, countable: Int, need: Int, limitedBy: [UnmetDetail])
    /// A cap among requirements that block each other: `held` credits under it, of which at most `maximum` count.
    case blockedCap(cap: Int, code: UnmetCode, held: Int, maximum: Int)
    /// A bar among requirements that block each other: its units, of which one may count.
    case blockedBar(units: UnitMask)
    case inductionHours(have: Double, need: Double)
    case tutorialHours(have: Double, need: Double)
    /// Registered on day `registered`, before the qualification's operational start `start`.
    case registeredBeforeStart(registered: Int, start: Int)
    case registrationClosed(registered: Int, end: Int)
    case certificationClosed(unit: Int, day: Int, end: Int)
    case completionWindow(unit: Int, day: Int, end: Int)
    /// Evaluated as of `asOf`, after the certification end date (or its extension) `end`, not completed.
    case certificationExpired(asOf: Int, end: Int)
    /// Evaluated as of `asOf`, after the completion window closed on `end`, not completed.
    case windowExpired(asOf: Int, end: Int)
    /// The learner's substitutions and equivalences offer `needed` choices, over `maximum`.
    /// `byBudget`: the maximum is what the learner's budget (``EvaluationLimits/maximumLearnerSteps``) left,
    /// not ``EvaluationLimits/maximumChoices``.
    case limitExceeded(needed: Int, maximum: Int, byBudget: Bool)

    /// The kind of requirement: its stable code.
    package var code: UnmetCode {
        switch self {
        case .missingMandatoryUnit: .missingMandatoryUnit
        case .practiceHours: .practiceHours
        case .groupShort(_, _, _, let credits): credits ? .groupMinCredits : .groupMinUnits
        case .minCredits: .minCredits
        case .minCreditsAtLevel: .minCreditsAtLevel
        case .capExceeded(_, let code, _, _): code
        case .barredCombination: .barredCombination
        case .unitAssignment: .unitAssignment
        case .blockedMinimum(let code, _, _, _, _, _), .blockedCap(_, let code, _, _): code
        case .blockedBar: .barredCombination
        case .inductionHours: .inductionHours
        case .tutorialHours: .tutorialHours
        case .registeredBeforeStart: .registeredBeforeStart
        case .registrationClosed: .registrationClosed
        case .certificationClosed, .certificationExpired: .certificationClosed
        case .completionWindow, .windowExpired: .completionWindow
        case .limitExceeded: .limitExceeded
        }
    }
}
