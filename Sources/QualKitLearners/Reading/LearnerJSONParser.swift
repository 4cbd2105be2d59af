@_exported import QualKitCore

/// Parses one learner record in the JSON Lines format, straight from UTF-8 bytes.
///
/// ```json
/// {"id":"L0000001","registered":"2013-02-01","induction_hours":1,"tutorial_hours":2,
///  "units":[{"code":"8577-300","achieved":"2013-06-01"},{"code":"8577-301","hours":6}],
///  "assessments":[{"id":"d3-work-based-assignment","marks":[14,13,12,13],"date":"2014-01-20"}]}
/// ```
///
/// A byte-level reader for this record shape: it accepts any valid JSON (unknown keys are skipped, `null`
/// means absent) and rejects everything else with a message that says what was expected, where. Strings
/// must be valid UTF-8; nesting is limited to ``maximumDepth``.
public struct LearnerJSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted inside a record.
    public var maximumDepth = 64

    public init() {}

    /// A record that cannot be read, with what was expected.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        /// 1-based byte column where the problem was found.
        public var column: Int
        public var description: String { message }
    }

    /// Parses `bytes` (one line, without its line ending) into a learner.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Learner, Failure> {
        var p = Cursor(bytes: bytes, maximumDepth: maximumDepth)
        do {
            let l = try p.learner()
            p.skipSpace()
            if p.i < bytes.count { throw p.fail("unexpected text after the end of the record; put one record on each line") }
            return .success(l)
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(Failure(message: "\(error)", column: 1))
        }
    }

    /// Parses a line given as a `String` or byte array (convenience for tests and small inputs).
    public func parse(_ line: some Collection<UInt8>) -> Result<Learner, Failure> {
        let a = Array(line)
        return a.withUnsafeBufferPointer { parse($0) }
    }
}

extension LearnerJSONParser {
    /// Reads `text` as a number of hours by the JSON Lines rules (a JSON number, 0 to 1,000,000; no hex,
    /// no infinity), so that every input format takes the same numbers. `nil` with the reason otherwise.
    static func hours(_ text: String, _ what: String) -> Result<Hours, Failure> {
        var a = Array(text.utf8)
        a.append(0x20)   // a terminator the number scan stops at
        return a.withUnsafeBufferPointer { buf in
            var c = Cursor(bytes: UnsafeBufferPointer(rebasing: buf[..<(buf.count - 1)]), maximumDepth: 1)
            do {
                guard let h = try c.hours(what) else { return .failure(Failure(message: "\(what) is null; leave the field empty for none", column: 1)) }
                c.skipSpace()
                guard c.i == c.b.count else { return .failure(c.fail("\(what) is '\(text)'; expected a number of hours (digits, an optional fraction)")) }
                return .success(h)
            } catch let f as Failure { return .failure(f) } catch { return .failure(Failure(message: "\(error)", column: 1)) }
        }
    }
}

private struct Cursor {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    let maximumDepth: Int
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) { b = bytes; self.maximumDepth = maximumDepth }

    func fail(_ m: String) -> LearnerJSONParser.Failure { .init(message: m, column: i + 1) }

    mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D || b[i] == 0x0A { i += 1 }
    }

    var peek: UInt8? { i < b.count ? b[i] : nil }

    func found() -> String {
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
    private func spells(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { return false }
        for k in 0..<n where b[i + k] != word.utf8Start[k] { return false }
        guard i + n < b.count else { return true }
        let next = b[i + n]
        return !(next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z"))
    }

    /// Up to 24 printable characters from the cursor, for a message.
    private func text() -> String {
        var end = i
        while end < b.count, end - i < 24, (0x20...0x7E).contains(b[end]) { end += 1 }
        let s = String(decoding: b[i..<end], as: UTF8.self)
        return end < b.count && (0x20...0x7E).contains(b[end]) ? s + "…" : s
    }

    mutating func expect(_ c: UInt8, _ what: @autoclosure () -> String) throws {
        skipSpace()
        guard peek == c else { throw fail("expected \(what()), found \(found())") }
        i += 1
    }

    mutating func isNull() -> Bool {
        skipSpace()
        if i + 4 <= b.count, b[i] == UInt8(ascii: "n"), b[i + 1] == UInt8(ascii: "u"), b[i + 2] == UInt8(ascii: "l"), b[i + 3] == UInt8(ascii: "l") {
            i += 4
            return true
        }
        return false
    }

    /// Iterates the members of an object; `body` gets the key's decoded bytes (escapes such as `\u0073`
    /// resolved) and must consume the value. A key given twice is an error naming both columns.
    mutating func object(_ what: String, _ body: (inout Cursor, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), "\(what) as a JSON object")
        depth += 1
        if depth > maximumDepth { throw fail("nesting deeper than \(maximumDepth) levels") }
        skipSpace()
        if peek == UInt8(ascii: "}") { i += 1; depth -= 1; return }
        // The keys seen so far, to refuse one given twice: where each starts and ends in the line (the first
        // 16, on the stack), and the bytes of escaped keys and of any past the 16th. A record has a handful
        // of keys, so a linear search with a length check first is the fast way.
        var starts = InlineArray<16, Int>(repeating: 0), ends = InlineArray<16, Int>(repeating: 0)   // 0: unused
        var n = 0
        var more: [(bytes: [UInt8], column: Int)] = []
        let base = b.baseAddress!
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw fail("expected a key in quotes in \(what), found \(found())") }
            let column = i
            var plain = true
            let raw = try rawString(plain: &plain)
            let rs = raw.baseAddress! - base, rc = raw.count
            var decoded: [UInt8]?
            if !plain && raw.contains(UInt8(ascii: "\\")) {   // rare: decode the key as the string it is
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
                if let m = more.first(where: { $0.bytes == key }) { first = m.column }
                else if decoded != nil {   // an escaped key against the plain ones
                    for k in 0..<n where ends[k] - starts[k] == key.count && UnsafeBufferPointer(start: base + starts[k], count: key.count).elementsEqual(key) { first = starts[k] - 1; break }
                }
            }
            if first >= 0 {
                i = column
                let name = decoded.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: raw, as: UTF8.self)
                throw fail("key '\(name)' is given twice in \(what) (first at column \(first + 1)); give each key once")
            }
            if decoded == nil && n < 16 { starts[n] = rs; ends[n] = rs + rc; n += 1 }
            else { more.append((decoded ?? Array(raw), column)) }
            try expect(UInt8(ascii: ":"), "':' after a key")
            if let d = decoded { try d.withUnsafeBufferPointer { try body(&self, $0) } } else { try body(&self, raw) }
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "}") { i += 1; depth -= 1; return }
            throw fail("expected ',' or '}' in \(what), found \(found())")
        }
    }

    mutating func array(_ what: String, _ body: (inout Cursor) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "\(what) as a JSON array")
        depth += 1
        if depth > maximumDepth { throw fail("nesting deeper than \(maximumDepth) levels") }
        skipSpace()
        if peek == UInt8(ascii: "]") { i += 1; depth -= 1; return }
        while true {
            try body(&self)
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "]") { i += 1; depth -= 1; return }
            throw fail("expected ',' or ']' in \(what), found \(found())")
        }
    }

    /// The bytes between quotes, escapes left in place (for key comparison); validates escapes.
    mutating func rawString() throws -> UnsafeBufferPointer<UInt8> {
        var plain = true
        return try rawString(plain: &plain)
    }

    /// The bytes between quotes; `plain` tells whether they are all ASCII with no escapes (then they are
    /// valid UTF-8 and equal to the decoded text).
    mutating func rawString(plain: inout Bool) throws -> UnsafeBufferPointer<UInt8> {
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
    mutating func string(_ what: String) throws -> String {
        skipSpace()
        guard peek == UInt8(ascii: "\"") else { throw fail("expected \(what) as a string, found \(found())") }
        let startCol = i
        let raw = try rawString()
        if !raw.contains(UInt8(ascii: "\\")) {
            guard let s = String(validating: raw, as: UTF8.self) else {
                i = startCol
                throw fail("\(what) is not valid UTF-8; save the file as UTF-8")
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
            guard k < raw.count else { throw fail("bad escape in \(what)") }
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
                func hex(_ at: Int) -> UInt32? {
                    guard at + 4 <= raw.count else { return nil }
                    var v: UInt32 = 0
                    for j in at..<(at + 4) {
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
                guard var v = hex(k + 1) else { throw fail("bad \\u escape in \(what)") }
                k += 4
                if (0xD800..<0xDC00).contains(v) {
                    guard k + 2 < raw.count, raw[k + 1] == UInt8(ascii: "\\"), raw[k + 2] == UInt8(ascii: "u"),
                          let lo = hex(k + 3), (0xDC00..<0xE000).contains(lo) else { throw fail("unpaired surrogate in \(what)") }
                    v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    k += 6
                }
                guard let scalar = Unicode.Scalar(v) else { throw fail("invalid \\u escape in \(what)") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw fail("bad escape '\\\(Character(Unicode.Scalar(raw[k])))' in \(what)")
            }
            k += 1
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("\(what) is not valid UTF-8") }
        return s
    }

    /// A JSON number as a Double; rejects non-numbers with `what`.
    mutating func number(_ what: String) throws -> Double {
        skipSpace()
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        var intPart = 0.0, digits = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 { intPart = intPart * 10 + Double(b[i] - 48); i += 1; digits += 1 }
        guard digits > 0 else { i = start; throw fail("expected \(what) as a number, found \(found())") }
        var simple = true
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            simple = false
            if b[i] == UInt8(ascii: ".") { i += 1; var d = 0; while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1; d += 1 }; if d == 0 { throw fail("bad number for \(what)") } }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                var d = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1; d += 1 }
                if d == 0 { throw fail("bad number for \(what)") }
            }
        }
        if simple && digits <= 15 { return b[start] == UInt8(ascii: "-") ? -intPart : intPart }
        guard let s = String(validating: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self), let v = Double(s), v.isFinite else {
            throw fail("\(what) is not a finite number")
        }
        return v
    }

    mutating func hours(_ what: String) throws -> Hours? {
        if isNull() { return nil }
        let col = i
        let v = try number(what)
        guard v >= 0 else { i = col; throw fail("\(what) is \(Hours(v)); expected 0 or more hours") }
        guard v <= 1_000_000 else { i = col; throw fail("\(what) is \(Hours(v)); expected a plausible number of hours (at most 1000000)") }
        return Hours(v)
    }

    mutating func date(_ what: String) throws -> CalendarDate? {
        if isNull() { return nil }
        skipSpace()
        let col = i
        guard peek == UInt8(ascii: "\"") else { throw fail("expected \(what) as a date string \"YYYY-MM-DD\", found \(found())") }
        let raw = try rawString()
        guard let d = CalendarDate(isoBytes: raw) else {
            i = col
            throw fail("\(what) is not a date written YYYY-MM-DD")
        }
        return d
    }

    /// An assessment's `marks`: an array of whole numbers from 0 up, appended to `out`.
    mutating func marks(into out: inout [Int]) throws {
        try array("'marks'") { c in
            let col = c.i
            let v = try c.number("each mark")
            guard v >= 0, v == v.rounded(), v <= 1_000_000 else { c.i = col; throw c.fail("mark \(v) is not a whole number from 0 up") }
            out.append(Int(v))
        }
    }

    /// Skips any JSON value (for unknown keys).
    mutating func skipValue() throws {
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

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { throw fail("expected \(word)") }
        for k in 0..<n where b[i + k] != word.utf8Start[k] { throw fail("expected a JSON value, found \(found())") }
        i += n
    }

    static func eq(_ a: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
        guard a.count == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for k in 0..<a.count where a[k] != p[k] { return false }
        return true
    }

    mutating func learner() throws -> Learner {
        var l = Learner(id: "")
        var hasID = false
        try object("the learner record") { c, key in
            if Self.eq(key, "id") {
                c.skipSpace()
                if c.peek != UInt8(ascii: "\"") { throw c.fail("expected 'id' as a string, found \(c.found())") }
                l.id = try c.string("'id'")
                if l.id.isEmpty { throw c.fail("'id' is empty; expected a learner id") }
                hasID = true
            } else if Self.eq(key, "registered") {
                l.registered = try c.date("'registered'")
            } else if Self.eq(key, "induction_hours") {
                l.inductionHours = try c.hours("'induction_hours'")
            } else if Self.eq(key, "tutorial_hours") {
                l.tutorialHours = try c.hours("'tutorial_hours'")
            } else if Self.eq(key, "units") {
                if c.isNull() { return }
                try c.array("'units'") { c in l.units.append(try c.unit()) }
            } else if Self.eq(key, "assessments") {
                if c.isNull() { return }
                try c.array("'assessments'") { c in l.assessments.append(try c.attempt()) }
            } else {
                try c.skipValue()
            }
        }
        guard hasID else { i = 0; throw fail("missing 'id'; every record needs \"id\":\"…\"") }
        return l
    }

    mutating func unit() throws -> UnitAchievement {
        var code: String?
        var u = UnitAchievement(code: "")
        let start = i
        try object("each entry of 'units'") { c, key in
            if Self.eq(key, "code") { code = try c.string("unit 'code'") }
            else if Self.eq(key, "achieved") { u.achieved = try c.date("unit 'achieved'") }
            else if Self.eq(key, "hours") { u.hours = try c.hours("unit 'hours'") }
            else { try c.skipValue() }
        }
        guard let code, !code.isEmpty else { i = start; throw fail("a unit entry has no 'code'; expected {\"code\":\"UNIT\",…}") }
        u.code = UnitCode(code)
        return u
    }

    mutating func attempt() throws -> AssessmentAttempt {
        var id: String?
        var a = AssessmentAttempt(id: "", marks: [])
        var hasMarks = false
        let start = i
        try object("each entry of 'assessments'") { c, key in
            if Self.eq(key, "id") { id = try c.string("assessment 'id'") }
            else if Self.eq(key, "date") { a.date = try c.date("assessment 'date'") }
            else if Self.eq(key, "marks") {
                hasMarks = true
                try c.marks(into: &a.marks)
            } else { try c.skipValue() }
        }
        guard let id, !id.isEmpty else { i = start; throw fail("an assessment entry has no 'id'; expected {\"id\":\"ASSESSMENT\",\"marks\":[…]}") }
        guard hasMarks else { i = start; throw fail("assessment '\(id)' has no 'marks'; expected one mark per section") }
        a.id = AssessmentID(id)
        return a
    }
}

/// Loads JSON Lines records straight into a ``Workspace``, without building `Learner` values or strings:
/// the fast path of bulk evaluation. Accepts and rejects exactly what ``LearnerJSONParser`` does.
public struct RecordLoader {
    public let evaluator: Evaluator
    public var maximumDepth = 64
    var marks: [Int] = []
    /// Where the learner id of the last loaded record is in its line: the JSON string's content, escapes
    /// intact (so it can be copied into JSON output as it is).
    public private(set) var idRange: Range<Int> = 0..<0
    /// Whether the id contains escapes (then use ``learnerID(in:)`` for its text).
    public private(set) var idHasEscapes = false
    /// Whether compact records take the fast path (``CompactRecordScanner``); off only to compare the two.
    var usesCompactScanner = true

    public init(evaluator: Evaluator) {
        self.evaluator = evaluator
        marks.reserveCapacity(16)
    }

    /// Parses `line` into `ws` (which it resets first). On failure the workspace holds a partial record;
    /// do not evaluate it.
    public mutating func load(_ line: UnsafeBufferPointer<UInt8>, into ws: Workspace) -> LearnerJSONParser.Failure? {
        ws.beginRecord()
        if usesCompactScanner, CompactRecordScanner.load(line, into: ws, evaluator: evaluator, marks: &marks, id: &idRange) {
            idHasEscapes = false
            return nil
        }
        var c = Cursor(bytes: line, maximumDepth: maximumDepth)
        ws.beginRecord()
        do {
            try c.loadRecord(into: ws, evaluator: evaluator, marks: &marks, id: &idRange, idEscaped: &idHasEscapes)
            c.skipSpace()
            if c.i < line.count { throw c.fail("unexpected text after the end of the record; put one record on each line") }
            return nil
        } catch let f as LearnerJSONParser.Failure {
            return f
        } catch {
            return .init(message: "\(error)", column: 1)
        }
    }

    /// The learner id of the last record loaded from `line`, as text.
    public func learnerID(in line: UnsafeBufferPointer<UInt8>) -> String {
        let raw = UnsafeBufferPointer(rebasing: line[idRange])
        guard idHasEscapes else { return String(decoding: raw, as: UTF8.self) }
        var quoted: [UInt8] = [0x22]
        quoted.append(contentsOf: raw)
        quoted.append(0x22)
        return quoted.withUnsafeBufferPointer { q in
            var c = Cursor(bytes: q, maximumDepth: 1)
            return (try? c.string("id")) ?? String(decoding: raw, as: UTF8.self)
        }
    }
}

extension Cursor {
    mutating func loadRecord(into ws: Workspace, evaluator e: Evaluator, marks: inout [Int], id: inout Range<Int>, idEscaped: inout Bool) throws {
        var hasID = false
        var induction: Double?, tutorial: Double?
        try object("the learner record") { c, key in
            if Self.eq(key, "id") {
                c.skipSpace()
                if c.peek != UInt8(ascii: "\"") { throw c.fail("expected 'id' as a string, found \(c.found())") }
                let start = c.i + 1
                var plain = true
                let raw = try c.rawString(plain: &plain)
                if raw.isEmpty { throw c.fail("'id' is empty; expected a learner id") }
                idEscaped = false
                if !plain {
                    if raw.contains(UInt8(ascii: "\\")) {
                        c.i = start - 1
                        _ = try c.string("'id'")      // validates escapes and UTF-8
                        idEscaped = true
                    } else if !Self.isValidUTF8(raw) {
                        c.i = start - 1
                        throw c.fail("'id' is not valid UTF-8; save the file as UTF-8")
                    }
                }
                id = start..<(start + raw.count)
                hasID = true
            } else if Self.eq(key, "registered") {
                ws.setRegistered(try c.date("'registered'"))
            } else if Self.eq(key, "induction_hours") {
                induction = try c.hours("'induction_hours'")?.value
            } else if Self.eq(key, "tutorial_hours") {
                tutorial = try c.hours("'tutorial_hours'")?.value
            } else if Self.eq(key, "units") {
                if c.isNull() { return }
                try c.array("'units'") { c in try c.loadUnit(into: ws, evaluator: e) }
            } else if Self.eq(key, "assessments") {
                if c.isNull() { return }
                try c.array("'assessments'") { c in try c.loadAttempt(into: ws, evaluator: e, marks: &marks) }
            } else {
                try c.skipValue()
            }
        }
        guard hasID else { i = 0; throw fail("missing 'id'; every record needs \"id\":\"…\"") }
        ws.setDeliveryHours(induction: induction, tutorial: tutorial)
    }

    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var ascii = true
        for c in b where c >= 0x80 { ascii = false; break }
        return ascii || String(validating: b, as: UTF8.self) != nil
    }

    mutating func code(_ what: @autoclosure () -> String) throws -> UnsafeBufferPointer<UInt8> {
        skipSpace()
        guard peek == UInt8(ascii: "\"") else { throw fail("expected \(what()) as a string, found \(found())") }
        let start = i
        var plain = true
        let raw = try rawString(plain: &plain)
        if !plain {
            let what = what()
            i = start
            _ = try string(what)   // throws for bad escapes or UTF-8; escaped codes are matched as text below
        }
        return raw
    }

    mutating func loadUnit(into ws: Workspace, evaluator e: Evaluator) throws {
        var code: UnsafeBufferPointer<UInt8>?
        var day: CalendarDate?, hours: Hours?
        let start = i
        try object("each entry of 'units'") { c, key in
            if Self.eq(key, "code") { code = try c.code("unit 'code'") }
            else if Self.eq(key, "achieved") { day = try c.date("unit 'achieved'") }
            else if Self.eq(key, "hours") { hours = try c.hours("unit 'hours'") }
            else { try c.skipValue() }
        }
        guard let code, !code.isEmpty else { i = start; throw fail("a unit entry has no 'code'; expected {\"code\":\"UNIT\",…}") }
        if let g = e.unitIndex(utf8: code) {
            ws.addUnit(g, day: day, hours: hours?.value)
        } else if let g = Self.decoded(code).flatMap({ e.unitIndex(of: UnitCode($0)) }) {
            ws.addUnit(g, day: day, hours: hours?.value)
        } else {
            ws.addWarning("unit code '\(Self.decoded(code) ?? "?")' is not defined in any loaded pack; it was ignored")
        }
    }

    mutating func loadAttempt(into ws: Workspace, evaluator e: Evaluator, marks: inout [Int]) throws {
        var id: UnsafeBufferPointer<UInt8>?
        var day: CalendarDate?
        var hasMarks = false
        marks.removeAll(keepingCapacity: true)
        let start = i
        try object("each entry of 'assessments'") { c, key in
            if Self.eq(key, "id") { id = try c.code("assessment 'id'") }
            else if Self.eq(key, "date") { day = try c.date("assessment 'date'") }
            else if Self.eq(key, "marks") {
                hasMarks = true
                try c.marks(into: &marks)
            } else { try c.skipValue() }
        }
        guard let id, !id.isEmpty else { i = start; throw fail("an assessment entry has no 'id'; expected {\"id\":\"ASSESSMENT\",\"marks\":[…]}") }
        guard hasMarks else { i = start; throw fail("assessment '\(Self.decoded(id) ?? "?")' has no 'marks'; expected one mark per section") }
        guard let a = e.assessmentIndex(utf8: id) else {
            ws.addWarning("assessment id '\(Self.decoded(id) ?? "?")' is not defined in any loaded pack; it was ignored")
            return
        }
        if let problem = e.markProblem(a, marks: marks) { i = start; throw fail(problem) }
        ws.addAttempt(a, marks: marks, day: day)
    }

    /// The text of a raw JSON string's content (escapes decoded), or `nil` if it is not valid.
    static func decoded(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        var quoted: [UInt8] = [0x22]
        quoted.append(contentsOf: raw)
        quoted.append(0x22)
        return quoted.withUnsafeBufferPointer { q in
            var c = Cursor(bytes: q, maximumDepth: 1)
            return try? c.string("text")
        }
    }
}
