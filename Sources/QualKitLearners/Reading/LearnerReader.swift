import QualKitEngine
import QualKitCore
import Foundation

/// The formats of learner files.
public enum LearnerFileFormat: String, Sendable, CaseIterable, Codable {
    /// JSON Lines: one learner record (a JSON object) per line.
    case jsonLines = "jsonl"
    /// CSV with a header, one row per unit achievement: `learner,unit,achieved,hours`.
    case csv

    /// The format a file name suggests: CSV for `.csv`, JSON Lines otherwise.
    public static func guess(path: String) -> LearnerFileFormat {
        path.lowercased().hasSuffix(".csv") ? .csv : .jsonLines
    }
}

/// A learner record that cannot be read or evaluated: where, in which field, and what was expected.
public struct LearnerRecordError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's name as given (`<stdin>` for standard input).
    public var file: String
    /// 1-based line number; 0 for a problem with the file as a whole (it cannot be opened, it is not UTF-8).
    public var line: Int
    /// 1-based byte column in the line, where known.
    public var column: Int?
    /// The key the problem is in, as a path (`units[2].hours`), where known.
    public var field: String?
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String, line: Int, column: Int? = nil, field: String? = nil, message: String) {
        self.file = file; self.line = line; self.column = column; self.field = field; self.message = message
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE`, as compilers print diagnostics (`FILE: error: MESSAGE` for the
    /// file as a whole, line 0).
    public var description: String {
        line == 0 ? "\(file): error: \(message)" : "\(file):\(line)\(column.map { ":\($0)" } ?? ""): error: \(message)"
    }
}

/// One record of a learner file: its line, and the learner or why it cannot be read.
///
/// Evaluate it with `Evaluator.evaluate(_:options:)` for the results the bulk API gives for the same
/// record, its warnings included.
public struct LearnerRecord: Sendable {
    /// 1-based line number where the record starts.
    public var line: Int
    /// The learner, or the error that rejects the record.
    public var learner: Result<Learner, LearnerRecordError> { didSet { source = nil } }
    /// Problems that did not stop the record from being read (an unknown key, with a "did you mean").
    public var warnings: [EvaluationWarning] { didSet { source = nil } }
    /// The file's name, for errors.
    var file = ""
    /// A JSON Lines record's line as read, while ``learner`` and ``warnings`` are as read from it: what the
    /// bulk API evaluates (the engine loads it as it reads, so its warnings keep the record's order).
    var source: [UInt8]?
}

/// Reads learner records from a JSON Lines or CSV file, standard input, a `FileHandle` or bytes, one at a
/// time, with memory bounded by one batch of lines (CSV too, when each learner's rows are together; see
/// ``CSVGrouping``).
///
/// ```swift
/// let reader = try LearnerReader(path: "learners.jsonl")
/// for record in reader {
///     switch record.learner {
///     case .success(let learner): print(learner.id, learner.units.count)
///     case .failure(let error): print(error)   // learners.jsonl:7:12: error: …
///     }
/// }
/// ```
///
/// A reader is a one-pass sequence: iterate it once. ``records`` gives the same records as an
/// `AsyncSequence` (reading a pipe or standard input there blocks the task's thread while it waits for
/// data). A regular file given by path or `FileHandle` is memory-mapped for bulk evaluation: do not
/// truncate it while it is read.
public final class LearnerReader: Sequence, @unchecked Sendable { // iterated once, by one task at a time
    /// The name used in errors.
    public let name: String
    public let format: LearnerFileFormat
    /// Where the rows of one learner may be in a CSV file.
    public let csvGrouping: CSVGrouping
    let lines: LineReader
    /// The line reader under the records (for ``BatchPipeline`` and progress: its bytes read, its size).
    package var lineReader: LineReader { lines }

    /// Where the rows of one learner may be in a CSV file.
    public enum CSVGrouping: Sendable, Hashable {
        /// Together (the file sorted or grouped by learner): streamed with memory bounded by a row. A
        /// learner whose rows appear again after other learners' is a record error that names both lines.
        case contiguous
        /// Anywhere: rows are grouped in memory, so memory grows with the file (about the size of the
        /// learners it holds); learners come out in order of their first row, after every row is read.
        case anyOrder
    }

    /// Opens the file at `path`; the format is guessed from its extension unless given.
    ///
    /// - Throws: ``LearnerRecordError`` (line 0) when the file cannot be opened or is not UTF-8 text.
    public init(path: String, format: LearnerFileFormat? = nil, csvGrouping: CSVGrouping = .contiguous)
        throws(LearnerRecordError)
    {
        let reader: LineReader
        do { reader = try LineReader(path: path) } catch {
            throw LearnerRecordError(file: path, line: 0, message: "cannot read the learner file: \(error.reason)")
        }
        // The head is read from the reader's own stream: a FIFO opened twice would lose it.
        if let why = reader.encodingProblem() { throw LearnerRecordError(file: path, line: 0, message: why) }
        lines = reader
        name = path
        self.format = format ?? .guess(path: path)
        self.csvGrouping = csvGrouping
    }

    /// Reads from `handle` (for example `FileHandle.standardInput`), which stays open.
    public init(
        fileHandle handle: FileHandle, name: String = "<stdin>", format: LearnerFileFormat = .jsonLines,
        csvGrouping: CSVGrouping = .contiguous
    ) {
        lines = LineReader(fileDescriptor: handle.fileDescriptor, name: name)
        self.name = name
        self.format = format
        self.csvGrouping = csvGrouping
    }

    /// Reads records from `bytes` (a whole file in memory).
    public init(
        bytes: [UInt8], name: String = "<bytes>", format: LearnerFileFormat = .jsonLines,
        csvGrouping: CSVGrouping = .contiguous
    ) {
        lines = LineReader(bytes: bytes, name: name)
        self.name = name
        self.format = format
        self.csvGrouping = csvGrouping
    }

    /// Reads records from `text` (a whole file in memory).
    public convenience init(
        text: String, name: String = "<text>", format: LearnerFileFormat = .jsonLines,
        csvGrouping: CSVGrouping = .contiguous
    ) {
        self.init(bytes: Array(text.utf8), name: name, format: format, csvGrouping: csvGrouping)
    }

    /// Reads the engine's line reader (the CLI: standard input as `-`, limits).
    package init(lines: LineReader, format: LearnerFileFormat, csvGrouping: CSVGrouping = .contiguous) {
        self.lines = lines
        name = lines.path == "-" ? "<stdin>" : lines.path
        self.format = format
        self.csvGrouping = csvGrouping
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    /// The records, one at a time.
    public struct Iterator: IteratorProtocol {
        let reader: LearnerReader
        var batch = LineReader.Batch()
        var pending: [LearnerRecord] = []
        var position = 0
        var done = false
        let parser = LearnerJSONParser()
        var csv: LearnerCSVReader.Items?
        var csvWarnings: [EvaluationWarning] = []

        init(_ reader: LearnerReader) { self.reader = reader }

        public mutating func next() -> LearnerRecord? {
            while position >= pending.count {
                guard !done else { return nil }
                pending.removeAll(keepingCapacity: true)
                position = 0
                switch reader.format {
                case .csv:
                    if csv == nil { csv = reader.csvItems() }
                    guard let record = nextCSV() else { done = true; return nil }
                    pending.append(record)
                case .jsonLines:
                    guard reader.lines.next(into: &batch, maxLines: 1024) else { done = true; return nil }
                    fill()
                }
            }
            defer { position += 1 }
            return pending[position]
        }

        /// The next CSV record; a warning goes with the learner record after it.
        private mutating func nextCSV() -> LearnerRecord? {
            while let item = csv?.next() {
                switch item {
                case .learner(let l, let line):
                    defer { csvWarnings.removeAll() }
                    return LearnerRecord(line: line, learner: .success(l), warnings: csvWarnings, file: reader.name)
                case .rejected(let line, let message):
                    return LearnerRecord(
                        line: line,
                        learner: .failure(LearnerRecordError(file: reader.name, line: line, message: message)),
                        warnings: [])
                case .warning(_, let message):
                    csvWarnings.append(
                        EvaluationWarning(kind: .rowCheckStopped, message: message, subject: reader.name))
                }
            }
            return nil
        }

        private mutating func fill() {
            var items: [(Int, LearnerRecord)] = batch.overlong.map { o in
                (
                    o.number,
                    LearnerRecord(
                        line: o.number,
                        learner: .failure(
                            LearnerRecordError(
                                file: reader.name, line: o.number,
                                message: BatchPipeline.overlong(o.length, limit: reader.lines.maximumLineLength))),
                        warnings: [])
                )
            }
            let file = reader.name
            batch.bytes.withUnsafeBufferPointer { bytes in
                for l in batch.lines {
                    let text = UnsafeBufferPointer(rebasing: bytes[l.start..<(l.start + l.count)])
                    if BatchPipeline.isBlank(text) { continue }
                    switch parser.parse(text) {
                    case .success(let (learner, warnings)):
                        let record = LearnerRecord(
                            line: l.number, learner: .success(learner), warnings: warnings,
                            file: file, source: Array(text))
                        items.append((l.number, record))
                    case .failure(let f):
                        items.append(
                            (
                                l.number,
                                LearnerRecord(
                                    line: l.number,
                                    learner: .failure(
                                        LearnerRecordError(
                                            file: file, line: l.number, column: f.column, field: f.field,
                                            message: f.message)), warnings: [])
                            ))
                    }
                }
            }
            if !batch.overlong.isEmpty { items.sort { $0.0 < $1.0 } }
            pending = items.map(\.1)
        }
    }

    /// The CSV items of the file, streamed (or grouped in memory for ``CSVGrouping/anyOrder``).
    package func csvItems() -> LearnerCSVReader.Items {
        LearnerCSVReader(
            grouping: csvGrouping == .anyOrder ? .anyOrder : .contiguous, maximumRowBytes: lines.maximumLineLength,
            idLimit: csvIDLimit
        ).items(lines)
    }

    /// How many learner ids the CSV reader remembers to check that each learner's rows are together
    /// (`Evaluator.evaluate(_:options:threads:duplicateCheckLimit:_:)` sets it from its argument).
    var csvIDLimit = 1_000_000

    /// The records as an `AsyncSequence` (reading happens on the task that iterates).
    public var records: AsyncRecords { AsyncRecords(reader: self) }

    /// ``LearnerReader``'s records as an `AsyncSequence`.
    public struct AsyncRecords: AsyncSequence, Sendable {
        public typealias Element = LearnerRecord
        let reader: LearnerReader
        public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: reader.makeIterator()) }
        public struct AsyncIterator: AsyncIteratorProtocol {
            var base: LearnerReader.Iterator
            public mutating func next() async -> LearnerRecord? {
                if Task.isCancelled { return nil }
                return base.next()
            }
        }
    }
}
