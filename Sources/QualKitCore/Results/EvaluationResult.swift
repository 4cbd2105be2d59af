/// Whether one learner has achieved one qualification, and exactly why or why not.
///
/// Encodes with `JSONEncoder` as `qualkit evaluate` writes a result line: the keys of ``ResultField``
/// (`required_credits`, `counted_units`, …), in that order, with every warning as its sentence. What
/// either writes decodes to an equal value (`ResultReader` in QualKitLearners reads a file of them).
public struct EvaluationResult: Hashable, Sendable, Codable {
    /// The learner's id, as the record gives it.
    public var learner: LearnerID
    public var qualification: QualificationID
    /// The version of the qualification's rules the learner was evaluated against (`"1"` for a qualification
    /// with one version): the one in force on their registration date, the one their record chooses (a
    /// `version` exception), or a what-if's.
    public var version: String
    public var achieved: Bool
    /// Credits of the distinct achieved units that belong to the qualification (whether or not they count).
    public var credits: Credits
    /// How many of the held credits count towards the qualification (``ResultField/countedCredits`` says
    /// exactly how): when the rules of combination are met, the credits of ``countedUnits`` under the
    /// assignment that meets them; when they are not, the most credits of the units held towards the closest
    /// route that can count together under its caps and bars. Fewer than ``credits`` when units do not count
    /// on the route, or a cap or a bar stops some of them counting; 0 for a `limit-exceeded` result.
    public var countedCredits: Credits
    /// The qualification's stated credit value.
    public var requiredCredits: Credits
    /// Units counted towards the qualification (achieved), or held towards the closest route (not achieved).
    public var countedUnits: [UnitCode]
    /// The held units that counted as an equivalent unit of a pack's equivalence class ("LM5-593 counted as
    /// LM5-503"), in the order of the units counted; empty when every unit counted as itself. A substitution
    /// by an exception is in ``exceptionsApplied`` instead.
    public var countedAs: [UnitStandIn]
    /// The alternative route taken or closest to completion (`group-2`); `nil` without alternatives.
    public var route: RouteLabel?
    /// Every requirement not met, each with its ``UnmetRequirement/code`` and typed
    /// ``UnmetRequirement/details``. Its sentence, ``UnmetRequirement/message``, is there only when
    /// ``EvaluationOptions/messages`` asks for it (on by default in Swift; `qualkit evaluate` writes it only
    /// with `--messages`), and is `nil` otherwise.
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

    public init(
        learner: LearnerID, qualification: QualificationID, achieved: Bool, credits: Credits,
        requiredCredits: Credits, countedUnits: [UnitCode], route: RouteLabel?, unmet: [UnmetRequirement],
        next: [UnitCode]?, deadline: CalendarDate? = nil, unchecked: [UncheckedCode],
        warnings: [EvaluationWarning], exceptionsApplied: [LearnerException] = [], version: String = "1",
        countedCredits: Credits? = nil, countedAs: [UnitStandIn] = []
    ) {
        self.learner = learner; self.qualification = qualification; self.version = version
        self.achieved = achieved; self.credits = credits; self.countedCredits = countedCredits ?? credits
        self.requiredCredits = requiredCredits; self.countedUnits = countedUnits; self.route = route; self.unmet = unmet
        self.next = next; self.deadline = deadline; self.unchecked = unchecked; self.warnings = warnings
        self.exceptionsApplied = exceptionsApplied; self.countedAs = countedAs
    }

    public typealias CodingKeys = ResultField

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ResultField.self)
        learner = try c.decode(LearnerID.self, forKey: .learner)
        qualification = try c.decode(QualificationID.self, forKey: .qualification)
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? "1"
        achieved = try c.decode(Bool.self, forKey: .achieved)
        func wholeCredits(_ key: ResultField) throws -> Credits { // an error at the key for a fraction
            let x = try c.decode(Double.self, forKey: key)
            guard x == x.rounded(), abs(x) < 1e15 else {
                let why = "expected a whole number of credits, found \(x)"
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: why)
            }
            return Credits(Int(x))
        }
        credits = try wholeCredits(.credits)
        // Results written before the field existed: every held credit taken to count.
        countedCredits = c.contains(.countedCredits) ? try wholeCredits(.countedCredits) : credits
        requiredCredits = try wholeCredits(.requiredCredits)
        countedUnits = try c.decode([UnitCode].self, forKey: .countedUnits)
        countedAs = try c.decodeIfPresent([UnitStandIn].self, forKey: .countedAs) ?? []
        route = try c.decodeIfPresent(RouteLabel.self, forKey: .route)
        unmet = try c.decode([UnmetRequirement].self, forKey: .unmet)
        next = try c.decodeIfPresent([UnitCode].self, forKey: .next)
        deadline = try c.decodeIfPresent(CalendarDate.self, forKey: .deadline)
        unchecked = try c.decode([UncheckedCode].self, forKey: .unchecked)
        warnings = try c.decode([WrittenWarning].self, forKey: .warnings).map(\.warning)
        exceptionsApplied = try c.decodeIfPresent([LearnerException].self, forKey: .exceptionsApplied) ?? []
    }

    /// Encodes every field, `null` for an absent route, `next` or `deadline`, so that every object has the
    /// same keys, except `counted_as`, there only when a unit counted as an equivalent one; each warning as
    /// its sentence.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ResultField.self)
        for f in ResultField.allCases {
            switch f {
            case .learner: try c.encode(learner, forKey: f)
            case .qualification: try c.encode(qualification, forKey: f)
            case .version: try c.encode(version, forKey: f)
            case .achieved: try c.encode(achieved, forKey: f)
            case .credits: try c.encode(credits, forKey: f)
            case .countedCredits: try c.encode(countedCredits, forKey: f)
            case .requiredCredits: try c.encode(requiredCredits, forKey: f)
            case .countedUnits: try c.encode(countedUnits, forKey: f)
            case .countedAs: if !countedAs.isEmpty { try c.encode(countedAs, forKey: f) }
            case .route: try c.encode(route, forKey: f)
            case .unmet: try c.encode(unmet, forKey: f)
            case .next: try c.encode(next, forKey: f)
            case .deadline: try c.encode(deadline, forKey: f)
            case .unchecked: try c.encode(unchecked, forKey: f)
            case .warnings: try c.encode(warnings.map(WrittenWarning.init), forKey: f)
            case .exceptionsApplied: try c.encode(exceptionsApplied, forKey: f)
            }
        }
    }
}

/// A held unit that counted as another, equivalent unit of a pack's equivalence class: "LM5-593 counted as
/// LM5-503". As JSON, `{"held":"LM5-593","as":"LM5-503"}`.
public struct UnitStandIn: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The unit the learner holds.
    public var held: UnitCode
    /// The unit of the qualification it counted as.
    public var countedAs: UnitCode

    public init(held: UnitCode, countedAs: UnitCode) {
        self.held = held
        self.countedAs = countedAs
    }

    /// `LM5-593>LM5-503`, as a CSV cell lists it.
    public var description: String { "\(held.rawValue)>\(countedAs.rawValue)" }

    public enum CodingKeys: String, CodingKey {
        case held
        case countedAs = "as"
    }
}

/// A warning as results carry it: its sentence, from which the kind and subject are read back, or, for a
/// warning whose sentence does not say them (one a service built with its own words), an object with all
/// three, as earlier versions of the `Codable` encoding wrote every warning.
private struct WrittenWarning: Codable {
    var warning: EvaluationWarning

    init(_ warning: EvaluationWarning) { self.warning = warning }

    func encode(to encoder: any Encoder) throws {
        if warning.isReadFromItsSentence {
            var c = encoder.singleValueContainer()
            try c.encode(warning.message)
        } else {
            try warning.encode(to: encoder)
        }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        guard let message = try? c.decode(String.self) else {
            warning = try c.decode(EvaluationWarning.self)
            return
        }
        guard let w = EvaluationWarning(message: message) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a warning QualKit writes: \(message)")
        }
        warning = w
    }
}

/// The fields of an ``EvaluationResult``: the one definition of their keys and order, from which the
/// `Codable` encoding, the JSON Lines and CSV writers and the CSV header follow.
public enum ResultField: String, CaseIterable, CodingKey, Hashable, Sendable {
    case learner, qualification, version, achieved, credits
    case countedCredits = "counted_credits"
    case requiredCredits = "required_credits"
    case countedUnits = "counted_units"
    case countedAs = "counted_as"
    case route, unmet, next, deadline, unchecked, warnings
    case exceptionsApplied = "exceptions_applied"

    /// The position in declaration order.
    @inlinable package var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    /// The fields of a JSON Lines result, in order: all of them.
    public static let jsonLines: [ResultField] = allCases
    /// The columns of a CSV result, in order. Lists are joined with `;`; `unmet` gives codes only.
    public static let csv: [ResultField] = [
        .learner, .qualification, .achieved, .credits, .countedCredits,
        .requiredCredits, .route, .countedUnits, .unmet, .next, .deadline
    ]

    /// What the field holds, for the result field list of the documentation.
    public var summary: String {
        switch self {
        case .learner: "The learner's id, as the record gives it."
        case .qualification: "The qualification's id."
        case .version:
            "The version of the qualification's rules the learner was evaluated against (`1` unless "
                + "its pack gives it several)."
        case .achieved: "Whether the qualification is achieved: its rules of combination and every check met."
        case .credits:
            "Credits of the distinct achieved units that belong to the qualification, whether or not "
                + "they count."
        case .countedCredits:
            "Credits that count towards the qualification. With the rules of combination met "
                + "(achieved, or stopped only by hours or dates): the credits of `counted_units` under the assignment "
                + "that meets them, which is the most that can count unless a cap or a bar of the route leaves a "
                + "choice (the assignment then keeps the earliest units in the qualification's order). Not met: the "
                + "most credits of the units held towards the closest route that can count together under its caps "
                + "and bars. Below `credits` when held units are not on the route, or a cap or a bar stops some; 0 "
                + "when the result is `limit-exceeded` (not decided)."
        case .requiredCredits: "The qualification's stated credit value."
        case .countedUnits: "Units counted (achieved), or held towards the closest route (not achieved)."
        case .countedAs:
            "Held units that counted as an equivalent unit of a pack's equivalence class, each "
                + "`{\"held\":\"LM5-593\",\"as\":\"LM5-503\"}`; in JSON Lines only when there is one (CSV: "
                + "`LM5-593>LM5-503`, joined with `;`)."
        case .route: "The alternative route taken or closest to completion; `null` without alternatives."
        case .unmet: "Every requirement not met, each with its `code` and the details of its kind."
        case .next:
            "The smallest set of units that would complete the rules of combination; `null` when none "
                + "can, or when a date closes the qualification."
        case .deadline:
            "The last day the qualification can still be completed for this learner; `null` when no "
                + "limit is known."
        case .unchecked: "Checks that could not be made for lack of data."
        case .warnings: "Problems with the record that did not stop the evaluation, as sentences."
        case .exceptionsApplied: "The learner's exceptions that this result used, in record order."
        }
    }
}

/// A requirement a learner has not met: its ``details`` (what kind, with the values of that kind, typed)
/// and, when ``EvaluationOptions/messages`` asks for it, a sentence a centre can read (``message``).
///
/// ```swift
/// switch requirement.details {
/// case .missingMandatoryUnit(let unit): print("missing", unit)
/// case .groupMinCredits(let group, let held, let required): print(group, held, "of", required, "credits")
/// case .practiceHours(let unit, let held, let required): print(unit, held, "of", required, "hours")
/// default: print(requirement.code, requirement.message ?? requirement.code.summary)
/// }
/// ```
///
/// As JSON, an object with the `code`, the `message` (when there is one) and the details of the kind
/// under these keys, in this order (``CodingKeys``); a kind's absent keys are left out:
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
/// | `registered-before-start` | `date` registered, `limit` (the operational start) |
/// | `registration-closed` | `date` registered, `limit` (the registration end date) |
/// | `certification-closed` | `unit`, `date` achieved, `limit` (the certification end date, or its extension); or, as of a date after it, `date` (the as-of date) and `limit` |
/// | `completion-window` | `unit`, `date` achieved, `limit` (the last day of the window); or, as of a date after the window, `date` (the as-of date) and `limit` |
/// | `limit-exceeded` | `required` choices, the `maximum` tried |
public struct UnmetRequirement: Hashable, Sendable, Codable {
    /// What kind of requirement, with its values.
    public var details: Details
    /// A sentence a centre can read; `nil` when messages were not asked for
    /// (``EvaluationOptions/messages``, `qualkit evaluate` without `--messages`).
    public var message: String?

    public init(_ details: Details, message: String? = nil) {
        self.details = details
        self.message = message
    }

    /// What kind of requirement: its stable code (``Details/code``).
    public var code: UnmetCode { details.code }

    /// The kinds of unmet requirement, each with its values: one case per ``UnmetCode``.
    ///
    /// After ``unitAssignment`` (each requirement could be met alone, not all together) come the
    /// requirements that block each other, a minimal set of them: a minimum's `held` is then the most that
    /// can count towards it while the others of the set are met; a cap's `held` the credits held under it;
    /// a bar's `units` the units it bars.
    public enum Details: Hashable, Sendable {
        /// A mandatory unit not achieved.
        case missingMandatoryUnit(unit: UnitCode)
        /// A unit listed with fewer hours of supervised practice (`held`) than `required`.
        case practiceHours(unit: UnitCode, held: Hours, required: Hours)
        /// Fewer credits from the group than required.
        case groupMinCredits(group: GroupID, held: Credits, required: Credits)
        /// Fewer units of the group than required.
        case groupMinUnits(group: GroupID, held: Int, required: Int)
        /// Fewer credits in all than required.
        case minCredits(held: Credits, required: Credits)
        /// Fewer credits at or above `level` than required.
        case minCreditsAtLevel(level: Level, held: Credits, required: Credits)
        /// Mandatory units (or, after ``unitAssignment``, the units held) give more credits from the group
        /// (`held`) than may count (`maximum`).
        case groupMaxCredits(group: GroupID, held: Credits, maximum: Credits)
        /// Mandatory units (or, after ``unitAssignment``, the units held) give more credits at or below
        /// `level` (`held`) than may count (`maximum`).
        case maxCreditsAtLevel(level: Level, held: Credits, maximum: Credits)
        /// Units that cannot all count, but the route needs them all.
        case barredCombination(units: [UnitCode])
        /// Each requirement could be met alone, but not all together; the requirements that block each other
        /// follow.
        case unitAssignment
        /// Fewer hours of induction than required.
        case inductionHours(held: Hours, required: Hours)
        /// Fewer hours of tutorial support than required.
        case tutorialHours(held: Hours, required: Hours)
        /// Registered on `date`, before the qualification's operational start `limit`.
        case registeredBeforeStart(date: CalendarDate, limit: CalendarDate)
        /// Registered on `date`, after the registration end date `limit`.
        case registrationClosed(date: CalendarDate, limit: CalendarDate)
        /// A counted `unit` achieved on `date`, after the certification end date (or its extension)
        /// `limit`; or, with no unit, evaluated as of `date`, after `limit`, and not completed by then.
        case certificationClosed(unit: UnitCode?, date: CalendarDate, limit: CalendarDate)
        /// A counted `unit` achieved on `date`, after the last day of the completion window `limit`; or,
        /// with no unit, evaluated as of `date`, after the window, and not completed within it.
        case completionWindow(unit: UnitCode?, date: CalendarDate, limit: CalendarDate)
        /// The learner's substitutions and equivalences offer `required` choices, more than the `maximum`
        /// tried (``EvaluationLimits/maximumChoices``).
        case limitExceeded(required: Int, maximum: Int)

        /// The stable code of the kind.
        public var code: UnmetCode {
            switch self {
            case .missingMandatoryUnit: .missingMandatoryUnit
            case .practiceHours: .practiceHours
            case .groupMinCredits: .groupMinCredits
            case .groupMinUnits: .groupMinUnits
            case .minCredits: .minCredits
            case .minCreditsAtLevel: .minCreditsAtLevel
            case .groupMaxCredits: .groupMaxCredits
            case .maxCreditsAtLevel: .maxCreditsAtLevel
            case .barredCombination: .barredCombination
            case .unitAssignment: .unitAssignment
            case .inductionHours: .inductionHours
            case .tutorialHours: .tutorialHours
            case .registeredBeforeStart: .registeredBeforeStart
            case .registrationClosed: .registrationClosed
            case .certificationClosed: .certificationClosed
            case .completionWindow: .completionWindow
            case .limitExceeded: .limitExceeded
            }
        }
    }

    /// The keys of an unmet requirement's JSON object, in order.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case code, message, unit, group, units, level, held, required, maximum, date, limit

        /// The position in declaration order.
        @inlinable package var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
    }

    /// The details as the values of their JSON keys (``CodingKeys``), each `nil` where the kind has no
    /// such key: the one description of which key carries what, from which the `Codable` encoding, its
    /// decoding, the byte writers and the engine's values follow (``Details/fields`` and
    /// ``Details/init(code:fields:)`` are inverse).
    package struct Fields: Hashable, Sendable {
        package var unit: UnitCode?
        package var group: GroupID?
        package var units: [UnitCode]?
        package var level: Level?
        /// Credits, units, hours or choices, as the kind counts them.
        package var held: Double?
        package var required: Double?
        package var maximum: Double?
        package var date: CalendarDate?
        package var limit: CalendarDate?

        package init() {}
    }

    /// Why ``Details/init(code:fields:)`` cannot build the details of a kind: the key that is missing, or
    /// that holds a value the kind cannot count.
    package struct FieldProblem: Error, Hashable, Sendable {
        package var key: CodingKeys
        /// `nil`: the key is missing.
        package var message: String?
    }
}

extension UnmetRequirement.Details {
    /// The values of the details under their JSON keys.
    package var fields: UnmetRequirement.Fields {
        var f = UnmetRequirement.Fields()
        switch self {
        case .missingMandatoryUnit(let unit): f.unit = unit
        case .practiceHours(let unit, let held, let required):
            f.unit = unit; f.held = held.value; f.required = required.value
        case .groupMinCredits(let group, let held, let required):
            f.group = group; f.held = Double(held.value); f.required = Double(required.value)
        case .groupMinUnits(let group, let held, let required):
            f.group = group; f.held = Double(held); f.required = Double(required)
        case .minCredits(let held, let required): f.held = Double(held.value); f.required = Double(required.value)
        case .minCreditsAtLevel(let level, let held, let required):
            f.level = level; f.held = Double(held.value); f.required = Double(required.value)
        case .groupMaxCredits(let group, let held, let maximum):
            f.group = group; f.held = Double(held.value); f.maximum = Double(maximum.value)
        case .maxCreditsAtLevel(let level, let held, let maximum):
            f.level = level; f.held = Double(held.value); f.maximum = Double(maximum.value)
        case .barredCombination(let units): f.units = units
        case .unitAssignment: break
        case .inductionHours(let held, let required), .tutorialHours(let held, let required):
            f.held = held.value; f.required = required.value
        case .registeredBeforeStart(let date, let limit), .registrationClosed(let date, let limit):
            f.date = date; f.limit = limit
        case .certificationClosed(let unit, let date, let limit), .completionWindow(let unit, let date, let limit):
            f.unit = unit; f.date = date; f.limit = limit
        case .limitExceeded(let required, let maximum): f.required = Double(required); f.maximum = Double(maximum)
        }
        return f
    }

    /// The details of kind `code` from the values of their JSON keys (keys the kind does not have are
    /// ignored).
    ///
    /// - Throws: the first key the kind needs that is missing, or that holds a value it cannot count (a
    ///   fraction of a credit).
    package init(code: UnmetCode, fields: UnmetRequirement.Fields) throws(UnmetRequirement.FieldProblem) {
        typealias Key = UnmetRequirement.CodingKeys
        func need<T>(_ value: T?, _ key: Key) throws(UnmetRequirement.FieldProblem) -> T {
            guard let value else { throw .init(key: key) }
            return value
        }
        func whole(_ key: Key, _ what: String) throws(UnmetRequirement.FieldProblem) -> Int {
            let x = try need(key == .held ? fields.held : key == .required ? fields.required : fields.maximum, key)
            guard x == x.rounded(), abs(x) < 1e15 else {
                throw .init(key: key, message: "expected a whole number of \(what), found \(Hours(x))")
            }
            return Int(x)
        }
        func credits(_ key: Key) throws(UnmetRequirement.FieldProblem) -> Credits { Credits(try whole(key, "credits")) }
        func hours(_ key: Key) throws(UnmetRequirement.FieldProblem) -> Hours {
            Hours(try need(key == .held ? fields.held : fields.required, key))
        }
        switch code {
        case .missingMandatoryUnit: self = .missingMandatoryUnit(unit: try need(fields.unit, .unit))
        case .practiceHours:
            self = .practiceHours(
                unit: try need(fields.unit, .unit), held: try hours(.held), required: try hours(.required))
        case .groupMinCredits:
            self = .groupMinCredits(
                group: try need(fields.group, .group), held: try credits(.held),
                required: try credits(.required))
        case .groupMinUnits:
            self = .groupMinUnits(
                group: try need(fields.group, .group), held: try whole(.held, "units"),
                required: try whole(.required, "units"))
        case .minCredits: self = .minCredits(held: try credits(.held), required: try credits(.required))
        case .minCreditsAtLevel:
            self = .minCreditsAtLevel(
                level: try need(fields.level, .level), held: try credits(.held),
                required: try credits(.required))
        case .groupMaxCredits:
            self = .groupMaxCredits(
                group: try need(fields.group, .group), held: try credits(.held),
                maximum: try credits(.maximum))
        case .maxCreditsAtLevel:
            self = .maxCreditsAtLevel(
                level: try need(fields.level, .level), held: try credits(.held),
                maximum: try credits(.maximum))
        case .barredCombination: self = .barredCombination(units: try need(fields.units, .units))
        case .unitAssignment: self = .unitAssignment
        case .inductionHours: self = .inductionHours(held: try hours(.held), required: try hours(.required))
        case .tutorialHours: self = .tutorialHours(held: try hours(.held), required: try hours(.required))
        case .registeredBeforeStart:
            self = .registeredBeforeStart(date: try need(fields.date, .date), limit: try need(fields.limit, .limit))
        case .registrationClosed:
            self = .registrationClosed(date: try need(fields.date, .date), limit: try need(fields.limit, .limit))
        case .certificationClosed:
            self = .certificationClosed(
                unit: fields.unit, date: try need(fields.date, .date), limit: try need(fields.limit, .limit))
        case .completionWindow:
            self = .completionWindow(
                unit: fields.unit, date: try need(fields.date, .date), limit: try need(fields.limit, .limit))
        case .limitExceeded:
            self = .limitExceeded(required: try whole(.required, "choices"), maximum: try whole(.maximum, "choices"))
        }
    }
}

extension UnmetRequirement {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let code = try c.decode(UnmetCode.self, forKey: .code)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        var f = Fields()
        f.unit = try c.decodeIfPresent(UnitCode.self, forKey: .unit)
        f.group = try c.decodeIfPresent(GroupID.self, forKey: .group)
        f.units = try c.decodeIfPresent([UnitCode].self, forKey: .units)
        f.level = try c.decodeIfPresent(Level.self, forKey: .level)
        f.held = try c.decodeIfPresent(Double.self, forKey: .held)
        f.required = try c.decodeIfPresent(Double.self, forKey: .required)
        f.maximum = try c.decodeIfPresent(Double.self, forKey: .maximum)
        f.date = try c.decodeIfPresent(CalendarDate.self, forKey: .date)
        f.limit = try c.decodeIfPresent(CalendarDate.self, forKey: .limit)
        do {
            details = try Details(code: code, fields: f)
        } catch {
            guard let why = error.message else {
                throw DecodingError.keyNotFound(
                    error.key,
                    .init(
                        codingPath: c.codingPath, debugDescription: "'\(code)' needs '\(error.key.rawValue)'"))
            }
            throw DecodingError.dataCorruptedError(forKey: error.key, in: c, debugDescription: why)
        }
    }

    /// The code, the message when there is one, and the details' keys in the order of ``CodingKeys``.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let f = details.fields
        func encodeNumber(_ value: Double?, _ key: CodingKeys) throws { // whole numbers without a point, as written
            guard let value else { return }
            if value == value.rounded(), abs(value) < 1e15 {
                try c.encode(Int(value), forKey: key)
            } else {
                try c.encode(value, forKey: key)
            }
        }
        for key in CodingKeys.allCases {
            switch key {
            case .code: try c.encode(code, forKey: key)
            case .message: try c.encodeIfPresent(message, forKey: key)
            case .unit: try c.encodeIfPresent(f.unit, forKey: key)
            case .group: try c.encodeIfPresent(f.group, forKey: key)
            case .units: try c.encodeIfPresent(f.units, forKey: key)
            case .level: try c.encodeIfPresent(f.level, forKey: key)
            case .held: try encodeNumber(f.held, key)
            case .required: try encodeNumber(f.required, key)
            case .maximum: try encodeNumber(f.maximum, key)
            case .date: try c.encodeIfPresent(f.date, forKey: key)
            case .limit: try c.encodeIfPresent(f.limit, forKey: key)
            }
        }
    }
}

extension UnmetRequirement {
    /// The unit concerned, where the kind names one (``details`` has it).
    public var unit: UnitCode? { details.fields.unit }
    /// The group concerned, where the kind names one.
    public var group: GroupID? { details.fields.group }
    /// The units concerned, for a barred combination.
    public var units: [UnitCode]? { details.fields.units }
    /// The learner's date concerned, where the kind has one: registration, the unit's achievement, or the
    /// as-of date.
    public var date: CalendarDate? { details.fields.date }
    /// The date limit passed, where the kind has one: the registration or certification end date, or the
    /// last day of the completion window.
    public var limit: CalendarDate? { details.fields.limit }

    /// The level's code (`3`, `E2`) of a credits-at-level requirement.
    @available(*, deprecated, message: "switch over 'details': '.minCreditsAtLevel' has a 'Level'")
    public var level: String? { details.fields.level?.code }
    /// What the learner has: credits, units or hours.
    @available(*, deprecated, message: "switch over 'details': credits are 'Credits', hours 'Hours'")
    public var held: Double? { details.fields.held }
    /// What the requirement asks for: credits, units, hours or choices.
    @available(*, deprecated, message: "switch over 'details': credits are 'Credits', hours 'Hours'")
    public var required: Double? { details.fields.required }
    /// The most that may count: a group's maximum credits, or the choices tried.
    @available(*, deprecated, message: "switch over 'details': credits are 'Credits'")
    public var maximum: Double? { details.fields.maximum }
}
