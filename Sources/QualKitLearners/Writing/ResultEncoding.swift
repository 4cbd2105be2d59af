@_spi(Engine) import QualKitCore
/// Appends results to byte buffers as JSON Lines or CSV, without going through `Codable`: the fields of
/// `ResultField/jsonLines` or `ResultField/csv`, in order.
public enum ResultEncoding {
    /// The CSV header line.
    public static let csvHeader = ResultField.csv.map(\.rawValue).joined(separator: ",") + "\n"

    /// `"key":` for a result field or an unmet requirement's key, as the writers put it.
    static func jsonKey(_ key: String) -> [UInt8] { var o: [UInt8] = []; string(key, &o); o.append(0x3A); return o }

    /// Appends `r` as one JSON object and a newline: every field of `ResultField/jsonLines`; `unmet`
    /// objects with code, message and unit/group where known; `next` null when no set of units completes
    /// the rules; `warnings` as their messages.
    public static func appendJSON(_ r: EvaluationResult, to out: inout [UInt8]) {
        typealias U = UnmetRequirement.CodingKeys
        for (n, f) in ResultField.jsonLines.enumerated() {
            out.append(n == 0 ? 0x7B : 0x2C)
            out.append(contentsOf: jsonKey(f.rawValue))
            switch f {
            case .learner: string(r.learner, &out)
            case .qualification: string(r.qualification.rawValue, &out)
            case .achieved: out.append(contentsOf: (r.achieved ? "true" : "false").utf8)
            case .credits: int(r.credits, &out)
            case .requiredCredits: int(r.requiredCredits, &out)
            case .countedUnits: strings(r.countedUnits.lazy.map(\.rawValue), &out)
            case .route: if let route = r.route { string(route.rawValue, &out) } else { out.append(contentsOf: "null".utf8) }
            case .unmet:
                out.append(0x5B)
                for (i, u) in r.unmet.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    out.append(0x7B); out.append(contentsOf: jsonKey(U.code.rawValue)); string(u.code.rawValue, &out)
                    out.append(0x2C); out.append(contentsOf: jsonKey(U.message.rawValue)); string(u.message, &out)
                    if let unit = u.unit { out.append(0x2C); out.append(contentsOf: jsonKey(U.unit.rawValue)); string(unit.rawValue, &out) }
                    if let g = u.group { out.append(0x2C); out.append(contentsOf: jsonKey(U.group.rawValue)); string(g.rawValue, &out) }
                    out.append(0x7D)
                }
                out.append(0x5D)
            case .next: if let next = r.next { strings(next.lazy.map(\.rawValue), &out) } else { out.append(contentsOf: "null".utf8) }
            case .unchecked: strings(r.unchecked.lazy.map(\.rawValue), &out)
            case .warnings: strings(r.warnings.lazy.map(\.message), &out)
            }
        }
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends `r` as one CSV row of `ResultField/csv`. Lists are joined with `;`; unmet requirements are
    /// their codes.
    public static func appendCSV(_ r: EvaluationResult, to out: inout [UInt8]) {
        for (n, f) in ResultField.csv.enumerated() {
            if n > 0 { out.append(0x2C) }
            switch f {
            case .learner: csvField(r.learner, &out)
            case .qualification: csvField(r.qualification.rawValue, &out)
            case .achieved: out.append(contentsOf: (r.achieved ? "true" : "false").utf8)
            case .credits: int(r.credits, &out)
            case .requiredCredits: int(r.requiredCredits, &out)
            case .route: csvField(r.route?.rawValue ?? "", &out)
            case .countedUnits: csvField(r.countedUnits.map(\.rawValue).joined(separator: ";"), &out)
            case .unmet: csvField(r.unmet.map(\.code.rawValue).joined(separator: ";"), &out)
            case .next: csvField(r.next?.map(\.rawValue).joined(separator: ";") ?? "", &out)
            case .unchecked: csvField(r.unchecked.map(\.rawValue).joined(separator: ";"), &out)
            case .warnings: csvField(r.warnings.map(\.message).joined(separator: ";"), &out)
            }
        }
        out.append(0x0A)
    }

    static func int(_ n: Int, _ out: inout [UInt8]) {
        if n == 0 { out.append(0x30); return }
        var v = n.magnitude
        if n < 0 { out.append(0x2D) }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var k = 0
        withUnsafeMutableBytes(of: &tmp) { b in
            while v > 0 { b[k] = UInt8(v % 10) + 0x30; v /= 10; k += 1 }
            while k > 0 { k -= 1; out.append(b[k]) }
        }
    }

    static func string(_ s: String, _ out: inout [UInt8]) {
        out.append(0x22)
        for c in s.utf8 {
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
    static func csvField(_ s: String, _ out: inout [UInt8]) {
        let needsQuotes = s.utf8.contains { $0 == 0x2C || $0 == 0x22 }
        let hasControl = s.utf8.contains(where: isControl)
        guard needsQuotes || hasControl else { out.append(contentsOf: s.utf8); return }
        if needsQuotes { out.append(0x22) }
        for c in s.utf8 {
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

    /// C0 control characters and DEL.
    @inline(__always) static func isControl(_ c: UInt8) -> Bool { c < 0x20 || c == 0x7F }
}
