import QualKitEngine
/// The kinds of requirement a learner may not meet: the stable code of each ``UnmetRequirement``.
///
/// This enum is the one definition of the codes; ``summary`` says what each means (the code reference of
/// the documentation is generated from it). Their order (the order of declaration) is the order in which
/// results list unmet requirements of different kinds and in which summaries count them.
///
/// ```swift
/// for requirement in result.unmet where requirement.code == .missingMandatoryUnit {
///     print("missing", requirement.unit!)   // the kind's values: `requirement.details`
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
    case registeredBeforeStart = "registered-before-start"
    case registrationClosed = "registration-closed"
    case certificationClosed = "certification-closed"
    case completionWindow = "completion-window"
    case limitExceeded = "limit-exceeded"

    /// What the code means, for people: the text of the code reference.
    public var summary: String {
        switch self {
        case .missingMandatoryUnit:
            "A unit that every route (or the route closest to completion) requires is not achieved."
        case .practiceHours:
            "A unit is listed with fewer hours of supervised practice than it requires, so it does not count."
        case .groupMinCredits: "Too few credits from a group (`group` names it)."
        case .groupMinUnits: "Too few units from a group (`group` names it)."
        case .minCredits: "Too few credits in all."
        case .minCreditsAtLevel: "Too few credits at or above a level."
        case .groupMaxCredits:
            """
            More credits from a group than may count (`group` names it): from the mandatory units, or, after \
            `unit-assignment`, from the units held.
            """
        case .maxCreditsAtLevel:
            """
            More credits at or below a level than may count (`level` names it): from the mandatory units, or, \
            after `unit-assignment`, from the units held.
            """
        case .barredCombination:
            """
            A route needs units that cannot count together; after `unit-assignment`, a bar that blocks other \
            requirements.
            """
        case .unitAssignment:
            """
            Each requirement could be met alone, but no way of counting each unit once meets them all; the \
            requirements that block each other follow it, with what can count, unless naming them would take \
            more than the budgets give an explanation (the qualification's worst case, or more: see \
            `EvaluationLimits.maximumCatalogSteps`).
            """
        case .inductionHours: "Fewer hours of induction than the qualification requires."
        case .tutorialHours: "Fewer hours of tutorial support than the qualification requires."
        case .registeredBeforeStart:
            "Registered before the qualification's operational start, its first day of registration (its first "
                + "version's, when it has several)."
        case .registrationClosed: "Registered after the qualification's registration end date."
        case .certificationClosed:
            """
            A counted unit was achieved after the certification end date (`unit` names it), or, evaluated as of a \
            date after it, the qualification was not completed by then (`date` is the as-of date).
            """
        case .completionWindow:
            """
            A counted unit was achieved after the completion window from registration (`unit` names it), or, \
            evaluated as of a date after the window, the qualification was not completed within it (`date` is the \
            as-of date).
            """
        case .limitExceeded:
            """
            The learner's substitutions and unit equivalences offer more choices for this qualification than the \
            evaluator tries (`required` choices, `maximum` allowed: `EvaluationLimits.maximumChoices`, \
            `--max-choices`, or fewer when the learner's budget, `EvaluationLimits.maximumLearnerSteps`, has less \
            left); the result is not decided, and says so rather than give an answer.
            """
        }
    }

    public var description: String { rawValue }

    /// The position in declaration order: a bit number for sets of kinds.
    @inlinable package var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
    /// This kind as one bit of a set over ``index``.
    @inlinable package var bit: UInt32 { 1 << UInt32(index) }

    /// The code numbered `index` (``index``), as the engine hands it back.
    package init(index: UInt8) { self = Self.allCases[Int(index)] }
}

extension ShortfallCodes {
    /// The model's numbers for the kinds of unmet rule the engine reports (``UnmetCode/index``).
    package static let model = ShortfallCodes(
        missingMandatoryUnit: UInt8(UnmetCode.missingMandatoryUnit.index),
        practiceHours: UInt8(UnmetCode.practiceHours.index),
        groupMinCredits: UInt8(UnmetCode.groupMinCredits.index), groupMinUnits: UInt8(UnmetCode.groupMinUnits.index),
        minCredits: UInt8(UnmetCode.minCredits.index), minCreditsAtLevel: UInt8(UnmetCode.minCreditsAtLevel.index),
        barredCombination: UInt8(UnmetCode.barredCombination.index),
        unitAssignment: UInt8(UnmetCode.unitAssignment.index))
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
    case practiceHours
    case version

    /// What the code means, for people: the text of the code reference.
    public var summary: String {
        switch self {
        case .inductionHours:
            "The qualification requires induction and the record gives no `\(Learner.Field.inductionHours.rawValue)`."
        case .tutorialHours:
            """
            The qualification requires tutorial support and the record gives no \
            `\(Learner.Field.tutorialHours.rawValue)`.
            """
        case .registrationDate:
            "The qualification has an operational start or a registration end date and the record gives no "
                + "`\(Learner.Field.registered.rawValue)` date."
        case .completionDates:
            """
            The qualification has a certification end date or a completion window and a counted unit has no \
            achievement date (or, for the window, the record no registration date).
            """
        case .asOfDates:
            """
            Evaluated as of a date, and a counted unit has no achievement date: it counts, but whether it was \
            achieved by then is not known.
            """
        case .practiceHours:
            """
            A counted unit has a minimum of supervised practice hours and the record lists it without `hours` \
            (and nothing else achieves it): it counts, but its practice is not checked.
            """
        case .version:
            """
            The qualification has several versions of its rules and the record gives no \
            `\(Learner.Field.registered.rawValue)` date (nor a `version` exception): the version in force on the \
            as-of date, or else the latest, was used (`version` names it).
            """
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
        case .practiceHours: UnmetCode.practiceHours.rawValue
        case .version: "version"
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

    /// Whether results can carry the warning as its sentence alone: its kind and subject read back from it.
    /// The warnings the SDK writes can; one built with other words is written as an object instead.
    package var isReadFromItsSentence: Bool { EvaluationWarning(message: message) == self }

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
        case warningsOmitted = "warnings-omitted"

        /// What the kind means, for people: the text of the code reference.
        public var summary: String {
            switch self {
            case .unknownUnit: "A unit code that no loaded pack defines; the unit is ignored."
            case .unknownAssessment: "An assessment id that no loaded pack defines; the attempt is ignored."
            case .unknownField:
                "A key the learner-record format does not define (often a misspelling); its value is ignored."
            case .duplicateCheckStopped:
                """
                The file has more learners than the reader remembers (`duplicateCheckLimit`, \
                `--duplicate-limit`), so it stopped checking for repeated learner ids; `subject` is the limit.
                """
            case .rowCheckStopped:
                """
                A CSV file has more learners than the reader remembers (`duplicateCheckLimit`, \
                `--duplicate-limit`), so it stopped checking that each learner's rows are together.
                """
            case .afterAsOf:
                """
                Evaluated as of a date, and a unit or assessment attempt is dated after it; it does not count \
                (`subject` is the unit code or assessment id).
                """
            case .unusedException:
                """
                An exception of the record changes nothing for any qualification evaluated (`subject` is its \
                position, `exceptions[0]`).
                """
            case .invalidException:
                """
                An exception the packs cannot apply (a unit or qualification they do not define, or past \
                `EvaluationLimits.maximumExceptions`), in a record evaluated without a reader; it is ignored. \
                Readers reject such a record (`Evaluator.problems(in:)`).
                """
            case .duplicateLearner:
                """
                An earlier record of the same file has the same learner id (`subject` is its line); both are \
                evaluated.
                """
            case .warningsOmitted:
                """
                The record has more warnings than `EvaluationWarning.maximumPerRecord` (100); the first are \
                listed, and this one counts the rest (`subject` is their number).
                """
            }
        }

        public var description: String { rawValue }
    }

    /// The most warnings one record's results list; past it, one ``Kind/warningsOmitted`` warning counts
    /// the rest, so that a record of millions of unknown codes cannot multiply into millions of warnings
    /// in every result.
    public static let maximumPerRecord = 100

    /// The most bytes of a value (a unit code, an id, a key, an exception) that a warning quotes; a longer
    /// one is cut at a character boundary and said to be cut (``shortened(_:)``).
    public static let maximumQuotedBytes = 200

    /// `value` itself when it has at most ``maximumQuotedBytes`` bytes, else its first characters within
    /// them followed by `…` and its length: `ABCD… (60000000 bytes)`.
    public static func shortened(_ value: String) -> String {
        guard value.utf8.count > maximumQuotedBytes else { return value }
        var kept = 0
        var end = value.startIndex
        for c in value {
            let n = c.utf8.count
            if kept + n > maximumQuotedBytes { break }
            kept += n
            end = value.index(after: end)
        }
        return "\(value[..<end])… (\(value.utf8.count) bytes)"
    }

    /// The warning that counts the `count` warnings past ``maximumPerRecord``.
    public static func warningsOmitted(_ count: Int) -> EvaluationWarning {
        .init(kind: .warningsOmitted, message: Sentence.omitted.write("\(count)"), subject: "\(count)")
    }

    /// The warning for a unit code no loaded pack defines (a long code shortened: ``shortened(_:)``).
    public static func unknownUnit(_ code: String) -> EvaluationWarning {
        let code = shortened(code)
        return .init(kind: .unknownUnit, message: Sentence.unknownUnit.write(code), subject: code)
    }

    /// The warning for an assessment id no loaded pack defines (a long id shortened).
    public static func unknownAssessment(_ id: String) -> EvaluationWarning {
        let id = shortened(id)
        return .init(kind: .unknownAssessment, message: Sentence.unknownAssessment.write(id), subject: id)
    }

    /// The warning for evidence dated after the as-of date.
    public static func afterAsOf(_ subject: String, what: String, date: CalendarDate, asOf: CalendarDate)
        -> EvaluationWarning
    {
        let rest = "\(date), after the as-of date \(asOf); it does not count"
        return .init(kind: .afterAsOf, message: "\(what) " + Sentence.afterAsOf.write(subject, rest), subject: subject)
    }

    /// The warning for an exception that cannot be applied, in a record evaluated without a reader's checks.
    public static func invalidException(_ index: Int, _ exception: LearnerException, _ why: String)
        -> EvaluationWarning
    {
        .init(
            kind: .invalidException,
            message: Sentence.exception.write(
                "\(index + 1)", "\(shortened("\(exception)"))) was ignored: \(shortened(why))"),
            subject: "\(Learner.Field.exceptions.rawValue)[\(index)]")
    }

    /// The warning for an exception that changed nothing.
    public static func unusedException(_ index: Int, _ exception: LearnerException) -> EvaluationWarning {
        .init(
            kind: .unusedException,
            message: Sentence.exception.write("\(index + 1)", "\(shortened("\(exception)"))\(Sentence.unused)"),
            subject: "\(Learner.Field.exceptions.rawValue)[\(index)]")
    }

    /// The warning for a record key the format does not define, with the closest known key.
    public static func unknownField(_ key: String, in object: String, suggestion: String?) -> EvaluationWarning {
        let key = shortened(key)
        let hint = suggestion.map { "; did you mean '\($0)'?" } ?? "; it was ignored"
        return .init(kind: .unknownField, message: Sentence.unknownField.write(key, object + hint), subject: key)
    }

    /// The warning whose sentence is `message`, as the constructors above write it: the kind and subject
    /// read back from the sentence (JSON Lines results carry each warning as its sentence). `nil` for a
    /// sentence they do not write, and for the warnings results never carry (a repeated learner id, a check
    /// stopped), which are written elsewhere.
    package init?(message: String) {
        self.message = message
        if let unit = Sentence.unknownUnit.read(message, last: false) {
            (kind, subject) = (.unknownUnit, unit)
        } else if let id = Sentence.unknownAssessment.read(message, last: false) {
            (kind, subject) = (.unknownAssessment, id)
        } else if let key = Sentence.unknownField.read(message, last: true) {
            (kind, subject) = (.unknownField, key)
        } else if let subject = ["unit ", "assessment attempt "].lazy.compactMap({ what in
            message.hasPrefix(what) ? Sentence.afterAsOf.read(String(message.dropFirst(what.count)), last: true) : nil
        }).first {
            (kind, self.subject) = (.afterAsOf, subject)
        } else if let number = Sentence.omitted.read(message, last: false), let n = Int(number), n > 0, "\(n)" == number
        {
            (kind, subject) = (.warningsOmitted, number)
        } else if let number = Sentence.exception.read(message, last: false), let n = Int(number), n > 0,
            !number.hasPrefix("+") && !number.hasPrefix("0")
        {
            kind = message.hasSuffix(Sentence.unused) ? .unusedException : .invalidException
            subject = "\(Learner.Field.exceptions.rawValue)[\(n - 1)]"
        } else {
            return nil
        }
    }

    /// The fixed text of a warning's sentence before its subject and after it (then the rest of the
    /// sentence): the one spelling for writing a sentence and reading its subject back.
    struct Sentence {
        let before: String, after: String
        /// Whether the sentence ends with ``after`` (nothing follows it).
        var ends = false

        static let unknownUnit = Sentence(
            before: "unit code '",
            after: "' is not defined in any loaded pack; it was ignored", ends: true)
        static let unknownAssessment = Sentence(before: "assessment id '", after: unknownUnit.after, ends: true)
        /// The rest is the object, then "; did you mean" or "; it was ignored": no `' in ` in it.
        static let unknownField = Sentence(before: "unknown key '", after: "' in ")
        /// After "unit " or "assessment attempt "; the rest is two dates and fixed text.
        static let afterAsOf = Sentence(before: "'", after: "' dated ")
        /// The subject is the exception's number; the rest is the exception and why it was ignored or
        /// ``unused``.
        static let exception = Sentence(before: "exception ", after: " (")
        static let unused = ") changes nothing for any qualification evaluated"
        static let omitted = Sentence(before: "and ", after: " more warnings about this record, not listed", ends: true)

        func write(_ subject: String, _ rest: String = "") -> String { before + subject + after + rest }

        /// The subject of `message` written by ``write(_:_:)``: after ``before``, up to the first ``after``
        /// (or the last, when the subject may contain it and the rest cannot; or the one that ends the
        /// sentence).
        func read(_ message: String, last: Bool) -> String? {
            let m = Array(message.utf8), b = Array(before.utf8), a = Array(after.utf8)
            guard m.count >= b.count + a.count, m.starts(with: b) else { return nil }
            if ends {
                guard m.suffix(a.count).elementsEqual(a) else { return nil }
                return String(decoding: m[b.count..<(m.count - a.count)], as: UTF8.self)
            }
            let starts = (b.count...(m.count - a.count)).filter { m[$0..<($0 + a.count)].elementsEqual(a) }
            guard let end = last ? starts.last : starts.first else { return nil }
            return String(decoding: m[b.count..<end], as: UTF8.self)
        }
    }
}
