/// A line of JSON (a learner record) that cannot be read: what was expected, where.
public struct RecordFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// 1-based byte column where the problem was found.
    public var column: Int
    /// The path of the key the problem is in (`units[2].hours`), when it is inside one.
    public var field: String?
    public var description: String { message }

    @inlinable
    public init(message: String, column: Int, field: String? = nil) {
        self.message = message; self.column = column; self.field = field
    }

    /// Puts `key` (or an array index `[k]`) in front of the field path, as the error leaves a member.
    @inlinable
    public mutating func prefixField(_ key: String) {
        guard let f = field else { field = key; return }
        field = f.hasPrefix("[") ? key + f : key + "." + f
    }
}

/// The JSON tokenizer of the learner-record format: reads values straight from a line's UTF-8 bytes and
/// reports problems with their column. The record grammar (``JSONCursor/record(_:)``) sits on it.
public struct JSONCursor {
    @usableFromInline package let b: UnsafeBufferPointer<UInt8>
    public var i = 0
    public let maximumDepth: Int
    public var depth = 0

    @inlinable
    package init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) { b = bytes; self.maximumDepth = maximumDepth }

    @inlinable
    public func fail(_ reason: String) -> RecordFailure { .init(message: reason, column: i + 1) }

    @inlinable
    public mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D || b[i] == 0x0A { i += 1 }
    }

    @inlinable
    public var peek: UInt8? { i < b.count ? b[i] : nil }

    @inlinable
    public func found() -> String {
        guard i < b.count else { return "the end of the line" }
        let c = b[i]
        switch c {
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "t") where spells("true"), UInt8(ascii: "f") where spells("false"): return "true/false"
        case UInt8(ascii: "n") where spells("null"): return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case 0x21...0x7E: return "'\(text())' (not JSON)"
        default: return "byte 0x\(String(c, radix: 16))"
        }
    }

    /// Whether the bytes at the cursor spell `word` and end there.
    @inlinable
    func spells(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { return false }
        for k in 0..<n where b[i + k] != word.utf8Start[k] { return false }
        guard i + n < b.count else { return true }
        let next = b[i + n]
        return !(next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z"))
    }

    /// Up to 24 printable characters from the cursor, for a message.
    @inlinable
    func text() -> String {
        var end = i
        while end < b.count, end - i < 24, (0x20...0x7E).contains(b[end]) { end += 1 }
        let s = String(decoding: b[i..<end], as: UTF8.self)
        return end < b.count && (0x20...0x7E).contains(b[end]) ? s + "…" : s
    }

    @inlinable
    public mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws {
        skipSpace()
        guard peek == byte else { throw fail("expected \(what()), found \(found())") }
        i += 1
    }

    @inlinable
    public mutating func isNull() -> Bool {
        skipSpace()
        if i + 4 <= b.count, b[i] == UInt8(ascii: "n"), b[i + 1] == UInt8(ascii: "u"), b[i + 2] == UInt8(ascii: "l"),
            b[i + 3] == UInt8(ascii: "l")
        {
            i += 4
            return true
        }
        return false
    }

    /// Iterates the members of an object; `body` gets the key's decoded bytes (escapes such as `\u0073`
    /// resolved) and must consume the value. A key given twice is an error naming both columns.
    @inlinable
    package mutating func object(_ what: String, _ body: (inout JSONCursor, UnsafeBufferPointer<UInt8>) throws -> Void)
        throws
    {
        try expect(UInt8(ascii: "{"), "\(what) as a JSON object")
        depth += 1
        if depth > maximumDepth { throw fail("nesting deeper than \(maximumDepth) levels") }
        skipSpace()
        if peek == UInt8(ascii: "}") { i += 1; depth -= 1; return }
        // The keys seen so far, to refuse one given twice: where each starts and ends in the line (the first
        // 16, on the stack), and the bytes of escaped keys and of any past the 16th. A record has a handful
        // of keys, so a linear search with a length check first is the fast way.
        var starts = InlineArray<16, Int>(repeating: 0), ends = InlineArray<16, Int>(repeating: 0) // 0: unused
        var n = 0
        var more: [(bytes: [UInt8], column: Int)] = []
        let base = b.baseAddress!
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else {
                throw fail("expected a key in quotes in \(what), found \(found())")
            }
            let column = i
            var plain = true
            let raw = try rawString(plain: &plain)
            let rs = raw.baseAddress! - base, rc = raw.count
            var decoded: [UInt8]?
            if !plain && raw.contains(UInt8(ascii: "\\")) { // rare: decode the key as the string it is
                let after = i
                i = column
                decoded = Array(try string("a key").utf8)
                i = after
            }
            // Seen before?
            var first = -1
            if decoded == nil {
                var k = 0
                while k < n {
                    if ends[k] - starts[k] == rc {
                        var j = 0
                        while j < rc && base[starts[k] + j] == base[rs + j] { j += 1 }
                        if j == rc { first = starts[k] - 1; break }
                    }
                    k += 1
                }
            }
            if first < 0, !more.isEmpty || decoded != nil {
                let key = decoded ?? Array(raw)
                if let m = more.first(where: { $0.bytes == key }) {
                    first = m.column
                } else if decoded != nil { // an escaped key against the plain ones
                    for k in 0..<n
                    where ends[k] - starts[k] == key.count
                        && UnsafeBufferPointer(start: base + starts[k], count: key.count).elementsEqual(key)
                    { first = starts[k] - 1; break }
                }
            }
            if first >= 0 {
                i = column
                let name = decoded.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: raw, as: UTF8.self)
                throw fail("key '\(name)' is given twice in \(what) (first at column \(first + 1)); give each key once")
            }
            if decoded == nil && n < 16 {
                starts[n] = rs; ends[n] = rs + rc; n += 1
            } else {
                more.append((decoded ?? Array(raw), column))
            }
            try expect(UInt8(ascii: ":"), "':' after a key")
            do {
                if let d = decoded {
                    try d.withUnsafeBufferPointer { try body(&self, $0) }
                } else {
                    try body(&self, raw)
                }
            } catch var f as RecordFailure {
                f.prefixField(
                    decoded.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: raw, as: UTF8.self))
                throw f
            }
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "}") { i += 1; depth -= 1; return }
            throw fail("expected ',' or '}' in \(what), found \(found())")
        }
    }

    @inlinable
    public mutating func array(_ what: String, _ body: (inout JSONCursor) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "\(what) as a JSON array")
        depth += 1
        if depth > maximumDepth { throw fail("nesting deeper than \(maximumDepth) levels") }
        skipSpace()
        if peek == UInt8(ascii: "]") { i += 1; depth -= 1; return }
        var index = 0
        while true {
            do { try body(&self) } catch var f as RecordFailure { f.prefixField("[\(index)]"); throw f }
            index += 1
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "]") { i += 1; depth -= 1; return }
            throw fail("expected ',' or ']' in \(what), found \(found())")
        }
    }

    /// The bytes between quotes, escapes left in place (for key comparison); validates escapes.
    @inlinable
    package mutating func rawString() throws -> UnsafeBufferPointer<UInt8> {
        var plain = true
        return try rawString(plain: &plain)
    }

    /// The bytes between quotes; `plain` tells whether they are all ASCII with no escapes (then they are
    /// valid UTF-8 and equal to the decoded text).
    @inlinable
    package mutating func rawString(plain: inout Bool) throws -> UnsafeBufferPointer<UInt8> {
        guard peek == UInt8(ascii: "\"") else { throw fail("expected a string, found \(found())") }
        let start = i + 1
        var k = start
        let n = b.count
        guard let p = b.baseAddress else { throw fail("unterminated string: expected a closing '\"'") }
        var flags: UInt8 = 0
        while true {
            // Skip eight bytes at a time while none is a quote, a backslash, a control character or
            // non-ASCII; then land on the first such byte.
            while k + 8 <= n {
                let w = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                let q = w ^ (ones &* 0x22), bs = w ^ (ones &* 0x5C)
                let special = (((q &- ones) & ~q) | ((bs &- ones) & ~bs) | ((w &- ones &* 0x20) & ~w) | w) & highs
                if special != 0 { k += special.trailingZeroBitCount >> 3; break }
                k += 8
            }
            guard k < n else { break }
            let c = p[k]
            if c == 0x22 {
                i = k + 1
                plain = flags & 0x80 == 0
                return UnsafeBufferPointer(start: p + start, count: k - start)
            }
            if c == 0x5C { flags |= 0x80; k += 2; continue }
            if c < 0x20 { i = k; throw fail("control character inside a string; escape it") }
            flags |= c
            k += 1
        }
        i = k
        throw fail("unterminated string: expected a closing '\"'")
    }

    /// A JSON string value decoded to a Swift `String`; invalid UTF-8 is an error.
    @inlinable
    public mutating func string(_ what: @autoclosure () -> String) throws -> String {
        skipSpace()
        guard peek == UInt8(ascii: "\"") else { throw fail("expected \(what()) as a string, found \(found())") }
        let startCol = i
        let raw = try rawString()
        if !raw.contains(UInt8(ascii: "\\")) {
            guard let s = String(validating: raw, as: UTF8.self) else {
                i = startCol
                throw fail("\(what()) is not valid UTF-8; save the file as UTF-8")
            }
            return s
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = 0
        while k < raw.count {
            let c = raw[k]
            guard c == UInt8(ascii: "\\") else { out.append(c); k += 1; continue }
            k += 1
            guard k < raw.count else { throw fail("bad escape in \(what())") }
            switch raw[k] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                func hex(_ offset: Int) -> UInt32? {
                    guard offset + 4 <= raw.count else { return nil }
                    var v: UInt32 = 0
                    for j in offset..<(offset + 4) {
                        let h = raw[j]
                        let d: UInt8
                        switch h {
                        case 48...57: d = h - 48
                        case 65...70: d = h - 55
                        case 97...102: d = h - 87
                        default: return nil
                        }
                        v = v << 4 | UInt32(d)
                    }
                    return v
                }
                guard var v = hex(k + 1) else { throw fail("bad \\u escape in \(what())") }
                k += 4
                if (0xD800..<0xDC00).contains(v) {
                    guard k + 2 < raw.count, raw[k + 1] == UInt8(ascii: "\\"), raw[k + 2] == UInt8(ascii: "u"),
                        let lo = hex(k + 3), (0xDC00..<0xE000).contains(lo)
                    else { throw fail("unpaired surrogate in \(what())") }
                    v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    k += 6
                }
                guard let scalar = Unicode.Scalar(v) else { throw fail("invalid \\u escape in \(what())") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw fail("bad escape '\\\(Character(Unicode.Scalar(raw[k])))' in \(what())")
            }
            k += 1
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("\(what()) is not valid UTF-8") }
        return s
    }

    /// A JSON number as a Double; rejects non-numbers with `what`.
    @inlinable
    public mutating func number(_ what: @autoclosure () -> String) throws -> Double {
        skipSpace()
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        var intPart = 0.0, digits = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 { intPart = intPart * 10 + Double(b[i] - 48); i += 1; digits += 1 }
        guard digits > 0 else { i = start; throw fail("expected \(what()) as a number, found \(found())") }
        var simple = true
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            simple = false
            if b[i] == UInt8(ascii: ".") {
                i += 1
                var d = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1; d += 1 }
                if d == 0 { throw fail("bad number for \(what())") }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                var d = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1; d += 1 }
                if d == 0 { throw fail("bad number for \(what())") }
            }
        }
        if simple && digits <= 15 { return b[start] == UInt8(ascii: "-") ? -intPart : intPart }
        guard let s = String(validating: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self), let v = Double(s),
            v.isFinite
        else {
            throw fail("\(what()) is not a finite number")
        }
        return v
    }

    /// Skips any JSON value (for unknown keys).
    @inlinable
    public mutating func skipValue() throws {
        skipSpace()
        guard let c = peek else { throw fail("expected a value, found the end of the line") }
        switch c {
        case UInt8(ascii: "\""): _ = try rawString()
        case UInt8(ascii: "{"): try object("a value") { cur, _ in try cur.skipValue() }
        case UInt8(ascii: "["): try array("a value") { try $0.skipValue() }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try number("a value")
        }
    }

    @inlinable
    public mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { throw fail("expected \(word)") }
        for k in 0..<n where b[i + k] != word.utf8Start[k] { throw fail("expected a JSON value, found \(found())") }
        i += n
    }

    @inlinable
    package static func eq(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let p = text.utf8Start
        for k in 0..<bytes.count where bytes[k] != p[k] { return false }
        return true
    }

}
