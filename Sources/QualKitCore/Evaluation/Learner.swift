/// One learner's record: what they have achieved, with the evidence a centre holds.
///
/// Build one in code, or read JSON Lines / CSV with `QualKitLearners`:
///
/// ```swift
/// let learner = Learner(
///     id: "L0000001", registered: CalendarDate(iso: "2013-02-01"),
///     inductionHours: 1, tutorialHours: 2,
///     units: [.init(code: "8577-300", achieved: CalendarDate(iso: "2013-06-01")),
///             .init(code: "8577-301", hours: 6)])
/// ```
public struct Learner: Hashable, Sendable, Codable {
    public var id: String
    /// Date of registration for the qualification, if known.
    public var registered: CalendarDate?
    /// Induction received, in hours; `nil` when not recorded (then not checked).
    public var inductionHours: Hours?
    /// Tutorial support received, in hours; `nil` when not recorded (then not checked).
    public var tutorialHours: Hours?
    /// Units the centre lists as achieved.
    public var units: [UnitAchievement]
    /// Marked assessment submissions, including referred attempts and resubmissions.
    public var assessments: [AssessmentAttempt]

    public init(id: String, registered: CalendarDate? = nil, inductionHours: Hours? = nil, tutorialHours: Hours? = nil,
                units: [UnitAchievement] = [], assessments: [AssessmentAttempt] = []) {
        self.id = id; self.registered = registered; self.inductionHours = inductionHours
        self.tutorialHours = tutorialHours; self.units = units; self.assessments = assessments
    }

    enum CodingKeys: String, CodingKey {
        case id, registered, units, assessments
        case inductionHours = "induction_hours"
        case tutorialHours = "tutorial_hours"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        registered = try c.decodeIfPresent(CalendarDate.self, forKey: .registered)
        inductionHours = try c.decodeIfPresent(Hours.self, forKey: .inductionHours)
        tutorialHours = try c.decodeIfPresent(Hours.self, forKey: .tutorialHours)
        units = try c.decodeIfPresent([UnitAchievement].self, forKey: .units) ?? []
        assessments = try c.decodeIfPresent([AssessmentAttempt].self, forKey: .assessments) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(registered, forKey: .registered)
        try c.encodeIfPresent(inductionHours, forKey: .inductionHours)
        try c.encodeIfPresent(tutorialHours, forKey: .tutorialHours)
        if !units.isEmpty { try c.encode(units, forKey: .units) }
        if !assessments.isEmpty { try c.encode(assessments, forKey: .assessments) }
    }
}

/// A unit the centre lists as achieved, with optional date and hours of supervised practice.
public struct UnitAchievement: Hashable, Sendable, Codable {
    public var code: UnitCode
    public var achieved: CalendarDate?
    /// Hours of supervised practice; when given and below the unit's minimum, the unit is not achieved.
    public var hours: Hours?
    public init(code: UnitCode, achieved: CalendarDate? = nil, hours: Hours? = nil) {
        self.code = code; self.achieved = achieved; self.hours = hours
    }
}

/// One submission of a marked assessment.
public struct AssessmentAttempt: Hashable, Sendable, Codable {
    public var id: AssessmentID
    /// One mark per section of the mark sheet, in order.
    public var marks: [Int]
    public var date: CalendarDate?
    public init(id: AssessmentID, marks: [Int], date: CalendarDate? = nil) { self.id = id; self.marks = marks; self.date = date }
}
