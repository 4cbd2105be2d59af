@_spi(Engine) import QualKitCore
/// Reads learners from CSV with a header row, one row per unit achievement:
/// `learner,unit,achieved,hours` (`achieved` and `hours` optional, columns in any order).
///
/// Rows of one learner may be anywhere in the file; learners come out in order of their first row.
/// Fields may be quoted (RFC 4180: `"a ""quoted"" field"`). The whole input is grouped in memory, so memory
/// grows with the number of learners (use JSON Lines for streaming).
package struct LearnerCSVReader: Sendable {
    package init() {}

    /// The columns of a learner CSV file: the one definition of their names. `achieved` and `hours` are
    /// the unit-entry keys of JSON Lines (`UnitAchievement/Field`).
    package enum Column: CaseIterable, Sendable {
        case learner, unit, achieved, hours
        package var name: String {
            switch self {
            case .learner: "learner"
            case .unit: "unit"
            case .achieved: UnitAchievement.Field.achieved.rawValue
            case .hours: UnitAchievement.Field.hours.rawValue
            }
        }
        /// The header line, every column, with its newline.
        package static let header = allCases.map(\.name).joined(separator: ",") + "\n"
    }

    /// One learner, or one rejected row, with its line number.
    package enum Item: Sendable {
        case learner(Learner, line: Int)
        case rejected(line: Int, message: String)
    }

    /// Parses `data` (the whole file) into learners and rejected rows, in order of first appearance.
    package func read(_ data: [UInt8]) -> [Item] {
        var rows = Self.rows(data)
        guard !rows.isEmpty else { return [] }
        let header = rows.removeFirst()
        let names = header.fields.map { $0.trimmingCharacters(in: " \t").lowercased() }
        let (L, U, A, H) = (Column.learner.name, Column.unit.name, Column.achieved.name, Column.hours.name)
        let known = Column.allCases.map(\.name)
        var out: [Item] = []
        for (i, n) in names.enumerated() where !known.contains(n) {
            let hint = Suggestion.closest(to: n, among: known).map { "did you mean '\($0)'? " } ?? ""
            out.append(.rejected(line: header.line, message: "unknown column '\(n)' (column \(i + 1)); \(hint)expected a header with \(L),\(U) and optionally \(A),\(H)"))
            return out
        }
        guard let li = names.firstIndex(of: L), let ui = names.firstIndex(of: U) else {
            return [.rejected(line: header.line, message: "the header must name the columns '\(L)' and '\(U)' (optionally '\(A)' and '\(H)'); found '\(header.fields.joined(separator: ","))'")]
        }
        let ai = names.firstIndex(of: A), hi = names.firstIndex(of: H)
        var order: [String] = []
        var learners: [String: (Learner, Int)] = [:]
        var rejected: [(Int, String)] = []
        for row in rows {
            if row.fields.count == 1 && row.fields[0].isEmpty { continue }   // blank line
            if let bad = row.error { rejected.append((row.line, bad)); continue }
            guard row.fields.count == names.count else {
                rejected.append((row.line, "expected \(names.count) fields (\(names.joined(separator: ","))), found \(row.fields.count)"))
                continue
            }
            let id = row.fields[li].trimmingCharacters(in: " \t")
            let code = row.fields[ui].trimmingCharacters(in: " \t")
            guard !id.isEmpty else { rejected.append((row.line, "'\(L)' is empty; expected a learner id")); continue }
            guard !code.isEmpty else { rejected.append((row.line, "'\(U)' is empty; expected a unit code")); continue }
            var u = UnitAchievement(code: UnitCode(code))
            if let ai {
                let s = row.fields[ai].trimmingCharacters(in: " \t")
                if !s.isEmpty {
                    do { u.achieved = try CalendarDate(s) } catch { rejected.append((row.line, "'\(A)': \(error); expected a date YYYY-MM-DD or nothing")); continue }
                }
            }
            if let hi {
                let s = row.fields[hi].trimmingCharacters(in: " \t")
                if !s.isEmpty {
                    switch LearnerJSONParser.hours(s, "'\(H)'") {   // the same numbers as JSON Lines
                    case .success(let h): u.hours = h
                    case .failure(let f): rejected.append((row.line, f.message)); continue
                    }
                }
            }
            if learners[id] == nil { order.append(id); learners[id] = (Learner(id: id), row.line) }
            learners[id]!.0.units.append(u)
        }
        // Rejections first by line, then learners in order of first row: the caller sees errors with lines.
        out += rejected.map { .rejected(line: $0.0, message: $0.1) }
        out += order.map { .learner(learners[$0]!.0, line: learners[$0]!.1) }
        return out
    }

    struct Row { var fields: [String]; var line: Int; var error: String? }

    /// Splits CSV bytes into rows of fields, tracking the line each row starts on.
    static func rows(_ data: [UInt8]) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, rowLine = 1
        var i = 0
        var quoted = false
        var error: String?
        if data.count >= 3, data[0] == 0xEF, data[1] == 0xBB, data[2] == 0xBF { i = 3 }
        func text(_ f: [UInt8]) -> String {
            if let s = String(validating: f, as: UTF8.self) { return s }
            error = error ?? "a field is not valid UTF-8; save the file as UTF-8"
            return ""
        }
        while i < data.count {
            let c = data[i]
            if quoted {
                if c == 0x22 {
                    if i + 1 < data.count, data[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    quoted = false
                } else {
                    if c == 0x0A { line += 1 }
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case 0x22 where field.isEmpty: quoted = true
            case 0x2C: fields.append(text(field)); field.removeAll()
            case 0x0D where i + 1 < data.count && data[i + 1] == 0x0A: break
            case 0x0A:
                fields.append(text(field)); field.removeAll()
                rows.append(Row(fields: fields, line: rowLine, error: error))
                fields.removeAll(); error = nil
                line += 1; rowLine = line
            default: field.append(c)
            }
            i += 1
        }
        if quoted { error = error ?? "a quoted field is not closed; add the closing '\"'" }
        if !field.isEmpty || !fields.isEmpty || quoted {
            fields.append(text(field))
            rows.append(Row(fields: fields, line: rowLine, error: error))
        }
        return rows
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
