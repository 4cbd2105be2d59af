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
    static func out(_ text: String) { raw(1, VisibleText.escaped(text) + "\n") }
    static func err(_ text: String) { raw(2, VisibleText.escaped(text) + "\n") }
    static func outText(_ text: String) { raw(1, lines(text)) }
    static func errText(_ text: String) { raw(2, lines(text)) }
    /// Each line of `text` escaped, each ending in a line break.
    static func lines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { VisibleText.escaped(String($0)) + "\n" }
            .joined()
    }
    static func raw(_ descriptor: Int32, _ text: String) {
        do { try writeAll(descriptor, Array(text.utf8)) } catch {
            if descriptor == 1 && outputFailure == nil { outputFailure = "\(error)" }
        }
    }

    /// Why writing to standard output failed, if it did (a full disk, a closed pipe): the command then exits
    /// 1 instead of reporting success (see `Main`).
    nonisolated(unsafe) static var outputFailure: String?

    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// `file:line:column: severity: [id] message`, coloured on a terminal.
    static func print(_ diagnostic: Diagnostic) {
        // The message and notes quote pack text: escaped, so that only the notes start new lines.
        var diagnostic = diagnostic
        diagnostic.message = VisibleText.escaped(diagnostic.message)
        diagnostic.notes = diagnostic.notes.map(VisibleText.escaped)
        if let l = diagnostic.location { diagnostic.location?.file = VisibleText.escaped(l.file) }
        var text = diagnostic.description
        if stderrIsTerminal && getenv("NO_COLOR") == nil {
            let colour =
                diagnostic.severity == .error
                ? "\u{1B}[1;31m" : diagnostic.severity == .warning ? "\u{1B}[1;35m" : "\u{1B}[1;36m"
            text = text.replacingFirst(
                "\(diagnostic.severity.rawValue):", with: "\(colour)\(diagnostic.severity.rawValue):\u{1B}[0m")
        }
        raw(2, text + "\n") // escaped above, the colour after
    }

    /// The reason of a write error, as the end of a sentence ("no space left on device").
    static func reason(_ error: any Error) -> String { reason("\(error)") }
    static func reason(_ text: String) -> String {
        return text.hasPrefix("write failed: ") ? String(text.dropFirst("write failed: ".count)) : text
    }

    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writeAll(descriptor, $0) }
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        do {
            var off = 0
            while off < bytes.count {
                let n = write(descriptor, bytes.baseAddress! + off, bytes.count - off)
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
    init(_ text: String) { description = text }
}

extension String {
    func replacingFirst(_ first: String, with second: String) -> String {
        guard let r = range(of: first) else { return self }
        return replacingCharacters(in: r, with: second)
    }
}

/// Diagnostics for standard error, written in blocks when it is not a terminal: a run with many warnings
/// then makes one write per 64 KB instead of one per line. On a terminal each line goes out at once.
final class ErrorStream {
    private var pending: [UInt8] = []
    private let buffered: Bool

    init(buffered: Bool) { self.buffered = buffered }

    func line(_ text: String) {
        guard buffered else { Console.err(text); return }
        pending.append(contentsOf: VisibleText.escaped(text).utf8)
        pending.append(0x0A)
        if pending.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !pending.isEmpty else { return }
        try? Console.writeAll(2, pending)
        pending.removeAll(keepingCapacity: true)
    }
}
