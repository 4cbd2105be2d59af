import QualKitEngine
import QualKitCore
/// What the record grammar found, field by field: a `Learner` builder or the engine's workspace loader.
///
/// The grammar (``JSONCursor/record(_:)``) checks the JSON and the record's shape; a sink decides what a
/// unit code or an assessment means (and may reject an attempt whose marks do not fit its mark sheet).
package protocol RecordSink {
    /// The learner id: its raw JSON string content (escapes intact), where it starts in the line, and
    /// whether it has escapes (then `decoded` is its text).
    mutating func id(raw: UnsafeBufferPointer<UInt8>, start: Int, decoded: String?)
    mutating func registered(_ date: CalendarDate?)
    mutating func deliveryHours(induction: Hours?, tutorial: Hours?)
    /// A unit entry; `code` is raw JSON string content, `decoded` its text when it has escapes.
    mutating func unit(code: UnsafeBufferPointer<UInt8>, decoded: String?, day: CalendarDate?, hours: Hours?)
    /// An assessment entry; returns what is wrong with its marks, if anything (then the record is rejected).
    mutating func attempt(id: UnsafeBufferPointer<UInt8>, decoded: String?, marks: [Int], day: CalendarDate?) -> String?
    /// A problem that does not stop the record (an unknown key).
    mutating func warning(_ warning: EvaluationWarning)
    /// An exception entry, well formed; returns what is wrong with it for the loaded packs, with the field
    /// concerned (then the record is rejected).
    mutating func exception(_ exception: LearnerException) -> LearnerException.Problem?
}

/// What is wrong with a record's value: the one check and wording of every format.
typealias RecordProblem = LearnerRecordSchema.Problem

extension RecordKey {
    /// `'key'`, as messages name it.
    var quoted: String { "'\(rawValue)'" }
    /// `'list[index].key'`: the key of the entry `index` of the record's `list`, as messages name it.
    func quoted(in list: Learner.Field, _ index: Int) -> String { "'\(list.rawValue)[\(index)].\(rawValue)'" }
}

extension JSONCursor {
    /// Reads one learner record (a whole line) into `sink`.
    package mutating func record<S: RecordSink>(_ sink: inout S, marks: inout [Int]) throws {
        typealias F = Learner.Field
        var hasID = false
        var induction: Hours?, tutorial: Hours?
        try members(RecordKeyTables.learner, &sink) { c, key, sink in
            switch key {
            case .id:
                c.skipSpace()
                if c.peek != UInt8(ascii: "\"") {
                    throw c.fail("expected \(F.id.quoted) as a string, found \(c.found())")
                }
                let start = c.i + 1
                var plain = true
                let raw = try c.rawString(plain: &plain)
                if raw.isEmpty { throw c.fail(RecordProblem.empty(expected: "a learner id").message(F.id.quoted)) }
                var decoded: String?
                if !plain {
                    if raw.contains(UInt8(ascii: "\\")) {
                        c.i = start - 1
                        decoded = try c.string(F.id.quoted) // validates escapes and UTF-8
                    } else if !Self.isValidUTF8(raw) {
                        c.i = start - 1
                        throw c.fail("\(F.id.quoted) is not valid UTF-8; save the file as UTF-8")
                    }
                }
                sink.id(raw: raw, start: start, decoded: decoded)
                hasID = true
            case .registered:
                sink.registered(try c.date(F.registered.quoted))
            case .inductionHours:
                induction = try c.hours(F.inductionHours.quoted)
            case .tutorialHours:
                tutorial = try c.hours(F.tutorialHours.quoted)
            case .units:
                if c.isNull() { return }
                var index = 0
                try c.array(F.units.quoted) { c in
                    try c.unit(&sink, index: index)
                    index += 1
                }
            case .assessments:
                if c.isNull() { return }
                var index = 0
                try c.array(F.assessments.quoted) { c in
                    try c.attempt(&sink, marks: &marks, index: index)
                    index += 1
                }
            case .exceptions:
                if c.isNull() { return }
                try c.exceptions(&sink)
            }
        }
        guard hasID else { i = 0; throw fail("missing \(F.id.quoted); every record needs \"\(F.id.rawValue)\":\"…\"") }
        sink.deliveryHours(induction: induction, tutorial: tutorial)
    }

    /// A record's `exceptions` (an array, not `null`): each entry checked and handed to `sink`, at most
    /// ``EvaluationLimits/maximumExceptions`` of them.
    mutating func exceptions<S: RecordSink>(_ sink: inout S) throws {
        var count = 0
        var over: Int? // the column of the first exception past the limit
        try array(Learner.Field.exceptions.quoted) { c in
            count += 1
            if count > EvaluationLimits.maximumExceptions {
                // The rest are counted, not read, so that the error says how many the record carries.
                c.skipSpace()
                if over == nil { over = c.i }
                try c.skipValue()
                return
            }
            try c.exception(&sink, index: count - 1)
        }
        if let over {
            i = over
            var f = fail(
                LimitExceeded(.exceptions, maximum: EvaluationLimits.maximumExceptions, needed: count).description
                    + "; merge repeated decisions")
            f.prefixField("[\(EvaluationLimits.maximumExceptions)]")
            throw f
        }
    }

    /// The members of an object whose keys are `K`: `body` consumes the value of each known key; an unknown
    /// key is a warning (with the closest known key) and its value is skipped.
    mutating func members<K: RecordKey, S: RecordSink>(
        _ table: RecordKeyTable<K>, _ sink: inout S,
        _ body: (inout JSONCursor, K, inout S) throws -> Void
    ) throws {
        try object(K.object) { c, name in
            if let key = table.key(name) { try body(&c, key, &sink); return }
            let text = String(decoding: name, as: UTF8.self)
            sink.warning(.unknownField(text, in: K.object, suggestion: K.suggestion(for: text)))
            try c.skipValue()
        }
    }

    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var ascii = true
        for c in bytes where c >= 0x80 { ascii = false; break }
        return ascii || String(validating: bytes, as: UTF8.self) != nil
    }

    /// A code or id string: its raw content, and its text when it has escapes (validated either way).
    mutating func code(_ what: @autoclosure () -> String) throws -> (UnsafeBufferPointer<UInt8>, String?) {
        skipSpace()
        guard peek == UInt8(ascii: "\"") else { throw fail("expected \(what()) as a string, found \(found())") }
        let start = i
        var plain = true
        let raw = try rawString(plain: &plain)
        guard !plain else { return (raw, nil) }
        let after = i
        i = start
        let text = try string(what()) // throws for bad escapes or UTF-8
        i = after
        return (raw, text)
    }

    mutating func unit<S: RecordSink>(_ sink: inout S, index: Int) throws {
        typealias F = UnitAchievement.Field
        var code: (UnsafeBufferPointer<UInt8>, String?)?
        var day: CalendarDate?, hours: Hours?
        var codeColumn = 0
        let start = i
        try members(RecordKeyTables.unit, &sink) { c, key, _ in
            switch key {
            case .code:
                c.skipSpace()
                codeColumn = c.i
                code = try c.code(F.code.quoted(in: .units, index))
            case .achieved: day = try c.date(F.achieved.quoted(in: .units, index))
            case .hours: hours = try c.hours(F.hours.quoted(in: .units, index))
            }
        }
        guard let code else {
            i = start
            throw fail("a unit entry has no \(F.code.quoted); expected {\"\(F.code.rawValue)\":\"UNIT\",…}")
        }
        if code.0.isEmpty || code.1?.isEmpty == true {
            i = codeColumn
            var f = fail(RecordProblem.empty(expected: "a unit code").message(F.code.quoted(in: .units, index)))
            f.prefixField(F.code.rawValue)
            throw f
        }
        sink.unit(code: code.0, decoded: code.1, day: day, hours: hours)
    }

    mutating func exception<S: RecordSink>(_ sink: inout S, index: Int) throws {
        typealias F = LearnerException.Field
        var kind: LearnerException.Kind?
        var x = LearnerException(kind: .exempt, reason: "")
        // Where each field's value starts, for messages: a list, not a dictionary (whose inserts were a
        // quarter of reading an exception); the last entry of a field wins, as a dictionary's would.
        var columns: [(field: F, column: Int)] = []
        func column(_ field: F) -> Int? { columns.last { $0.field == field }?.column }
        let start = i
        func code(_ cursor: inout JSONCursor, _ fields: F) throws -> String {
            let (raw, text) = try cursor.code(fields.quoted(in: .exceptions, index))
            return text ?? String(decoding: raw, as: UTF8.self)
        }
        try members(RecordKeyTables.exception, &sink) { c, key, _ in
            c.skipSpace()
            columns.append((key, c.i))
            if c.isNull() { return }
            switch key {
            case .kind:
                switch LearnerRecordSchema.kind(try code(&c, key)) {
                case .success(let k): kind = k
                case .failure(let p): c.i = column(key)!; throw c.fail(p.message(key.quoted(in: .exceptions, index)))
                }
            case .unit: x.unit = UnitCode(try code(&c, key))
            case .substituteFor: x.substituteFor = UnitCode(try code(&c, key))
            case .requirement:
                switch LearnerRecordSchema.requirement(try code(&c, key)) {
                case .success(let r): x.requirement = r
                case .failure(let p): c.i = column(key)!; throw c.fail(p.message(key.quoted(in: .exceptions, index)))
                }
            case .until: x.until = try c.date(F.until.quoted(in: .exceptions, index))
            case .qualification: x.qualification = QualificationID(try code(&c, key))
            case .version: x.version = try c.string(F.version.quoted(in: .exceptions, index))
            case .reason: x.reason = try c.string(F.reason.quoted(in: .exceptions, index))
            }
        }
        guard let kind else {
            i = start
            var f = fail(
                """
                '\(Learner.Field.exceptions.rawValue)[\(index)]' has no \(F.kind.quoted); expected \
                {\"\(F.kind.rawValue)\":\"exempt|substitute|waive|extend\",…}
                """
            )
            f.prefixField(F.kind.rawValue)
            throw f
        }
        x.kind = kind
        if let p = x.shapeProblem ?? sink.exception(x) {
            i = column(p.field) ?? start
            // The message names the field's path, as Evaluator.problems(in:) does for a Learner value.
            var f = fail(RecordProblem.field(p.message).message(p.field.quoted(in: .exceptions, index)))
            f.prefixField(p.field.rawValue)
            throw f
        }
    }

    mutating func attempt<S: RecordSink>(_ sink: inout S, marks: inout [Int], index: Int) throws {
        typealias F = AssessmentAttempt.Field
        var id: (UnsafeBufferPointer<UInt8>, String?)?
        var day: CalendarDate?
        var hasMarks = false
        marks.removeAll(keepingCapacity: true)
        let start = i
        var idColumn = 0
        try members(RecordKeyTables.assessment, &sink) { c, key, _ in
            switch key {
            case .id:
                c.skipSpace()
                idColumn = c.i
                id = try c.code(F.id.quoted(in: .assessments, index))
            case .date: day = try c.date(F.date.quoted(in: .assessments, index))
            case .marks:
                hasMarks = true
                try c.marks(into: &marks, F.marks.quoted(in: .assessments, index))
            }
        }
        guard let id else {
            i = start
            throw fail(
                """
                an assessment entry has no \(F.id.quoted); expected \
                {\"\(F.id.rawValue)\":\"ASSESSMENT\",\"\(F.marks.rawValue)\":[…]}
                """
            )
        }
        if id.0.isEmpty || id.1?.isEmpty == true {
            i = idColumn
            let problem = RecordProblem.empty(expected: "an assessment id")
            var f = fail(problem.message(F.id.quoted(in: .assessments, index)))
            f.prefixField(F.id.rawValue)
            throw f
        }
        guard hasMarks else {
            i = start
            throw fail(
                """
                assessment '\(id.1 ?? String(decoding: id.0, as: UTF8.self))' has no \(F.marks.quoted); expected \
                one mark per section
                """
            )
        }
        if let problem = sink.attempt(id: id.0, decoded: id.1, marks: marks, day: day) {
            i = start; throw fail(problem)
        }
    }
}
