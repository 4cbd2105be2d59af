#if canImport(Glibc)
    import Glibc
#endif
@_exported import QualKitCore
import QualKitEngine
import QualKitCore

/// Parses one learner record in the JSON Lines format into a `Learner` value.
///
/// ```json
/// {"id":"L0000001","registered":"2013-02-01","induction_hours":1,"tutorial_hours":2,
///  "units":[{"code":"8577-300","achieved":"2013-06-01"},{"code":"8577-301","hours":6}],
///  "assessments":[{"id":"d3-work-based-assignment","marks":[14,13,12,13],"date":"2014-01-20"}]}
/// ```
///
/// It accepts any valid JSON (`null` means absent; an unknown key is a warning and its value is skipped)
/// and rejects everything else with a message that says what was expected, where. Strings must be valid
/// UTF-8; nesting is limited to ``maximumDepth``. Services read files with ``LearnerReader``.
package struct LearnerJSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted inside a record.
    package var maximumDepth = 64

    package init() {}

    /// A learner and the warnings about its record, or why it cannot be read.
    package typealias Parsed = Result<(learner: Learner, warnings: [EvaluationWarning]), RecordFailure>

    /// Parses `bytes` (one line, without its line ending) into a learner.
    package func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed {
        var c = JSONCursor(bytes: bytes, maximumDepth: maximumDepth)
        var sink = LearnerBuilder()
        var marks: [Int] = []
        do {
            try c.record(&sink, marks: &marks)
            c.skipSpace()
            if c.i < bytes.count {
                throw c.fail("unexpected text after the end of the record; put one record on each line")
            }
            return .success((sink.learner, sink.warnings))
        } catch let f as RecordFailure {
            return .failure(f)
        } catch {
            return .failure(RecordFailure(message: "\(error)", column: 1))
        }
    }

    /// Parses a line given as bytes (an array or slice is read in place).
    package func parse(_ line: some Collection<UInt8>) -> Parsed {
        line.withContiguousStorageIfAvailable { parse($0) } ?? Array(line).withUnsafeBufferPointer { parse($0) }
    }
}

/// The ``RecordSink`` that builds a `Learner` value.
struct LearnerBuilder: RecordSink {
    var learner = Learner(id: "")
    var warnings: [EvaluationWarning] = []

    static func text(_ raw: UnsafeBufferPointer<UInt8>, _ decoded: String?) -> String {
        decoded ?? String(decoding: raw, as: UTF8.self)
    }
    mutating func id(raw: UnsafeBufferPointer<UInt8>, start: Int, decoded: String?) {
        learner.id = LearnerID(Self.text(raw, decoded))
    }
    mutating func registered(_ date: CalendarDate?) { learner.registered = date }
    mutating func deliveryHours(induction: Hours?, tutorial: Hours?) {
        learner.inductionHours = induction; learner.tutorialHours = tutorial
    }
    mutating func unit(code: UnsafeBufferPointer<UInt8>, decoded: String?, day: CalendarDate?, hours: Hours?) {
        learner.units.append(UnitAchievement(code: UnitCode(Self.text(code, decoded)), achieved: day, hours: hours))
    }
    mutating func attempt(id: UnsafeBufferPointer<UInt8>, decoded: String?, marks: [Int], day: CalendarDate?) -> String?
    {
        learner.assessments.append(AssessmentAttempt(id: AssessmentID(Self.text(id, decoded)), marks: marks, date: day))
        return nil // marks are checked against the mark sheet when evaluated (Evaluator.problems(in:))
    }
    /// Past ``EvaluationWarning/maximumPerRecord``, one `warnings-omitted` warning counts the rest.
    mutating func warning(_ warning: EvaluationWarning) {
        if warnings.count < EvaluationWarning.maximumPerRecord { warnings.append(warning); return }
        let n = warnings.count > EvaluationWarning.maximumPerRecord ? Int(warnings[warnings.count - 1].subject) ?? 0 : 0
        if n == 0 {
            warnings.append(.warningsOmitted(1))
        } else {
            warnings[warnings.count - 1] = .warningsOmitted(n + 1)
        }
    }
    mutating func exception(_ exception: LearnerException) -> LearnerException.Problem? {
        learner.exceptions.append(exception)
        return nil // units and qualifications are checked against the packs when evaluated (Evaluator.problems(in:))
    }
}

extension LearnerJSONParser {
    /// Reads `text` as a number of hours by the JSON Lines rules (a JSON number, 0 to 1,000,000; no hex,
    /// no infinity), so that every input format takes the same numbers.
    static func hours(_ text: String, _ what: String) -> Result<Hours, RecordFailure> {
        var scratch: [UInt8] = []
        return Array(text.utf8).withUnsafeBufferPointer { hours($0, what, scratch: &scratch) }
    }

    /// ``hours(_:_:)`` of UTF-8 bytes; `scratch` holds a copy with a terminator the number scan stops at
    /// (reused, so that a reader allocates nothing per value).
    static func hours(_ bytes: UnsafeBufferPointer<UInt8>, _ what: String, scratch: inout [UInt8]) -> Result<
        Hours, RecordFailure
    > {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: bytes)
        scratch.append(0x20) // a terminator the number scan stops at
        return scratch.withUnsafeBufferPointer { buf in
            var c = JSONCursor(bytes: UnsafeBufferPointer(rebasing: buf[..<(buf.count - 1)]), maximumDepth: 1)
            do {
                guard let h = try c.hours(what) else {
                    return .failure(
                        RecordFailure(message: "\(what) is null; leave the field empty for none", column: 1))
                }
                c.skipSpace()
                guard c.i == c.b.count else {
                    let text = String(decoding: bytes, as: UTF8.self)
                    return .failure(
                        c.fail("\(what) is '\(text)'; expected a number of hours (digits, an optional fraction)"))
                }
                return .success(h)
            } catch let f as RecordFailure { return .failure(f) } catch {
                return .failure(RecordFailure(message: "\(error)", column: 1))
            }
        }
    }
}
