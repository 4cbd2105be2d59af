import QualKitCore
/// Appends results to byte buffers as JSON Lines or CSV, without going through `Codable`: the fields of
/// `ResultField/jsonLines` or `ResultField/csv`, in order.
public enum ResultEncoding {
    /// The CSV header line of the default columns.
    public static let csvHeader = csvHeader(ResultField.csv)

    /// `"key":` for a result field or an unmet requirement's key, as the writers put it.
    static func jsonKey(_ key: String) -> [UInt8] { var o: [UInt8] = []; string(key, &o); o.append(0x3A); return o }

    /// Appends `r` as one JSON object and a newline: the `fields` asked for, in that order (every field
    /// by default). `unmet` objects carry the code, the message when the result has one, and the kind's
    /// details (`UnmetRequirement`); `next` is null when no set of units completes the rules; `warnings`
    /// are their messages.
    public static func appendJSON(
        _ result: EvaluationResult, fields: [ResultField] = ResultField.jsonLines, to out: inout [UInt8]
    ) {
        var first = true
        for f in fields {
            if f == .countedAs && result.countedAs.isEmpty { continue } // there only when a unit stood in
            out.append(first ? 0x7B : 0x2C)
            first = false
            out.append(contentsOf: jsonKey(f.rawValue))
            switch f {
            case .learner: string(result.learner.rawValue, &out)
            case .qualification: string(result.qualification.rawValue, &out)
            case .version: string(result.version, &out)
            case .achieved: out.append(contentsOf: (result.achieved ? "true" : "false").utf8)
            case .credits: int(result.credits.value, &out)
            case .countedCredits: int(result.countedCredits.value, &out)
            case .requiredCredits: int(result.requiredCredits.value, &out)
            case .countedUnits: strings(result.countedUnits.lazy.map(\.rawValue), &out)
            case .countedAs: standIns(result.countedAs.lazy.map { ($0.held.rawValue, $0.countedAs.rawValue) }, &out)
            case .route:
                if let route = result.route {
                    string(route.rawValue, &out)
                } else {
                    out.append(contentsOf: "null".utf8)
                }
            case .unmet:
                out.append(0x5B)
                for (i, u) in result.unmet.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    appendJSON(u, to: &out)
                }
                out.append(0x5D)
            case .next:
                if let next = result.next {
                    strings(next.lazy.map(\.rawValue), &out)
                } else {
                    out.append(contentsOf: "null".utf8)
                }
            case .deadline:
                if let d = result.deadline { string(d.description, &out) } else { out.append(contentsOf: "null".utf8) }
            case .unchecked: strings(result.unchecked.lazy.map(\.rawValue), &out)
            case .warnings: warnings(result.warnings, &out)
            case .exceptionsApplied: exceptions(result.exceptionsApplied, &out)
            }
        }
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends `exceptions` as a JSON array of exception objects, their keys in the order of
    /// `LearnerException.Field`, absent ones left out.
    static func exceptions(_ exceptions: [LearnerException], _ out: inout [UInt8]) {
        out.append(0x5B)
        for (n, x) in exceptions.enumerated() {
            if n > 0 { out.append(0x2C) }
            for f in LearnerException.Field.allCases {
                func key() { out.append(f == .kind ? 0x7B : 0x2C); out.append(contentsOf: jsonKey(f.rawValue)) }
                switch f {
                case .kind: key(); string(x.kind.rawValue, &out)
                case .unit: if let u = x.unit { key(); string(u.rawValue, &out) }
                case .substituteFor: if let u = x.substituteFor { key(); string(u.rawValue, &out) }
                case .requirement: if let r = x.requirement { key(); string(r.rawValue, &out) }
                case .until: if let d = x.until { key(); string(d.description, &out) }
                case .qualification: if let q = x.qualification { key(); string(q.rawValue, &out) }
                case .version: if let v = x.version { key(); string(v, &out) }
                case .reason: key(); string(x.reason, &out)
                }
            }
            out.append(0x7D)
        }
        out.append(0x5D)
    }

    /// Appends `requirement` as one JSON object, its keys in the order of `UnmetRequirement.CodingKeys`, the kind's
    /// absent ones left out (`UnmetRequirement.Details.fields`).
    static func appendJSON(_ requirement: UnmetRequirement, to out: inout [UInt8]) {
        let f = requirement.details.fields
        for k in UnmetRequirement.CodingKeys.allCases {
            func key() { out.append(k == .code ? 0x7B : 0x2C); out.append(contentsOf: jsonKey(k.rawValue)) }
            switch k {
            case .code: key(); string(requirement.code.rawValue, &out)
            case .message: if let m = requirement.message { key(); string(m, &out) }
            case .unit: if let x = f.unit { key(); string(x.rawValue, &out) }
            case .group: if let x = f.group { key(); string(x.rawValue, &out) }
            case .units: if let x = f.units { key(); strings(x.lazy.map(\.rawValue), &out) }
            case .level: if let x = f.level { key(); string(x.code, &out) }
            case .held: if let x = f.held { key(); number(x, &out) }
            case .required: if let x = f.required { key(); number(x, &out) }
            case .maximum: if let x = f.maximum { key(); number(x, &out) }
            case .date: if let x = f.date { key(); string(x.description, &out) }
            case .limit: if let x = f.limit { key(); string(x.description, &out) }
            }
        }
        out.append(0x7D)
    }

    /// Appends `r` as one CSV row of `fields` (`ResultField.csv` by default). Lists are joined with `;`;
    /// unmet requirements are their codes; warnings their messages.
    ///
    /// A cell that starts with `=`, `+`, `-` or `@` (a learner id such as `=HYPERLINK(…)`), which a
    /// spreadsheet would run as a formula, is written quoted with an apostrophe before it
    /// (`"'=HYPERLINK(…)"`), as OWASP advises against CSV injection; `exact: true` writes it as it is.
    public static func appendCSV(
        _ result: EvaluationResult, fields: [ResultField] = ResultField.csv, exact: Bool = false, to out: inout [UInt8]
    ) {
        func csvField(_ text: String, _ out: inout [UInt8]) { Self.csvField(text, &out, exact: exact) }
        for (n, f) in fields.enumerated() {
            if n > 0 { out.append(0x2C) }
            switch f {
            case .learner: csvField(result.learner.rawValue, &out)
            case .qualification: csvField(result.qualification.rawValue, &out)
            case .version: csvField(result.version, &out)
            case .achieved: out.append(contentsOf: (result.achieved ? "true" : "false").utf8)
            case .credits: int(result.credits.value, &out)
            case .countedCredits: int(result.countedCredits.value, &out)
            case .requiredCredits: int(result.requiredCredits.value, &out)
            case .route: csvField(result.route?.rawValue ?? "", &out)
            case .countedUnits: csvField(result.countedUnits.map(\.rawValue).joined(separator: ";"), &out)
            case .countedAs: csvField(result.countedAs.map(\.description).joined(separator: ";"), &out)
            case .unmet: csvField(result.unmet.map(\.code.rawValue).joined(separator: ";"), &out)
            case .next: csvField(result.next?.map(\.rawValue).joined(separator: ";") ?? "", &out)
            case .deadline: csvField(result.deadline?.description ?? "", &out)
            case .unchecked: csvField(result.unchecked.map(\.rawValue).joined(separator: ";"), &out)
            case .warnings: csvField(result.warnings.map(\.message).joined(separator: ";"), &out)
            case .exceptionsApplied: csvField(result.exceptionsApplied.map(\.description).joined(separator: ";"), &out)
            }
        }
        out.append(0x0A)
    }

    /// The CSV header line for `fields`.
    public static func csvHeader(_ fields: [ResultField]) -> String {
        fields.map(\.rawValue).joined(separator: ",") + "\n"
    }

    /// A quantity: whole numbers without a decimal point (`6`), others as Swift prints them (`6.5`).
    static func number(_ value: Double, _ out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 {
            int(Int(value), &out)
        } else {
            out.append(contentsOf: String(value).utf8)
        }
    }

    static func int(_ count: Int, _ out: inout [UInt8]) {
        if count == 0 { out.append(0x30); return }
        var v = count.magnitude
        if count < 0 { out.append(0x2D) }
        var tmp:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var k = 0
        withUnsafeMutableBytes(of: &tmp) { b in
            while v > 0 { b[k] = UInt8(v % 10) + 0x30; v /= 10; k += 1 }
            while k > 0 { k -= 1; out.append(b[k]) }
        }
    }

    static func string(_ text: String, _ out: inout [UInt8]) {
        out.append(0x22)
        for c in text.utf8 {
            switch c {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: out.append(c)
            }
        }
        out.append(0x22)
    }

    /// Each warning as its sentence, or, when its kind and subject cannot be read back from the sentence,
    /// as an object with all three (as `EvaluationResult`'s `Codable` writes them).
    static func warnings(_ warnings: [EvaluationWarning], _ out: inout [UInt8]) {
        out.append(0x5B)
        for (i, warning) in warnings.enumerated() {
            if i > 0 { out.append(0x2C) }
            if warning.isReadFromItsSentence { string(warning.message, &out); continue }
            out.append(contentsOf: #"{"kind":"#.utf8); string(warning.kind.rawValue, &out)
            out.append(contentsOf: #","message":"#.utf8); string(warning.message, &out)
            out.append(contentsOf: #","subject":"#.utf8); string(warning.subject, &out)
            out.append(0x7D)
        }
        out.append(0x5D)
    }

    /// `[{"held":"A","as":"B"},…]`: held units and the units they counted as (`UnitStandIn`).
    static func standIns<S: Sequence<(String, String)>>(_ pairs: S, _ out: inout [UInt8]) {
        out.append(0x5B)
        var first = true
        for (held, countedAs) in pairs {
            if !first { out.append(0x2C) }
            first = false
            out.append(0x7B)
            out.append(contentsOf: jsonKey(UnitStandIn.CodingKeys.held.rawValue))
            string(held, &out)
            out.append(0x2C)
            out.append(contentsOf: jsonKey(UnitStandIn.CodingKeys.countedAs.rawValue))
            string(countedAs, &out)
            out.append(0x7D)
        }
        out.append(0x5D)
    }

    static func strings<S: Sequence<String>>(_ xs: S, _ out: inout [UInt8]) {
        out.append(0x5B)
        var first = true
        for x in xs {
            if !first { out.append(0x2C) }
            first = false
            string(x, &out)
        }
        out.append(0x5D)
    }

    /// A CSV field: quoted when it holds a comma, quote or line break; a control character (a NUL, a line
    /// break, DEL) is written as the text `\uXXXX`, so that no byte of an id can break a downstream reader.
    /// Unless `exact`, a field that starts with `=`, `+`, `-` or `@`, which a spreadsheet would run as a
    /// formula, is quoted with an apostrophe before it (`"'=HYPERLINK(…)"`), as OWASP advises against CSV
    /// injection (a tab or carriage return at the start is already written as `\uXXXX`).
    static func csvField(_ text: String, _ out: inout [UInt8], exact: Bool = false) {
        let formula = !exact && text.utf8.first.map(startsFormula) == true
        let needsQuotes = formula || text.utf8.contains { $0 == 0x2C || $0 == 0x22 }
        let hasControl = text.utf8.contains(where: isControl)
        guard needsQuotes || hasControl else { out.append(contentsOf: text.utf8); return }
        if needsQuotes { out.append(0x22) }
        if formula { out.append(0x27) }
        for c in text.utf8 {
            if isControl(c) {
                out.append(contentsOf: Array("\\u00".utf8))
                let hex = Array("0123456789ABCDEF".utf8)
                out.append(hex[Int(c >> 4)]); out.append(hex[Int(c & 15)])
                continue
            }
            if c == 0x22 { out.append(0x22) }
            out.append(c)
        }
        if needsQuotes { out.append(0x22) }
    }

    /// The first bytes of a cell that a spreadsheet reads as a formula: `=`, `+`, `-`, `@`.
    @inline(__always) static func startsFormula(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40
    }

    /// C0 control characters and DEL.
    @inline(__always) static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }
}
