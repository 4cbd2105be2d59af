@_spi(Engine) import QualKitCore

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
    public func evaluate(_ reader: LearnerReader, options: EvaluationOptions = .init(), threads: Int? = nil,
                         duplicateCheckLimit: Int = 1_000_000,
                         _ body: (EvaluatedRecord) throws -> Void) rethrows -> EvaluationReport {
        var bulk = BatchPipeline(evaluator: self, format: .jsonl, threads: threads)
        bulk.values = true
        bulk.messages = options.messages
        bulk.asOf = options.asOf
        bulk.duplicateCheckLimit = duplicateCheckLimit
        switch reader.format {
        case .jsonLines:
            return try bulk.run(reader.lines, write: { _ in }, diagnose: { _ in }, deliver: body)
        case .csv:
            reader.csvIDLimit = duplicateCheckLimit
            var report = EvaluationReport(summary: EvaluationSummary(qualifications: qualifications))
            let ws = makeWorkspace()
            ws.asOf = options.asOf
            for record in reader {
                switch record.learner {
                case .failure(let e):
                    report.rejected += 1
                    try body(EvaluatedRecord(line: record.line, results: .failure(e), warnings: []))
                case .success(let learner):
                    let problems = self.problems(in: learner)
                    guard problems.isEmpty else {
                        report.rejected += 1
                        try body(EvaluatedRecord(line: record.line, results: .failure(LearnerRecordError(
                            file: reader.name, line: record.line, message: "learner \(learner.id): " + problems.joined(separator: "; "))), warnings: []))
                        continue
                    }
                    var results: [EvaluationResult] = []
                    self.evaluate(learner, in: ws) { o in
                        report.summary.add(o, in: ws)
                        results.append(ws.result(o, messages: options.messages))
                    }
                    report.evaluated += 1
                    report.summary.learners += 1
                    report.warnings += ws.recordProblems.count + record.warnings.count
                    try body(EvaluatedRecord(line: record.line, results: .success(results), warnings: record.warnings + ws.recordProblems))
                }
            }
            return report
        }
    }
}
