import QualKitEngine
import QualKitCore
import QualKitCore

/// The fast path of ``RecordLoader``: one pass over a record in the compact form that writers and the
/// generator produce, straight into a `Workspace`.
///
/// It accepts only a strict subset of the learner-record grammar: spaces and tabs between tokens but not
/// between a key and its colon (`{"id": "L1", "units": […]}`, as JSON writers such as Python's lay records
/// out, is read here; a record with `"id" :` goes the general way); every key known and given
/// at most once (per object); strings printable ASCII without escapes; numbers written as digits with an
/// optional fraction; no `null`; valid dates; every unit code and assessment id known to the evaluator and
/// every mark sheet right. Anything else, including every malformed or merely unusual record, makes it
/// give up (return `false`) without reporting anything, and the loader parses the line again with the
/// general parser, which accepts all of JSON and words the errors and warnings. Whatever it accepts, the
/// general parser would load identically (a test compares the two over generated and mutated records).
struct CompactRecordScanner {
    let p: UnsafePointer<UInt8>
    let n: Int
    var i = 0
    let keys: CompactKeys

    private static let quote: UInt8 = 0x22

    /// Loads `line` into `workspace` (already reset with `Workspace/beginRecord()`) and sets `id` to the id's
    /// bytes within the line. Returns `false` when the record is not in the compact form; `workspace` then holds a
    /// partial record that the caller must reset.
    static func load(
        _ line: UnsafeBufferPointer<UInt8>, into workspace: Workspace, evaluator: Evaluator, keys: CompactKeys,
        marks: inout [Int], id: inout Range<Int>, maximumDepth: Int = 64
    ) -> Bool {
        guard let base = line.baseAddress, line.count >= 2 else { return false }
        var s = CompactRecordScanner(p: base, n: line.count, keys: keys)
        return s.record(workspace, evaluator, &marks, &id, maximumDepth: maximumDepth)
    }

    // MARK: - Tokens

    /// Skips the white space JSON allows between tokens (spaces and tabs: a line holds no line break).
    /// Callers look for their token first and call this only when it is not there, so that a compact record
    /// pays one comparison at most.
    @inline(__always)
    private mutating func space() -> Bool {
        guard i < n, p[i] == 0x20 || p[i] == 0x09 else { return false }
        repeat { i += 1 } while i < n && (p[i] == 0x20 || p[i] == 0x09)
        return true
    }

    @inline(__always)
    private mutating func byte(_ byte: UInt8) -> Bool {
        guard i < n, p[i] == byte || (space() && i < n && p[i] == byte) else { return false }
        i += 1
        return true
    }

    /// The key of `K` that the input continues with as `"key":`, consuming it; `nil` if none.
    @inline(__always)
    private mutating func key<K: RecordKey>(_ table: QuotedKeyMatcher<K>) -> K? {
        guard let (k, next) = table.match(p, at: i, end: n) ?? (space() ? table.match(p, at: i, end: n) : nil) else {
            return nil
        }
        i = next
        _ = space()
        return k
    }

    /// A string of printable ASCII without escapes: its content. Eight bytes at a time while none is a
    /// quote, a backslash, a control character or non-ASCII.
    @inline(__always)
    private mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard i < n, p[i] == Self.quote || (space() && i < n && p[i] == Self.quote) else { return nil }
        let start = i + 1
        var k = start
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while k + 8 <= n {
            let w = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)
            let q = w ^ (ones &* 0x22), bs = w ^ (ones &* 0x5C)
            let special = (((q &- ones) & ~q) | ((bs &- ones) & ~bs) | ((w &- ones &* 0x20) & ~w) | w) & highs
            if special != 0 { k += special.trailingZeroBitCount >> 3; break }
            k += 8
        }
        while k < n {
            let c = p[k]
            if c == Self.quote {
                i = k + 1
                return UnsafeBufferPointer(start: p + start, count: k - start)
            }
            if c == 0x5C || c < 0x20 || c >= 0x80 { return nil }
            k += 1
        }
        return nil
    }

    private mutating func date() -> CalendarDate? {
        guard let raw = plainString() else { return nil }
        return CalendarDate(isoBytes: raw)
    }

    private static let powersOfTen: [Double] = (0...15).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    /// A non-negative number written `digits[.digits]`, at most 15 significant digits: the mantissa and the
    /// power of ten are both exact in a `Double`, so one division rounds correctly (the value is the one
    /// the general parser reads).
    private mutating func number(allowFraction: Bool) -> Double? {
        _ = space()
        guard i < n, p[i] >= 0x30, p[i] <= 0x39 else { return nil }
        if p[i] == 0x30, i + 1 < n, p[i + 1] >= 0x30, p[i + 1] <= 0x39 { return nil } // leading zero
        var mantissa: UInt64 = 0
        var digits = 0
        while i < n, p[i] >= 0x30, p[i] <= 0x39 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30)
            digits += 1; i += 1
        }
        var fraction = 0
        if i < n, p[i] == 0x2E {
            guard allowFraction else { return nil }
            i += 1
            while i < n, p[i] >= 0x30, p[i] <= 0x39 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30)
                digits += 1; fraction += 1; i += 1
            }
            if fraction == 0 { return nil }
        }
        guard digits <= 15, i < n, p[i] != 0x65, p[i] != 0x45 else { return nil }
        let v = Double(mantissa)
        return fraction == 0 ? v : v / Self.powersOfTen[fraction]
    }

    /// Hours as the general parser accepts them without complaint: 0 up to `LearnerRecordSchema.maximumHours`.
    private mutating func hours() -> Double? {
        guard let v = number(allowFraction: true), v <= LearnerRecordSchema.maximumHours else { return nil }
        return v
    }

    // MARK: - Objects and arrays

    /// A non-empty object `{"key":value,…}` whose keys are `K`: `member` consumes each member's value and
    /// returns `false` to give up. An unknown key, or a key given twice, gives up. `read`: the bits of the
    /// keys already read when the caller consumed the opening brace and the first member itself (the input
    /// then continues after that member's value); returns the bits of every key read.
    @inline(__always)
    private mutating func object<K: RecordKey>(
        _ table: QuotedKeyMatcher<K>, after read: UInt32 = 0, _ member: (inout CompactRecordScanner, K) -> Bool
    ) -> UInt32? {
        var seen = read
        if read == 0 {
            guard byte(0x7B) else { return nil }
        } else if !byte(0x2C) {
            return byte(0x7D) ? seen : nil
        }
        repeat {
            guard let key = key(table) else { return nil }
            let bit = Self.bit(key)
            guard seen & bit == 0, member(&self, key) else { return nil }
            seen |= bit
        } while byte(0x2C)
        return byte(0x7D) ? seen : nil
    }

    @inline(__always)
    private static func bit<K: RecordKey>(_ key: K) -> UInt32 {
        UInt32(1) << UInt32(Int(unsafeBitCast(key, to: UInt8.self)))
    }

    /// An array `[…]` whose elements `element` consumes (returning `false` to give up).
    @inline(__always)
    private mutating func array(_ element: (inout CompactRecordScanner) -> Bool) -> Bool {
        guard byte(0x5B) else { return false }
        if byte(0x5D) { return true }
        repeat {
            guard element(&self) else { return false }
        } while byte(0x2C)
        return byte(0x5D)
    }

    // MARK: - Records

    private mutating func record(
        _ workspace: Workspace, _ evaluator: Evaluator, _ marks: inout [Int], _ id: inout Range<Int>,
        maximumDepth: Int
    ) -> Bool {
        var induction: Double?, tutorial: Double?
        var hasID = false
        let keys = object(keys.learner) { s, key in
            switch key {
            case .id:
                guard let raw = s.plainString(), !raw.isEmpty else { return false }
                let start = raw.baseAddress! - s.p
                id = start..<(start + raw.count)
                hasID = true
            case .inductionHours:
                guard let h = s.hours() else { return false }
                induction = h
            case .tutorialHours:
                guard let h = s.hours() else { return false }
                tutorial = h
            case .registered:
                guard let d = s.date() else { return false }
                workspace.setRegistered(d)
            case .units:
                return s.units(workspace, evaluator)
            case .assessments:
                return s.assessments(workspace, evaluator, &marks)
            case .exceptions:
                return s.exceptions(workspace, evaluator, maximumDepth: maximumDepth)
            }
            return true
        }
        _ = space()
        guard keys != nil, i == n, hasID else { return false }
        workspace.setDeliveryHours(induction: induction, tutorial: tutorial)
        return true
    }

    /// A record's exceptions, read in place by the record grammar (``JSONCursor/exceptions(_:)``) into the
    /// workspace, as the general parser reads them: one record in twenty carries some, and reading the whole
    /// record again for them cost more than deciding it. Anything the grammar rejects gives up, and the
    /// general parser reads the record from the start and words the error.
    private mutating func exceptions(_ workspace: Workspace, _ engine: Evaluator, maximumDepth: Int) -> Bool {
        var c = JSONCursor(bytes: UnsafeBufferPointer(start: p, count: n), maximumDepth: maximumDepth)
        c.i = i
        c.depth = 1 // inside the record, as the general parser is
        var sink = WorkspaceSink(ws: workspace, evaluator: engine)
        guard (try? c.exceptions(&sink)) != nil else { return false }
        i = c.i
        return true
    }

    /// `{"code":` as the eight bytes the scanner loads.
    private static let codeFirst = UInt64(littleEndian: 0x3A22_6564_6F63_227B)

    /// Whether the input continues with a unit object whose first key is `code`, as records list units
    /// (`{"code":"…"}` mostly, `{"code":"…","hours":…}` and the like): `{"code":` consumed, read as one
    /// word. ``units(_:_:)`` then reads the code as the general member reading does, and the rest of the
    /// object with it; a unit listed by its code alone skips the key matching altogether.
    @inline(__always)
    private mutating func opensWithCode() -> Bool {
        _ = space()
        guard n - i > 8, UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) == Self.codeFirst else {
            return false
        }
        i += 8
        return true
    }

    private mutating func units(_ workspace: Workspace, _ evaluator: Evaluator) -> Bool {
        array { s in
            var code: UnsafeBufferPointer<UInt8>?
            var day: Int?, hours: Double?
            var read: UInt32 = 0
            if s.opensWithCode() {
                guard let listed = s.plainString() else { return false }
                if s.byte(0x7D) { // the code alone
                    guard !listed.isEmpty, let g = evaluator.unitIndex(utf8: listed) else { return false }
                    workspace.addUnit(g, dayNumber: nil, hours: nil)
                    return true
                }
                code = listed
                read = Self.bit(UnitAchievement.Field.code)
            }
            let keys = s.object(s.keys.unit, after: read) { s, key in
                switch key {
                case .code:
                    code = s.plainString()
                    return code != nil
                case .achieved:
                    guard let raw = s.plainString(), let d = CalendarDate.dayNumber(isoBytes: raw) else { return false }
                    day = d
                case .hours:
                    guard let h = s.hours() else { return false }
                    hours = h
                }
                return true
            }
            guard keys != nil, let code, !code.isEmpty, let g = evaluator.unitIndex(utf8: code) else { return false }
            workspace.addUnit(g, dayNumber: day, hours: hours)
            return true
        }
    }

    private mutating func assessments(_ workspace: Workspace, _ evaluator: Evaluator, _ marks: inout [Int]) -> Bool {
        array { s in
            var id: UnsafeBufferPointer<UInt8>?
            var day: CalendarDate?
            var hasMarks = false
            marks.removeAll(keepingCapacity: true)
            let keys = s.object(s.keys.assessment) { s, key in
                switch key {
                case .id:
                    id = s.plainString()
                    return id != nil
                case .marks:
                    hasMarks = true
                    return s.array({ s in
                        guard let v = s.number(allowFraction: false),
                            v <= Double(LearnerRecordSchema.maximumMark)
                        else { return false }
                        marks.append(Int(v))
                        return true
                    }) && !marks.isEmpty
                case .date:
                    guard let d = s.date() else { return false }
                    day = d
                }
                return true
            }
            guard keys != nil, hasMarks, let id, !id.isEmpty, let a = evaluator.assessmentIndex(utf8: id),
                evaluator.markProblem(a, marks: marks) == nil
            else { return false }
            workspace.addAttempt(a, marks: marks, day: day)
            return true
        }
    }
}
