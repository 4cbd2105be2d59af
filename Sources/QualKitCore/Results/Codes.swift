/// The kinds of requirement a learner may not meet: the stable code of each ``UnmetRequirement``.
///
/// This enum is the one definition of the codes; ``summary`` says what each means (the code reference of
/// the documentation is generated from it). Their order (the order of declaration) is the order in which
/// results list unmet requirements of different kinds and in which summaries count them.
///
/// ```swift
/// for requirement in result.unmet {
///     switch requirement.code {
///     case .missingMandatoryUnit: print("missing", requirement.unit!)
///     case .practiceHours: print("more practice needed for", requirement.unit!)
///     default: print(requirement.code, requirement.message ?? "")
///     }
/// }
/// ```
public enum UnmetCode: String, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible {
    case missingMandatoryUnit = "missing-mandatory-unit"
    case practiceHours = "practice-hours"
    case groupMinCredits = "group-min-credits"
    case groupMinUnits = "group-min-units"
    case minCredits = "min-credits"
    case minCreditsAtLevel = "min-credits-at-level"
    case groupMaxCredits = "group-max-credits"
    case maxCreditsAtLevel = "max-credits-at-level"
    case barredCombination = "barred-combination"
    case unitAssignment = "unit-assignment"
    case inductionHours = "induction-hours"
    case tutorialHours = "tutorial-hours"
    case registrationClosed = "registration-closed"
    case certificationClosed = "certification-closed"
    case completionWindow = "completion-window"
    case limitExceeded = "limit-exceeded"

    /// What the code means, for people: the text of the code reference.
    public var summary: String {
        switch self {
        case .missingMandatoryUnit: "A unit that every route (or the route closest to completion) requires is not achieved."
        case .practiceHours: "A unit is listed with fewer hours of supervised practice than it requires, so it does not count."
        case .groupMinCredits: "Too few credits from a group (`group` names it)."
        case .groupMinUnits: "Too few units from a group (`group` names it)."
        case .minCredits: "Too few credits in all."
        case .minCreditsAtLevel: "Too few credits at or above a level."
        case .groupMaxCredits: "Mandatory units give more credits from a group than may count (`group` names it)."
        case .maxCreditsAtLevel: "Mandatory units give more credits at or below a level than may count (`level` names it)."
        case .barredCombination: "A route needs units that cannot count together."
        case .unitAssignment: "Each requirement could be met alone, but no way of counting each unit once meets them all."
        case .inductionHours: "Fewer hours of induction than the qualification requires."
        case .tutorialHours: "Fewer hours of tutorial support than the qualification requires."
        case .registrationClosed: "Registered after the qualification's registration end date."
        case .certificationClosed: "A counted unit was achieved after the certification end date (`unit` names it), or, evaluated as of a date after it, the qualification was not completed by then (`date` is the as-of date)."
        case .completionWindow: "A counted unit was achieved after the completion window from registration (`unit` names it), or, evaluated as of a date after the window, the qualification was not completed within it (`date` is the as-of date)."
        case .limitExceeded: "The learner's substitutions and unit equivalences offer more choices for this qualification than the evaluator tries (`required` choices, `maximum` allowed: `EvaluationLimits.maximumChoices`, `--max-choices`); the result is not decided, and says so rather than give an answer."
        }
    }

    public var description: String { rawValue }

    /// The position in declaration order: a bit number for sets of kinds.
    @inlinable package var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
    /// This kind as one bit of a set over ``index``.
    @inlinable package var bit: UInt32 { 1 << UInt32(index) }
}

/// Checks that could not be made because the learner record lacks the data: the codes of
/// ``EvaluationResult/unchecked``, in the order results list them.
///
/// The two delivery checks share their codes with the ``UnmetCode`` of the same check.
public enum UncheckedCode: CaseIterable, Codable, Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    case inductionHours
    case tutorialHours
    case registrationDate
    case completionDates
    case asOfDates

    /// What the code means, for people: the text of the code reference.
    public var summary: String {
        switch self {
        case .inductionHours: "The qualification requires induction and the record gives no `\(Learner.Field.inductionHours.rawValue)`."
        case .tutorialHours: "The qualification requires tutorial support and the record gives no `\(Learner.Field.tutorialHours.rawValue)`."
        case .registrationDate: "The qualification has a registration end date and the record gives no `\(Learner.Field.registered.rawValue)` date."
        case .completionDates: "The qualification has a certification end date or a completion window and a counted unit has no achievement date (or, for the window, the record no registration date)."
        case .asOfDates: "Evaluated as of a date, and a counted unit has no achievement date: it counts, but whether it was achieved by then is not known."
        }
    }

    /// The stable code.
    public var rawValue: String {
        switch self {
        case .inductionHours: UnmetCode.inductionHours.rawValue
        case .tutorialHours: UnmetCode.tutorialHours.rawValue
        case .registrationDate: "registration-date"
        case .completionDates: "completion-dates"
        case .asOfDates: "as-of-dates"
        }
    }

    public init?(rawValue: String) {
        guard let c = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = c
    }

    public var description: String { rawValue }

    @inlinable package var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
    @inlinable package var bit: UInt8 { 1 << UInt8(index) }
}

/// A problem with a learner record that did not stop its evaluation.
public struct EvaluationWarning: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What kind of problem: the stable code.
    public var kind: Kind
    /// A sentence for a person.
    public var message: String
    /// What the warning is about: the unit code, assessment id or record key as the record gives it.
    public var subject: String

    public init(kind: Kind, message: String, subject: String) {
        self.kind = kind; self.message = message; self.subject = subject
    }

    public var description: String { message }

    /// The kinds of warning, with their stable codes.
    public enum Kind: String, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible {
        case unknownUnit = "unknown-unit"
        case unknownAssessment = "unknown-assessment"
        case unknownField = "unknown-field"
        case duplicateLearner = "duplicate-learner"
        case rowCheckStopped = "row-check-stopped"
        case duplicateCheckStopped = "duplicate-check-stopped"
        case afterAsOf = "after-as-of"
        case unusedException = "unused-exception"
        case invalidException = "invalid-exception"

        /// What the kind means, for people: the text of the code reference.
        public var summary: String {
            switch self {
            case .unknownUnit: "A unit code that no loaded pack defines; the unit is ignored."
            case .unknownAssessment: "An assessment id that no loaded pack defines; the attempt is ignored."
            case .unknownField: "A key the learner-record format does not define (often a misspelling); its value is ignored."
            case .duplicateCheckStopped: "The file has more learners than the reader remembers (`duplicateCheckLimit`, `--duplicate-limit`), so it stopped checking for repeated learner ids; `subject` is the limit."
            case .rowCheckStopped: "A CSV file has more learners than the reader remembers (`duplicateCheckLimit`, `--duplicate-limit`), so it stopped checking that each learner's rows are together."
            case .afterAsOf: "Evaluated as of a date, and a unit or assessment attempt is dated after it; it does not count (`subject` is the unit code or assessment id)."
            case .unusedException: "An exception of the record changes nothing for any qualification evaluated (`subject` is its position, `exceptions[0]`)."
            case .invalidException: "An exception the packs cannot apply (a unit or qualification they do not define, or past `EvaluationLimits.maximumExceptions`), in a record evaluated without a reader; it is ignored. Readers reject such a record (`Evaluator.problems(in:)`)."
            case .duplicateLearner: "An earlier record of the same file has the same learner id (`subject` is its line); both are evaluated."
            }
        }

        public var description: String { rawValue }
    }

    /// The warning for a unit code no loaded pack defines.
    public static func unknownUnit(_ code: String) -> EvaluationWarning {
        .init(kind: .unknownUnit, message: "unit code '\(code)' is not defined in any loaded pack; it was ignored", subject: code)
    }

    /// The warning for an assessment id no loaded pack defines.
    public static func unknownAssessment(_ id: String) -> EvaluationWarning {
        .init(kind: .unknownAssessment, message: "assessment id '\(id)' is not defined in any loaded pack; it was ignored", subject: id)
    }

    /// The warning for evidence dated after the as-of date.
    public static func afterAsOf(_ subject: String, what: String, date: CalendarDate, asOf: CalendarDate) -> EvaluationWarning {
        .init(kind: .afterAsOf, message: "\(what) '\(subject)' dated \(date), after the as-of date \(asOf); it does not count", subject: subject)
    }

    /// The warning for an exception that cannot be applied, in a record evaluated without a reader's checks.
    public static func invalidException(_ index: Int, _ e: LearnerException, _ why: String) -> EvaluationWarning {
        .init(kind: .invalidException, message: "exception \(index + 1) (\(e)) was ignored: \(why)",
              subject: "\(Learner.Field.exceptions.rawValue)[\(index)]")
    }

    /// The warning for an exception that changed nothing.
    public static func unusedException(_ index: Int, _ e: LearnerException) -> EvaluationWarning {
        .init(kind: .unusedException, message: "exception \(index + 1) (\(e)) changes nothing for any qualification evaluated",
              subject: "\(Learner.Field.exceptions.rawValue)[\(index)]")
    }

    /// The warning for a record key the format does not define, with the closest known key.
    public static func unknownField(_ key: String, in object: String, suggestion: String?) -> EvaluationWarning {
        let hint = suggestion.map { "; did you mean '\($0)'?" } ?? "; it was ignored"
        return .init(kind: .unknownField, message: "unknown key '\(key)' in \(object)\(hint)", subject: key)
    }
}
