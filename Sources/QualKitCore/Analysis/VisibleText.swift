/// Text that a terminal, a log or a reader shows as it is: control characters written as `\uXXXX`.
///
/// Every human-readable output of values QualKit did not write (learner ids, unit codes, keys, exception
/// reasons, titles) goes through this: standard error, `explain`, `describe`. A line break, an escape
/// sequence or a bidirectional override in a learner id can then neither forge a diagnostic line, clear
/// the screen nor reorder what is shown. JSON and CSV output escape in their own ways.
package enum VisibleText {
    /// `text` with C0 control characters (line breaks and tabs included), DEL, C1 control characters,
    /// the Unicode line and paragraph separators and the bidirectional embedding, override and isolate
    /// characters written as `\uXXXX`. Returns `text` itself, after one scan of its bytes, when it has none.
    ///
    /// - Complexity: O(*n*) for *n* bytes.
    package static func escaped(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.utf8.count + 16)
        for s in text.unicodeScalars {
            if isHidden(s) {
                out += "\\u"
                let hex = String(s.value, radix: 16, uppercase: true)
                out += String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// Whether `text` holds a byte that may start a character ``escaped(_:)`` rewrites: a control byte,
    /// DEL, `0xC2` (C1 controls) or `0xE2` (separators and bidirectional controls).
    @inline(__always)
    package static func needsEscaping(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 } }
    }

    /// The characters ``escaped(_:)`` writes as `\uXXXX`.
    package static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F: true
        default: false
        }
    }
}
