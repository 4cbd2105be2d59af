import QualKitEngine
import QualKitCore

extension Evaluator {
    /// Reads every record of `reader` and evaluates it on every core, calling `body` with each record's
    /// results in input order, on the calling thread.
    ///
    /// Memory is bounded by two batches of records and their results, whatever the file's length (CSV
    /// files read with ``LearnerReader/CSVGrouping/anyOrder`` are grouped by learner in memory first).
    /// JSON Lines records are parsed straight into the engine, without building `Learner` values.
    ///
    /// ```swift
    /// let reader = try LearnerReader(path: "learners.jsonl")
    /// let report = evaluator.evaluate(reader) { record in   // rethrows: here, nothing
    ///     switch record.results {
    ///     case .success(let results): for r in results where r.achieved { print(r.learner, r.qualification) }
    ///     case .failure(let error): print(error)
    ///     }
    /// }
    /// print(report.evaluated, "evaluated,", report.rejected, "rejected")
    /// ```
    ///
    /// - Parameters:
    ///   - reader: the learner file, streamed (CSV with ``LearnerReader/CSVGrouping/anyOrder`` is grouped in
    ///     memory). CSV is read and evaluated on the calling thread.
    ///   - options: how to evaluate (the same for every record).
    ///   - threads: worker threads; by default one per active processor.
    ///   - duplicateCheckLimit: how many learner ids to remember (about 32 MB for a million) to warn about a
    ///     repeated id, and for CSV to check that each learner's rows are together; 0 turns both off.
    ///   - body: called with each record, in input order, on the calling thread.
    /// - Returns: counts and the per-qualification summary.
    /// - Throws: only what `body` throws; reading stops there.
    /// - Complexity: O(*n*) for *n* records, each bounded by its qualifications' `EvaluationCost`, shared
    ///   among `threads` workers; memory O(*b*) for batches of *b* records, independent of *n* (but
    ///   O(*n*) for CSV read with ``LearnerReader/CSVGrouping/anyOrder``). For an `async` caller that must
    ///   not block, `evaluate(_:options:threads:duplicateCheckLimit:)` returns the records as a sequence.
    @discardableResult
    public func evaluate(
        _ reader: LearnerReader, options: EvaluationOptions = .init(), threads: Int? = nil,
        duplicateCheckLimit: Int = 1_000_000,
        _ body: (EvaluatedRecord) throws -> Void
    ) rethrows -> EvaluationReport {
        var bulk = BatchPipeline(evaluator: self, format: .jsonl, threads: threads)
        bulk.values = true
        bulk.messages = options.messages
        bulk.asOf = options.asOf
        bulk.whatIf = options.whatIf
        bulk.duplicateCheckLimit = duplicateCheckLimit
        switch reader.format {
        case .jsonLines:
            return try bulk.run(
                reader.lines, write: { _ in }, diagnose: { _ in }, deliver: body,
                counted: { _, _ in })
        case .csv:
            reader.csvIDLimit = duplicateCheckLimit
            var report = EvaluationReport(summary: EvaluationSummary(qualifications: qualifications))
            let ws = makeWorkspace()
            ws.asOf = options.asOf
            ws.whatIf = options.whatIf
            for record in reader {
                let results = evaluate(record, in: ws, options: options) { report.summary.add($0, in: ws) }
                guard case .success = results else {
                    report.rejected += 1
                    try body(EvaluatedRecord(line: record.line, results: results, warnings: []))
                    continue
                }
                report.evaluated += 1
                report.summary.learners += 1
                report.warnings += ws.recordProblems.count + record.warnings.count
                let warnings = record.warnings + ws.recordProblems
                try body(EvaluatedRecord(line: record.line, results: results, warnings: warnings))
            }
            return report
        }
    }

    /// Evaluates one record that a ``LearnerReader`` read, giving what
    /// ``evaluate(_:options:threads:duplicateCheckLimit:_:)`` gives for the same record: equal results, the
    /// record's warnings (an unknown key) in every result's `warnings` in the order the record has them,
    /// or the same error for a record it rejects (marks that do not fit a mark sheet, an exception naming
    /// a unit no pack defines).
    ///
    /// ```swift
    /// for record in try LearnerReader(path: "learners.jsonl") {
    ///     switch evaluator.evaluate(record) {
    ///     case .success(let results): for r in results where r.achieved { print(r.learner, r.qualification) }
    ///     case .failure(let error): print(error)   // learners.jsonl:7:12: error: …
    ///     }
    /// }
    /// ```
    ///
    /// A `Learner` carries none of its record's reading warnings: `evaluate(record.learner)` gives the same
    /// results without them. A record whose `learner` or `warnings` were changed is evaluated as its
    /// `learner`.
    public func evaluate(
        _ record: LearnerRecord,
        options: EvaluationOptions = .init()
    ) -> Result<[EvaluationResult], LearnerRecordError> {
        let ws = makeWorkspace()
        ws.asOf = options.asOf
        ws.whatIf = options.whatIf
        return evaluate(record, in: ws, options: options) { _ in }
    }

    /// ``evaluate(_:options:)`` in `workspace`, calling `each` with every outcome: a JSON Lines record is loaded
    /// from its line as the bulk reader loads it; a CSV record, or one changed, from its `learner`.
    func evaluate(
        _ record: LearnerRecord, in workspace: Workspace, options: EvaluationOptions,
        each: (Outcome) -> Void
    ) -> Result<[EvaluationResult], LearnerRecordError> {
        let learner: Learner
        switch record.learner {
        case .failure(let e): return .failure(e)
        case .success(let l): learner = l
        }
        var results: [EvaluationResult] = []
        func add(_ outcome: Outcome) {
            each(outcome)
            results.append(workspace.result(outcome, messages: options.messages))
        }
        if let source = record.source {
            var loader = RecordLoader(evaluator: self)
            if let f = loader.load(source, into: workspace) {
                return .failure(
                    LearnerRecordError(
                        file: record.file, line: record.line, column: f.column,
                        field: f.field, message: f.message))
            }
            workspace.learnerID = learner.id.rawValue
            evaluateLoaded(in: workspace, add)
        } else {
            let problems = self.problems(in: learner)
            guard problems.isEmpty else {
                let message = "learner \(learner.id): " + problems.joined(separator: "; ")
                return .failure(LearnerRecordError(file: record.file, line: record.line, message: message))
            }
            evaluate(learner, in: workspace, add)
        }
        return .success(results)
    }
}
