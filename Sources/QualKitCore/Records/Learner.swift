/// One learner's record: what they have achieved, with the evidence a centre holds.
///
/// Build one in code, or read JSON Lines / CSV with `LearnerReader` (`QualKitLearners`):
///
/// ```swift
/// let learner = Learner(
///     id: "L0000001", registered: try CalendarDate("2013-02-01"),
///     inductionHours: 1, tutorialHours: 2,
///     units: [.init(code: "8577-300", achieved: try CalendarDate("2013-06-01")),
///             .init(code: "8577-301", hours: 6)])
/// ```
///
/// Its JSON form is the JSON Lines record format, with the keys of ``Learner/Field``.
public struct Learner: Hashable, Sendable, Codable {
    /// The learner's id, as the centre's records give it (not empty).
    public var id: LearnerID
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
    /// Decisions recorded against the learner (exemptions, substitutions, waivers, extensions).
    public var exceptions: [LearnerException]

    public init(
        id: LearnerID, registered: CalendarDate? = nil, inductionHours: Hours? = nil,
        tutorialHours: Hours? = nil,
        units: [UnitAchievement] = [], assessments: [AssessmentAttempt] = [], exceptions: [LearnerException] = []
    ) {
        self.id = id; self.registered = registered; self.inductionHours = inductionHours
        self.tutorialHours = tutorialHours; self.units = units; self.assessments = assessments
        self.exceptions = exceptions
    }

    /// The keys of a learner record, in the order writers give them: the one definition of the record
    /// format's keys, which every reader and writer of records (JSON Lines, CSV, the generator) uses.
    public enum Field: String, CaseIterable, CodingKey, Sendable, RecordKey {
        case id, registered
        case inductionHours = "induction_hours"
        case tutorialHours = "tutorial_hours"
        case units, assessments, exceptions
        package static let object = "the learner record"
    }
    public typealias CodingKeys = Field

    public init(from decoder: any Decoder) throws {
        // The checks and messages of every reader (LearnerRecordSchema), with the field's path.
        let c = try decoder.container(keyedBy: Field.self)
        guard let id = try c.decodeIdentifier(forKey: .id, expected: "a learner id") else {
            throw DecodingError.keyNotFound(
                Field.id,
                .init(
                    codingPath: c.codingPath,
                    debugDescription:
                        "missing 'id'; every record needs \"id\":\"…\""))
        }
        self.id = LearnerID(id)
        registered = try c.decodeDate(forKey: .registered)
        inductionHours = try c.decodeHours(forKey: .inductionHours)
        tutorialHours = try c.decodeHours(forKey: .tutorialHours)
        units = try c.decodeIfPresent([UnitAchievement].self, forKey: .units) ?? []
        assessments = try c.decodeIfPresent([AssessmentAttempt].self, forKey: .assessments) ?? []
        exceptions = try c.decodeIfPresent([LearnerException].self, forKey: .exceptions) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Field.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(registered, forKey: .registered)
        try c.encodeIfPresent(inductionHours, forKey: .inductionHours)
        try c.encodeIfPresent(tutorialHours, forKey: .tutorialHours)
        if !units.isEmpty { try c.encode(units, forKey: .units) }
        if !assessments.isEmpty { try c.encode(assessments, forKey: .assessments) }
        if !exceptions.isEmpty { try c.encode(exceptions, forKey: .exceptions) }
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

    /// The keys of an entry of a record's `units`.
    public enum Field: String, CaseIterable, CodingKey, Sendable, RecordKey {
        case code, achieved, hours
        package static let object = "each entry of '\(Learner.Field.units.rawValue)'"
    }
    public typealias CodingKeys = Field

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Field.self)
        code = UnitCode(
            try c.decodeIdentifier(forKey: .code, expected: "a unit code")
                ?? c.decode(String.self, forKey: .code))
        achieved = try c.decodeDate(forKey: .achieved)
        hours = try c.decodeHours(forKey: .hours)
    }
}

/// One submission of a marked assessment.
public struct AssessmentAttempt: Hashable, Sendable, Codable {
    public var id: AssessmentID
    /// One mark per section of the mark sheet, in order.
    public var marks: [Int]
    public var date: CalendarDate?
    public init(id: AssessmentID, marks: [Int], date: CalendarDate? = nil) {
        self.id = id; self.marks = marks; self.date = date
    }

    /// The keys of an entry of a record's `assessments`.
    public enum Field: String, CaseIterable, CodingKey, Sendable, RecordKey {
        case id, marks, date
        package static let object = "each entry of '\(Learner.Field.assessments.rawValue)'"
    }
    public typealias CodingKeys = Field

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Field.self)
        id = AssessmentID(
            try c.decodeIdentifier(forKey: .id, expected: "an assessment id")
                ?? c.decode(String.self, forKey: .id))
        var list = try c.nestedUnkeyedContainer(forKey: .marks)
        marks = []
        while !list.isAtEnd {
            let v = try list.decode(Double.self)
            if let p = LearnerRecordSchema.problem(mark: v) {
                let path = LearnerRecordSchema.path(list.codingPath) + "[\(list.currentIndex - 1)]"
                let name = LearnerRecordSchema.quoted(path)
                throw DecodingError.dataCorrupted(.init(codingPath: list.codingPath, debugDescription: p.message(name)))
            }
            marks.append(Int(v))
        }
        date = try c.decodeDate(forKey: .date)
    }
}

/// The keys of one kind of object in a learner record.
package protocol RecordKey: CaseIterable, RawRepresentable<String>, Sendable where AllCases == [Self] {
    /// The object, as messages name it (`the learner record`).
    static var object: String { get }
}

extension RecordKey {
    /// The key for `name`, if the format defines it.
    package static func named(_ name: some StringProtocol) -> Self? { allCases.first { $0.rawValue == name } }
    /// The closest key to a misspelt `name`.
    package static func suggestion(for name: String) -> String? {
        Suggestion.closest(to: name, among: allCases.map(\.rawValue))
    }
}
