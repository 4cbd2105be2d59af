/// A decision a centre or awarding body recorded against a learner, which the evaluation honours:
/// recognition of prior learning, an exemption, a substitution, a waived check, an extension.
///
/// Each carries the `reason` for the record and, optionally, the one `qualification` it applies to
/// (otherwise every qualification). In a learner record's JSON:
///
/// ```json
/// "exceptions": [
///   {"kind": "exempt",     "unit": "8577-301", "reason": "RPL: portfolio 2014-03"},
///   {"kind": "substitute", "unit": "8578-302", "for": "8577-302", "reason": "same outcomes"},
///   {"kind": "waive",      "requirement": "tutorial-hours", "qualification": "8577-award-coaching",
///    "reason": "reasonable adjustment"},
///   {"kind": "waive",      "requirement": "practice-hours", "unit": "D3.03", "reason": "special consideration"},
///   {"kind": "extend",     "requirement": "completion-window", "until": "2017-06-30",
///    "reason": "special consideration"},
///   {"kind": "version",    "qualification": "8577-award-coaching", "version": "2", "reason": "moved to the new rules"}
/// ]
/// ```
///
/// What each kind does:
/// - ``Kind/exempt``: `unit` counts as achieved, with its own credits and no achievement date.
/// - ``Kind/substitute``: the achieved `unit` may count as `for` (with the credits of `for`, in every rule)
///   or as itself, whichever the exact assignment needs; never as both in one qualification.
/// - ``Kind/waive``: the check `requirement` (one of ``UnmetCode/waivable``) is not applied; for
///   `practice-hours`, only for `unit`.
/// - ``Kind/extend``: the date limit `requirement` (one of ``UnmetCode/extendable``) moves to `until`, when
///   that is later (an extension never shortens a limit).
/// - ``Kind/version``: the learner is evaluated against `version` of `qualification`, whatever their
///   registration date (the learner's recorded choice to move to a qualification's new rules).
public struct LearnerException: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kinds of exception, with their stable codes.
    public enum Kind: String, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible {
        case exempt, substitute, waive, extend, version

        /// The fields an exception of this kind must have, besides `kind` and `reason`.
        public var requiredFields: [Field] {
            switch self {
            case .exempt: [.unit]
            case .substitute: [.unit, .substituteFor]
            case .waive: [.requirement]
            case .extend: [.requirement, .until]
            case .version: [.qualification, .version]
            }
        }

        /// The fields an exception of this kind may have: the required ones, `qualification`, and for a
        /// practice-hours waiver, `unit`.
        public var allowedFields: [Field] {
            var out: [Field] = [.kind, .reason, .qualification] + requiredFields.filter { $0 != .qualification }
            if self == .waive { out.append(.unit) }
            return out
        }

        /// The codes its `requirement` may name (none for a kind that takes no `requirement`).
        public var requirements: [UnmetCode] {
            switch self {
            case .exempt, .substitute, .version: []
            case .waive: UnmetCode.waivable
            case .extend: UnmetCode.extendable
            }
        }

        /// What the kind means, for people: the text of the code reference.
        public var summary: String {
            switch self {
            case .exempt:
                """
                `unit` counts as achieved (recognition of prior learning, exemption by a certificated \
                equivalent), with its own credits and no achievement date.
                """
            case .substitute:
                """
                The achieved `unit` may count as `for`, with the credits of `for`, or as itself, whichever the \
                exact assignment needs; never as both in one qualification.
                """
            case .waive:
                """
                The check `requirement` is not applied (a reasonable adjustment, special consideration); a \
                `practice-hours` waiver names its `unit`.
                """
            case .extend:
                """
                The date limit `requirement` (`completion-window`, `certification-closed`) moves to `until`, when \
                that is later.
                """
            case .version:
                """
                The learner is evaluated against `version` of `qualification` (their recorded choice to move to \
                its new rules), whatever their registration date.
                """
            }
        }

        public var description: String { rawValue }
    }

    public var kind: Kind
    /// The unit exempted, substituted, or whose practice hours are waived.
    public var unit: UnitCode?
    /// The unit a substitute counts as (`for` in the record).
    public var substituteFor: UnitCode?
    /// The check waived or the limit extended.
    public var requirement: UnmetCode?
    /// The new date limit of an extension.
    public var until: CalendarDate?
    /// The one qualification the exception applies to; every qualification when `nil`.
    public var qualification: QualificationID?
    /// The version of `qualification` a `version` exception chooses.
    public var version: String?
    /// Why: the centre's or awarding body's record of the decision. Required.
    public var reason: String

    public init(
        kind: Kind, unit: UnitCode? = nil, substituteFor: UnitCode? = nil, requirement: UnmetCode? = nil,
        until: CalendarDate? = nil, qualification: QualificationID? = nil, version: String? = nil, reason: String
    ) {
        self.kind = kind; self.unit = unit; self.substituteFor = substituteFor; self.requirement = requirement
        self.until = until; self.qualification = qualification; self.version = version; self.reason = reason
    }

    /// `unit` counts as achieved.
    public static func exempt(_ unit: UnitCode, qualification: QualificationID? = nil, reason: String)
        -> LearnerException
    {
        .init(kind: .exempt, unit: unit, qualification: qualification, reason: reason)
    }
    /// The achieved `unit` may count as `other`.
    public static func substitute(
        _ unit: UnitCode, for other: UnitCode, qualification: QualificationID? = nil, reason: String
    ) -> LearnerException {
        .init(kind: .substitute, unit: unit, substituteFor: other, qualification: qualification, reason: reason)
    }
    /// The check `requirement` is not applied (for `practice-hours`, to `unit` only).
    public static func waive(
        _ requirement: UnmetCode, unit: UnitCode? = nil, qualification: QualificationID? = nil, reason: String
    ) -> LearnerException {
        .init(kind: .waive, unit: unit, requirement: requirement, qualification: qualification, reason: reason)
    }
    /// The date limit `requirement` moves to `until`.
    public static func extend(
        _ requirement: UnmetCode, until: CalendarDate, qualification: QualificationID? = nil, reason: String
    ) -> LearnerException {
        .init(kind: .extend, requirement: requirement, until: until, qualification: qualification, reason: reason)
    }
    /// The learner is evaluated against `version` of `qualification`.
    public static func version(_ version: String, of qualification: QualificationID, reason: String) -> LearnerException
    {
        .init(kind: .version, qualification: qualification, version: version, reason: reason)
    }

    /// The keys of an entry of a record's `exceptions`.
    public enum Field: String, CaseIterable, CodingKey, Sendable, RecordKey {
        case kind, unit
        case substituteFor = "for"
        case requirement, until, qualification, version, reason
        package static let object = "each entry of '\(Learner.Field.exceptions.rawValue)'"
    }
    public typealias CodingKeys = Field

    /// Whether the field is set.
    public func has(_ field: Field) -> Bool {
        switch field {
        case .kind: true
        case .unit: unit != nil
        case .substituteFor: substituteFor != nil
        case .requirement: requirement != nil
        case .until: until != nil
        case .qualification: qualification != nil
        case .version: version != nil
        case .reason: !reason.isEmpty
        }
    }

    /// What is wrong with the exception's shape, whatever the packs (a missing `reason`, a field the kind
    /// does not take, a requirement that cannot be waived or extended), with the field concerned; `nil`
    /// when it is well formed.
    public var shapeProblem: Problem? {
        // (A reason that starts with a printable ASCII character is not blank: the check every record makes
        // without walking its characters.)
        let first = reason.utf8.first ?? 0
        if !(first > 0x20 && first < 0x7F) && reason.allSatisfy(\.isWhitespace) {
            return Problem(
                field: .reason,
                message: "'\(Field.reason.rawValue)' is missing or empty; every exception records why it was granted")
        }
        // The fields as bits, so that a well-formed exception is checked without building the lists of its
        // kind's fields; the lists find the first field wrong, in their order, when one is.
        var present: UInt16 = 0
        for (i, f) in Self.fields.enumerated() where has(f) { present |= 1 << i }
        let (required, allowed) = Self.shapeBits[Self.kinds.firstIndex(of: kind)!]
        if present & required != required || present & ~allowed != 0 {
            let a = kind == .exempt || kind == .extend ? "an" : "a"
            for f in kind.requiredFields where !has(f) {
                return Problem(field: f, message: "\(a) '\(kind)' exception needs '\(f.rawValue)'")
            }
            let allowed = kind.allowedFields
            for f in Field.allCases where has(f) && !allowed.contains(f) {
                return Problem(field: f, message: "\(a) '\(kind)' exception does not take '\(f.rawValue)'")
            }
        }
        if let r = requirement {
            if !kind.requirements.contains(r) {
                let verb = kind == .waive ? "waived" : "extended"
                let codes = kind.requirements.map(\.rawValue).joined(separator: ", ")
                return Problem(field: .requirement, message: "'\(r)' cannot be \(verb); expected one of \(codes)")
            }
            if kind == .waive, (r == .practiceHours) != (unit != nil) {
                return Problem(
                    field: .unit,
                    message: r == .practiceHours
                        ? "a 'practice-hours' waiver needs the '\(Field.unit.rawValue)' it applies to"
                        : "only a 'practice-hours' waiver names a '\(Field.unit.rawValue)'")
            }
        }
        if kind == .substitute, unit == substituteFor {
            return Problem(field: .substituteFor, message: "a unit cannot substitute for itself")
        }
        return nil
    }

    private static let kinds = Kind.allCases, fields = Field.allCases
    /// Per kind, in ``Kind/allCases`` order: its required and its allowed fields, as bits over
    /// ``Field/allCases``.
    private static let shapeBits: [(required: UInt16, allowed: UInt16)] = kinds.map { k in
        func bits(_ list: [Field]) -> UInt16 {
            var out: UInt16 = 0
            for (i, f) in fields.enumerated() where list.contains(f) { out |= 1 << i }
            return out
        }
        return (bits(k.requiredFields), bits(k.allowedFields))
    }

    public init(from decoder: any Decoder) throws {
        // The checks and messages of every reader (LearnerRecordSchema), with the field's path.
        let c = try decoder.container(keyedBy: Field.self)
        switch LearnerRecordSchema.kind(try c.decode(String.self, forKey: .kind)) {
        case .success(let k): kind = k
        case .failure(let p): throw c.recordError(p, forKey: .kind)
        }
        unit = try c.decodeIfPresent(String.self, forKey: .unit).map { UnitCode($0) }
        substituteFor = try c.decodeIfPresent(String.self, forKey: .substituteFor).map { UnitCode($0) }
        if let text = try c.decodeIfPresent(String.self, forKey: .requirement) {
            switch LearnerRecordSchema.requirement(text) {
            case .success(let r): requirement = r
            case .failure(let p): throw c.recordError(p, forKey: .requirement)
            }
        }
        until = try c.decodeDate(forKey: .until)
        qualification = try c.decodeIfPresent(String.self, forKey: .qualification).map { QualificationID($0) }
        version = try c.decodeIfPresent(String.self, forKey: .version)
        reason = try c.decodeIfPresent(String.self, forKey: .reason) ?? ""
        if let p = shapeProblem { throw c.recordError(.field(p.message), forKey: p.field) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Field.self)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(unit, forKey: .unit)
        try c.encodeIfPresent(substituteFor, forKey: .substituteFor)
        try c.encodeIfPresent(requirement, forKey: .requirement)
        try c.encodeIfPresent(until, forKey: .until)
        try c.encodeIfPresent(qualification, forKey: .qualification)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encode(reason, forKey: .reason)
    }

    /// The exception in plain English: "unit 8577-301 exempt (RPL: portfolio 2014-03)".
    public var description: String {
        // (Appended to one string: every unused exception of a file is written with it.)
        var out = ""
        out.reserveCapacity(64 + reason.utf8.count)
        switch kind {
        case .exempt: out += "unit "; out += unit?.rawValue ?? "?"; out += " exempt"
        case .substitute:
            out += "unit "; out += unit?.rawValue ?? "?"; out += " counts for "; out += substituteFor?.rawValue ?? "?"
        case .waive:
            if requirement == .practiceHours {
                out += "practice hours of unit "; out += unit?.rawValue ?? "?"; out += " waived"
            } else {
                out += requirement?.rawValue ?? "?"; out += " check waived"
            }
        case .extend: out += requirement?.rawValue ?? "?"; out += " extended to "; out += until?.description ?? "?"
        case .version: out += "version "; out += version ?? "?"
        }
        if let q = qualification { out += " for "; out += q.rawValue }
        out += " ("; out += reason; out += ")"
        return out
    }
}

extension UnmetCode {
    /// The code under which a result says this check could not be made for lack of data, if it has one.
    public var uncheckedWithoutData: UncheckedCode? {
        switch self {
        case .inductionHours: .inductionHours
        case .tutorialHours: .tutorialHours
        case .registeredBeforeStart, .registrationClosed: .registrationDate
        case .certificationClosed, .completionWindow: .completionDates
        default: nil
        }
    }

    /// The checks a `waive` exception may name.
    public static let waivable: [UnmetCode] = [
        .inductionHours, .tutorialHours, .practiceHours, .registeredBeforeStart,
        .registrationClosed, .certificationClosed, .completionWindow
    ]
    /// The date limits an `extend` exception may name.
    public static let extendable: [UnmetCode] = [.completionWindow, .certificationClosed]
}
