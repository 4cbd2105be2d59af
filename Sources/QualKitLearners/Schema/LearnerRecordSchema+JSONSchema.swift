import Foundation

extension LearnerRecordSchema {
    /// The name of the learner-record schema file, which `qualkit schema` writes beside the pack schemas.
    public static let schemaFileName = "learner.schema.json"

    /// JSON Schema (draft 2020-12) of one learner record (a line of a JSON Lines learner file), from the
    /// table: every key with its type, range and meaning, and for each exception kind the fields it needs
    /// and takes, as JSON text.
    ///
    /// It rejects what the reader rejects, with three differences: a key the format does not define is an
    /// error here (the reader warns, with the closest key), a day the calendar does not have
    /// (`2013-02-30`) passes the pattern, and JSON Schema cannot say that a substitute differs from the unit
    /// it counts as. What only the packs can say (unit codes, mark sheets) is not in it.
    public static var jsonSchema: String {
        var defs: [String: Any] = [:]
        for o in objects.dropFirst() { defs[o.id] = object(o) }
        var top = object(learner)
        top["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        top["$id"] = "https://qualkit.invalid/schema/\(schemaFileName)"
        top["description"] = "One learner per line of a JSON Lines file. A key given as null is absent."
        top["$defs"] = defs
        let data = try! JSONSerialization.data(
            withJSONObject: top,
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The pattern of a date: the layout YYYY-MM-DD with a month and day in range.
    static let datePattern = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

    /// The schema of a value of type `type`; `null` allowed as well when `nullable`.
    static func value(_ type: ValueType, nullable: Bool) -> [String: Any] {
        var v: [String: Any]
        var base: String
        switch type {
        case .identifier: v = ["minLength": 1]; base = "string"
        case .text: v = ["pattern": "\\S"]; base = "string"
        case .date: v = ["pattern": datePattern]; base = "string"
        case .hours: v = ["minimum": 0, "maximum": maximumHours]; base = "number"
        case .marks: v = ["items": ["type": "integer", "minimum": 0, "maximum": maximumMark]]; base = "array"
        case .choice(let words): v = ["enum": words + (nullable ? [NSNull()] : [])]; base = "string"
        case .list(let o, let maximum):
            v = ["items": ["$ref": "#/$defs/\(o.id)"]]
            if let maximum { v["maxItems"] = maximum }
            base = "array"
        }
        v["type"] = nullable ? [base, "null"] : base
        return v
    }

    /// The schema of an object: its keys, which are required, and for an exception the rules of each kind.
    static func object(_ object: Object) -> [String: Any] {
        var props: [String: Any] = [:]
        for k in object.keys {
            var v = value(k.type, nullable: !k.required)
            v["description"] = k.description
            props[k.name] = v
        }
        var out: [String: Any] = [
            "type": "object", "title": object.title, "properties": props,
            "additionalProperties": false, "required": object.required
        ]
        if object.id == exception.id { out["allOf"] = LearnerException.Kind.allCases.map(kindRule) }
        return out
    }

    /// What an exception of `kind` needs and takes: its required fields not null, the fields it does not take
    /// absent or null, its `requirement` one of the kind's codes.
    static func kindRule(_ kind: LearnerException.Kind) -> [String: Any] {
        typealias F = LearnerException.Field
        let notNull: [String: Any] = ["not": ["type": "null"]], absent: [String: Any] = ["type": "null"]
        var props: [String: Any] = [:]
        for f in kind.requiredFields { props[f.rawValue] = notNull }
        for f in F.allCases where !kind.allowedFields.contains(f) { props[f.rawValue] = absent }
        if !kind.requirements.isEmpty { props[F.requirement.rawValue] = ["enum": kind.requirements.map(\.rawValue)] }
        var then: [String: Any] = [
            "description": kind.summary, "properties": props,
            "required": kind.requiredFields.map(\.rawValue)
        ]
        if kind == .waive {
            // The one conditional field: a practice-hours waiver names its unit, no other waiver does.
            then["if"] = [
                "properties": [F.requirement.rawValue: ["const": UnmetCode.practiceHours.rawValue]],
                "required": [F.requirement.rawValue]
            ]
            then["then"] = ["properties": [F.unit.rawValue: notNull], "required": [F.unit.rawValue]]
            then["else"] = ["properties": [F.unit.rawValue: absent]]
        }
        return [
            "if": ["properties": [F.kind.rawValue: ["const": kind.rawValue]], "required": [F.kind.rawValue]],
            "then": then
        ]
    }
}
