import QualKitEngine
import QualKitCore

/// Reads learners from CSV with a header row, one row per unit achievement:
/// `learner,unit,achieved,hours` (`achieved` and `hours` optional, columns in any order).
///
/// Exceptions (`LearnerException`) go in the same file, one per row, in the optional columns
/// `exception_kind`, `exception_unit`, `exception_for`, `exception_requirement`, `exception_until`,
/// `exception_qualification`, `exception_version` and `exception_reason` (the keys of an exception entry, prefixed): a
/// row with
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
        package static let allCases: [Column] =
            [.learner, .unit, .achieved, .hours] + LearnerException.Field.allCases.map { .exception($0) }
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
    package func items(_ lines: LineReader) -> Items {
        Items(reader: self, rows: CSVRows(lines, maximumRowBytes: maximumRowBytes))
    }

    /// Every item of `data` (a whole file): for tests and small inputs.
    package func read(_ data: [UInt8]) -> [Item] {
        Array(IteratorSequence(items(LineReader(bytes: data, name: "<bytes>", maximumLineLength: maximumRowBytes))))
    }

    /// Where the rows of a learner go: into a `Learner` value (``Item/learner(_:line:)``), or straight into
    /// the engine's workspace (``Event/loaded(line:)``), as the JSON Lines reader loads a record.
    enum Target {
        case values
        case workspace(WorkspaceSink)
    }

    /// What ``Items/nextEvent()`` gives: an item, or (loading into a workspace) a learner whose rows are
    /// all in the workspace, valid, ready to evaluate before the next call.
    package enum Event {
        case item(Item)
        case loaded(line: Int)
    }

    /// The items, one at a time.
    package struct Items: IteratorProtocol {
        let reader: LearnerCSVReader
        var rows: CSVRows
        var row = CSVRows.Row()
        /// What ``row`` adds, when it is to be added again: it starts a learner, and the one before was
        /// handed out first (a workspace holds one learner at a time). Kept rather than read again from the
        /// row, which read the first row of every learner twice.
        var pending: (idRange: Range<Int>, entry: Entry?, problem: String?)?
        var target = Target.values
        var out: [Event] = [] // ready to hand out, in order
        var taken = 0
        var columns: (learner: Int, unit: Int, achieved: Int?, hours: Int?, count: Int)?
        /// The exception columns the header has, by field.
        var exceptionColumns: [LearnerException.Field: Int] = [:]
        var kindColumn: Int?
        var headerDone = false
        var finished = false
        /// The learner being gathered (contiguous).
        var current: Gathering?
        /// The id of the learner gathered or last loaded, as bytes (valid after ``Event/loaded(line:)``
        /// until the next call).
        package private(set) var currentID: [UInt8] = []
        /// ``LearnerCSVReader/onlyLearner`` as bytes.
        let onlyID: [UInt8]?
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
        /// Where an `hours` value is copied to be read.
        var hoursScratch: [UInt8] = []
        /// The `hours` column as messages name it.
        static let hoursName = "'\(Column.hours.name)'"

        /// The `Learner` value being gathered (``Target/values``), beside ``current``: a `Learner` inside the
        /// gathering made every copy of it a copy of a large value (a fifth of a row's reading).
        var currentLearner: Learner?

        /// A learner being gathered: its first line, whether a row was rejected, the bytes of its rows, how
        /// many entries its rows gave (into ``currentLearner``, or into a workspace) and, in a workspace, its
        /// exceptions (loaded once the learner is complete, as `Workspace.load` loads a `Learner`'s).
        struct Gathering {
            var line: Int
            var rejected: Bool
            var bytes: Int
            var entries = 0
            var exceptions: [LearnerException] = []
        }

        init(reader: LearnerCSVReader, rows: CSVRows) {
            self.reader = reader; self.rows = rows
            seen = reader.idLimit > 0 ? DuplicateIDTable(limit: reader.idLimit) : nil
            onlyID = reader.onlyLearner.map { Array($0.utf8) }
        }

        /// Loads each learner's rows into `workspace` instead of building `Learner` values: the learners
        /// come as ``Event/loaded(line:)`` from ``nextEvent()``. Contiguous rows only (grouping in
        /// memory keeps `Learner` values).
        package mutating func load(into workspace: Workspace, evaluator: Evaluator) {
            precondition(reader.grouping == .contiguous, "only contiguous rows load into a workspace")
            target = .workspace(WorkspaceSink(ws: workspace, evaluator: evaluator))
        }

        package mutating func next() -> Item? {
            while let event = nextEvent() {
                if case .item(let item) = event { return item }
            }
            return nil
        }

        /// The next item or loaded learner.
        package mutating func nextEvent() -> Event? {
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
            if pending != nil, let p = pending.take() {
                contiguous(p.idRange, entry: p.entry, problem: p.problem)
                return
            }
            if !rows.next(into: &row) {
                finish()
                return
            }
            if let error = row.error { out.append(.item(.rejected(line: row.line, message: error))); return }
            guard headerDone else { header(); return }
            guard let c = columns else { return }
            if row.count == 1 && row.range(0).isEmpty { return } // a blank line
            rowBytes = (0..<row.count).reduce(row.count) { $0 + row.range($1).count }
            guard row.count == c.count else {
                out.append(
                    .item(
                        .rejected(
                            line: row.line,
                            message:
                                """
                                expected \(c.count) fields (\(rows.headerNames.joined(separator: ","))), found \
                                \(row.count)
                                """
                        )))
                return
            }
            let idRange = row.trimmed(c.learner)
            if let onlyID, !Self.isSameID(idRange, of: row, onlyID) { return } // another learner's row: not kept
            guard !idRange.isEmpty else {
                let problem = LearnerRecordSchema.Problem.empty(expected: "a learner id")
                out.append(.item(.rejected(line: row.line, message: problem.message("'\(Column.learner.name)'"))))
                return
            }
            let unitRange = row.trimmed(c.unit)
            if let k = kindColumn, !row.isBlank(k) {
                if [c.unit, c.achieved, c.hours].contains(where: { $0.map { !row.isBlank($0) } ?? false }) {
                    let (unit, achieved, hours) = (Column.unit.name, Column.achieved.name, Column.hours.name)
                    add(
                        idRange, entry: nil,
                        problem:
                            """
                            a row is a unit achievement or an exception, not both: leave '\(unit)', '\(achieved)' \
                            and '\(hours)' empty on a row with '\(Column.exception(.kind).name)'
                            """
                    )
                    return
                }
                let (x, problem) = exception()
                rowException = x
                add(idRange, entry: x.map { _ in .exception }, problem: problem)
                return
            }
            guard !unitRange.isEmpty else {
                let problem = LearnerRecordSchema.Problem.empty(expected: "a unit code")
                add(idRange, entry: nil, problem: problem.message("'\(Column.unit.name)'"))
                return
            }
            var day: Int?, hours: Hours? // (day: a CalendarDate.dayNumber)
            var problem: String?
            if let ai = c.achieved, case let range = row.trimmed(ai), !range.isEmpty {
                // A valid ISO date's day number without building the date; any other text through the check
                // that every reader makes, for the day or the message.
                day = row.bytes.withUnsafeBufferPointer {
                    CalendarDate.dayNumber(isoBytes: UnsafeBufferPointer(rebasing: $0[range]))
                }
                if day == nil {
                    switch row.bytes.withUnsafeBufferPointer({
                        LearnerRecordSchema.date(utf8: UnsafeBufferPointer(rebasing: $0[range]))
                    }) {
                    case .success(let d): day = d.dayNumber
                    case .failure(let p): problem = p.message("'\(Column.achieved.name)'")
                    }
                }
            }
            if problem == nil, let hi = c.hours, case let range = row.trimmed(hi), !range.isEmpty {
                // Whole hours (most) directly; any other text through the read of JSON Lines, below.
                hours = row.bytes.withUnsafeBufferPointer { Self.wholeHours(UnsafeBufferPointer(rebasing: $0[range])) }
            }
            if problem == nil, hours == nil, let hi = c.hours, case let range = row.trimmed(hi), !range.isEmpty {
                var scratch = hoursScratch
                hoursScratch = [] // (moved out while the row is read)
                let read = row.bytes.withUnsafeBufferPointer {
                    LearnerJSONParser.hours(UnsafeBufferPointer(rebasing: $0[range]), Self.hoursName, scratch: &scratch)
                }
                hoursScratch = scratch
                switch read { // the same numbers as JSON Lines
                case .success(let h): hours = h
                case .failure(let f): problem = f.message
                }
            }
            add(idRange, entry: .unit(unitRange, day, hours), problem: problem)
        }

        /// `hours` written as a whole number of at most nine digits without a leading zero, as most are: the
        /// hours that ``LearnerJSONParser/hours(_:_:scratch:)`` reads from it, without that read's copy and
        /// scan; `nil` for any other text (that read's to judge). A test pins the two together.
        static func wholeHours(_ text: UnsafeBufferPointer<UInt8>) -> Hours? {
            guard let first = text.first, text.count <= 9, first != 0x30 || text.count == 1 else { return nil }
            var value = 0
            for byte in text {
                guard byte &- 0x30 < 10 else { return nil }
                value = value * 10 + Int(byte &- 0x30)
            }
            let hours = Double(value)
            guard LearnerRecordSchema.problem(hours: hours) == nil else { return nil }
            return Hours(hours)
        }

        /// What one row adds to its learner: a unit (where its code is in the row) or an exception.
        enum Entry {
            /// (The day as a ``CalendarDate/dayNumber``, as the workspace takes it.)
            case unit(Range<Int>, Int?, Hours?)
            /// The row's exception, in ``rowException``: an entry stays a few plain words that copy freely (an
            /// exception inline made every unit row's entry a memcpy, and boxed a call through metadata).
            case exception
        }

        /// The exception of the row being added (``Entry/exception``).
        var rowException: LearnerException?

        /// Adds `entry`, of `row` (with `exception`, the row's), to the learner gathered (`learner`: its value,
        /// for ``Target/values``).
        private static func add(
            _ entry: Entry, of row: CSVRows.Row, _ exception: LearnerException?, target: Target,
            to gathering: inout Gathering, learner: inout Learner?
        ) {
            gathering.entries += 1
            switch entry {
            case .unit(let range, let day, let hours):
                switch target {
                case .values:
                    var unit = UnitAchievement(code: UnitCode(String(decoding: row.bytes[range], as: UTF8.self)))
                    unit.achieved = day.map(CalendarDate.init(dayNumber:))
                    unit.hours = hours
                    learner?.units.append(unit)
                case .workspace(let sink):
                    row.bytes.withUnsafeBufferPointer {
                        sink.unit(code: UnsafeBufferPointer(rebasing: $0[range]), dayNumber: day, hours: hours)
                    }
                }
            case .exception:
                guard let x = exception else { return }
                if case .values = target {
                    learner?.exceptions.append(x)
                } else {
                    gathering.exceptions.append(x)
                }
            }
        }

        /// The exception of a row with an `exception_kind`, or what is wrong with it.
        private func exception() -> (LearnerException?, String?) {
            typealias F = LearnerException.Field
            func text(_ field: F) -> String? {
                guard let i = exceptionColumns[field] else { return nil }
                let s = row.text(i)
                return s.isEmpty ? nil : s
            }
            // The checks and messages of every reader (LearnerRecordSchema), naming the column.
            func name(_ field: F) -> String { "'\(Column.exception(field).name)'" }
            let kind: LearnerException.Kind
            switch LearnerRecordSchema.kind(text(.kind) ?? "") {
            case .success(let k): kind = k
            case .failure(let p): return (nil, p.message(name(.kind)))
            }
            var x = LearnerException(
                kind: kind, unit: text(.unit).map { UnitCode($0) },
                substituteFor: text(.substituteFor).map { UnitCode($0) },
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
            """
            learner '\(id)' has more than \(limit) bytes of rows, over the limit for one learner (as for one JSON \
            Lines record); its further rows are read but not kept (learner '\(id)' is not evaluated)
            """
        }

        /// A learner with a rejected row is not evaluated (its results would look complete without the
        /// row), as a JSON Lines record with a bad field is not; the row's error says so.
        static func rejection(_ problem: String, _ id: String) -> String {
            "\(problem) (learner '\(id)' is not evaluated until this row is fixed)"
        }

        private mutating func add(_ idRange: Range<Int>, entry: Entry?, problem: String?) {
            let line = row.line
            switch reader.grouping {
            case .anyOrder:
                let id = String(decoding: row.bytes[idRange], as: UTF8.self)
                if let problem {
                    out.append(.item(.rejected(line: line, message: Self.rejection(problem, id))))
                    rejectedIDs.insert(id)
                    return
                }
                if rejectedIDs.contains(id) { return }
                if grouped[id] == nil { order.append(id); grouped[id] = (Learner(id: LearnerID(id)), line) }
                let bytes = groupedBytes[id, default: 0] + rowBytes
                if bytes > reader.maximumLearnerBytes {
                    out.append(.item(.rejected(line: line, message: Self.tooLarge(id, reader.maximumLearnerBytes))))
                    rejectedIDs.insert(id)
                    grouped[id] = (Learner(id: LearnerID(id)), grouped[id]!.1) // its rows: not kept
                    groupedBytes[id] = nil
                    return
                }
                groupedBytes[id] = bytes
                if let entry {
                    var gathering = Gathering(line: grouped[id]!.1, rejected: false, bytes: 0)
                    var learner: Learner? = grouped[id]!.0
                    grouped[id] = nil // (uniquely referenced while rows are added)
                    Self.add(entry, of: row, rowException, target: target, to: &gathering, learner: &learner)
                    grouped[id] = (learner!, gathering.line)
                }
            case .contiguous:
                contiguous(idRange, entry: entry, problem: problem)
            }
        }

        /// Whether the id at `idRange` of `row` is `id` (the current learner's, or the one asked for with
        /// `onlyLearner`): the same text, compared as strings, as Swift compares them, when either is past ASCII
        /// (an NFC and an NFD "é" are the same id). Static: as a method, each call copied the whole reader.
        private static func isSameID(_ idRange: Range<Int>, of row: CSVRows.Row, _ id: [UInt8]) -> Bool {
            if row.bytes(idRange, equal: id) { return true }
            guard row.bytes[idRange].contains(where: { $0 >= 0x80 }) || id.contains(where: { $0 >= 0x80 }) else {
                return false
            }
            return String(decoding: row.bytes[idRange], as: UTF8.self) == String(decoding: id, as: UTF8.self)
        }

        /// The current learner's id as text.
        private var currentText: String { String(decoding: currentID, as: UTF8.self) }

        private mutating func contiguous(_ idRange: Range<Int>, entry: Entry?, problem: String?) {
            let line = row.line
            if let s = stray {
                if String(decoding: row.bytes[idRange], as: UTF8.self) == s.id { stray!.rows += 1; return }
                closeStray()
            }
            if current != nil, Self.isSameID(idRange, of: row, currentID) {
                // already too large: not kept
                if current!.rejected && current!.bytes > reader.maximumLearnerBytes { return }
                current!.bytes += rowBytes
                if current!.bytes > reader.maximumLearnerBytes {
                    out.append(
                        .item(.rejected(line: line, message: Self.tooLarge(currentText, reader.maximumLearnerBytes))))
                    current!.rejected = true
                    currentLearner = currentLearner.map { Learner(id: $0.id) } // its rows: not kept
                    current!.exceptions = []
                    return
                }
                if let problem {
                    out.append(.item(.rejected(line: line, message: Self.rejection(problem, currentText))))
                    current!.rejected = true
                } else if let entry {
                    // In place (a copy of the gathering, moved out and back, cost a third of a row's reading).
                    Self.add(entry, of: row, rowException, target: target, to: &current!, learner: &currentLearner)
                }
                return
            }
            // A new learner starts: the previous one is complete. A workspace holds one learner: the row is
            // added once the previous one has been handed out.
            if current != nil, case .workspace = target {
                emitCurrent()
                pending = (idRange, entry, problem)
                return
            }
            emitCurrent()
            if let seen {
                if let first = row.bytes.withUnsafeBufferPointer({
                    seen.insert(DuplicateIDTable.fingerprint(UnsafeBufferPointer(rebasing: $0[idRange])), line: line)
                }) {
                    stray = (String(decoding: row.bytes[idRange], as: UTF8.self), line, first, 1)
                    return
                }
                if seen.exhausted && !warnedExhausted {
                    warnedExhausted = true
                    out.append(
                        .item(
                            .warning(
                                line: line,
                                message:
                                    """
                                    the check that each learner's rows are together stopped after \(seen.limit) \
                                    learners (the memory limit); raise it with --duplicate-limit \
                                    (duplicateCheckLimit in the API)
                                    """
                            )))
                }
            }
            currentID.removeAll(keepingCapacity: true)
            currentID.append(contentsOf: row.bytes[idRange])
            var cur = Gathering(line: line, rejected: problem != nil, bytes: rowBytes)
            switch target {
            case .values: currentLearner = Learner(id: LearnerID(currentText))
            case .workspace(let sink): sink.ws.beginRecord()
            }
            if let problem {
                out.append(.item(.rejected(line: line, message: Self.rejection(problem, currentText))))
            } else if let entry {
                Self.add(entry, of: row, rowException, target: target, to: &cur, learner: &currentLearner)
            }
            current = cur
        }

        /// The learner gathered so far, unless a row of it was rejected (then its results would look
        /// complete without that row: the learner is not evaluated, as when grouping in memory).
        private mutating func emitCurrent() {
            defer { current = nil }
            let learner = currentLearner.take()
            guard let cur = current, !cur.rejected, cur.entries > 0 else { return }
            switch target {
            case .values:
                if let learner { out.append(.item(.learner(learner, line: cur.line))) }
            case .workspace(let sink):
                // The exceptions, checked as `Evaluator.problems(in:)` checks a learner's and loaded as
                // `Workspace.load` loads them.
                if !cur.exceptions.isEmpty {
                    let problems = sink.evaluator.problems(
                        in: Learner(id: LearnerID(currentText), exceptions: cur.exceptions))
                    if !problems.isEmpty {
                        out.append(
                            .item(
                                .rejected(
                                    line: cur.line,
                                    message: "learner \(currentText): " + problems.joined(separator: "; "))))
                        return
                    }
                    sink.ws.loadExceptions(cur.exceptions)
                }
                out.append(.loaded(line: cur.line))
            }
        }

        private mutating func closeStray() {
            guard let s = stray else { return }
            stray = nil
            let rowsText = s.rows == 1 ? "this row" : "these \(s.rows) rows"
            out.append(
                .item(
                    .rejected(
                        line: s.line,
                        message:
                            """
                            learner '\(s.id)' already had rows from line \(s.first), with other learners' rows \
                            between; \(rowsText) cannot be added to it, and its results from line \(s.first) miss \
                            them. Keep each learner's rows together: sort the file by learner, e.g. (head -n 1 \
                            FILE && tail -n +2 FILE | sort -s -t, -k1,1) > sorted.csv, or give --unsorted \
                            (csvGrouping: .anyOrder in the API) to group rows in memory
                            """
                    )))
        }

        private mutating func finish() {
            finished = true
            closeStray()
            emitCurrent()
            for id in order where !rejectedIDs.contains(id) {
                out.append(.item(.learner(grouped[id]!.0, line: grouped[id]!.1)))
            }
            order.removeAll(); grouped.removeAll()
        }

        private mutating func header() {
            headerDone = true
            let fields = row.fields
            let names = fields.map { $0.trimmingCharacters(in: " \t").lowercased() }
            rows.headerNames = names
            let line = row.line
            let (L, U, A, H) = (Column.learner.name, Column.unit.name, Column.achieved.name, Column.hours.name)
            // Lines ended by CR alone: the whole file reads as one header line.
            if fields.contains(where: { $0.utf8.contains(0x0D) }) {
                out.append(
                    .item(
                        .rejected(
                            line: line,
                            message:
                                """
                                the header holds a carriage return (CR) that no line feed follows: the file's \
                                lines end in CR alone; save it with LF or CRLF line endings
                                """
                        )))
                finished = true
                return
            }
            let known = Column.allCases.map(\.name)
            // A column given twice: which one holds the value? (In JSON a repeated key is an error too.)
            var firstColumn: [String: Int] = [:]
            for (i, n) in names.enumerated() where known.contains(n) {
                if let first = firstColumn[n] {
                    out.append(
                        .item(
                            .rejected(
                                line: line,
                                message:
                                    """
                                    column '\(n)' appears twice (columns \(first + 1) and \(i + 1)); give each \
                                    column once
                                    """
                            )))
                    finished = true
                    return
                }
                firstColumn[n] = i
            }
            for (i, n) in names.enumerated() where !known.contains(n) {
                let hint = Suggestion.closest(to: n, among: known).map { "did you mean '\($0)'? " } ?? ""
                out.append(
                    .item(
                        .rejected(
                            line: line,
                            message:
                                """
                                unknown column '\(n)' (column \(i + 1)); \(hint)expected a header with \(L),\(U) \
                                and optionally \(A),\(H) and the exception columns \
                                (\(LearnerException.Field.allCases.map { Column.exception($0).name }
                                .joined(separator: ",")))
                                """
                        )))
                finished = true
                return
            }
            guard let li = names.firstIndex(of: L), let ui = names.firstIndex(of: U) else {
                out.append(
                    .item(
                        .rejected(
                            line: line,
                            message:
                                """
                                the header must name the columns '\(L)' and '\(U)' (optionally '\(A)' and \
                                '\(H)'); found '\(fields.joined(separator: ","))'
                                """
                        )))
                finished = true
                return
            }
            columns = (li, ui, names.firstIndex(of: A), names.firstIndex(of: H), names.count)
            for f in LearnerException.Field.allCases {
                if let i = names.firstIndex(of: Column.exception(f).name) { exceptionColumns[f] = i }
            }
            kindColumn = exceptionColumns[.kind]
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
