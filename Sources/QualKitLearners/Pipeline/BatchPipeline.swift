import QualKitEngine
import QualKitCore
import Dispatch

/// Evaluates a stream of learner records on every core, keeping output in input order.
///
/// Lines are read in batches; each batch is split among worker threads, each with its own `Workspace` and
/// output buffer; the buffers are then written in order. Memory is bounded by the batch size, whatever the
/// input's length.
///
/// ```swift
/// let bulk = BatchPipeline(evaluator: evaluator, format: .jsonl)
/// let reader = try LineReader(path: "learners.jsonl")
/// let report = try bulk.run(reader, write: { bytes in … }, diagnose: { line in print(line) })
/// ```
package struct BatchPipeline: Sendable {
    package let evaluator: Evaluator
    package var format: ResultFormat
    /// Build `EvaluationResult` values for ``EvaluatedRecord``s instead of writing bytes (the service API).
    var values = false
    /// The result fields written, in order (`nil`: the format's default: every field for JSON Lines,
    /// `ResultField.csv` for CSV).
    package var fields: [ResultField]?
    /// Whether unmet requirements carry their sentence.
    package var messages = false
    /// Evaluate as of this day (`EvaluationOptions.asOf`).
    package var asOf: CalendarDate?
    /// Evaluate every learner against these versions (`EvaluationOptions.whatIf`).
    package var whatIf: [VersionReference] = []
    /// Write only achieved (`true`) or only not-achieved (`false`) results; `nil`: all. Summaries count all.
    package var onlyAchieved: Bool?
    /// CSV: write cells exactly, without the apostrophe that keeps a spreadsheet from running a cell
    /// that starts with `=`, `+`, `-` or `@` as a formula.
    package var csvExact = false
    /// Bytes per batch of a mapped file (`nil`: 8 MB for `table`, 512 KB when writing results).
    package var batchBytes: Int?
    /// With `table`: counts every record in the workers, one counter per chunk (``OutcomeCounter``), handed
    /// back after each batch through `run(_:counted:progress:)`; outcomes then carry `next`, and the
    /// summary counts the learners only (its counts by qualification are the table's, which a counter
    /// replaces).
    package var makeCounter: (@Sendable () -> any OutcomeCounter)?
    /// Worker threads; defaults to the number of active processors.
    package var threads: Int
    /// How many learner ids to remember for the duplicate-id warning (``DuplicateIDTable``: about 32 MB for a
    /// million); 0 turns it off.
    /// Past the limit, checking stops with one warning that says so.
    package var duplicateCheckLimit = 1_000_000

    /// Lines per batch. Two batches and their output are in memory at once: results take about 18 times
    /// the input's bytes as JSON Lines, so formats with output use smaller batches than `table`.
    package var batchLines: Int

    package init(evaluator: Evaluator, format: ResultFormat, threads: Int? = nil) {
        self.evaluator = evaluator
        self.format = format
        self.threads = max(1, threads ?? Self.processorCount)
        batchLines = format == .table ? 32768 : 2048
    }

    static var processorCount: Int {
        #if canImport(Glibc)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 2
        #endif
    }

    /// Chunks per batch: several per thread, so that a thread slowed by the reader (which shares the cores)
    /// does not leave the others idle at the end of each batch.
    static func chunks(threads: Int) -> Int { threads == 1 ? 1 : threads * 4 }

    package typealias Report = EvaluationReport

    final class Slot: @unchecked Sendable {
        let workspace: Workspace
        var loader: RecordLoader
        let writer: ResultByteWriter
        /// Diagnostics with the line (and column, 0 for none) they are about, in the order found; `body`
        /// starts with `error:` or `warning:`.
        var messages: [Message] = []
        /// In a contiguous input: the lines of the chunk (numbers in `messages`, `ids` and `records` count
        /// from 1 within the chunk until the pipeline adds the chunk's first line).
        var lineCount = 0
        /// Fingerprints of the learner ids of the records evaluated, with their lines, in order.
        var ids: [(key: UInt64, line: Int)] = []
        var summary: EvaluationSummary
        var evaluated = 0, rejected = 0, warnings = 0
        var csvID: [UInt8] = []
        /// CSV cells as they are, without the guard against formulas.
        let csvExact: Bool
        var idJSON: [UInt8] = []
        /// In values mode: the records of the chunk, in order.
        var records: [EvaluatedRecord] = []
        /// Counts the chunk's records in the worker (``BatchPipeline/makeCounter``).
        let counter: (any OutcomeCounter)?
        /// Records (evaluated or rejected) of the chunk.
        var recordCount = 0
        init(_ engine: Evaluator, shape: Shape) {
            counter = shape.makeCounter?()
            workspace = engine.makeWorkspace()
            workspace.computesNext = shape.needsNext
            workspace.asOf = shape.asOf
            workspace.whatIf = shape.whatIf
            loader = RecordLoader(evaluator: engine)
            writer = ResultByteWriter(
                evaluator: engine, jsonFields: shape.fields ?? ResultField.jsonLines,
                csvFields: shape.fields ?? ResultField.csv, messages: shape.messages, csvExact: shape.csvExact)
            csvExact = shape.csvExact
            summary = EvaluationSummary(qualifications: engine.qualifications)
        }
        func reset() {
            writer.reset(); messages.removeAll(keepingCapacity: true); ids.removeAll(keepingCapacity: true)
            records.removeAll(keepingCapacity: true)
            counter?.reset()
            recordCount = 0
        }
    }

    typealias Message = (line: Int, column: Int, body: String)

    /// The error for a record line longer than the limit.
    static func overlong(_ length: Int, limit: Int) -> String {
        "the line is \(length) bytes long, over the limit of \(limit); one learner record per line is expected"
    }

    /// `FILE:LINE[:COLUMN]: BODY`.
    static func diagnostic(_ file: String, _ message: Message) -> String {
        message.column > 0
            ? "\(file):\(message.line):\(message.column): \(message.body)" : "\(file):\(message.line): \(message.body)"
    }

    /// What the writers write.
    struct Shape: Sendable {
        var fields: [ResultField]?; var messages: Bool; var needsNext: Bool; var asOf: CalendarDate?;
        var csvExact = false
        var whatIf: [VersionReference] = []
        var makeCounter: (@Sendable () -> any OutcomeCounter)?
    }
    /// `next` is worked out only when something reads it: values, or a written field list with `next`.
    var shape: Shape {
        let needsNext =
            values || makeCounter != nil
            || (format != .table && (fields ?? ResultField.allCases).contains(.next))
        return Shape(
            fields: fields, messages: messages, needsNext: needsNext, asOf: asOf, csvExact: csvExact,
            whatIf: whatIf, makeCounter: format == .table ? makeCounter : nil)
    }

    /// The CSV header of the columns written.
    var csvHeader: String { ResultEncoding.csvHeader(fields ?? ResultField.csv) }

    /// One batch of lines and the per-thread slots that process it; two alternate so that reading and
    /// writing on the calling thread overlap evaluation on the workers.
    final class Stage: @unchecked Sendable {
        var batch = LineReader.Batch()
        /// In a contiguous input: the bytes of this batch (whole lines).
        var range = 0..<0
        var slots: [Slot]
        var chunks = 0
        init(_ evaluator: Evaluator, threads: Int, shape: Shape) {
            slots = (0..<BatchPipeline.chunks(threads: threads)).map { _ in Slot(evaluator, shape: shape) }
        }
    }

    /// Evaluates every JSON Lines record of `reader`.
    ///
    /// - Parameters:
    ///   - write: receives output bytes, in input order (the CSV header first for `.csv`; nothing for `.table`).
    ///     The bytes are valid only during the call.
    ///   - diagnose: receives `FILE:LINE: error: …` / `warning: …` lines, in input order.
    ///   - progress: called after each batch with the bytes and records read so far.
    package func run(
        _ reader: LineReader, write: (UnsafeRawBufferPointer) throws -> Void, diagnose: (String) -> Void,
        progress: ((ReadProgress) -> Void)? = nil
    ) rethrows -> Report {
        try run(
            reader, write: write, diagnose: diagnose, deliver: { _ in }, counted: { _, _ in },
            progress: progress)
    }

    /// ``run(_:write:diagnose:progress:)`` for callers outside the package (benchmarks): each block of output
    /// comes as a copy of its bytes.
    package func run(_ reader: LineReader, output: ([UInt8]) throws -> Void, diagnose: (String) -> Void) rethrows
        -> Report
    {
        try run(reader, write: { try output(Array($0)) }, diagnose: diagnose, progress: nil)
    }

    /// With ``makeCounter``: evaluates every JSON Lines record of `reader`, counting them in the workers;
    /// `counted` receives each chunk's counter after each batch, in input order, with the number of lines
    /// before the chunk (which the counter's line numbers count from), on the calling thread. The outcomes
    /// are the counters' to count: the report's summary counts the learners, not their qualifications.
    package func run(
        _ reader: LineReader, counted: (any OutcomeCounter, _ linesBefore: Int) throws -> Void,
        diagnose: (String) -> Void, progress: ((ReadProgress) -> Void)? = nil
    ) rethrows -> Report {
        precondition(format == .table && makeCounter != nil, "counting needs the table format and a counter")
        return try run(
            reader, write: { _ in }, diagnose: diagnose, deliver: { _ in }, counted: counted,
            progress: progress)
    }

    /// ``run(_:write:diagnose:progress:)``, with `deliver` receiving each record's values in values mode and
    /// `counted` each chunk's counter with ``makeCounter``.
    func run(
        _ reader: LineReader, write: (UnsafeRawBufferPointer) throws -> Void, diagnose: (String) -> Void,
        deliver: (EvaluatedRecord) throws -> Void,
        counted: (any OutcomeCounter, _ linesBefore: Int) throws -> Void,
        progress: ((ReadProgress) -> Void)? = nil
    ) rethrows -> Report {
        let values = self.values
        let stages = [
            Stage(evaluator, threads: threads, shape: shape), Stage(evaluator, threads: threads, shape: shape)
        ]
        if format == .csv && !values { try Array(csvHeader.utf8).withUnsafeBytes { try write($0) } }
        let file = reader.path == "-" ? "<stdin>" : reader.path
        let (format, evaluator, threads, batchLines, only) = (
            self.format, self.evaluator, self.threads, self.batchLines, self.onlyAchieved
        )
        var overlong = 0

        let duplicates = duplicateCheckLimit > 0 ? DuplicateIDTable(limit: duplicateCheckLimit) : nil
        var duplicateWarnings = 0
        var recordsRead = 0
        func emit(_ stage: Stage) throws {
            var overlongRecords: [EvaluatedRecord] = []
            // The batch's diagnostics, put in line order before they are printed.
            var batchMessages: [Message] = []
            for o in stage.batch.overlong {
                let message = Self.overlong(o.length, limit: reader.maximumLineLength)
                batchMessages.append((o.number, 0, "error: \(message)"))
                if values {
                    overlongRecords.append(
                        EvaluatedRecord(
                            line: o.number,
                            results: .failure(LearnerRecordError(file: file, line: o.number, message: message)),
                            warnings: []))
                }
                overlong += 1
                // Not a mapped file, so line numbers are the file's: any chunk's counter may take it.
                stage.slots[0].counter?.reject(line: o.number, file: file, message: message)
            }
            var pendingValues: [EvaluatedRecord] = []
            for slot in stage.slots.prefix(stage.chunks) {
                if input != nil { // line numbers were counted from the chunk's start
                    let base = lineBase
                    lineBase += slot.lineCount
                    if base > 0 {
                        for k in slot.messages.indices { slot.messages[k].line += base }
                        for k in slot.ids.indices { slot.ids[k].line += base }
                        for k in slot.records.indices {
                            slot.records[k].line += base
                            if case .failure(var e) = slot.records[k].results {
                                e.line += base; slot.records[k].results = .failure(e)
                            }
                        }
                    }
                }
                var messages = slot.messages
                if let duplicates, !duplicates.exhausted {
                    duplicates.prepare(for: slot.ids)
                    var added = false
                    var record = 0 // records and ids are both in line order: walk them together
                    func attach(_ warning: EvaluationWarning, line: Int) {
                        guard values else { return }
                        while record < slot.records.count && slot.records[record].line < line { record += 1 }
                        if record < slot.records.count && slot.records[record].line == line {
                            slot.records[record].warnings.append(warning)
                        }
                    }
                    for (key, line) in slot.ids {
                        if let first = duplicates.insert(key, line: line) {
                            let w = EvaluationWarning(
                                kind: .duplicateLearner,
                                message:
                                    "duplicate learner id: line \(first) has the same id; both records are evaluated",
                                subject: "\(first)")
                            messages.append((line, 0, "warning: \(w.message)"))
                            attach(w, line: line)
                            duplicateWarnings += 1
                            added = true
                        } else if duplicates.exhausted {
                            let w = EvaluationWarning(
                                kind: .duplicateCheckStopped,
                                message:
                                    """
                                    duplicate-id check stopped after \(duplicates.limit) learners (the memory \
                                    limit); raise it with --duplicate-limit (duplicateCheckLimit in the API)
                                    """,
                                subject: "\(duplicates.limit)")
                            messages.append((line, 0, "warning: \(w.message)"))
                            attach(w, line: line)
                            duplicateWarnings += 1
                            added = true
                            break
                        }
                    }
                    if added { messages = Self.byLine(messages) }
                }
                batchMessages.append(contentsOf: messages)
                if slot.writer.buffer.count > 0 { try write(slot.writer.buffer.bytes) }
                if values { pendingValues.append(contentsOf: slot.records) }
                if let counter = slot.counter { try counted(counter, input != nil ? lineBase - slot.lineCount : 0) }
                recordsRead += slot.recordCount
            }
            recordsRead += stage.batch.overlong.count
            if !stage.batch.overlong.isEmpty { batchMessages = Self.byLine(batchMessages) }
            for m in batchMessages { diagnose(Self.diagnostic(file, m)) }
            if values {
                if !overlongRecords.isEmpty {
                    pendingValues.append(contentsOf: overlongRecords)
                    pendingValues.sort { $0.line < $1.line }
                }
                for r in pendingValues { try deliver(r) }
            }
            input?.release(before: stage.range.upperBound) // the lines of this batch are done with
            progress?(
                ReadProgress(
                    bytes: input != nil ? stage.range.upperBound : reader.bytesRead,
                    total: input?.count ?? reader.fileSize, records: recordsRead))
        }

        // A regular file is mapped and cut into batches of whole lines here; the workers find the lines.
        // Anything else (standard input, a pipe) is read in batches of lines.
        let input = reader.contiguous()
        var lineBase = 0 // in a contiguous input: the lines before the next chunk
        var offset = 0
        let batchBytes = max(1, self.batchBytes ?? (format == .table && !values ? 8 << 20 : 512 << 10))
        let maximumLine = reader.maximumLineLength
        func next(_ stage: Stage) -> Bool {
            guard let input else { return reader.next(into: &stage.batch, maxLines: batchLines) }
            guard offset < input.count else { return false }
            let end = input.lineEnd(from: min(input.count, offset + batchBytes) - 1)
            stage.range = offset..<end
            offset = end
            return true
        }

        var current = 0
        guard next(stages[0]) else {
            return Self.report(stages, evaluator: evaluator, overlong: 0)
        }
        var pending: Stage?
        let group = DispatchGroup()
        defer { group.wait() } // if writing or a callback throws, the batch being evaluated is left to finish
        while true {
            let stage = stages[current]
            if input != nil {
                stage.chunks = min(Self.chunks(threads: threads), max(1, stage.range.count / (64 << 10)))
            } else {
                stage.chunks = min(Self.chunks(threads: threads), max(1, stage.batch.lines.count / 256))
            }
            group.enter()
            DispatchQueue.global().async {
                if let input {
                    Self.compute(
                        stage, input: input, maximumLine: maximumLine, evaluator: evaluator, format: format,
                        values: values, only: only, file: file)
                } else {
                    Self.compute(stage, evaluator: evaluator, format: format, values: values, only: only, file: file)
                }
                group.leave()
            }
            if let p = pending { try emit(p) }
            let more = next(stages[1 - current])
            group.wait()
            pending = stage
            if !more { break }
            current = 1 - current
        }
        if let p = pending { try emit(p) }
        var report = Self.report(stages, evaluator: evaluator, overlong: overlong)
        report.warnings += duplicateWarnings
        return report
    }

    /// Messages in line order; messages of one line keep their order.
    static func byLine(_ messages: [Message]) -> [Message] {
        messages.enumerated().sorted { a, b in
            a.element.line != b.element.line ? a.element.line < b.element.line : a.offset < b.offset
        }.map(\.element)
    }

    static func compute(
        _ stage: Stage, evaluator: Evaluator, format: ResultFormat, values: Bool, only: Bool?, file: String
    ) {
        let lines = stage.batch.lines
        let n = lines.count
        let chunks = stage.chunks
        stage.batch.bytes.withUnsafeBufferPointer { bytes in
            let shared = UnsafeSendable(bytes: bytes, lines: lines)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let slot = stage.slots[c]
                slot.reset()
                let lo = n * c / chunks, hi = n * (c + 1) / chunks
                // Work on local copies: stored properties of a class cost a dynamic exclusivity check on
                // every access.
                var local = Local(summary: slot.summary, loader: slot.loader)
                slot.summary = EvaluationSummary(qualifications: [])
                for k in lo..<hi {
                    let line = shared.lines[k]
                    let text = UnsafeBufferPointer(rebasing: shared.bytes[line.start..<(line.start + line.count)])
                    Self.process(
                        text, number: line.number, file: file, slot: slot, local: &local, evaluator: evaluator,
                        format: format,
                        values: values, only: only)
                }
                slot.summary = local.summary
                slot.loader = local.loader
                slot.recordCount = local.evaluated + local.rejected
                slot.evaluated += local.evaluated
                slot.rejected += local.rejected
                slot.warnings += local.warnings
            }
        }
    }

    /// Evaluates the lines of `stage.range` of `input`: chunk `c` takes the lines that start in its share
    /// of the bytes, found by the worker itself, numbered from 1 within the chunk.
    static func compute(
        _ stage: Stage, input: ContiguousInput, maximumLine: Int, evaluator: Evaluator, format: ResultFormat,
        values: Bool, only: Bool?, file: String
    ) {
        let range = stage.range
        let chunks = stage.chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let slot = stage.slots[c]
            slot.reset()
            // A chunk starts just after the first line end before its share (so that each line belongs to
            // the chunk in which it starts), and ends where the next chunk starts.
            func start(_ position: Int) -> Int {
                if position == 0 { return range.lowerBound }
                if position == chunks { return range.upperBound }
                let nominal = range.lowerBound + range.count * position / chunks
                return min(range.upperBound, input.lineEnd(from: nominal - 1))
            }
            let lo = start(c), hi = max(lo, start(c + 1))
            var local = Local(summary: slot.summary, loader: slot.loader)
            slot.summary = EvaluationSummary(qualifications: [])
            let base = input.base
            var i = lo, number = 0
            while i < hi {
                number += 1
                let nl: Int
                if let hit = memchr(base + i, 0x0A, hi - i) {
                    nl = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                } else {
                    nl = hi
                }
                let (a, z) = LineReader.content(base, i, nl, firstLine: i == 0)
                if z - a > maximumLine {
                    let message = Self.overlong(z - a, limit: maximumLine)
                    slot.messages.append((number, 0, "error: \(message)"))
                    if values {
                        slot.records.append(
                            EvaluatedRecord(
                                line: number,
                                results: .failure(LearnerRecordError(file: file, line: number, message: message)),
                                warnings: []))
                    }
                    slot.counter?.reject(line: number, file: file, message: message)
                    local.rejected += 1
                } else {
                    Self.process(
                        UnsafeBufferPointer(start: base + a, count: z - a), number: number, file: file, slot: slot,
                        local: &local,
                        evaluator: evaluator, format: format, values: values, only: only)
                }
                i = nl + 1
            }
            slot.lineCount = number
            slot.summary = local.summary
            slot.loader = local.loader
            slot.recordCount = local.evaluated + local.rejected
            slot.evaluated += local.evaluated
            slot.rejected += local.rejected
            slot.warnings += local.warnings
        }
    }

    static func report(_ stages: [Stage], evaluator: Evaluator, overlong: Int) -> Report {
        var report = Report(summary: EvaluationSummary(qualifications: evaluator.qualifications))
        report.rejected = overlong
        for slot in stages.flatMap(\.slots) {
            report.evaluated += slot.evaluated
            report.rejected += slot.rejected
            report.warnings += slot.warnings
            report.summary.merge(slot.summary)
        }
        return report
    }

    struct UnsafeSendable: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        let lines: [(start: Int, count: Int, number: Int)]
    }

    static func isBlank(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// A worker's running state for one chunk, kept in locals.
    struct Local {
        var summary: EvaluationSummary
        var loader: RecordLoader
        var evaluated = 0, rejected = 0, warnings = 0
    }

    static func process(
        _ text: UnsafeBufferPointer<UInt8>, number: Int, file: String, slot: Slot, local: inout Local,
        evaluator: Evaluator, format: ResultFormat, values: Bool, only: Bool?
    ) {
        if isBlank(text) { return }
        let ws = slot.workspace
        if let f = local.loader.load(text, into: ws) {
            slot.messages.append((number, f.column, "error: \(f.message)"))
            if values {
                slot.records.append(
                    EvaluatedRecord(
                        line: number,
                        results: .failure(
                            LearnerRecordError(
                                file: file, line: number, column: f.column, field: f.field, message: f.message)),
                        warnings: []))
            }
            slot.counter?.reject(line: number, file: file, message: f.message)
            local.rejected += 1
            return
        }
        // Ids are compared by their decoded text: "\u0041" and "A" are the same id.
        let key =
            local.loader.idHasEscapes
            ? Array(local.loader.learnerID(in: text).utf8).withUnsafeBufferPointer { DuplicateIDTable.fingerprint($0) }
            : DuplicateIDTable.fingerprint(UnsafeBufferPointer(rebasing: text[local.loader.idRange]))
        slot.ids.append((key, number))
        evaluateLoaded(
            idRaw: UnsafeBufferPointer(rebasing: text[local.loader.idRange]), idHasEscapes: local.loader.idHasEscapes,
            number: number, slot: slot, local: &local, evaluator: evaluator, format: format, values: values, only: only)
    }

    /// A learner id read as the content of a JSON string, `raw` (with escapes when `hasEscapes`).
    static func idText(_ raw: UnsafeBufferPointer<UInt8>, hasEscapes: Bool) -> String {
        hasEscapes
            ? JSONCursor.decoded(raw) ?? String(decoding: raw, as: UTF8.self) : String(decoding: raw, as: UTF8.self)
    }

    /// Evaluates the learner loaded in the slot's workspace and writes its results (or, in values mode, keeps
    /// them): what follows reading a record, whatever the format read. `idRaw` is the learner id as the
    /// content of a JSON string (with escapes when `idHasEscapes`).
    static func evaluateLoaded(
        idRaw: UnsafeBufferPointer<UInt8>, idHasEscapes: Bool, number: Int, slot: Slot, local: inout Local,
        evaluator: Evaluator, format: ResultFormat, values: Bool, only: Bool?
    ) {
        let ws = slot.workspace
        func idText() -> String { BatchPipeline.idText(idRaw, hasEscapes: idHasEscapes) }
        local.evaluated += 1
        local.summary.learners += 1
        // The record's problems, reported once it is evaluated (an exception no qualification used is
        // found then); evidence after the as-of day is listed in the results, not reported.
        defer {
            let warnings = ws.recordProblems
            if !warnings.isEmpty {
                let id = idText()
                for w in warnings {
                    slot.messages.append((number, 0, "warning: learner \(id): \(w.message)")); local.warnings += 1
                }
            }
        }
        if values {
            ws.learnerID = idText()
            var results: [EvaluationResult] = []
            results.reserveCapacity(evaluator.qualifications.count)
            let messages = slot.writer.messages
            evaluator.evaluateLoaded(in: ws) { o in
                local.summary.add(o, in: ws)
                results.append(ws.result(o, messages: messages))
            }
            slot.records.append(EvaluatedRecord(line: number, results: .success(results), warnings: ws.recordProblems))
            return
        }
        switch format {
        case .jsonl:
            let writer = slot.writer
            evaluator.evaluateLoaded(in: ws) { o in
                local.summary.add(o, in: ws)
                if only == nil || only == o.achieved { writer.appendJSON(o, in: ws, idJSON: idRaw) }
            }
        case .csv:
            slot.csvID.removeAll(keepingCapacity: true)
            if idHasEscapes || idRaw.contains(where: { $0 == 0x2C || $0 == 0x22 || ResultEncoding.isControl($0) })
                || (!slot.csvExact && idRaw.first.map(ResultEncoding.startsFormula) == true)
            {
                ResultEncoding.csvField(idText(), &slot.csvID, exact: slot.csvExact)
            } else {
                slot.csvID.append(contentsOf: idRaw)
            }
            let writer = slot.writer
            slot.csvID.withUnsafeBufferPointer { id in
                evaluator.evaluateLoaded(in: ws) { o in
                    local.summary.add(o, in: ws)
                    if only == nil || only == o.achieved { writer.appendCSV(o, in: ws, idCSV: id) }
                }
            }
        case .table:
            guard let counter = slot.counter else {
                evaluator.evaluateLoaded(in: ws) { o in local.summary.add(o, in: ws) }
                return
            }
            counter.beginLearner(line: number, id: CountedLearnerID(json: idRaw, hasEscapes: idHasEscapes), in: ws)
            evaluator.evaluateLoaded(in: ws) { o in counter.add(o, in: ws) }
            counter.endLearner(in: ws)
        }
    }

    static func evaluate(
        _ learner: Learner, line: Int, file: String, slot: Slot, local: inout Local, evaluator: Evaluator,
        format: ResultFormat, only: Bool?
    ) {
        let problems = evaluator.problems(in: learner)
        if !problems.isEmpty {
            let message = "learner \(learner.id): " + problems.joined(separator: "; ")
            slot.messages.append((line, 0, "error: " + message))
            local.rejected += 1
            slot.counter?.reject(line: line, file: file, message: message)
            return
        }
        local.evaluated += 1
        local.summary.learners += 1
        let ws = slot.workspace
        let counter = format == .table ? slot.counter : nil
        counter?.beginLearner(line: line, id: CountedLearnerID(learner.id.rawValue), in: ws)
        defer { counter?.endLearner(in: ws) }
        var warned = false
        evaluator.evaluate(learner, in: ws) { o in
            if !warned {
                warned = true
                for w in ws.recordProblems {
                    slot.messages.append((line, 0, "warning: learner \(learner.id): \(w.message)")); local.warnings += 1
                }
            }
            if let counter { counter.add(o, in: ws) } else { local.summary.add(o, in: ws) }
            if let only, only != o.achieved { return }
            switch format {
            case .jsonl:
                slot.idJSON.removeAll(keepingCapacity: true)
                ResultEncoding.string(learner.id.rawValue, &slot.idJSON)
                slot.idJSON.withUnsafeBufferPointer {
                    slot.writer.appendJSON(o, in: ws, idJSON: UnsafeBufferPointer(rebasing: $0.dropFirst().dropLast()))
                }
            case .csv:
                slot.csvID.removeAll(keepingCapacity: true)
                ResultEncoding.csvField(learner.id.rawValue, &slot.csvID, exact: slot.csvExact)
                slot.csvID.withUnsafeBufferPointer { slot.writer.appendCSV(o, in: ws, idCSV: $0) }
            case .table: break
            }
        }
    }

    /// Evaluates learners read from CSV (grouped by ``LearnerCSVReader``), in order, as they come, on the
    /// calling thread. Rows grouped as they come (``LearnerCSVReader/Grouping/contiguous``) are loaded into
    /// the workspace as a JSON Lines record is, and evaluated and written by the same code
    /// (``evaluateLoaded(idRaw:idHasEscapes:number:slot:local:evaluator:format:values:only:)``);
    /// `loadsWorkspace: false` builds a `Learner` for each instead (the general path, which grouping in memory
    /// takes; tests compare the two).
    package func run(
        _ items: LearnerCSVReader.Items, file: String, write: (UnsafeRawBufferPointer) throws -> Void,
        diagnose: (String) -> Void,
        loadsWorkspace: Bool = true
    ) rethrows -> Report {
        try run(
            items, file: file, write: write, diagnose: diagnose, loadsWorkspace: loadsWorkspace,
            counted: { _, _ in })
    }

    /// With ``makeCounter``: evaluates learners read from CSV as
    /// ``run(_:file:write:diagnose:loadsWorkspace:)`` does, counting them on the calling thread; `counted`
    /// receives the counter after every ``batchLines`` records and at the end, its line numbers being the
    /// file's (none before them). As with JSON Lines, the report's summary counts the learners only.
    package func run(
        _ items: LearnerCSVReader.Items, file: String,
        counted: (any OutcomeCounter, _ linesBefore: Int) throws -> Void,
        diagnose: (String) -> Void
    ) rethrows -> Report {
        precondition(format == .table && makeCounter != nil, "counting needs the table format and a counter")
        return try run(items, file: file, write: { _ in }, diagnose: diagnose, loadsWorkspace: true, counted: counted)
    }

    func run(
        _ items: LearnerCSVReader.Items, file: String, write: (UnsafeRawBufferPointer) throws -> Void,
        diagnose: (String) -> Void, loadsWorkspace: Bool,
        counted: (any OutcomeCounter, _ linesBefore: Int) throws -> Void
    ) rethrows -> Report {
        var items = items
        let slot = Slot(evaluator, shape: shape)
        if loadsWorkspace && items.reader.grouping == .contiguous {
            items.load(into: slot.workspace, evaluator: evaluator)
        }
        if format == .csv { try Array(csvHeader.utf8).withUnsafeBytes { try write($0) } }
        var local = Local(summary: slot.summary, loader: slot.loader)
        func flush() throws {
            if slot.writer.buffer.count > 0 { try write(slot.writer.buffer.bytes) }
            slot.writer.reset()
        }
        while let event = items.nextEvent() {
            switch event {
            case .item(.warning(let line, let message)):
                slot.messages.append((line, 0, "warning: \(message)"))
                local.warnings += 1
            case .item(.rejected(let line, let message)):
                slot.messages.append((line, 0, "error: \(message)"))
                local.rejected += 1
                slot.counter?.reject(line: line, file: file, message: message)
            case .item(.learner(let learner, let line)):
                Self.evaluate(
                    learner, line: line, file: file, slot: slot, local: &local, evaluator: evaluator, format: format,
                    only: onlyAchieved)
            case .loaded(let line):
                // The id as the content of a JSON string, as the JSON Lines reader gives it.
                let id = items.currentID
                if id.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) {
                    slot.idJSON.removeAll(keepingCapacity: true)
                    ResultEncoding.string(String(decoding: id, as: UTF8.self), &slot.idJSON)
                    slot.idJSON.withUnsafeBufferPointer { json in
                        Self.evaluateLoaded(
                            idRaw: UnsafeBufferPointer(rebasing: json.dropFirst().dropLast()), idHasEscapes: true,
                            number: line,
                            slot: slot, local: &local, evaluator: evaluator, format: format, values: false,
                            only: onlyAchieved)
                    }
                } else {
                    id.withUnsafeBufferPointer { raw in
                        Self.evaluateLoaded(
                            idRaw: raw, idHasEscapes: false, number: line, slot: slot, local: &local,
                            evaluator: evaluator,
                            format: format, values: false, only: onlyAchieved)
                    }
                }
            }
            if !slot.messages.isEmpty {
                for m in slot.messages { diagnose(Self.diagnostic(file, m)) }
                slot.messages.removeAll(keepingCapacity: true)
            }
            if slot.writer.buffer.count >= 1 << 20 { try flush() }
            if let counter = slot.counter {
                slot.recordCount += 1
                if slot.recordCount >= batchLines {
                    try counted(counter, 0)
                    counter.reset()
                    slot.recordCount = 0
                }
            }
        }
        try flush()
        if let counter = slot.counter, slot.recordCount > 0 { try counted(counter, 0) }
        var report = Report(summary: local.summary)
        report.evaluated = local.evaluated; report.rejected = local.rejected; report.warnings = local.warnings
        return report
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// What a bulk evaluation did.
public struct EvaluationReport: Sendable {
    /// Records evaluated.
    public var evaluated = 0
    /// Records rejected as malformed.
    public var rejected = 0
    /// Warnings reported (unknown unit codes or assessment ids, repeated learner ids, …).
    public var warnings = 0
    /// Counts per qualification: evaluated, achieved, and learners stopped by each unmet code.
    public var summary: EvaluationSummary
}

/// One record of a learner file, evaluated: its results (one per qualification, in the evaluator's order),
/// or why the record was rejected.
public struct EvaluatedRecord: Sendable {
    /// 1-based line number of the record.
    public var line: Int
    public var results: Result<[EvaluationResult], LearnerRecordError>
    /// Problems with the record that did not stop it: those in every result's `warnings`, and a learner id
    /// that an earlier record already used (`EvaluationWarning/Kind/duplicateLearner`).
    public var warnings: [EvaluationWarning]
}
