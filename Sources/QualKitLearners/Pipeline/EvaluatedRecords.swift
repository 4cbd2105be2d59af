import QualKitCore
import Foundation

extension Evaluator {
    /// The records of `reader`, evaluated on every core, as an asynchronous sequence in input order.
    ///
    /// Reading and evaluation run on a thread of their own and on the pipeline's workers, never on the
    /// task that iterates: awaiting the next record from an actor or the main actor leaves it free while a
    /// pipe, a socket or standard input waits for data. Records are handed over in batches; the thread
    /// stops reading when two batches wait to be taken, so memory stays bounded whatever the file's
    /// length, and it stops when the iterator is dropped or its task is cancelled.
    ///
    /// ```swift
    /// let records = evaluator.evaluate(try LearnerReader(path: "learners.jsonl"))
    /// for try await record in records {   // throws only CancellationError
    ///     guard case .success(let results) = record.results else { continue }   // or a LearnerRecordError
    ///     for result in results where result.achieved { print(result.learner, result.qualification) }
    /// }
    /// print(records.report?.evaluated ?? 0, "evaluated")
    /// ```
    ///
    /// - Parameters:
    ///   - reader: the learner file, streamed (CSV with ``LearnerReader/CSVGrouping/anyOrder`` is grouped in
    ///     memory). Opening a FIFO by path waits for a writer: open it before, or give a `FileHandle`.
    ///   - options: how to evaluate (the same for every record).
    ///   - threads: worker threads; by default one per active processor.
    ///   - duplicateCheckLimit: how many learner ids to remember to warn about a repeated id, and for CSV to
    ///     check that each learner's rows are together; 0 turns both off.
    /// - Returns: a one-pass sequence: iterate it once. Its ``EvaluatedRecords/report`` gives the counts and
    ///   summary once the iteration has reached the end.
    /// - Complexity: O(*n*) for *n* records, each bounded by its qualifications' `EvaluationCost` (checked
    ///   against `EvaluationLimits` when the evaluator is built), shared among `threads` workers; memory
    ///   O(*b*) for batches of *b* records, independent of *n*.
    public func evaluate(
        _ reader: LearnerReader, options: EvaluationOptions = .init(), threads: Int? = nil,
        duplicateCheckLimit: Int = 1_000_000
    ) -> EvaluatedRecords {
        EvaluatedRecords(
            channel: EvaluatedRecords.Channel { channel in
                try? self.evaluate(reader, options: options, threads: threads, duplicateCheckLimit: duplicateCheckLimit)
                {
                    try channel.put($0)
                }
            })
    }
}

/// Learner records evaluated in bulk, as an `AsyncSequence` whose iteration never blocks the awaiting
/// task's executor (`Evaluator.evaluate(_:options:threads:duplicateCheckLimit:)`).
///
/// Iterating throws only `CancellationError`, when the iterating task is cancelled before the end, so that
/// a run cut short is never taken for a whole one. A record that cannot be read is an element whose
/// `results` is a `LearnerRecordError`; the run goes on with the next record.
public struct EvaluatedRecords: AsyncSequence, Sendable {
    public typealias Element = EvaluatedRecord
    public typealias Failure = CancellationError

    let channel: Channel

    /// Counts and the per-qualification summary, once the iteration has reached the end; `nil` before
    /// then, and when the iteration was cancelled or stopped early.
    public var report: EvaluationReport? { channel.finalReport }

    /// Starts reading on a thread of its own. A second iterator of the same sequence ends at once.
    public func makeAsyncIterator() -> Iterator {
        Iterator(handle: channel.start() ? Handle(channel) : nil)
    }

    /// Takes the records the reading thread has evaluated, a batch at a time.
    public struct Iterator: AsyncIteratorProtocol {
        let handle: Handle?
        var taken: [EvaluatedRecord] = []
        var index = 0
        var ended = false

        /// The next record in input order, or `nil` at the end. Waits without blocking the executor of
        /// `actor` (the caller's, by default).
        public mutating func next(isolation actor: isolated (any Actor)? = #isolation)
            async throws(CancellationError) -> EvaluatedRecord?
        {
            if index == taken.count {
                // After the end, nil again, cancelled or not; before it, a cancelled task stops the reading.
                guard !ended, let channel = handle?.channel else { return nil }
                if Task.isCancelled { channel.cancel(); throw CancellationError() }
                switch await channel.take(isolation: actor) {
                case .records(let records): taken = records; index = 0
                case .end: ended = true; return nil
                case .cancelled: throw CancellationError()
                }
            }
            index += 1
            return taken[index - 1]
        }

        public mutating func next() async throws(CancellationError) -> EvaluatedRecord? {
            try await next(isolation: nil)
        }
    }

    /// Stops the reading thread when the last copy of an iterator goes away.
    final class Handle: Sendable {
        let channel: Channel
        init(_ channel: Channel) { self.channel = channel }
        deinit { channel.cancel() }
    }

    /// What the reading thread hands the iterator.
    enum Delivery: Sendable {
        case records([EvaluatedRecord]), end, cancelled
    }

    /// The hand-over between the reading thread, which may block (it is its own), and the iterating task,
    /// which never does: a bounded buffer under a condition, and a continuation for a waiting iterator.
    final class Channel: @unchecked Sendable { // every variable is guarded by `condition`
        /// Records buffered before the reading thread waits: about two of the pipeline's batches.
        static let capacity = 4096
        private let condition = NSCondition()
        private var buffer: [EvaluatedRecord] = []
        private var waiter: UnsafeContinuation<Delivery, Never>?
        private var started = false, finished = false, cancelled = false
        /// Whether the iterator has been told of the end (the report is then that of what it was given).
        private var ended = false
        private var report: EvaluationReport?
        private let work: @Sendable (Channel) -> EvaluationReport?

        /// The stop of a run whose iterator has gone.
        struct Stopped: Error {}

        init(_ work: @escaping @Sendable (Channel) -> EvaluationReport?) { self.work = work }

        var finalReport: EvaluationReport? {
            condition.lock(); defer { condition.unlock() }
            return ended ? report : nil
        }

        /// Starts the reading thread; `false` if it was started before.
        func start() -> Bool {
            condition.lock()
            let first = !started
            started = true
            condition.unlock()
            guard first else { return false }
            let thread = Thread { [self] in finish(work(self)) }
            thread.name = "QualKit.EvaluatedRecords"
            thread.stackSize = 8 << 20
            thread.start()
            return true
        }

        /// On the reading thread: buffers `record`, waiting while the buffer is full.
        func put(_ record: EvaluatedRecord) throws(Stopped) {
            condition.lock()
            while buffer.count >= Self.capacity && !cancelled { condition.wait() }
            if cancelled { condition.unlock(); throw Stopped() }
            buffer.append(record)
            let resumed = waiter
            var delivery = Delivery.end
            if resumed != nil { delivery = .records(buffer); buffer = []; waiter = nil }
            condition.unlock()
            resumed?.resume(returning: delivery)
        }

        private func finish(_ report: EvaluationReport?) {
            condition.lock()
            finished = true
            self.report = report
            let resumed = waiter
            waiter = nil
            if resumed != nil { ended = true } // a waiting iterator means an empty buffer
            condition.unlock()
            resumed?.resume(returning: .end)
        }

        /// Ends the run: the reading thread stops at its next record, a waiting iterator throws.
        func cancel() {
            condition.lock()
            if ended { condition.unlock(); return }
            cancelled = true
            let resumed = waiter
            waiter = nil
            condition.broadcast()
            condition.unlock()
            resumed?.resume(returning: .cancelled)
        }

        /// What is ready now, if anything; under the lock.
        private func ready() -> Delivery? {
            if cancelled { return .cancelled }
            if !buffer.isEmpty {
                defer { buffer = []; condition.broadcast() }
                return .records(buffer)
            }
            if finished { ended = true; return .end }
            return nil
        }

        private func poll() -> Delivery? {
            condition.lock(); defer { condition.unlock() }
            return ready()
        }

        /// On the iterating task: the buffered records, or waits for some without blocking its executor.
        func take(isolation actor: isolated (any Actor)?) async -> Delivery {
            if let now = poll() { return now }
            return await withTaskCancellationHandler {
                await withUnsafeContinuation { (continuation: UnsafeContinuation<Delivery, Never>) in
                    condition.lock()
                    if let now = ready() {
                        condition.unlock()
                        continuation.resume(returning: now)
                    } else {
                        waiter = continuation
                        condition.unlock()
                    }
                }
            } onCancel: {
                self.cancel()
            }
        }
    }
}
