/// Whether one learner has achieved one qualification, and exactly why or why not.
public struct EvaluationResult: Hashable, Sendable, Codable {
    public var learner: String
    public var qualification: QualificationID
    public var achieved: Bool
    /// Credits of the distinct achieved units that belong to the qualification (whether or not they count).
    public var credits: Int
    /// The qualification's stated credit value.
    public var requiredCredits: Int
    /// Units counted towards the qualification (achieved), or held towards the closest route (not achieved).
    public var countedUnits: [UnitCode]
    /// The alternative route taken or closest to completion (`group-2`); `nil` without alternatives.
    public var route: String?
    /// Every requirement not met, with a stable code and a sentence.
    public var unmet: [UnmetRequirement]
    /// The smallest set of units that would meet the rules of combination from where the learner stands:
    /// empty when they are met, `nil` when no set of units can (e.g. a barred combination already held).
    public var next: [UnitCode]?
    /// Checks that could not be made because the record lacks the data (`tutorial-hours`, `registration-date`, …).
    public var unchecked: [String]
    /// Problems with the record that did not stop the evaluation (unknown unit codes, …).
    public var warnings: [String]

    public init(learner: String, qualification: QualificationID, achieved: Bool, credits: Int, requiredCredits: Int,
                countedUnits: [UnitCode], route: String?, unmet: [UnmetRequirement], next: [UnitCode]?,
                unchecked: [String], warnings: [String]) {
        self.learner = learner; self.qualification = qualification; self.achieved = achieved; self.credits = credits
        self.requiredCredits = requiredCredits; self.countedUnits = countedUnits; self.route = route; self.unmet = unmet
        self.next = next; self.unchecked = unchecked; self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case learner, qualification, achieved, credits, route, unmet, next, unchecked, warnings
        case requiredCredits = "required_credits"
        case countedUnits = "counted_units"
    }
}

/// A requirement a learner has not met.
public struct UnmetRequirement: Hashable, Sendable, Codable {
    /// Stable kebab-case id: one of ``UnmetRequirement/Code``.
    public var code: String
    /// A sentence a centre can read.
    public var message: String
    /// The unit concerned, where there is one.
    public var unit: UnitCode?
    /// The group concerned, where there is one.
    public var group: GroupID?

    public init(code: String, message: String, unit: UnitCode? = nil, group: GroupID? = nil) {
        self.code = code; self.message = message; self.unit = unit; self.group = group
    }

    /// The codes ``UnmetRequirement/code`` takes.
    public enum Code {
        public static let missingMandatoryUnit = "missing-mandatory-unit"
        public static let practiceHours = "practice-hours"
        public static let groupMinCredits = "group-min-credits"
        public static let groupMinUnits = "group-min-units"
        public static let groupMaxCredits = "group-max-credits"
        public static let minCredits = "min-credits"
        public static let minCreditsAtLevel = "min-credits-at-level"
        public static let barredCombination = "barred-combination"
        public static let unitAssignment = "unit-assignment"
        public static let inductionHours = "induction-hours"
        public static let tutorialHours = "tutorial-hours"
        public static let registrationClosed = "registration-closed"
        public static let certificationClosed = "certification-closed"
        public static let completionWindow = "completion-window"
    }
}
