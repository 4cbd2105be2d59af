import Foundation

/// The shape of every pack file, in one table: the loader takes the keys it allows and requires, and the
/// ranges of whole numbers, from here, and `qualkit schema` writes JSON Schema (draft 2020-12) from it, so
/// that an editor's completion and the loader cannot drift apart.
public enum PackSchema {
    /// What a key's value is.
    public typealias ValueType = PackSchemaType
    /// One key of a mapping.
    public typealias Key = PackSchemaKey
    /// A mapping: its keys, what it is, and an id for the JSON Schema definition.
    public typealias Object = PackSchemaObject

    // MARK: - pack.yaml

    public static let manifest = Object(
        id: "pack", title: "pack.yaml: what the pack is and where its facts come from",
        keys: [
            Key(
                "id", .identifier, required: true,
                "The pack's id, unique among loaded packs (ilm-8577). A pack with a bundled pack's id replaces it.",
                example: "ilm-8577"),
            Key("family", .text, required: true, "The qualification family the pack holds (8577).", example: "8577"),
            Key(
                "awarding_organisation", .text, required: true, "The awarding organisation, as it names itself.",
                example: "Institute of Leadership & Management (ILM)"),
            Key("version", .text, required: true, "The pack's own version (1.0.0).", example: "1.0.0"),
            Key("sources", .list(.text, minimum: 0), "The documents every fact was transcribed from."),
            Key(
                "notes", .list(.text, minimum: 0),
                "Where the documents disagree or leave a choice open: what was chosen and why.")
        ])

    // MARK: - units.yaml

    public static let criterion = Object(
        id: "criterion", title: "An assessment criterion",
        keys: [
            Key("number", .text, required: true, "As printed (1.1).", example: "1.1"),
            Key("text", .text, required: true, "As printed.")
        ])
    public static let learningOutcome = Object(
        id: "learningOutcome", title: "A learning outcome",
        keys: [
            Key("number", .integer(1...99), required: true, "As printed (1).", example: "1"),
            Key("text", .text, required: true, "As printed."),
            Key("criteria", .list(.object(criterion), minimum: 1), required: true, "Its assessment criteria.")
        ])
    public static let unit = Object(
        id: "unit", title: "A unit",
        keys: [
            Key(
                "code", .identifier, required: true, "The unit's code, unique among loaded packs (8577-300).",
                example: "8577-300"),
            Key(
                "title", .text, required: true, "As printed.",
                example: "Understanding Good Practice in Workplace Coaching"),
            Key("level", .level, required: true, "1 to 8, or E1 to E3.", example: "3"),
            Key(
                "credits", .integer(1...999), required: true,
                "Credit value (one credit per ten hours of learning time).", example: "3"),
            Key("glh", .integer(0...100_000), required: true, "Guided learning hours.", example: "9"),
            Key(
                "minimum_practice_hours", .hours,
                """
                Supervised practice a learner must record for the unit to count (a listing with fewer hours does \
                not achieve it).
                """,
                example: "6"),
            Key("purpose", .text, "The unit's purpose, as printed."),
            Key("available_from", .date, "The first day the unit is available.", example: "2008-01-01"),
            Key("review_date", .date, "The unit's review date.", example: "2014-12-31"),
            Key("national_occupational_standards", .list(.text, minimum: 0), "NOS the unit maps to, as printed."),
            Key(
                "learning_outcomes", .list(.object(learningOutcome), minimum: 0),
                "Learning outcomes with their assessment criteria.")
        ])
    public static let unitsFile = Object(
        id: "unitsFile", title: "units.yaml: every unit of the pack",
        keys: [
            Key("units", .list(.object(unit), minimum: 1), required: true, "The units."),
            Key(
                "equivalent_units", .list(.list(.identifier, minimum: 2), minimum: 0),
                """
                Classes of equivalent units (credit transfer: the same level, credit value and outcomes), each a \
                list of unit codes of this pack or of packs loaded before it; achieving one counts as achieving \
                any other of its class, once. Declare one only where a source document says so.
                """
            )
        ])

    // MARK: - qualifications.yaml

    public static let group = Object(
        id: "group", title: "A group of units, as a document heads them",
        keys: [
            Key("id", .identifier, required: true, "The group's id within the pack (group-1).", example: "group-1"),
            Key("title", .text, required: true, "As printed (Group 1).", example: "Group 1"),
            Key(
                "units", .list(.identifier, minimum: 1), required: true,
                "Codes of the units in the group (a unit may sit in several groups).")
        ])
    public static let delivery = Object(
        id: "delivery", title: "Delivery minimums a learner's record is checked against",
        keys: [
            Key("induction_hours", .hours, "At least this much induction.", example: "1"),
            Key("tutorial_hours", .hours, "At least this much tutorial support.", example: "2")
        ])
    public static let validity = Object(
        id: "validity", title: "When the qualification can be taken and completed",
        keys: [
            Key("operational_start", .date, "First day of registration.", example: "2012-09-01"),
            Key("registration_end", .date, "Last day a learner may register.", example: "2015-08-31"),
            Key("certification_end", .date, "Last day a unit may be achieved and counted.", example: "2018-08-31"),
            Key(
                "completion_years", .integer(1...50),
                "Years from registration within which every unit must be achieved.", example: "3")
        ])
    public static let progression = Object(
        id: "progression", title: "Where a learner may go next: one of the two keys",
        keys: [
            Key(
                "qualification", .identifier, "A qualification of this or a loaded pack, by id.",
                example: "8577-certificate-coaching"),
            Key(
                "text", .text, "A qualification outside the packs, by name.",
                example: "ILM Level 5 Certificate in Coaching and Mentoring")
        ])
    /// The argument of `min_credits_from_group` and `max_credits_from_group`.
    public static var groupCredits: Object { argument(of: "min_credits_from_group") }
    /// The argument of `min_units_from_group`.
    public static var groupUnits: Object { argument(of: "min_units_from_group") }
    /// The argument of `min_credits_at_level`.
    public static var levelCredits: Object { argument(of: "min_credits_at_level") }
    /// One route of `any_of`.
    public static var route: Object { argument(of: "any_of") }
    /// The mapping that rule `key` takes (a route, for `any_of`), as its kind declares it.
    private static func argument(of key: String) -> Object {
        switch Rule.kind(forKey: key)?.argument {
        case .object(let object), .list(.object(let object), _): return object
        default: preconditionFailure("rule '\(key)' takes no mapping")
        }
    }
    /// The rules of combination: each a mapping with one of these keys, one per kind of rule (each kind
    /// declares its key, argument and meaning in its own file under QualKitCore's `Rules/`).
    public static let rules = Object(
        id: "rule", title: "A rule of combination: a mapping with one of these keys",
        keys: Rule.kinds.map { Key($0.key, $0.argument, $0.meaning, example: $0.example) })
    public static let qualification = Object(
        id: "qualification", title: "A qualification",
        keys: qualificationKeys + [
            Key(
                "version", .text, "The label of these rules, the qualification's first version (\"1\" when absent).",
                example: "1"),
            Key(
                "versions", .list(.object(qualificationVersion), minimum: 0),
                "Later versions of the rules, in order of their registration windows; each states only what it changes."
            )
        ])
    static let qualificationKeys: [Key] = [
        Key(
            "id", .identifier, required: true,
            "The qualification's id, unique among loaded packs (8577-award-coaching).", example: "8577-award-coaching"),
        Key("qan", .text, "Qualification Accreditation Number (600/5782/8).", example: "600/5782/8"),
        Key("title", .text, required: true, "As printed.", example: "ILM Level 3 Award in Coaching"),
        Key(
            "purpose", .text, "The qualification's purpose, as printed (who it is for, what it aims at).",
            example:
                """
                This qualification is designed for junior managers seeking to gain the skills, knowledge and \
                confidence to coach and mentor people as part of their normal role.
                """
        ),
        Key(
            "field_of_study", .text,
            "The subject area of the qualification, where a source document states one for it (Business Management); "
                + "an Open Badges achievement's fieldOfStudy.",
            example: "Business Management"),
        Key(
            "language", .text,
            "The language the qualification is delivered and assessed in, as a BCP 47 code (en, cy), where a source "
                + "document states it; an Open Badges achievement's inLanguage.",
            example: "en"),
        Key("level", .level, required: true, "1 to 8, or E1 to E3.", example: "3"),
        Key(
            "credit_value", .integer(1...9999), required: true,
            "The credits the qualification is worth; the validator checks that the rules allow no fewer.", example: "10"
        ),
        Key(
            "size", .choice(["award", "certificate", "diploma"]),
            "Award (1–12 credits), certificate (13–36) or diploma (37 or more); checked against the credit value.",
            example: "award"),
        Key(
            "guided_learning_hours", .integer(0...100_000),
            "GLH: the units' GLH plus induction and tutorial support; checked.", example: "24"),
        Key(
            "total_qualification_time", .integer(0...1_000_000), "TQT in hours: at least the GLH; ten hours a credit.",
            example: "100"),
        Key("delivery", .object(delivery), "Induction and tutorial minimums."),
        Key("validity", .object(validity), "Registration and certification dates, completion window."),
        Key(
            "rules", .list(.rule, minimum: 1), required: true,
            "The rules of combination, all of which apply; a unit counts once."),
        Key(
            "assessments", .list(.identifier, minimum: 0),
            "Ids of the pack's assessments (with mark sheets) that achieve units of this qualification."),
        Key(
            "assessment_note", .text,
            "How units are assessed where no mark sheet is given (\"Criterion assessment applies to all units\").",
            example: "Criterion assessment applies to all units"),
        Key("progression", .list(.object(progression), minimum: 0), "Where a learner may go next."),
        Key("notes", .list(.text, minimum: 0), "Choices the documents leave open, and why.")
    ]
    /// The keys of a qualification that a later version may restate; what it does not restate it inherits
    /// from the version before it.
    static let versionedKeys = [
        "title", "purpose", "level", "credit_value", "size", "guided_learning_hours",
        "total_qualification_time", "delivery", "validity", "rules", "assessments",
        "assessment_note", "progression", "notes"
    ]
    public static let qualificationVersion = Object(
        id: "qualificationVersion", title: "A later version of a qualification's rules: what it changes",
        keys: [
            Key(
                "version", .text, required: true,
                "The version's label, unique within the qualification (2); records and --what-if name it.", example: "2"
            ),
            Key(
                "registrations_from", .date, required: true,
                """
                The first registration day the version covers; the version before it covers registrations up to \
                the day before.
                """,
                example: "2016-01-01"),
            Key(
                "registration_gap", .choice(["allowed"]),
                """
                'allowed' when the version before closes registrations (validity registration_end) before this \
                one opens, on purpose; without it the validator reports the gap.
                """
            )
        ]
            + versionedKeys.map { name in
                var k = qualificationKeys.first { $0.name == name }!
                k.required = false
                k.description = "As for the qualification; inherited when not restated. " + k.description
                return k
            })
    public static let qualificationsFile = Object(
        id: "qualificationsFile", title: "qualifications.yaml: groups and qualifications",
        keys: [
            Key(
                "groups", .list(.object(group), minimum: 0),
                """
                Groups of units, as the documents head them; rules name them by id. A group no rule names is kept \
                in the model.
                """
            ),
            Key("qualifications", .list(.object(qualification), minimum: 1), required: true, "The qualifications.")
        ])

    // MARK: - assessments.yaml

    public static let section = Object(
        id: "section", title: "A section of a mark sheet",
        keys: [
            Key("title", .text, required: true, "As printed.", example: "Ensuring good practice in coaching"),
            Key("maximum", .integer(0...100_000), required: true, "Most marks.", example: "24"),
            Key("minimum", .integer(0...100_000), required: true, "Fewest marks to pass the section.", example: "12"),
            Key(
                "criteria", .list(.identifier, minimum: 0),
                """
                The assessment criteria the section marks, as UNIT/NUMBER (D3.01/1.1): criteria of units the \
                assessment covers.
                """
            )
        ])
    public static let markSheet = Object(
        id: "markSheet", title: "A mark sheet: every section at its minimum and the total at the pass mark",
        keys: [
            Key("pass_mark", .integer(0...100_000), required: true, "Total marks to pass.", example: "50"),
            Key(
                "sections", .list(.object(section), minimum: 1), required: true,
                "The sections, in order (learners' marks are given in this order).")
        ])
    public static let assessment = Object(
        id: "assessment", title: "A marked assessment",
        keys: [
            Key(
                "id", .identifier, required: true, "The assessment's id, unique among loaded packs.",
                example: "d3-work-based-assignment"),
            Key("title", .text, required: true, "As printed.", example: "Work-based assignment"),
            Key("covers", .list(.identifier, minimum: 1), required: true, "Codes of the units a pass achieves."),
            Key("task", .text, "What the learner does."),
            Key("mark_sheet", .object(markSheet), "How it is marked.")
        ])
    public static let assessmentsFile = Object(
        id: "assessmentsFile", title: "assessments.yaml: marked assessments",
        keys: [
            Key("assessments", .list(.object(assessment), minimum: 1), required: true, "The assessments.")
        ])

    /// A pack file and the object at its top.
    public struct File: Sendable {
        /// The file's name (`units.yaml`).
        public var name: String
        /// What the file holds.
        public var root: Object
        public init(name: String, root: Object) { self.name = name; self.root = root }
    }

    /// The pack files and the object at the top of each.
    public static let files: [File] = [
        File(name: "pack.yaml", root: manifest), File(name: "units.yaml", root: unitsFile),
        File(name: "qualifications.yaml", root: qualificationsFile),
        File(name: "assessments.yaml", root: assessmentsFile)
    ]
}

// MARK: - JSON Schema

extension PackSchema {
    /// JSON Schema (draft 2020-12) for the pack file whose top object is `root`, with a title and a
    /// description for every key, as JSON text.
    public static func jsonSchema(_ root: Object, file: String) -> String {
        var defs: [String: Any] = [:]
        func value(_ valueType: ValueType) -> [String: Any] {
            switch valueType {
            // YAML reads 8577 or 1.1 as numbers
            case .text, .identifier: return ["type": ["string", "number"], "minLength": 1]
            case .date:
                return [
                    "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                    "description": "A date written YYYY-MM-DD."
                ]
            case .level: // as Level(parsing:) reads it: 3, "3", "Level 3", "E1", "Entry 1" (any case, spaces)
                return [
                    "oneOf": [
                        ["type": "integer", "minimum": 1, "maximum": 8],
                        [
                            "type": "string",
                            "pattern":
                                "^ *(([Ll] *[Ee] *[Vv] *[Ee] *[Ll] *)?[1-8]|[Ee] *([Nn] *[Tt] *[Rr] *[Yy] *)?[1-3]) *$"
                        ]
                    ]
                ]
            case .integer(let r): return ["type": "integer", "minimum": r.lowerBound, "maximum": r.upperBound]
            case .hours: return ["type": "number", "minimum": 0, "maximum": 100_000]
            case .choice(let words):
                // read in any case
                return ["type": "string", "enum": words + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }]
            case .list(let valueType, let minimum):
                return ["type": "array", "items": value(valueType), "minItems": minimum]
            case .object(let o): define(o); return ["$ref": "#/$defs/\(o.id)"]
            case .rule: defineRule(); return ["$ref": "#/$defs/rule"]
            }
        }
        func properties(_ object: Object) -> [String: Any] {
            var props: [String: Any] = [:]
            for k in object.keys {
                var v = value(k.type)
                v["description"] = k.description + ((v["description"] as? String).map { " " + $0 } ?? "")
                if let e = k.example {
                    switch k.type {
                    case .integer: v["examples"] = [Int(e)!]
                    case .hours: v["examples"] = [Double(e)!]
                    case .level: v["examples"] = [Int(e) as Any? ?? e]
                    default: v["examples"] = [e]
                    }
                }
                props[k.name] = v
            }
            return props
        }
        func define(_ object: Object) {
            guard defs[object.id] == nil else { return }
            defs[object.id] = [:] // placeholder against recursion
            var d: [String: Any] = [
                "type": "object", "title": object.title, "properties": properties(object), "additionalProperties": false
            ]
            if !object.required.isEmpty { d["required"] = object.required }
            if object.id == progression.id { d["minProperties"] = 1; d["maxProperties"] = 1 }
            defs[object.id] = d
        }
        func defineRule() {
            guard defs[rules.id] == nil else { return }
            defs[rules.id] = [:]
            let props = properties(rules)
            defs[rules.id] = [
                "title": rules.title,
                "oneOf": rules.keys.map { k in
                    [
                        "type": "object", "properties": [k.name: props[k.name]!], "required": [k.name],
                        "additionalProperties": false,
                        "description": k.description
                    ] as [String: Any]
                }
            ]
        }
        var top: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://qualkit.invalid/schema/\(file).schema.json",
            "title": root.title, "type": "object", "properties": properties(root),
            "additionalProperties": false
        ]
        if !root.required.isEmpty { top["required"] = root.required }
        top["$defs"] = defs
        let data = try! JSONSerialization.data(
            withJSONObject: top, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The schema files, by name (`units.schema.json`), as `qualkit schema` writes them.
    public static var schemaFiles: [TextFile] {
        files.map { file in
            let base = String(file.name.dropLast(".yaml".count))
            return TextFile(name: "\(base).schema.json", text: jsonSchema(file.root, file: base))
        }
    }
}

extension PackSchema {
    /// Every key of every pack file as Markdown tables (file or object, key, required, type, meaning), as
    /// CONTRIBUTING.md shows them.
    public static var markdownKeyTable: String {
        func type(_ valueType: ValueType) -> String {
            switch valueType {
            case .text: "text"
            case .identifier: "id"
            case .date: "date (YYYY-MM-DD)"
            case .level: "level (1–8, E1–E3)"
            case .integer(let r): "whole number \(r.lowerBound)–\(r.upperBound)"
            case .hours: "hours"
            case .choice(let w): w.joined(separator: " \\| ")
            case .list(let valueType, _): "list of \(type(valueType))"
            case .object(let o): o.id
            case .rule: "rule"
            }
        }
        var seen: Set<String> = []
        var out: [String] = []
        func table(_ schema: Object, _ heading: String) {
            guard seen.insert(schema.id).inserted else { return }
            out.append("**\(heading)** — \(schema.title)")
            out.append("")
            out.append("| key | required | type | meaning |")
            out.append("| --- | --- | --- | --- |")
            for k in schema.keys {
                out.append("| `\(k.name)` | \(k.required ? "yes" : "") | \(type(k.type)) | \(k.description) |")
            }
            out.append("")
            for k in schema.keys {
                switch k.type {
                case .object(let inner), .list(.object(let inner), _): table(inner, "`\(inner.id)`")
                case .rule, .list(.rule, _): table(rules, "`rule`")
                default: break
                }
            }
        }
        for file in files { table(file.root, "`\(file.name)`") }
        return out.joined(separator: "\n")
    }
}
