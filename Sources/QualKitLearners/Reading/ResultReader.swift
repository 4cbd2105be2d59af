import QualKitEngine
import QualKitCore
import Foundation

/// Reads result JSON Lines back into `EvaluationResult` values: what `qualkit evaluate` writes (with or
/// without `--messages`), and what ``ResultEncoding`` or `JSONEncoder` write for results. Whichever wrote a
/// result, it reads back equal to the value written.
///
/// ```swift
/// for line in try ResultReader(path: "results.jsonl") {
///     switch line {
///     case .success(let result): if !result.achieved { print(result.learner, result.unmet.map(\.code)) }
///     case .failure(let error): print(error)   // results.jsonl:3: error: unmet[0].held: …
///     }
/// }
/// ```
///
/// Each line is one result with every field (a file written with `--fields` lacks some, and each of its
/// lines is an error naming the first missing field); blank lines are skipped. Like ``LearnerReader``, a
/// reader is a one-pass sequence with memory bounded by a batch of lines.
public final class ResultReader: Sequence, @unchecked Sendable { // `lines` is read under `lock` only
    /// The name used in errors.
    public let name: String
    let lines: LineReader
    /// Iterators of one reader share its lines: each takes the next batch under this lock, so two
    /// iterators split the lines between them rather than race for the reader's buffer.
    private let lock = NSLock()

    /// The next batch of at most `maxLines` lines into `batch`; false at the end.
    func nextBatch(into batch: inout LineReader.Batch, maxLines: Int) -> Bool {
        lock.withLock { lines.next(into: &batch, maxLines: maxLines) }
    }

    /// Opens the file at `path`.
    ///
    /// - Throws: ``ResultLineError`` (line 0) when the file cannot be opened.
    public init(path: String) throws(ResultLineError) {
        do { lines = try LineReader(path: path) } catch {
            throw ResultLineError(file: path, line: 0, message: "cannot read the result file: \(error.reason)")
        }
        name = path
    }

    /// Reads results from `bytes` (a whole file in memory).
    public init(bytes: [UInt8], name: String = "<bytes>") {
        lines = LineReader(bytes: bytes, name: name)
        self.name = name
    }

    /// Reads results from `text` (a whole file in memory).
    public convenience init(text: String, name: String = "<text>") {
        self.init(bytes: Array(text.utf8), name: name)
    }

    public func makeIterator() -> Iterator { Iterator(reader: self) }

    /// The results, one line at a time: each a value, or why its line is not one.
    public struct Iterator: IteratorProtocol {
        let reader: ResultReader
        var batch = LineReader.Batch()
        var pending: [(line: Int, result: Result<EvaluationResult, ResultLineError>)] = []
        var position = 0
        let decoder = JSONDecoder()

        public mutating func next() -> Result<EvaluationResult, ResultLineError>? {
            while position >= pending.count {
                guard reader.nextBatch(into: &batch, maxLines: 1024) else { return nil }
                pending.removeAll(keepingCapacity: true)
                position = 0
                for o in batch.overlong {
                    let why = "the line is \(o.length) bytes long, over the limit"
                    let error = ResultLineError(file: reader.name, line: o.number, message: why)
                    pending.append((o.number, .failure(error)))
                }
                for l in batch.lines {
                    let bytes = batch.bytes[l.start..<(l.start + l.count)]
                    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                    let result = ResultReader.decode(Data(bytes), with: decoder, file: reader.name, line: l.number)
                    pending.append((l.number, result))
                }
                if !batch.overlong.isEmpty { pending.sort { $0.line < $1.line } }
            }
            defer { position += 1 }
            return pending[position].result
        }
    }

    /// The result on one line, or the error that names the field at fault.
    static func decode(
        _ data: Data, with decoder: JSONDecoder, file: String,
        line: Int
    ) -> Result<EvaluationResult, ResultLineError> {
        do {
            return .success(try decoder.decode(EvaluationResult.self, from: data))
        } catch let error as DecodingError {
            func path(_ keys: [any CodingKey]) -> String? {
                var out = ""
                for key in keys {
                    if let index = key.intValue {
                        out += "[\(index)]"
                    } else {
                        out += (out.isEmpty ? "" : ".") + key.stringValue
                    }
                }
                return out.isEmpty ? nil : out
            }
            let (keys, message): ([any CodingKey], String)
            switch error {
            case .keyNotFound(let key, let context):
                (keys, message) = (context.codingPath + [key], "missing; a result line has every field")
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                (keys, message) = (context.codingPath, context.debugDescription)
            case .dataCorrupted(let context):
                let why = context.underlyingError.map { "\($0)" } ?? context.debugDescription
                let wholeLine = context.codingPath.isEmpty
                keys = context.codingPath
                message = wholeLine ? "not a JSON object on one line: \(why)" : context.debugDescription
            @unknown default:
                (keys, message) = ([], "\(error)")
            }
            return .failure(ResultLineError(file: file, line: line, field: path(keys), message: message))
        } catch {
            return .failure(ResultLineError(file: file, line: line, message: "\(error)"))
        }
    }
}

/// A line of a result file that is not a result: where, in which field, and what is wrong.
public struct ResultLineError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's name as given.
    public var file: String
    /// 1-based line number; 0 for the file as a whole (it cannot be opened).
    public var line: Int
    /// The field at fault, as a path (`unmet[0].held`), where known.
    public var field: String?
    /// What is wrong.
    public var message: String

    public init(file: String, line: Int, field: String? = nil, message: String) {
        self.file = file; self.line = line; self.field = field; self.message = message
    }

    /// `FILE:LINE: error: FIELD: MESSAGE`, as compilers print diagnostics (`FILE: error: MESSAGE` for the
    /// file as a whole).
    public var description: String {
        let what = field.map { "\($0): \(message)" } ?? message
        return line == 0 ? "\(file): error: \(what)" : "\(file):\(line): error: \(what)"
    }
}
