import Foundation
import Testing
import QualKit
#if canImport(Glibc)
    import Glibc
#endif

/// `Evaluator.evaluate(_:options:threads:duplicateCheckLimit:)` without a closure: an async sequence that
/// reads on a thread of its own, so that awaiting it never blocks the awaiting task's executor.
@Suite("Evaluated records (async)")
struct EvaluatedRecordsTests {
    static let evaluator = try! Evaluator(catalog: PackRegistry.bundled().catalog)

    static func line(_ id: String) -> String { #"{"id":"\#(id)","units":[{"code":"8577-300"},{"code":"8577-301"}]}"# }

    /// An actor that iterates the sequence while another of its tasks must run.
    actor Desk {
        var log: [String] = []

        func note(_ entry: String) { log.append(entry) }

        /// Iterates `records`; the first wait for a record lets a second task of this actor run, which calls
        /// `release` (the FIFO's writer then finishes). If waiting blocked the actor, that task could never
        /// run and the writer would never finish.
        func iterate(_ records: EvaluatedRecords, release: @escaping @Sendable () -> Void) async throws -> [String] {
            let releaser = Task {
                self.note("released while the reader waits"); release()
            }
            var ids: [String] = []
            for try await record in records {
                if ids.isEmpty { note("first record") }
                if case .success(let results) = record.results { ids.append(results.first?.learner.rawValue ?? "?") }
            }
            await releaser.value
            return ids
        }
    }

    /// A FIFO in a temporary folder, its read end opened without waiting for a writer.
    static func fifo() throws -> (folder: URL, path: String, reader: FileHandle) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qk-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("learners.jsonl").path
        guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { throw CocoaError(.fileReadUnknown) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK) // reads wait for data again
        return (folder, path, FileHandle(fileDescriptor: descriptor, closeOnDealloc: true))
    }

    /// Writes `first`, waits for `gate`, writes `rest`, closes: a slow writer, on a thread of its own.
    static func slowWriter(_ path: String, first: String, rest: String, gate: DispatchSemaphore) -> Thread {
        let thread = Thread {
            let descriptor = open(path, O_WRONLY)
            guard descriptor >= 0 else { return }
            func write(_ text: String) {
                _ = Array(text.utf8).withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            }
            write(first)
            gate.wait()
            write(rest)
            close(descriptor)
        }
        thread.start()
        return thread
    }

    /// More FIFOs are awaited at once than the concurrency pool has threads, one of them from an actor:
    /// the actor's other task, which lets the writers finish, still runs. A sequence that read on the
    /// awaiting task's thread would hold the actor or every pool thread, and the writers would never finish.
    @Test(.timeLimit(.minutes(1))) // a regression would deadlock: the limit turns that into a failure
    func awaitingPipesLeavesTheActorAndThePoolFree() async throws {
        let count = ProcessInfo.processInfo.activeProcessorCount + 1
        let fifos = try (0..<count).map { _ in try Self.fifo() }
        defer { for fifo in fifos { try? FileManager.default.removeItem(at: fifo.folder) } }
        let gate = DispatchSemaphore(value: 0)
        for (k, fifo) in fifos.enumerated() {
            _ = Self.slowWriter(
                fifo.path, first: Self.line("P\(k)-1") + "\n",
                rest: Self.line("P\(k)-2") + "\n" + Self.line("P\(k)-3") + "\n", gate: gate)
        }
        let all = fifos.map { Self.evaluator.evaluate(LearnerReader(fileHandle: $0.reader, name: $0.path)) }
        let others = all.dropFirst().map { records in
            Task.detached {
                var ids: [String] = []
                for try await record in records {
                    ids.append((try? record.results.get())?.first?.learner.rawValue ?? "?")
                }
                return ids
            }
        }
        let desk = Desk()
        let ids = try await desk.iterate(all[0]) { for _ in 0..<count { gate.signal() } }
        #expect(ids == ["P0-1", "P0-2", "P0-3"])
        // Nothing could be read to the end before the release: the actor ran its other task while waiting.
        #expect(await desk.log == ["released while the reader waits", "first record"])
        #expect(all[0].report?.evaluated == 3)
        for (k, other) in others.enumerated() {
            #expect(try await other.value == ["P\(k + 1)-1", "P\(k + 1)-2", "P\(k + 1)-3"])
        }
        _ = fifos
    }

    @Test func theSameRecordsAsTheBlockingCall() async throws {
        let text = (1...300).map { Self.line("L\($0)") }.joined(separator: "\n") + "\n{\"id\":\"bad\",\"units\":7}\n"
        var blocking: [EvaluatedRecord] = []
        let report = Self.evaluator.evaluate(LearnerReader(text: text), threads: 2) { blocking.append($0) }
        let records = Self.evaluator.evaluate(LearnerReader(text: text), threads: 2)
        #expect(records.report == nil, "no report before the end")
        var streamed: [EvaluatedRecord] = []
        for try await record in records { streamed.append(record) }
        #expect(streamed.map(\.line) == blocking.map(\.line))
        #expect(streamed.map { try? $0.results.get() } == blocking.map { try? $0.results.get() })
        #expect(streamed.last.map { if case .failure = $0.results { true } else { false } } == true)
        #expect(records.report?.evaluated == report.evaluated && records.report?.rejected == report.rejected)
        // One pass: a second iteration ends at once.
        var again = 0
        for try await _ in records { again += 1 }
        #expect(again == 0)
    }

    @Test func manyBatchesStayInOrderAndAnEarlyBreakStopsTheReader() async throws {
        let text = (1...12_000).map { Self.line("M\($0)") }.joined(separator: "\n")
        var count = 0
        for try await record in Self.evaluator.evaluate(LearnerReader(text: text), threads: 2) {
            count += 1
            #expect(record.line == count)
        }
        #expect(count == 12_000)
        var seen = 0
        for try await _ in Self.evaluator.evaluate(LearnerReader(text: text), threads: 2) {
            seen += 1
            if seen == 10 { break } // the iterator goes: the reading thread stops at its next record
        }
        #expect(seen == 10)
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingTheIteratingTaskThrowsCancellationError() async throws {
        let (folder, path, handle) = try Self.fifo()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gate = DispatchSemaphore(value: 0)
        _ = Self.slowWriter(path, first: Self.line("C1") + "\n", rest: "", gate: gate)
        let records = Self.evaluator.evaluate(LearnerReader(fileHandle: handle, name: path))
        let task = Task {
            var count = 0
            do {
                for try await _ in records { count += 1 }
            } catch {
                return "\(type(of: error)) after \(count) records" // the error is typed: CancellationError
            }
            return "the end after \(count) records"
        }
        task.cancel()
        #expect(await task.value == "CancellationError after 0 records")
        #expect(records.report == nil)
        gate.signal() // the writer closes; the reading thread sees the end and stops
        _ = handle
    }
}
