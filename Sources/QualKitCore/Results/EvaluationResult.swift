/// Whether one learner has achieved one qualification, and exactly why or why not.
///
/// Encodes with `JSONEncoder` under the keys of ``ResultField`` (`required_credits`, `counted_units`, …).
public struct EvaluationResult: Hashable, Sendable, Codable {
    /// The learner's id, as the record gives it.
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
    public var route: RouteLabel?
    /// Every requirement not met, with a stable code and a sentence.
    public var unmet: [UnmetRequirement]
    /// The smallest set of units that would meet the rules of combination from where the learner stands:
    /// empty when they are met, `nil` when no set of units can (e.g. a barred combination already held).
    public var next: [UnitCode]?
    /// The last day on which the qualification can still be completed for this learner: the earlier of the
    /// certification end date and the end of the completion window from registration, after any extension
    /// (a waived limit does not count). `nil` when no limit is known.
    public var deadline: CalendarDate?
    /// Checks that could not be made because the record lacks the data.
    public var unchecked: [UncheckedCode]
    /// Problems with the record that did not stop the evaluation (unknown unit codes, …).
    public var warnings: [EvaluationWarning]
    /// The learner's exceptions that the assignment or a check used for this result, in record order.
    public var exceptionsApplied: [LearnerException]

    public init(learner: String, qualification: QualificationID, achieved: Bool, credits: Int, requiredCredits: Int,
                countedUnits: [UnitCode], route: RouteLabel?, unmet: [UnmetRequirement], next: [UnitCode]?,
                deadline: CalendarDate? = nil, unchecked: [UncheckedCode], warnings: [EvaluationWarning],
                exceptionsApplied: [LearnerException] = []) {
        self.learner = learner; self.qualification = qualification; self.achieved = achieved; self.credits = credits
        self.requiredCredits = requiredCredits; self.countedUnits = countedUnits; self.route = route; self.unmet = unmet
        self.next = next; self.deadline = deadline; self.unchecked = unchecked; self.warnings = warnings
        self.exceptionsApplied = exceptionsApplied
    }

    public typealias CodingKeys = ResultField

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ResultField.self)
        learner = try c.decode(String.self, forKey: .learner)
        qualification = try c.decode(QualificationID.self, forKey: .qualification)
        achieved = try c.decode(Bool.self, forKey: .achieved)
        credits = try c.decode(Int.self, forKey: .credits)
        requiredCredits = try c.decode(Int.self, forKey: .requiredCredits)
        countedUnits = try c.decode([UnitCode].self, forKey: .countedUnits)
        route = try c.decodeIfPresent(RouteLabel.self, forKey: .route)
        unmet = try c.decode([UnmetRequirement].self, forKey: .unmet)
        next = try c.decodeIfPresent([UnitCode].self, forKey: .next)
        deadline = try c.decodeIfPresent(CalendarDate.self, forKey: .deadline)
        unchecked = try c.decode([UncheckedCode].self, forKey: .unchecked)
        warnings = try c.decode([EvaluationWarning].self, forKey: .warnings)
        exceptionsApplied = try c.decodeIfPresent([LearnerException].self, forKey: .exceptionsApplied) ?? []
    }

    /// Encodes every field, `null` for an absent route or `next`, so that every object has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ResultField.self)
        for f in ResultField.allCases {
            switch f {
            case .learner: try c.encode(learner, forKey: f)
            case .qualification: try c.encode(qualification, forKey: f)
            case .achieved: try c.encode(achieved, forKey: f)
            case .credits: try c.encode(credits, forKey: f)
            case .requiredCredits: try c.encode(requiredCredits, forKey: f)
            case .countedUnits: try c.encode(countedUnits, forKey: f)
            case .route: try c.encode(route, forKey: f)
            case .unmet: try c.encode(unmet, forKey: f)
            case .next: try c.encode(next, forKey: f)
            case .deadline: try c.encode(deadline, forKey: f)
            case .unchecked: try c.encode(unchecked, forKey: f)
            case .warnings: try c.encode(warnings, forKey: f)
            case .exceptionsApplied: try c.encode(exceptionsApplied, forKey: f)
            }
        }
    }
}

/// The fields of an ``EvaluationResult``: the one definition of their keys and order, from which the
/// `Codable` encoding, the JSON Lines and CSV writers and the CSV header follow.
public enum ResultField: String, CaseIterable, CodingKey, Hashable, Sendable {
    case learner, qualification, achieved, credits
    case requiredCredits = "required_credits"
    case countedUnits = "counted_units"
    case route, unmet, next, deadline, unchecked, warnings
    case exceptionsApplied = "exceptions_applied"

    /// The position in declaration order.
    @inlinable package var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    /// The fields of a JSON Lines result, in order: all of them.
    public static let jsonLines: [ResultField] = allCases
    /// The columns of a CSV result, in order. Lists are joined with `;`; `unmet` gives codes only.
    public static let csv: [ResultField] = [.learner, .qualification, .achieved, .credits, .requiredCredits,
                                            .route, .countedUnits, .unmet, .next, .deadline]
}

/// A requirement a learner has not met: a stable code, the structured details of the kind, and (unless
/// turned off) a sentence a centre can read.
///
/// Which details a kind carries (absent keys are left out of the JSON):
///
/// | code | details |
/// | --- | --- |
/// | `missing-mandatory-unit` | `unit` |
/// | `practice-hours` | `unit`, `held` and `required` hours |
/// | `group-min-credits`, `group-min-units` | `group`, `held` and `required` credits or units |
/// | `min-credits` | `held`, `required` credits |
/// | `min-credits-at-level` | `level`, `held`, `required` credits |
/// | `group-max-credits` | `group`, `held` credits and the `maximum` that may count |
/// | `barred-combination` | `units` that cannot all count |
/// | `induction-hours`, `tutorial-hours` | `held`, `required` hours |
/// | `registration-closed` | `date` registered, `limit` (the registration end date) |
/// | `certification-closed` | `unit`, `date` achieved, `limit` (the certification end date, or its extension); or, as of a date after it, `date` (the as-of date) and `limit` |
/// | `completion-window` | `unit`, `date` achieved, `limit` (the last day of the window); or, as of a date after the window, `date` (the as-of date) and `limit` |
/// | `limit-exceeded` | `required` choices, the `maximum` tried |
public struct UnmetRequirement: Hashable, Sendable, Codable {
    /// What kind of requirement: switch over it.
    public var code: UnmetCode
    /// A sentence a centre can read; `nil` when messages were not asked for
    /// (``EvaluationOptions/messages``, `qualkit evaluate` without `--messages`).
    public var message: String?
    /// The unit concerned, where there is one.
    public var unit: UnitCode?
    /// The group concerned, where there is one.
    public var group: GroupID?
    /// The units concerned, for a barred combination.
    public var units: [UnitCode]?
    /// The level (its code: `3`, `E2`) of a credits-at-level requirement.
    public var level: String?
    /// What the learner has: credits, units or hours.
    public var held: Double?
    /// What the requirement asks for: credits, units or hours.
    public var required: Double?
    /// The most that may count (a group's maximum credits).
    public var maximum: Double?
    /// The learner's date concerned: registration, the unit's achievement, or the as-of date.
    public var date: CalendarDate?
    /// The date limit passed: the registration or certification end date, or the last day of the
    /// completion window.
    public var limit: CalendarDate?

    public init(code: UnmetCode, message: String? = nil, unit: UnitCode? = nil, group: GroupID? = nil,
                units: [UnitCode]? = nil, level: String? = nil, held: Double? = nil, required: Double? = nil,
                maximum: Double? = nil, date: CalendarDate? = nil, limit: CalendarDate? = nil) {
        self.code = code; self.message = message; self.unit = unit; self.group = group; self.units = units
        self.level = level; self.held = held; self.required = required; self.maximum = maximum
        self.date = date; self.limit = limit
    }

    /// The keys of an unmet requirement's JSON object, in order.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case code, message, unit, group, units, level, held, required, maximum, date, limit

        /// The position in declaration order.
        @inlinable package var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
    }
}
