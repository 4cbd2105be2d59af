import QualKitCore
import QualKitEngine

/// The learner record's values on the engine's JSON tokenizer: each checked by the record's one check
/// (`LearnerRecordSchema`).
extension JSONCursor {
    /// A number of hours, checked by the record's one check (``LearnerRecordSchema``); `what` names the
    /// field (`'units[1].hours'`).
    mutating func hours(_ what: @autoclosure () -> String) throws -> Hours? {
        if isNull() { return nil }
        skipSpace()
        let col = i
        let v = try number(what())
        if let p = LearnerRecordSchema.problem(hours: v) { i = col; throw fail(p.message(what())) }
        return Hours(v)
    }

    /// A date, checked by the record's one check (``LearnerRecordSchema``).
    mutating func date(_ what: @autoclosure () -> String) throws -> CalendarDate? {
        if isNull() { return nil }
        skipSpace()
        let col = i
        guard peek == UInt8(ascii: "\"") else {
            throw fail("expected \(what()) as a date string \"YYYY-MM-DD\", found \(found())")
        }
        let raw = try rawString()
        guard let d = CalendarDate(isoBytes: raw) else {
            i = col
            let text = String(decoding: raw, as: UTF8.self)
            switch LearnerRecordSchema.date(text) {
            case .success(let d): return d
            case .failure(let p): throw fail(p.message(what()))
            }
        }
        return d
    }

    /// An assessment's `marks`: an array of whole numbers from 0 up, appended to `out`; `what` names the
    /// list (`'assessments[0].marks'`).
    mutating func marks(into out: inout [Int], _ what: @autoclosure () -> String) throws {
        var index = 0
        try array("'\(AssessmentAttempt.Field.marks.rawValue)'") { c in
            let col = c.i
            let v = try c.number("each mark")
            if let p = LearnerRecordSchema.problem(mark: v) {
                c.i = col
                throw c.fail(p.message("\(what().dropLast())[\(index)]'")) // 'assessments[0].marks[2]'
            }
            out.append(Int(v))
            index += 1
        }
    }
}
