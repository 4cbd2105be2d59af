import QualKitEngine
import QualKitCore
/// Loads JSON Lines records straight into a `Workspace`, without building `Learner` values or strings:
/// the engine's reader. Reads the same grammar as ``LearnerJSONParser`` (``JSONCursor/record(_:marks:)``),
/// and rejects besides a record whose marks do not fit an assessment's mark sheet.
package struct RecordLoader {
    package let evaluator: Evaluator
    package var maximumDepth = 64
    var marks: [Int] = []
    /// Where the learner id of the last loaded record is in its line: the JSON string's content, escapes
    /// intact (so it can be copied into JSON output as it is).
    package private(set) var idRange: Range<Int> = 0..<0
    /// Whether the id contains escapes (then use ``learnerID(in:)`` for its text).
    package private(set) var idHasEscapes = false
    /// Whether compact records take the fast path (``CompactRecordScanner``); off only to compare the two.
    var usesCompactScanner = true
    let compactKeys = CompactKeys.shared

    package init(evaluator: Evaluator) {
        self.evaluator = evaluator
        marks.reserveCapacity(16)
    }

    /// Parses `line` into `workspace` (which it resets first). On failure the workspace holds a partial record;
    /// do not evaluate it.
    /// ``load(_:into:)`` for a line in any contiguous bytes (an array or slice is read in place);
    /// ``idRange`` then indexes from the line's first byte.
    package mutating func load(_ line: some Collection<UInt8>, into workspace: Workspace) -> RecordFailure? {
        if let r = line.withContiguousStorageIfAvailable({ load($0, into: workspace) }) { return r }
        return Array(line).withUnsafeBufferPointer { load($0, into: workspace) }
    }

    package mutating func load(_ line: UnsafeBufferPointer<UInt8>, into workspace: Workspace) -> RecordFailure? {
        workspace.beginRecord()
        if usesCompactScanner,
            CompactRecordScanner.load(
                line, into: workspace, evaluator: evaluator, keys: compactKeys, marks: &marks, id: &idRange,
                maximumDepth: maximumDepth)
        {
            idHasEscapes = false
            return nil
        }
        var c = JSONCursor(bytes: line, maximumDepth: maximumDepth)
        workspace.beginRecord()
        var sink = WorkspaceSink(ws: workspace, evaluator: evaluator)
        do {
            try c.record(&sink, marks: &marks)
            c.skipSpace()
            if c.i < line.count {
                throw c.fail("unexpected text after the end of the record; put one record on each line")
            }
            idRange = sink.idRange
            idHasEscapes = sink.idHasEscapes
            return nil
        } catch let f as RecordFailure {
            idRange = sink.idRange
            idHasEscapes = sink.idHasEscapes
            return f
        } catch {
            return .init(message: "\(error)", column: 1)
        }
    }

    /// The learner id of the last record loaded from `line`, as text.
    package func learnerID(in line: UnsafeBufferPointer<UInt8>) -> String {
        let raw = UnsafeBufferPointer(rebasing: line[idRange])
        guard idHasEscapes else { return String(decoding: raw, as: UTF8.self) }
        return JSONCursor.decoded(raw) ?? String(decoding: raw, as: UTF8.self)
    }
}

/// The ``RecordSink`` that loads a record into a `Workspace`.
struct WorkspaceSink: RecordSink {
    let ws: Workspace
    let evaluator: Evaluator
    var idRange: Range<Int> = 0..<0
    var idHasEscapes = false
    var induction: Double?, tutorial: Double?

    mutating func id(raw: UnsafeBufferPointer<UInt8>, start: Int, decoded: String?) {
        idRange = start..<(start + raw.count)
        idHasEscapes = decoded != nil
    }
    func registered(_ date: CalendarDate?) { ws.setRegistered(date) }
    func deliveryHours(induction: Hours?, tutorial: Hours?) {
        ws.setDeliveryHours(induction: induction?.value, tutorial: tutorial?.value)
    }
    func unit(code: UnsafeBufferPointer<UInt8>, decoded: String?, day: CalendarDate?, hours: Hours?) {
        if let g = evaluator.unitIndex(utf8: code) ?? decoded.flatMap({ evaluator.unitIndex(of: UnitCode($0)) }) {
            ws.addUnit(g, day: day, hours: hours?.value)
        } else {
            ws.addWarning(.unknownUnit(LearnerBuilder.text(code, decoded)))
        }
    }
    /// ``unit(code:decoded:day:hours:)`` of a code as it is (no escapes), with the day as a
    /// ``CalendarDate/dayNumber``: for the CSV reader.
    func unit(code: UnsafeBufferPointer<UInt8>, dayNumber day: Int?, hours: Hours?) {
        if let g = evaluator.unitIndex(utf8: code) {
            ws.addUnit(g, dayNumber: day, hours: hours?.value)
        } else {
            ws.addWarning(.unknownUnit(LearnerBuilder.text(code, nil)))
        }
    }
    func attempt(id: UnsafeBufferPointer<UInt8>, decoded: String?, marks: [Int], day: CalendarDate?) -> String? {
        guard
            let a = evaluator.assessmentIndex(utf8: id)
                ?? decoded.flatMap({ t in
                    var s = t
                    return s.withUTF8 { evaluator.assessmentIndex(utf8: $0) }
                })
        else {
            ws.addWarning(.unknownAssessment(LearnerBuilder.text(id, decoded)))
            return nil
        }
        if let problem = evaluator.markProblem(a, marks: marks) { return problem }
        ws.addAttempt(a, marks: marks, day: day)
        return nil
    }
    func warning(_ warning: EvaluationWarning) { ws.addWarning(warning) }
    func exception(_ exception: LearnerException) -> LearnerException.Problem? { ws.addException(exception) }
}

extension JSONCursor {
    /// The text of a raw JSON string's content (escapes decoded), or `nil` if it is not valid.
    static func decoded(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        var quoted: [UInt8] = [0x22]
        quoted.append(contentsOf: raw)
        quoted.append(0x22)
        return quoted.withUnsafeBufferPointer { q in
            var c = JSONCursor(bytes: q, maximumDepth: 1)
            return try? c.string("text")
        }
    }
}
