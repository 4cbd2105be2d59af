import QualKitEngine
import QualKitCore
import Dispatch

/// Compares two evaluations of the same learners: two pack sets (a pack before and after an edit), or two
/// sets of `EvaluationOptions` over one pack set. One pass over a learner file, on every core, tells which
/// learners' results change and how.
///
/// A qualification *changes* for a learner when its `achieved`, `credits`, `route` or unmet codes differ
/// between the two sides, or when only one side decides it (``QualificationChange/Kind/added`` or
/// ``QualificationChange/Kind/removed``). Qualifications are matched by id.
///
/// ```swift
/// let before = try Evaluator(catalog: PackRegistry.bundled().catalog)
/// let edited = try PackRegistry.bundled(excluding: ["ilm-8577"]).adding(directory: "edited/8577").registry
/// let after = try Evaluator(catalog: edited.catalog)
/// let diff = CohortDiff(from: before, to: after)
/// let report = try diff.run(LearnerReader(path: "learners.jsonl")) { learner in
///     guard case .success(let changes) = learner.changes else { return }   // or a LearnerRecordError
///     for c in changes { print(learner.learner, c.qualification, c.kind) }
/// }
/// print(report.changedLearners, "of", report.compared, "learners changed")
/// ```
///
/// An immutable value: share it between tasks.
public struct CohortDiff: Sendable {
    /// The "before" side.
    public let from: Evaluator
    /// The "after" side.
    public let to: Evaluator
    /// How the `from` side is evaluated.
    public var fromOptions: EvaluationOptions
    /// How the `to` side is evaluated.
    public var toOptions: EvaluationOptions
    /// The qualifications compared, in order: those of `from` in its order, then those that only `to` decides,
    /// in its order.
    public let qualifications: [QualificationID]

    /// Per compared qualification: its index in `from` and in `to` (`-1`: not decided there).
    let pairs: [(from: Int, to: Int)]
    /// Per qualification of each side, per path: a route key, equal for equal route labels of one compared
    /// qualification (`-1`: no route), so that routes are compared without comparing strings.
    let fromRoutes: [[Int32]], toRoutes: [[Int32]]
    let titles: [String]

    /// Prepares the comparison of `from` with `target`.
    ///
    /// - Parameters:
    ///   - from: the "before" side (for example the bundled packs).
    ///   - target: the "after" side (for example the same packs with one edited).
    ///   - fromOptions: how to evaluate the `from` side.
    ///   - toOptions: how to evaluate the `target` side; with the same evaluator on both sides, the options are
    ///     what is compared (two `asOf` dates: what changed for the cohort between them).
    /// - Complexity: O(*q* · *p*) for *q* qualifications with *p* alternative-route paths each, once.
    public init(
        from: Evaluator, to target: Evaluator, fromOptions: EvaluationOptions = .init(),
        toOptions: EvaluationOptions = .init()
    ) {
        self.from = from
        self.to = target
        self.fromOptions = fromOptions
        self.toOptions = toOptions
        let fq = from.qualifications, tq = target.qualifications
        var toIndex: [QualificationID: Int] = [:]
        for (i, q) in tq.enumerated() where toIndex[q.id] == nil { toIndex[q.id] = i }
        var pairs: [(from: Int, to: Int)] = []
        var ids: [QualificationID] = [], titles: [String] = []
        var seen = Set<QualificationID>()
        for (i, q) in fq.enumerated() where seen.insert(q.id).inserted {
            pairs.append((i, toIndex[q.id] ?? -1)); ids.append(q.id); titles.append(q.title)
        }
        for (i, q) in tq.enumerated() where seen.insert(q.id).inserted {
            pairs.append((-1, i)); ids.append(q.id); titles.append(q.title)
        }
        // Route keys per compiled version (slot): a learner's outcome comes from the version chosen for them.
        var fromRoutes = [[Int32]](repeating: [], count: from.compiledVersions.count)
        var toRoutes = [[Int32]](repeating: [], count: target.compiledVersions.count)
        for p in pairs {
            var keys: [String: Int32] = [:]
            func key(_ label: String?) -> Int32 {
                guard let label else { return -1 }
                if let k = keys[label] { return k }
                let k = Int32(keys.count)
                keys[label] = k
                return k
            }
            if p.from >= 0 {
                for s in from.versionSlots(p.from) {
                    fromRoutes[s] = (0..<from.pathCount(qualification: s)).map {
                        key(from.routeLabel(qualification: s, path: $0))
                    }
                }
            }
            if p.to >= 0 {
                for s in target.versionSlots(p.to) {
                    toRoutes[s] = (0..<target.pathCount(qualification: s)).map {
                        key(target.routeLabel(qualification: s, path: $0))
                    }
                }
            }
        }
        self.pairs = pairs
        self.qualifications = ids
        self.titles = titles
        self.fromRoutes = fromRoutes
        self.toRoutes = toRoutes
    }

    /// The qualifications of `learner` that change between the two sides, in the order of ``qualifications``
    /// (empty when none does).
    ///
    /// The learner is not checked: a record a reader would reject (`Evaluator/problems(in:)`) is compared
    /// as it is.
    public func changes(for learner: Learner) -> [QualificationChange] {
        let w = Worker(self)
        w.evaluate(learner, self)
        var changes: [QualificationChange] = []
        w.compare(self, into: &changes)
        return changes
    }

    /// Reads every record of `reader` once, evaluates it with both sides on every core, and calls `body`, in
    /// input order on the calling thread, for each record that changes, is rejected, or has a warning that
    /// only one side gives (a unit code that only one side's packs define) or that the reader gives.
    ///
    /// Memory is bounded by two batches of records whatever the file's length (CSV files read with
    /// ``LearnerReader/CSVGrouping/anyOrder`` are grouped by learner in memory first). JSON Lines records
    /// are parsed on the workers, straight into each side's engine; CSV is read on the calling thread and
    /// evaluated on the workers. A record is rejected when it cannot be read, or when either side rejects it
    /// (marks that do not fit one side's mark sheet: the error then says which side). Learner ids are not
    /// checked for repeats.
    ///
    /// - Parameters:
    ///   - reader: the learner file, streamed.
    ///   - threads: worker threads; by default one per active processor.
    ///   - body: called with each record that has changes, an error or warnings, in input order, on the
    ///     calling thread.
    /// - Returns: counts, and per qualification the learners gained, lost and otherwise changed.
    /// - Throws: only what `body` throws; reading stops there.
    /// - Complexity: O(*n* · *q*) for *n* records and *q* compared qualifications, in one pass.
    @discardableResult
    public func run(_ reader: LearnerReader, threads: Int? = nil, _ body: (LearnerDiff) throws -> Void) rethrows
        -> CohortDiffReport
    {
        let threads = max(1, threads ?? BatchPipeline.processorCount)
        let chunks = BatchPipeline.chunks(threads: threads)
        let stages = [Stage(self, chunks: chunks), Stage(self, chunks: chunks)]
        let file = reader.name
        let isCSV = reader.format == .csv
        var records = isCSV ? reader.makeIterator() : nil
        let batchLines = max(1, self.batchLines)
        let maximumLine = reader.lines.maximumLineLength

        func fill(_ stage: Stage) -> Bool {
            if isCSV {
                stage.records.removeAll(keepingCapacity: true)
                while stage.records.count < batchLines, let r = records?.next() { stage.records.append(r) }
                stage.chunks = min(chunks, max(1, stage.records.count / 64))
                return !stage.records.isEmpty
            }
            guard reader.lines.next(into: &stage.batch, maxLines: batchLines) else { return false }
            stage.chunks = min(chunks, max(1, stage.batch.lines.count / 256))
            return true
        }
        func emit(_ stage: Stage) throws {
            var out: [LearnerDiff] = []
            for slot in stage.slots.prefix(stage.chunks) { out.append(contentsOf: slot.out) }
            if !isCSV && !stage.batch.overlong.isEmpty {
                for o in stage.batch.overlong {
                    out.append(
                        LearnerDiff(
                            line: o.number, learner: "",
                            changes: .failure(
                                LearnerRecordError(
                                    file: file, line: o.number,
                                    message: BatchPipeline.overlong(o.length, limit: maximumLine))), warnings: []))
                }
                out.sort { $0.line < $1.line }
            }
            for d in out { try body(d) }
        }

        var report = CohortDiffReport(
            qualifications: zip(qualifications, titles).map { QualificationDiffSummary(qualification: $0, title: $1) })
        var current = 0
        if fill(stages[0]) {
            var pending: Stage?
            let group = DispatchGroup()
            defer { group.wait() } // if `body` throws, the batch being evaluated is left to finish
            while true {
                let stage = stages[current]
                group.enter()
                DispatchQueue.global().async {
                    self.compute(stage, file: file)
                    group.leave()
                }
                if let p = pending { try emit(p) }
                let more = fill(stages[1 - current])
                group.wait()
                pending = stage
                if !more { break }
                current = 1 - current
            }
            if let p = pending { try emit(p) }
        }
        for slot in stages.flatMap(\.slots) { slot.worker.add(to: &report) }
        return report
    }

    /// Records per batch: two batches and their changes are in memory at once.
    var batchLines = 8192

    // MARK: - Workers

    /// One batch of records and the per-chunk slots that evaluate it; two alternate, so that reading and
    /// delivering on the calling thread overlap evaluation on the workers.
    final class Stage: @unchecked Sendable {
        var batch = LineReader.Batch()
        var records: [LearnerRecord] = []
        let slots: [Slot]
        var chunks = 0
        init(_ diff: CohortDiff, chunks: Int) { slots = (0..<chunks).map { _ in Slot(Worker(diff)) } }
    }

    final class Slot: @unchecked Sendable {
        let worker: Worker
        var out: [LearnerDiff] = []
        init(_ thread: Worker) { worker = thread }
    }

    /// Evaluates the records of `stage`, each chunk on a worker thread.
    func compute(_ stage: Stage, file: String) {
        let chunks = stage.chunks
        if !stage.records.isEmpty {
            let records = stage.records
            let n = records.count
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let slot = stage.slots[c]
                slot.out.removeAll(keepingCapacity: true)
                for k in (n * c / chunks)..<(n * (c + 1) / chunks) {
                    slot.worker.process(records[k], diff: self, file: file, into: &slot.out)
                }
            }
            return
        }
        let lines = stage.batch.lines
        let n = lines.count
        stage.batch.bytes.withUnsafeBufferPointer { bytes in
            let shared = SharedLines(bytes: bytes, lines: lines)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let slot = stage.slots[c]
                slot.out.removeAll(keepingCapacity: true)
                for k in (n * c / chunks)..<(n * (c + 1) / chunks) {
                    let line = shared.lines[k]
                    let text = UnsafeBufferPointer(rebasing: shared.bytes[line.start..<(line.start + line.count)])
                    slot.worker.process(text, number: line.number, diff: self, file: file, into: &slot.out)
                }
            }
        }
    }

    struct SharedLines: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        let lines: [(start: Int, count: Int, number: Int)]
    }

    /// What one side says about one qualification, compactly: what is compared.
    struct Compact: Equatable {
        var achieved = false
        var credits = 0
        var route: Int32 = -1
        var kinds: UInt32 = 0
        var path = 0
        /// The compiled version (slot) that decided it, for its route labels.
        var slot = 0

        static func == (lhs: Compact, rhs: Compact) -> Bool {
            lhs.achieved == rhs.achieved && lhs.credits == rhs.credits && lhs.route == rhs.route
                && lhs.kinds == rhs.kinds
        }
    }

    /// A worker's engine state for both sides, and its counts.
    final class Worker {
        let fromWS: Workspace, toWS: Workspace
        var fromLoader: RecordLoader, toLoader: RecordLoader
        var fromSides: [Compact], toSides: [Compact]
        /// Per compared qualification: gained, lost, changed, added, removed.
        var counts: [Int]
        var compared = 0, rejected = 0, warnings = 0, changedLearners = 0

        init(_ diff: CohortDiff) {
            fromWS = diff.from.makeWorkspace(); toWS = diff.to.makeWorkspace()
            fromWS.computesNext = false; toWS.computesNext = false // `next` is not compared
            fromWS.asOf = diff.fromOptions.asOf; toWS.asOf = diff.toOptions.asOf
            fromWS.whatIf = diff.fromOptions.whatIf; toWS.whatIf = diff.toOptions.whatIf
            fromLoader = RecordLoader(evaluator: diff.from); toLoader = RecordLoader(evaluator: diff.to)
            fromSides = [Compact](repeating: Compact(), count: diff.from.qualifications.count)
            toSides = [Compact](repeating: Compact(), count: diff.to.qualifications.count)
            counts = [Int](repeating: 0, count: diff.pairs.count * QualificationChange.Kind.allCases.count)
        }

        /// Keeps what `outcome`, an outcome of the `from` side for the learner loaded in `fromWS`, says.
        @inline(__always)
        func keepFrom(_ outcome: Outcome, _ diff: CohortDiff) {
            fromSides[diff.from.positionOfSlot[outcome.qualificationIndex]] = Compact(
                achieved: outcome.achieved, credits: outcome.credits,
                route: diff.fromRoutes[outcome.qualificationIndex][outcome.pathIndex],
                kinds: outcome.achieved ? 0 : fromWS.unmetKinds(outcome), path: outcome.pathIndex,
                slot: outcome.qualificationIndex)
        }

        @inline(__always)
        func keepTo(_ outcome: Outcome, _ diff: CohortDiff) {
            toSides[diff.to.positionOfSlot[outcome.qualificationIndex]] = Compact(
                achieved: outcome.achieved, credits: outcome.credits,
                route: diff.toRoutes[outcome.qualificationIndex][outcome.pathIndex],
                kinds: outcome.achieved ? 0 : toWS.unmetKinds(outcome), path: outcome.pathIndex,
                slot: outcome.qualificationIndex)
        }

        /// Evaluates the records loaded in both workspaces.
        func evaluateLoaded(_ diff: CohortDiff) {
            diff.from.evaluateLoaded(in: fromWS) { keepFrom($0, diff) }
            diff.to.evaluateLoaded(in: toWS) { keepTo($0, diff) }
        }

        /// Loads `learner` into both workspaces and evaluates it.
        func evaluate(_ learner: Learner, _ diff: CohortDiff) {
            diff.from.evaluate(learner, in: fromWS) { keepFrom($0, diff) }
            diff.to.evaluate(learner, in: toWS) { keepTo($0, diff) }
        }

        /// Appends the changes between `fromSides` and `toSides` to `changes`, and counts them.
        func compare(_ diff: CohortDiff, into changes: inout [QualificationChange]) {
            let kinds = QualificationChange.Kind.allCases.count
            for (u, p) in diff.pairs.enumerated() {
                let kind: QualificationChange.Kind
                var a: QualificationChange.Side?, b: QualificationChange.Side?
                if p.from >= 0 && p.to >= 0 {
                    let f = fromSides[p.from], t = toSides[p.to]
                    if f == t { continue }
                    kind = f.achieved == t.achieved ? .changed : t.achieved ? .gained : .lost
                    a = Self.side(f, diff.from); b = Self.side(t, diff.to)
                } else if p.from >= 0 {
                    kind = .removed
                    a = Self.side(fromSides[p.from], diff.from)
                } else {
                    kind = .added
                    b = Self.side(toSides[p.to], diff.to)
                }
                counts[u * kinds + kind.index] += 1
                changes.append(QualificationChange(qualification: diff.qualifications[u], kind: kind, from: a, to: b))
            }
        }

        static func side(_ compact: Compact, _ evaluator: Evaluator) -> QualificationChange.Side {
            var unmet: [UnmetCode] = []
            var k = compact.kinds
            while k != 0 {
                unmet.append(UnmetCode.allCases[k.trailingZeroBitCount])
                k &= k - 1
            }
            return .init(
                achieved: compact.achieved, credits: compact.credits,
                route: evaluator.routeLabel(qualification: compact.slot, path: compact.path).map { RouteLabel($0) },
                unmet: unmet)
        }

        /// Compares the learners loaded in both workspaces and appends a ``LearnerDiff`` when anything changed
        /// or there are warnings.
        func finish(
            _ diff: CohortDiff, line: Int, id: () -> String, recordWarnings: [EvaluationWarning],
            into out: inout [LearnerDiff]
        ) {
            compared += 1
            var changes: [QualificationChange] = []
            compare(diff, into: &changes)
            // Warnings both sides give (a unit code neither knows) are counted; those of one side only are
            // delivered, with the reader's own. Evidence after an as-of date is what a comparison of two
            // dates compares: neither delivered nor counted (as in `evaluate`, it is not a problem of the
            // record), and its sentences are never built.
            var w = recordWarnings
            var sides = Array(repeating: LearnerDiff.WarningSide.record, count: w.count)
            let fw = fromWS.recordProblems, tw = toWS.recordProblems
            if !fw.isEmpty || !tw.isEmpty {
                for x in fw where !tw.contains(x) { w.append(x); sides.append(.from) }
                for x in tw where !fw.contains(x) { w.append(x); sides.append(.to) }
                warnings += fw.count + tw.count(where: { !fw.contains($0) })
            }
            warnings += recordWarnings.count
            if !changes.isEmpty { changedLearners += 1 }
            if !changes.isEmpty || !w.isEmpty {
                out.append(
                    LearnerDiff(
                        line: line, learner: LearnerID(id()), changes: .success(changes), warnings: w,
                        warningSides: sides))
            }
        }

        func reject(_ error: LearnerRecordError, into out: inout [LearnerDiff]) {
            rejected += 1
            out.append(LearnerDiff(line: error.line, learner: "", changes: .failure(error), warnings: []))
        }

        /// A JSON Lines record.
        func process(
            _ text: UnsafeBufferPointer<UInt8>, number: Int, diff: CohortDiff, file: String,
            into out: inout [LearnerDiff]
        ) {
            if BatchPipeline.isBlank(text) { return }
            if let f = fromLoader.load(text, into: fromWS) {
                reject(
                    LearnerRecordError(file: file, line: number, column: f.column, field: f.field, message: f.message),
                    into: &out)
                return
            }
            if let f = toLoader.load(text, into: toWS) {
                reject(
                    LearnerRecordError(
                        file: file, line: number, column: f.column, field: f.field,
                        message: f.message + " (with the 'to' packs only)"), into: &out)
                return
            }
            evaluateLoaded(diff)
            finish(diff, line: number, id: { fromLoader.learnerID(in: text) }, recordWarnings: [], into: &out)
        }

        /// A record read as a `Learner` (CSV).
        func process(_ record: LearnerRecord, diff: CohortDiff, file: String, into out: inout [LearnerDiff]) {
            switch record.learner {
            case .failure(let e):
                reject(e, into: &out)
            case .success(let learner):
                for (e, side) in [(diff.from, ""), (diff.to, " (with the 'to' packs only)")] {
                    let problems = e.problems(in: learner)
                    guard problems.isEmpty else {
                        reject(
                            LearnerRecordError(
                                file: file, line: record.line,
                                message: "learner \(learner.id): " + problems.joined(separator: "; ") + side),
                            into: &out)
                        return
                    }
                }
                evaluate(learner, diff)
                finish(
                    diff, line: record.line, id: { learner.id.rawValue }, recordWarnings: record.warnings, into: &out)
            }
        }

        func add(to report: inout CohortDiffReport) {
            report.compared += compared; report.rejected += rejected; report.warnings += warnings
            report.changedLearners += changedLearners
            let kinds = QualificationChange.Kind.allCases.count
            for u in report.qualifications.indices {
                for k in QualificationChange.Kind.allCases {
                    report.qualifications[u][k] += counts[u * kinds + k.index]
                }
            }
        }
    }
}
