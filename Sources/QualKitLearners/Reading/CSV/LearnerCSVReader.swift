import QualKitEngine
import QualKitCore

/// Reads learners from CSV with a header row, one row per unit achievement:
/// `learner,unit,achieved,hours` (`achieved` and `hours` optional, columns in any order).
///
/// Exceptions (`LearnerException`) go in the same file, one per row, in the optional columns
/// `exception_kind`, `exception_unit`, `exception_for`, `exception_requirement`, `exception_until`,
/// `exception_qualification`, `exception_version` and `exception_reason` (the keys of an exception entry, prefixed): a row with
/// an `exception_kind` is an exception of its learner and leaves `unit`, `achieved` and `hours` empty.
///
/// Streamed, with memory bounded by one row, when the rows of each learner are together (the default,
/// ``Grouping/contiguous``): a learner is complete when the next learner's rows start. A learner whose rows
/// appear again after other learners' is an error naming both lines and saying how to sort the file.
/// ``Grouping/anyOrder`` groups rows anywhere in the file in memory instead (memory grows with the file).
///
/// Fields may be quoted (RFC 4180: `"a ""quoted"" field"`, line breaks inside quotes). A row may be at most
/// ``maximumRowBytes`` long, quoted fields included; a longer row, or a quote never closed within that many
/// bytes, is rejected at its first line and reading goes on with the next line. Every dropped row gets an
/// error with its true line number, and a learner with a rejected row is not evaluated (like a JSON Lines
/// record with a bad field).
package struct LearnerCSVReader: Sendable {
    /// Where the rows of one learner may be.
    package enum Grouping: Sendable {
        /// Together (the file sorted or grouped by learner): streamed.
        case contiguous
        /// Anywhere: grouped in memory, learners in order of their first row.
        case anyOrder
    }

    package var grouping: Grouping
    /// The longest row, in bytes, line breaks inside quotes included.
    package var maximumRowBytes: Int
    /// How many learner ids to remember to detect a learner whose rows are not together
    /// (``DuplicateIDTable``); past it the check stops with a warning. 0: no check.
    package var idLimit: Int
    /// Keep only this learner's rows (others are read and checked, not kept): `explain`.
    package var onlyLearner: String?
    /// The most bytes of rows one learner may have, as a JSON Lines record may have at most a line's:
    /// past it the learner is rejected (once) and its further rows are read but not kept, so that memory
    /// does not grow with one learner's rows.
    package var maximumLearnerBytes: Int

    package init(grouping: Grouping = .contiguous, maximumRowBytes: Int = 64 << 20, idLimit: Int = 1_000_000) {
        self.grouping = grouping; self.maximumRowBytes = maximumRowBytes; self.idLimit = idLimit
        maximumLearnerBytes = maximumRowBytes
    }

    /// The columns of a learner CSV file: the one definition of their names. `achieved` and `hours` are
    /// the unit-entry keys of JSON Lines (``UnitAchievement/Field``).
    package enum Column: CaseIterable, Hashable, Sendable {
        case learner, unit, achieved, hours
        /// An exception's field, `exception_` and its key (`LearnerException.Field`).
        case exception(LearnerException.Field)
        package static let allCases: [Column] = [.learner, .unit, .achieved, .hours] + LearnerException.Field.allCases.map { .exception($0) }
        /// The columns of unit rows, which every file has (learner and unit required).
        package static let unitColumns: [Column] = [.learner, .unit, .achieved, .hours]
        package var name: String {
            switch self {
            case .learner: "learner"
            case .unit: "unit"
            case .achieved: UnitAchievement.Field.achieved.rawValue
            case .hours: UnitAchievement.Field.hours.rawValue
            case .exception(let f): "exception_" + f.rawValue
            }
        }
        /// The header line of the unit columns, with its newline.
        package static let header = unitColumns.map(\.name).joined(separator: ",") + "\n"
    }

    /// One learner, one rejected row (or run of rows), or a warning, with its line number.
    package enum Item: Sendable {
        case learner(Learner, line: Int)
        case rejected(line: Int, message: String)
        case warning(line: Int, message: String)
    }

    /// The items of the CSV text read by `lines`, in file order (``Grouping/anyOrder``: rejections and
    /// warnings as found, then the learners).
    package func items(_ lines: LineReader) -> Items { Items(reader: self, rows: CSVRows(lines, maximumRowBytes: maximumRowBytes)) }

    /// Every item of `data` (a whole file): for tests and small inputs.
    package func read(_ data: [UInt8]) -> [Item] {
        Array(IteratorSequence(items(LineReader(bytes: data, name: "<bytes>", maximumLineLength: maximumRowBytes))))
    }

    /// The items, one at a time.
    package struct Items: IteratorProtocol {
        let reader: LearnerCSVReader
        var rows: CSVRows
        var out: [Item] = []   // ready to hand out, in order
        var taken = 0
        var columns: (learner: Int, unit: Int, achieved: Int?, hours: Int?, count: Int)?
        /// The exception columns the header has, by field.
        var exceptionColumns: [LearnerException.Field: Int] = [:]
        var headerDone = false
        var finished = false
        /// The learner being gathered (contiguous): its id, record and first line.
        var current: (id: String, learner: Learner, line: Int, rejected: Bool, bytes: Int)?
        /// anyOrder: learners with a rejected row (not evaluated).
        var rejectedIDs: Set<String> = []
        /// A run of rows of a learner seen before (contiguous): id, first line of the run, first line of
        /// the learner, rows.
        var stray: (id: String, line: Int, first: Int, rows: Int)?
        let seen: DuplicateIDTable?
        var warnedExhausted = false
        /// anyOrder: learners by id, in order of first row.
        var order: [String] = []
        var grouped: [String: (Learner, Int)] = [:]
        /// anyOrder: the bytes of rows kept per learner.
        var groupedBytes: [String: Int] = [:]
        /// The size of the row being added, for ``maximumLearnerBytes``.
        var rowBytes = 0

        init(reader: LearnerCSVReader, rows: CSVRows) {
            self.reader = reader; self.rows = rows
            seen = reader.idLimit > 0 ? DuplicateIDTable(limit: reader.idLimit) : nil
        }

        package mutating func next() -> Item? {
            while taken >= out.count {
                out.removeAll(keepingCapacity: true)
                taken = 0
                if finished { return nil }
                step()
            }
            defer { taken += 1 }
            return out[taken]
        }

        /// Reads one row (or finishes), appending what is ready to `out`.
        private mutating func step() {
            guard let row = rows.next() else {
                finish()
                return
            }
            if let error = row.error { out.append(.rejected(line: row.line, message: error)); return }
            guard headerDone else { header(row); return }
            guard let c = columns else { return }
            if row.fields.count == 1 && row.fields[0].isEmpty { return }   // a blank line
            rowBytes = row.fields.reduce(row.fields.count) { $0 + $1.utf8.count }
            let (L, U, A, H) = (Column.learner.name, Column.unit.name, Column.achieved.name, Column.hours.name)
            guard row.fields.count == c.count else {
                out.append(.rejected(line: row.line, message: "expected \(c.count) fields (\(rows.headerNames.joined(separator: ","))), found \(row.fields.count)"))
                return
            }
            let id = row.fields[c.learner].trimmingCharacters(in: " \t")
            if let only = reader.onlyLearner, id != only { return }   // another learner's row: not kept
            let code = row.fields[c.unit].trimmingCharacters(in: " \t")
            guard !id.isEmpty else {
                let problem = LearnerRecordSchema.Problem.empty(expected: "a learner id")
                out.append(.rejected(line: row.line, message: problem.message("'\(L)'")))
                return
            }
            if let k = exceptionColumns[.kind], !row.fields[k].trimmingCharacters(in: " \t").isEmpty {
                let filled = [c.unit, c.achieved, c.hours].compactMap { $0 }.filter { !row.fields[$0].trimmingCharacters(in: " \t").isEmpty }
                if !filled.isEmpty {
                    add(id: id, entry: nil, problem: "a row is a unit achievement or an exception, not both: leave '\(U)', '\(A)' and '\(H)' empty on a row with '\(Column.exception(.kind).name)'", line: row.line)
                    return
                }
                let (x, problem) = exception(row)
                add(id: id, entry: x.map(Entry.exception), problem: problem, line: row.line)
                return
            }
            guard !code.isEmpty else {
                let problem = LearnerRecordSchema.Problem.empty(expected: "a unit code")
                add(id: id, entry: nil, problem: problem.message("'\(U)'"), line: row.line)
                return
            }
            var u = UnitAchievement(code: UnitCode(code))
            var problem: String?
            if let ai = c.achieved {
                let s = row.fields[ai].trimmingCharacters(in: " \t")
                if !s.isEmpty {
                    switch LearnerRecordSchema.date(s) {
                    case .success(let d): u.achieved = d
                    case .failure(let p): problem = p.message("'\(A)'")
                    }
                }
            }
            if problem == nil, let hi = c.hours {
                let s = row.fields[hi].trimmingCharacters(in: " \t")
                if !s.isEmpty {
                    switch LearnerJSONParser.hours(s, "'\(H)'") {   // the same numbers as JSON Lines
                    case .success(let h): u.hours = h
                    case .failure(let f): problem = f.message
                    }
                }
            }
            add(id: id, entry: .unit(u), problem: problem, line: row.line)
        }

        /// What one row adds to its learner.
        enum Entry {
            case unit(UnitAchievement), exception(LearnerException)
            func add(to l: inout Learner) {
                switch self {
                case .unit(let u): l.units.append(u)
                case .exception(let x): l.exceptions.append(x)
                }
            }
        }

        /// The exception of a row with an `exception_kind`, or what is wrong with it.
        private func exception(_ row: CSVRows.Row) -> (LearnerException?, String?) {
            typealias F = LearnerException.Field
            func text(_ f: F) -> String? {
                guard let i = exceptionColumns[f] else { return nil }
                let s = row.fields[i].trimmingCharacters(in: " \t")
                return s.isEmpty ? nil : s
            }
            // The checks and messages of every reader (LearnerRecordSchema), naming the column.
            func name(_ f: F) -> String { "'\(Column.exception(f).name)'" }
            let kind: LearnerException.Kind
            switch LearnerRecordSchema.kind(text(.kind) ?? "") {
            case .success(let k): kind = k
            case .failure(let p): return (nil, p.message(name(.kind)))
            }
            var x = LearnerException(kind: kind, unit: text(.unit).map { UnitCode($0) }, substituteFor: text(.substituteFor).map { UnitCode($0) },
                                     qualification: text(.qualification).map { QualificationID($0) }, version: text(.version),
                                     reason: text(.reason) ?? "")
            if let r = text(.requirement) {
                switch LearnerRecordSchema.requirement(r) {
                case .success(let code): x.requirement = code
                case .failure(let p): return (nil, p.message(name(.requirement)))
                }
            }
            if let u = text(.until) {
                switch LearnerRecordSchema.date(u) {
                case .success(let d): x.until = d
                case .failure(let p): return (nil, p.message(name(.until)))
                }
            }
            if let p = x.shapeProblem {
                return (nil, LearnerRecordSchema.Problem.field(p.message).message(name(p.field)))
            }
            return (x, nil)
        }

        /// The learner's rows passed the size limit.
        static func tooLarge(_ id: String, _ limit: Int) -> String {
            "learner '\(id)' has more than \(limit) bytes of rows, over the limit for one learner (as for one JSON Lines record); its further rows are read but not kept (learner '\(id)' is not evaluated)"
        }

        /// A learner with a rejected row is not evaluated (its results would look complete without the
        /// row), as a JSON Lines record with a bad field is not; the row's error says so.
        static func rejection(_ problem: String, _ id: String) -> String {
            "\(problem) (learner '\(id)' is not evaluated until this row is fixed)"
        }

        private mutating func add(id: String, entry: Entry?, problem: String?, line: Int) {
            switch reader.grouping {
            case .anyOrder:
                if let problem {
                    out.append(.rejected(line: line, message: Self.rejection(problem, id)))
                    rejectedIDs.insert(id)
                    return
                }
                if rejectedIDs.contains(id) { return }
                if grouped[id] == nil { order.append(id); grouped[id] = (Learner(id: LearnerID(id)), line) }
                let bytes = groupedBytes[id, default: 0] + rowBytes
                if bytes > reader.maximumLearnerBytes {
                    out.append(.rejected(line: line, message: Self.tooLarge(id, reader.maximumLearnerBytes)))
                    rejectedIDs.insert(id)
                    grouped[id] = (Learner(id: LearnerID(id)), grouped[id]!.1)   // its rows: not kept
                    groupedBytes[id] = nil
                    return
                }
                groupedBytes[id] = bytes
                entry?.add(to: &grouped[id]!.0)
            case .contiguous:
                contiguous(id: id, entry: entry, problem: problem, line: line)
            }
        }

        private mutating func contiguous(id: String, entry: Entry?, problem: String?, line: Int) {
            if let s = stray {
                if s.id == id { stray!.rows += 1; return }
                closeStray()
            }
            if let cur = current, cur.id == id {
                if cur.rejected && cur.bytes > reader.maximumLearnerBytes { return }   // already too large: not kept
                current!.bytes += rowBytes
                if current!.bytes > reader.maximumLearnerBytes {
                    out.append(.rejected(line: line, message: Self.tooLarge(id, reader.maximumLearnerBytes)))
                    current!.rejected = true
                    current!.learner = Learner(id: LearnerID(id))   // its rows: not kept
                    return
                }
                if let problem {
                    out.append(.rejected(line: line, message: Self.rejection(problem, id)))
                    current!.rejected = true
                } else { entry?.add(to: &current!.learner) }
                return
            }
            // A new learner starts: the previous one is complete.
            emitCurrent()
            if let seen {
                var key = id
                if let first = key.withUTF8({ seen.insert(DuplicateIDTable.fingerprint($0), line: line) }) {
                    stray = (id, line, first, 1)
                    return
                }
                if seen.exhausted && !warnedExhausted {
                    warnedExhausted = true
                    out.append(.warning(line: line, message: "the check that each learner's rows are together stopped after \(seen.limit) learners (the memory limit); raise it with --duplicate-limit (duplicateCheckLimit in the API)"))
                }
            }
            current = (id, Learner(id: LearnerID(id)), line, problem != nil, rowBytes)
            if let problem { out.append(.rejected(line: line, message: Self.rejection(problem, id))) } else { entry?.add(to: &current!.learner) }
        }

        /// The learner gathered so far, unless a row of it was rejected (then its results would look
        /// complete without that row: the learner is not evaluated, as when grouping in memory).
        private mutating func emitCurrent() {
            if let cur = current, !cur.rejected, !cur.learner.units.isEmpty || !cur.learner.exceptions.isEmpty {
                out.append(.learner(cur.learner, line: cur.line))
            }
            current = nil
        }

        private mutating func closeStray() {
            guard let s = stray else { return }
            stray = nil
            let rowsText = s.rows == 1 ? "this row" : "these \(s.rows) rows"
            out.append(.rejected(line: s.line, message: "learner '\(s.id)' already had rows from line \(s.first), with other learners' rows between; \(rowsText) cannot be added to it, and its results from line \(s.first) miss them. Keep each learner's rows together: sort the file by learner, e.g. (head -n 1 FILE && tail -n +2 FILE | sort -s -t, -k1,1) > sorted.csv, or give --unsorted (csvGrouping: .anyOrder in the API) to group rows in memory"))
        }

        private mutating func finish() {
            finished = true
            closeStray()
            emitCurrent()
            for id in order where !rejectedIDs.contains(id) { out.append(.learner(grouped[id]!.0, line: grouped[id]!.1)) }
            order.removeAll(); grouped.removeAll()
        }

        private mutating func header(_ row: CSVRows.Row) {
            headerDone = true
            let names = row.fields.map { $0.trimmingCharacters(in: " \t").lowercased() }
            rows.headerNames = names
            let (L, U, A, H) = (Column.learner.name, Column.unit.name, Column.achieved.name, Column.hours.name)
            // Lines ended by CR alone: the whole file reads as one header line.
            if row.fields.contains(where: { $0.utf8.contains(0x0D) }) {
                out.append(.rejected(line: row.line, message: "the header holds a carriage return (CR) that no line feed follows: the file's lines end in CR alone; save it with LF or CRLF line endings"))
                finished = true
                return
            }
            let known = Column.allCases.map(\.name)
            // A column given twice: which one holds the value? (In JSON a repeated key is an error too.)
            var firstColumn: [String: Int] = [:]
            for (i, n) in names.enumerated() where known.contains(n) {
                if let first = firstColumn[n] {
                    out.append(.rejected(line: row.line, message: "column '\(n)' appears twice (columns \(first + 1) and \(i + 1)); give each column once"))
                    finished = true
                    return
                }
                firstColumn[n] = i
            }
            for (i, n) in names.enumerated() where !known.contains(n) {
                let hint = Suggestion.closest(to: n, among: known).map { "did you mean '\($0)'? " } ?? ""
                out.append(.rejected(line: row.line, message: "unknown column '\(n)' (column \(i + 1)); \(hint)expected a header with \(L),\(U) and optionally \(A),\(H) and the exception columns (\(LearnerException.Field.allCases.map { Column.exception($0).name }.joined(separator: ",")))"))
                finished = true
                return
            }
            guard let li = names.firstIndex(of: L), let ui = names.firstIndex(of: U) else {
                out.append(.rejected(line: row.line, message: "the header must name the columns '\(L)' and '\(U)' (optionally '\(A)' and '\(H)'); found '\(row.fields.joined(separator: ","))'"))
                finished = true
                return
            }
            columns = (li, ui, names.firstIndex(of: A), names.firstIndex(of: H), names.count)
            for f in LearnerException.Field.allCases {
                if let i = names.firstIndex(of: Column.exception(f).name) { exceptionColumns[f] = i }
            }
        }
    }
}

/// Splits CSV text, read line by line, into rows of fields, each with the line it starts on. A row that
/// cannot be read (a quote never closed, a row over the size limit, invalid UTF-8) comes back with an
/// error instead of fields, and reading resumes on the line after its first.
package struct CSVRows {
    package struct Row { var fields: [String]; var line: Int; var error: String? }

    let lines: LineReader
    let maximumRowBytes: Int
    var batch = LineReader.Batch()
    var position = 0
    var overlongAt = 0
    /// Lines to read again before the batch: after a quote that never closed, the lines after its first
    /// (an overlong one without its bytes).
    var replay: [(number: Int, bytes: [UInt8]?, length: Int)] = []
    var exhausted = false
    /// The header's names, for messages.
    var headerNames: [String] = []

    init(_ lines: LineReader, maximumRowBytes: Int) { self.lines = lines; self.maximumRowBytes = maximumRowBytes }

    /// The next line: its number and bytes, or an overlong line's number and length.
    private mutating func nextLine() -> (number: Int, bytes: [UInt8]?, length: Int)? {
        if !replay.isEmpty { return replay.removeFirst() }
        while true {
            // Overlong lines are interleaved with the batch's lines by number.
            let nextOverlong = overlongAt < batch.overlong.count ? batch.overlong[overlongAt] : nil
            let nextLine = position < batch.lines.count ? batch.lines[position] : nil
            if let o = nextOverlong, nextLine.map({ o.number < $0.number }) ?? true {
                overlongAt += 1
                return (o.number, nil, o.length)
            }
            if let l = nextLine {
                position += 1
                return (l.number, Array(batch.bytes[l.start..<(l.start + l.count)]), l.count)
            }
            if exhausted { return nil }
            position = 0; overlongAt = 0
            if !lines.next(into: &batch, maxLines: 4096, maxBytes: 4 << 20) { exhausted = true; return nil }
        }
    }

    package mutating func next() -> Row? {
        guard let first = nextLine() else { return nil }
        guard let bytes = first.bytes, first.length <= maximumRowBytes else {
            return Row(fields: [], line: first.number, error: "the row is \(first.length) bytes long, over the limit of \(maximumRowBytes); one unit achievement per row is expected")
        }
        var state = SplitState()
        var consumed: [(number: Int, bytes: [UInt8]?, length: Int)] = []
        var size = bytes.count
        state.feed(bytes)
        while state.quoted {
            // The row goes on on the next line, unless that would pass the size limit.
            let more = nextLine()
            guard let more, let moreBytes = more.bytes, size + 1 + more.length <= maximumRowBytes else {
                // Read again from the line after this row's first, the line that did not fit included.
                replay = consumed + (more.map { [$0] } ?? []) + replay
                return Row(fields: [], line: first.number, error: "a quoted field that starts on this line is not closed before the end of the file or within the row limit of \(maximumRowBytes) bytes; add the closing '\"' (reading goes on from line \(first.number + 1))")
            }
            consumed.append((more.number, moreBytes, moreBytes.count))
            state.field.append(0x0A)
            state.feed(moreBytes)
            size += 1 + moreBytes.count
        }
        state.fields.append(state.field)
        if let bad = state.fields.firstIndex(where: { String(validating: $0, as: UTF8.self) == nil }) {
            return Row(fields: [], line: first.number, error: "field \(bad + 1) is not valid UTF-8; save the file as UTF-8")
        }
        return Row(fields: state.fields.map { String(decoding: $0, as: UTF8.self) }, line: first.number)
    }

    /// RFC 4180 fields, fed a line at a time: a quoted field may hold line breaks, `""` is a quote.
    struct SplitState {
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var quoted = false

        mutating func feed(_ b: [UInt8]) {
            var i = 0
            while i < b.count {
                let c = b[i]
                if quoted {
                    if c == 0x22 {
                        if i + 1 < b.count, b[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                        quoted = false
                    } else {
                        field.append(c)
                    }
                    i += 1
                    continue
                }
                switch c {
                case 0x22 where field.isEmpty: quoted = true
                case 0x2C: fields.append(field); field.removeAll()
                default: field.append(c)
                }
                i += 1
            }
        }
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
