/// A unit: the smallest part of a qualification that carries credit.
///
/// Named `LearningUnit` so that it does not clash with Foundation's `Unit`.
public struct LearningUnit: Hashable, Sendable, Codable {
    /// The awarding organisation's code (`8577-300`).
    public var code: UnitCode
    public var title: String
    public var level: Level
    public var credits: Credits
    public var guidedLearningHours: GuidedLearningHours
    /// Learning outcomes with their numbered assessment criteria; empty where the source gives none.
    public var learningOutcomes: [LearningOutcome]
    /// Hours of supervised practice a learner must complete (e.g. "at least six hours of coaching"), if any.
    public var minimumPracticeHours: Hours?
    /// The unit's stated purpose and aim.
    public var purpose: String?
    /// First day the unit may be used.
    public var availableFrom: CalendarDate?
    /// The date the awarding organisation planned to review the unit.
    public var reviewDate: CalendarDate?
    /// Links to national occupational standards, as the source states them (`ENTO 2006 NOS: CM2`).
    public var nationalOccupationalStandards: [String]

    public init(
        code: UnitCode, title: String, level: Level, credits: Credits, guidedLearningHours: GuidedLearningHours,
        learningOutcomes: [LearningOutcome] = [], minimumPracticeHours: Hours? = nil, purpose: String? = nil,
        availableFrom: CalendarDate? = nil, reviewDate: CalendarDate? = nil,
        nationalOccupationalStandards: [String] = []
    ) {
        self.code = code; self.title = title; self.level = level; self.credits = credits
        self.guidedLearningHours = guidedLearningHours; self.learningOutcomes = learningOutcomes
        self.minimumPracticeHours = minimumPracticeHours; self.purpose = purpose
        self.availableFrom = availableFrom; self.reviewDate = reviewDate
        self.nationalOccupationalStandards = nationalOccupationalStandards
    }
}

/// What a learner will do ("the learner will …"), judged by its assessment criteria.
public struct LearningOutcome: Hashable, Sendable, Codable {
    /// The outcome's number within its unit (1, 2, …).
    public var number: Int
    public var text: String
    public var criteria: [AssessmentCriterion]
    public init(number: Int, text: String, criteria: [AssessmentCriterion]) {
        self.number = number; self.text = text; self.criteria = criteria
    }
}

/// What a learner can do ("the learner can …"), numbered `outcome.n` (`2.3`).
public struct AssessmentCriterion: Hashable, Sendable, Codable {
    public var number: String
    public var text: String
    public init(number: String, text: String) { self.number = number; self.text = text }
}

/// A named set of units that rules of combination refer to ("Group 1").
public struct UnitGroup: Hashable, Sendable, Codable {
    public var id: GroupID
    public var title: String
    public var units: [UnitCode]
    public init(id: GroupID, title: String, units: [UnitCode]) { self.id = id; self.title = title; self.units = units }
}
