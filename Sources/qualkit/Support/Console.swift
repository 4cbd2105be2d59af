import QualKit
import QualKitCore
#if canImport(Glibc)
import Glibc
#endif

/// Terminal output: the CLI's one printer for diagnostics, with colour only on a terminal.
///
/// What it prints is escaped (`VisibleText`): `out` and `err` take one line, whose control characters
/// (line breaks included) are written as `\uXXXX`, so that an id can never forge a line or move the
/// cursor; `outText` and `errText` take text of several lines that the program wrote, and escape each line.
enum Console {
    static func out(_ s: String) { raw(1, VisibleText.escaped(s) + "\n") }
    static func err(_ s: String) { raw(2, VisibleText.escaped(s) + "\n") }
    static func outText(_ s: String) { raw(1, lines(s)) }
    static func errText(_ s: String) { raw(2, lines(s)) }
    /// Each line of `s` escaped, each ending in a line break.
    static func lines(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { VisibleText.escaped(String($0)) + "\n" }.joined()
    }
    static func raw(_ fd: Int32, _ s: String) {
        do { try writeAll(fd, Array(s.utf8)) } catch {
            if fd == 1 && outputFailure == nil { outputFailure = "\(error)" }
        }
    }

    /// Why writing to standard output failed, if it did (a full disk, a closed pipe): the command then exits
    /// 1 instead of reporting success (see `Main`).
    nonisolated(unsafe) static var outputFailure: String?

    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// `file:line:column: severity: [id] message`, coloured on a terminal.
    static func print(_ d: Diagnostic) {
        // The message and notes quote pack text: escaped, so that only the notes start new lines.
        var d = d
        d.message = VisibleText.escaped(d.message)
        d.notes = d.notes.map(VisibleText.escaped)
        if let l = d.location { d.location?.file = VisibleText.escaped(l.file) }
        var text = d.description
        if stderrIsTerminal && getenv("NO_COLOR") == nil {
            let colour = d.severity == .error ? "\u{1B}[1;31m" : d.severity == .warning ? "\u{1B}[1;35m" : "\u{1B}[1;36m"
            text = text.replacingFirst("\(d.severity.rawValue):", with: "\(colour)\(d.severity.rawValue):\u{1B}[0m")
        }
        raw(2, text + "\n")   // escaped above, the colour after
    }

    /// The reason of a write error, as the end of a sentence ("no space left on device").
    static func reason(_ error: any Error) -> String { reason("\(error)") }
    static func reason(_ s: String) -> String {
        return s.hasPrefix("write failed: ") ? String(s.dropFirst("write failed: ".count)) : s
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writeAll(fd, $0) }
    }

    static func writeAll(_ fd: Int32, _ b: UnsafeRawBufferPointer) throws {
        do {
            var off = 0
            while off < b.count {
                let n = write(fd, b.baseAddress! + off, b.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CLIError("write failed: \(systemReason())")
                }
                off += n
            }
        }
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

extension String {
    func replacingFirst(_ a: String, with b: String) -> String {
        guard let r = range(of: a) else { return self }
        return replacingCharacters(in: r, with: b)
    }
}

/// Diagnostics for standard error, written in blocks when it is not a terminal: a run with many warnings
/// then makes one write per 64 KB instead of one per line. On a terminal each line goes out at once.
final class ErrorStream {
    private var pending: [UInt8] = []
    private let buffered: Bool

    init(buffered: Bool) { self.buffered = buffered }

    func line(_ s: String) {
        guard buffered else { Console.err(s); return }
        pending.append(contentsOf: VisibleText.escaped(s).utf8)
        pending.append(0x0A)
        if pending.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !pending.isEmpty else { return }
        try? Console.writeAll(2, pending)
        pending.removeAll(keepingCapacity: true)
    }
}

