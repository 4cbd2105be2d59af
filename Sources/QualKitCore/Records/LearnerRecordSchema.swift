/// The learner record format in one table: every key of every object of a record, with its type, range,
/// whether it is required and what it means, and the fields each kind of exception takes.
///
/// Everything that reads or describes records derives from it: the JSON Lines grammar, the CSV columns,
/// `Codable`, `Evaluator/problems(in:)`, the learner-record JSON Schema that `qualkit schema` writes
/// (`learner.schema.json`) and the key tables of the documentation. The keys themselves are the cases of
/// ``Learner/Field``, ``UnitAchievement/Field``, ``AssessmentAttempt/Field`` and ``LearnerException/Field``;
/// each case's ``Key`` is here.
///
/// The checks of a decoded value (a range, a date, an exception's kind) are here too, so that every format
/// words the same mistake the same way, naming the field as that format spells it.
public enum LearnerRecordSchema {
    /// What a key's value is.
    public indirect enum ValueType: Sendable, Hashable {
        /// A non-empty string: an id or a code.
        case identifier
        /// A string with some text that is not blank.
        case text
        /// A day written YYYY-MM-DD.
        case date
        /// A number of hours, 0 up to ``maximumHours`` (fractions allowed).
        case hours
        /// A list of whole numbers, 0 up to ``maximumMark``, one per mark-sheet section.
        case marks
        /// One of these words.
        case choice([String])
        /// A list of objects, with at most `maximumCount` entries when that is given.
        case list(Object, maximumCount: Int?)
    }

    /// One key of an object of a record.
    public struct Key: Sendable, Hashable {
        public var name: String
        public var type: ValueType
        /// Whether every object of its kind must have it (a missing optional key, or `null`, means absent).
        public var required: Bool
        public var description: String
        public init(_ name: String, _ type: ValueType, required: Bool = false, _ description: String) {
            self.name = name; self.type = type; self.required = required; self.description = description
        }
    }

    /// One kind of object in a record: its keys, in the order writers give them.
    public struct Object: Sendable, Hashable {
        /// The id of its JSON Schema definition (`unit`).
        public var id: String
        /// What it is, as messages name it (`each entry of 'units'`).
        public var title: String
        public var keys: [Key]
        public var required: [String] { keys.filter(\.required).map(\.name) }
    }

    /// The largest number of hours a record may give (induction, tutorial, a unit's practice).
    @inlinable public static var maximumHours: Double { 1_000_000 }
    /// The largest mark a record may give.
    @inlinable public static var maximumMark: Int { 1_000_000 }

    /// The record: one line of JSON Lines.
    public static let learner = Object(
        id: "learner", title: Learner.Field.object,
        keys: Learner.Field.allCases.map(\.definition))
    /// An entry of `units`.
    public static let unit = Object(
        id: "unit", title: UnitAchievement.Field.object,
        keys: UnitAchievement.Field.allCases.map(\.definition))
    /// An entry of `assessments`.
    public static let assessment = Object(
        id: "assessment", title: AssessmentAttempt.Field.object,
        keys: AssessmentAttempt.Field.allCases.map(\.definition))
    /// An entry of `exceptions`; the fields each kind takes are ``LearnerException/Kind/requiredFields`` and
    /// ``LearnerException/Kind/allowedFields``.
    public static let exception = Object(
        id: "exception", title: LearnerException.Field.object,
        keys: LearnerException.Field.allCases.map(\.definition))
    /// Every object of a record, the record first.
    public static let objects: [Object] = [learner, unit, assessment, exception]

    /// The codes an exception's `requirement` may name, whatever its kind.
    public static var requirementCodes: [UnmetCode] {
        LearnerException.Kind.allCases.flatMap(\.requirements).reduce(into: []) { codes, code in
            if !codes.contains(code) { codes.append(code) }
        }
    }
}

// MARK: - The keys

extension Learner.Field {
    /// This key's type, range and meaning.
    public var definition: LearnerRecordSchema.Key {
        switch self {
        case .id: .init(rawValue, .identifier, required: true, "The learner's id (not empty).")
        case .registered: .init(rawValue, .date, "Date of registration for the qualification.")
        case .inductionHours:
            .init(
                rawValue, .hours,
                "Induction received; absent means not recorded (then not checked).")
        case .tutorialHours:
            .init(
                rawValue, .hours,
                "Tutorial support received; absent means not recorded (then not checked).")
        case .units:
            .init(
                rawValue, .list(LearnerRecordSchema.unit, maximumCount: nil),
                "Units the centre lists as achieved.")
        case .assessments:
            .init(
                rawValue, .list(LearnerRecordSchema.assessment, maximumCount: nil),
                "Marked submissions, including referred attempts and resubmissions.")
        case .exceptions:
            .init(
                rawValue,
                .list(
                    LearnerRecordSchema.exception,
                    maximumCount: EvaluationLimits.maximumExceptions),
                "Decisions recorded against the learner: exemptions, substitutions, waivers, "
                    + "extensions.")
        }
    }
}

extension UnitAchievement.Field {
    /// This key's type, range and meaning.
    public var definition: LearnerRecordSchema.Key {
        switch self {
        case .code: .init(rawValue, .identifier, required: true, "The unit's code, as a pack defines it.")
        case .achieved: .init(rawValue, .date, "The day the unit was achieved.")
        case .hours:
            .init(
                rawValue, .hours,
                "Hours of supervised practice; below the unit's minimum, the unit is not achieved.")
        }
    }
}

extension AssessmentAttempt.Field {
    /// This key's type, range and meaning.
    public var definition: LearnerRecordSchema.Key {
        switch self {
        case .id: .init(rawValue, .identifier, required: true, "The assessment's id, as a pack defines it.")
        case .marks: .init(rawValue, .marks, required: true, "One mark per section of the mark sheet, in order.")
        case .date: .init(rawValue, .date, "The day of the submission.")
        }
    }
}

extension LearnerException.Field {
    /// This key's type, range and meaning.
    public var definition: LearnerRecordSchema.Key {
        switch self {
        case .kind:
            .init(
                rawValue, .choice(LearnerException.Kind.allCases.map(\.rawValue)), required: true,
                "What the exception does.")
        case .unit: .init(rawValue, .identifier, "The unit exempted, substituted, or whose practice hours are waived.")
        case .substituteFor: .init(rawValue, .identifier, "The unit a substitute counts as (not `unit` itself).")
        case .requirement:
            .init(
                rawValue, .choice(LearnerRecordSchema.requirementCodes.map(\.rawValue)),
                "The check waived or the date limit extended.")
        case .until: .init(rawValue, .date, "The new date limit of an extension.")
        case .qualification: .init(rawValue, .identifier, "The one qualification it applies to; otherwise every one.")
        case .version: .init(rawValue, .text, "The version of `qualification` a `version` exception chooses (`2`).")
        case .reason: .init(rawValue, .text, required: true, "Why: the record of the decision (not blank).")
        }
    }
}

// MARK: - Checks

extension LearnerRecordSchema {
    /// What is wrong with one value of a record, whatever format it came in. Its ``message(_:)`` names the
    /// field as the format spells it (`'units[1].hours'` in JSON, `'hours'` in CSV), so that the same
    /// mistake reads the same in every format.
    package enum Problem: Error, Hashable, Sendable {
        /// An id or code that is the empty string; `expected` says what it names.
        case empty(expected: String)
        /// Hours below 0 or above ``maximumHours``.
        case hours(Double)
        /// A mark that is not a whole number from 0 to ``maximumMark``.
        case mark(Double)
        /// A date not written YYYY-MM-DD, or not a day of the calendar.
        case date(CalendarDate.DateError)
        /// A word that is not an exception kind.
        case unknownKind(String)
        /// A word that is not a requirement code.
        case unknownRequirement(String)
        /// An exception's shape (``LearnerException/shapeProblem``) or a pack check, as its message.
        case field(String)

        /// The message, naming the field `name` (quoted as the format spells it: `'induction_hours'`).
        package func message(_ name: String) -> String {
            switch self {
            case .empty(let expected): return "\(name) is empty; expected \(expected)"
            case .hours(let v):
                return v >= 0
                    ? "\(name) is \(Hours(v)); expected a plausible number of hours (at most \(Hours(maximumHours)))"
                    : "\(name) is \(Hours(v)); expected 0 or more hours"
            case .mark(let v): return "\(name) is \(Hours(v)); expected a whole number from 0 to \(maximumMark)"
            case .date(let e):
                return switch e.problem {
                case .notISO: "\(name) is '\(e.text)', which is not a date written YYYY-MM-DD"
                case .noSuchDay: "\(name) is '\(e.text)', which is not a day of the calendar"
                }
            case .unknownKind(let text):
                let kinds = LearnerException.Kind.allCases.map(\.rawValue)
                return "\(name) is '\(text)'; expected one of \(kinds.joined(separator: ", "))"
                    + Self.hint(text, among: kinds)
            case .unknownRequirement(let text):
                let codes = LearnerRecordSchema.requirementCodes.map(\.rawValue)
                return "\(name) is '\(text)', which is not a requirement code; expected one of "
                    + codes.joined(separator: ", ") + Self.hint(text, among: codes)
            case .field(let message): return "\(name): \(message)"
            }
        }

        static func hint(_ text: String, among names: [String]) -> String {
            Suggestion.closest(to: text, among: names).map { "; did you mean '\($0)'?" } ?? ""
        }
    }

    /// What is wrong with `hours` as a record's hours, if anything.
    package static func problem(hours: Double) -> Problem? {
        hours >= 0 && hours <= maximumHours ? nil : .hours(hours)
    }

    /// What is wrong with `mark` as a mark, if anything.
    package static func problem(mark: Double) -> Problem? {
        mark >= 0 && mark <= Double(maximumMark) && mark == mark.rounded() ? nil : .mark(mark)
    }

    /// The date written `text`, or why it is not one.
    package static func date(_ text: String) -> Result<CalendarDate, Problem> {
        do { return .success(try CalendarDate(text)) } catch { return .failure(.date(error)) }
    }

    /// ``date(_:)`` of UTF-8 bytes: `YYYY-MM-DD` read in place, anything else through its text.
    package static func date(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Result<CalendarDate, Problem> {
        if let d = CalendarDate(isoBytes: bytes) { return .success(d) }
        return date(String(decoding: bytes, as: UTF8.self))
    }

    /// The exception kind `text` names, or why it names none.
    package static func kind(_ text: String) -> Result<LearnerException.Kind, Problem> {
        LearnerException.Kind(rawValue: text).map { .success($0) } ?? .failure(.unknownKind(text))
    }

    /// The requirement code `text` names, or why it names none.
    package static func requirement(_ text: String) -> Result<UnmetCode, Problem> {
        UnmetCode(rawValue: text).map { .success($0) } ?? .failure(.unknownRequirement(text))
    }

    /// `'key'`, as messages name a field.
    package static func quoted(_ path: String) -> String { "'\(path)'" }

    /// The path of a field inside a decoder's coding path (`units[1].hours`), as JSON messages name it.
    package static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for k in codingPath {
            if let i = k.intValue { out += "[\(i)]" } else { out += out.isEmpty ? k.stringValue : "." + k.stringValue }
        }
        return out
    }
}

extension KeyedDecodingContainer {
    /// The error for a `problem` with the value of `key`, worded as the JSON Lines reader words it.
    func recordError(_ problem: LearnerRecordSchema.Problem, forKey key: Key) -> DecodingError {
        let name = LearnerRecordSchema.quoted(LearnerRecordSchema.path(codingPath + [key]))
        return DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: problem.message(name))
    }

    /// Hours, checked against the record's range.
    func decodeHours(forKey key: Key) throws -> Hours? {
        guard let h = try decodeIfPresent(Hours.self, forKey: key) else { return nil }
        if let p = LearnerRecordSchema.problem(hours: h.value) { throw recordError(p, forKey: key) }
        return h
    }

    /// A date, by the one date check.
    func decodeDate(forKey key: Key) throws -> CalendarDate? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        switch LearnerRecordSchema.date(text) {
        case .success(let d): return d
        case .failure(let p): throw recordError(p, forKey: key)
        }
    }

    /// A non-empty string (an id or code).
    func decodeIdentifier(forKey key: Key, expected: String) throws -> String? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        if text.isEmpty { throw recordError(.empty(expected: expected), forKey: key) }
        return text
    }
}

// MARK: - Documentation

extension LearnerRecordSchema {
    /// Every key of every object of a record, and the fields of each exception kind, as Markdown tables:
    /// the key tables of the documentation (LearnerFiles.md) are this text.
    public static var markdownKeyTable: String {
        func type(_ valueType: ValueType) -> String {
            switch valueType {
            case .identifier: "id (not empty)"
            case .text: "text (not blank)"
            case .date: "date (YYYY-MM-DD)"
            case .hours: "hours (0 to \(Hours(maximumHours)))"
            case .marks: "list of whole numbers (0 to \(maximumMark))"
            case .choice(let words): "one of " + words.map { "`\($0)`" }.joined(separator: ", ")
            case .list(let o, let maximum): "list of `\(o.id)`" + (maximum.map { " (at most \($0))" } ?? "")
            }
        }
        func names(_ fields: [LearnerException.Field]) -> String {
            fields.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        }
        var out: [String] = []
        for o in objects {
            out.append("**`\(o.id)`**: \(o.title)")
            out.append("")
            out.append("| key | required | type | meaning |")
            out.append("| --- | --- | --- | --- |")
            for k in o.keys {
                out.append("| `\(k.name)` | \(k.required ? "yes" : "") | \(type(k.type)) | \(k.description) |")
            }
            out.append("")
        }
        out.append("**Exception kinds**: besides `kind` and `reason`, each needs and takes these fields")
        out.append("")
        out.append("| kind | needs | may also have | meaning |")
        out.append("| --- | --- | --- | --- |")
        for kind in LearnerException.Kind.allCases {
            let needed = kind.requiredFields
            let optional = kind.allowedFields.filter { ![.kind, .reason].contains($0) && !needed.contains($0) }
            out.append("| `\(kind)` | \(names(needed)) | \(names(optional)) | \(kind.summary) |")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
