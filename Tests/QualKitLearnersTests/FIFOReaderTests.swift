import Foundation
import Testing
import QualKit
#if canImport(Glibc)
    import Glibc
#endif

/// `LearnerReader(path:)` on a FIFO: the encoding check reads the head from the reader's own stream, so
/// no byte is lost (#24 review: the check opened the path a second time and took the first 4 bytes).
@Suite("Learner files that are FIFOs", .serialized)
struct FIFOReaderTests {
    /// A FIFO in a temporary folder, and a writer on a thread of its own that writes `text` as soon as a
    /// reader opens the FIFO, then keeps its end open until `gate` is signalled.
    static func fifo(writing text: [UInt8], gate: DispatchSemaphore) throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qk-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("learners.jsonl").path
        guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        let thread = Thread {
            let descriptor = open(path, O_WRONLY)
            guard descriptor >= 0 else { return }
            _ = text.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            gate.wait()
            close(descriptor)
        }
        thread.start()
        return (folder, path)
    }

    @Test(.timeLimit(.minutes(1)))
    func everyByteOfAFIFOIsRead() throws {
        let text = #"{"id":"A1","units":[{"code":"8577-300"}]}"# + "\n" + #"{"id":"A2","units":[]}"# + "\n"
        let gate = DispatchSemaphore(value: 0)
        let fifo = try Self.fifo(writing: Array(text.utf8), gate: gate)
        defer { try? FileManager.default.removeItem(at: fifo.folder) }
        let reader = try LearnerReader(path: fifo.path)
        gate.signal()
        let learners = reader.map { try? $0.learner.get().id.rawValue }
        #expect(learners == ["A1", "A2"], "\(learners)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aUTF16FIFOIsOneErrorNamingTheEncoding() throws {
        let gate = DispatchSemaphore(value: 0)
        let fifo = try Self.fifo(writing: [0xFF, 0xFE] + Array("{\0}\0\n\0".utf8), gate: gate)
        defer { try? FileManager.default.removeItem(at: fifo.folder) }
        defer { gate.signal() }
        do {
            _ = try LearnerReader(path: fifo.path)
            Issue.record("a UTF-16 FIFO is rejected")
        } catch {
            #expect(error.message.contains("UTF-16"), "\(error.message)")
        }
    }
}
