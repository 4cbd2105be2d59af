/// Writes results straight from compact ``Outcome`` values into a byte buffer, as JSON Lines or CSV,
/// byte for byte what ``ResultEncoding`` writes for the equivalent ``EvaluationResult``, without building
/// strings or arrays per result. One per thread.
public final class ResultByteWriter {
    public let evaluator: Evaluator
    let fragments: Fragments
    /// The output so far; take it with ``takeOutput()`` or clear it with ``reset()``.
    public var sink = JSONByteSink()

    public init(evaluator: Evaluator) {
        self.evaluator = evaluator
        fragments = Fragments(evaluator)
    }

    /// Pieces rendered once per evaluator.
    struct Fragments {
        var qualificationJSON: [[UInt8]] = []   // ,"qualification":"ID","achieved":
        var qualificationCSV: [[UInt8]] = []    // ID, (CSV-escaped, with the comma)
        var requiredCredits: [[UInt8]] = []     // ,"required_credits":N
        var requiredCreditsCSV: [[UInt8]] = []  // N,
        var unitJSON: [[[UInt8]]] = []          // "CODE"
        var unitCSV: [[[UInt8]]] = []           // CODE (raw)
        var routeJSON: [[[UInt8]]] = []         // "label" or null
        var routeCSV: [[[UInt8]]] = []
        var groupJSON: [[[UInt8]]] = []         // "group-id"
        var codeJSON: [[UInt8]] = []            // {"code":"CODE","message":"
        var codeCSV: [[UInt8]] = []

        init(_ e: Evaluator) {
            func json(_ s: String) -> [UInt8] { var o: [UInt8] = []; ResultEncoding.string(s, &o); return o }
            func csv(_ s: String) -> [UInt8] { var o: [UInt8] = []; ResultEncoding.csvField(s, &o); return o }
            for (qi, q) in e.qualifications.enumerated() {
                qualificationJSON.append(Array(#","qualification":"#.utf8) + json(q.id.rawValue) + Array(#","achieved":"#.utf8))
                qualificationCSV.append(csv(q.id.rawValue) + [0x2C])
                requiredCredits.append(Array(#","required_credits":"#.utf8) + Array(String(q.creditValue.value).utf8))
                requiredCreditsCSV.append(Array(String(q.creditValue.value).utf8) + [0x2C])
                let n = e.unitCount(qualification: qi)
                unitJSON.append((0..<n).map { json(e.unitCode(qualification: qi, unit: $0).rawValue) })
                unitCSV.append((0..<n).map { Array(e.unitCode(qualification: qi, unit: $0).rawValue.utf8) })
                let paths = e.pathCount(qualification: qi)
                routeJSON.append((0..<paths).map { e.routeLabel(qualification: qi, path: $0).map(json) ?? Array("null".utf8) })
                routeCSV.append((0..<paths).map { Array((e.routeLabel(qualification: qi, path: $0) ?? "").utf8) })
                groupJSON.append((0..<e.groupCount(qualification: qi)).map { json(e.group(qualification: qi, index: $0).id.rawValue) })
            }
            codeJSON = UnmetDetail.codes.map { Array(#"{"code":"#.utf8) + json($0) + Array(#","message":""#.utf8) }
            codeCSV = UnmetDetail.codes.map { Array($0.utf8) }
        }
    }

    /// Removes everything written so far, keeping the buffer's capacity.
    public func reset() { sink.bytes.removeAll(keepingCapacity: true) }

    /// Appends one JSON object and a newline for outcome `o` of the learner loaded in `ws`.
    /// `idJSON` is the learner id as JSON string content (escapes intact), e.g. from ``RecordLoader``.
    public func appendJSON(_ o: Outcome, in ws: Workspace, idJSON: UnsafeBufferPointer<UInt8>) {
        let q = o.qualificationIndex
        let f = fragments
        sink.raw(#"{"learner":""#)
        sink.bytes.append(contentsOf: idJSON)
        sink.bytes.append(0x22)
        sink.bytes.append(contentsOf: f.qualificationJSON[q])
        sink.raw(o.achieved ? "true" : "false")
        sink.raw(#","credits":"#)
        sink.int(o.credits)
        sink.bytes.append(contentsOf: f.requiredCredits[q])
        sink.raw(#","counted_units":["#)
        var first = true
        o.countedUnits.forEach { i in
            if !first { sink.bytes.append(0x2C) }
            first = false
            sink.bytes.append(contentsOf: f.unitJSON[q][i])
        }
        sink.raw(#"],"route":"#)
        sink.bytes.append(contentsOf: f.routeJSON[q][o.pathIndex])
        sink.raw(#","unmet":["#)
        first = true
        ws.forEachUnmet(o) { d in
            if !first { sink.bytes.append(0x2C) }
            first = false
            sink.bytes.append(contentsOf: f.codeJSON[d.kindIndex])
            ws.writeMessage(d, qualification: q, into: &sink)
            sink.bytes.append(0x22)
            switch d {
            case .missingMandatoryUnit(let i), .practiceHours(let i, _, _), .certificationClosed(let i, _, _), .completionWindow(let i, _, _, _):
                sink.raw(#","unit":"#)
                sink.bytes.append(contentsOf: f.unitJSON[q][i])
            case .groupShort(let g, _, _, _), .groupMaxCredits(let g, _, _):
                sink.raw(#","group":"#)
                sink.bytes.append(contentsOf: f.groupJSON[q][g])
            default: break
            }
            sink.bytes.append(0x7D)
        }
        sink.raw(#"],"next":"#)
        if let next = o.nextUnits {
            sink.bytes.append(0x5B)
            first = true
            next.forEach { i in
                if !first { sink.bytes.append(0x2C) }
                first = false
                sink.bytes.append(contentsOf: f.unitJSON[q][i])
            }
            sink.bytes.append(0x5D)
        } else {
            sink.raw("null")
        }
        sink.raw(#","unchecked":["#)
        first = true
        ws.forEachUnchecked(o) { c in
            if !first { sink.bytes.append(0x2C) }
            first = false
            sink.bytes.append(0x22); sink.bytes.append(contentsOf: c.utf8); sink.bytes.append(0x22)
        }
        sink.raw(#"],"warnings":["#)
        first = true
        for w in ws.warnings {
            if !first { sink.bytes.append(0x2C) }
            first = false
            ResultEncoding.string(w, &sink.bytes)
        }
        sink.raw("]}\n")
    }

    /// Appends one CSV row for outcome `o`; `idCSV` is the learner id already CSV-escaped.
    public func appendCSV(_ o: Outcome, in ws: Workspace, idCSV: UnsafeBufferPointer<UInt8>) {
        let q = o.qualificationIndex
        let f = fragments
        sink.bytes.append(contentsOf: idCSV)
        sink.bytes.append(0x2C)
        sink.bytes.append(contentsOf: f.qualificationCSV[q])
        sink.raw(o.achieved ? "true," : "false,")
        sink.int(o.credits)
        sink.bytes.append(0x2C)
        sink.bytes.append(contentsOf: f.requiredCreditsCSV[q])
        sink.bytes.append(contentsOf: f.routeCSV[q][o.pathIndex])
        sink.bytes.append(0x2C)
        var first = true
        o.countedUnits.forEach { i in
            if !first { sink.bytes.append(0x3B) }
            first = false
            sink.bytes.append(contentsOf: f.unitCSV[q][i])
        }
        sink.bytes.append(0x2C)
        first = true
        ws.forEachUnmet(o) { d in
            if !first { sink.bytes.append(0x3B) }
            first = false
            sink.bytes.append(contentsOf: f.codeCSV[d.kindIndex])
        }
        sink.bytes.append(0x2C)
        if let next = o.nextUnits {
            first = true
            next.forEach { i in
                if !first { sink.bytes.append(0x3B) }
                first = false
                sink.bytes.append(contentsOf: f.unitCSV[q][i])
            }
        }
        sink.bytes.append(0x0A)
    }
}

/// A ``MessageSink`` that appends JSON-escaped UTF-8 to a byte buffer.
public struct JSONByteSink: MessageSink {
    public var bytes: [UInt8] = []
    public init() {}

    @inline(__always) mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
    public mutating func literal(_ s: StaticString) { raw(s) }
    public mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { u in
            for c in u {
                if c == 0x22 || c == 0x5C || c < 0x20 {
                    var tmp: [UInt8] = []
                    ResultEncoding.string(String(decoding: [c], as: UTF8.self), &tmp)
                    bytes.append(contentsOf: tmp.dropFirst().dropLast())
                } else {
                    bytes.append(c)
                }
            }
        }
    }
    public mutating func int(_ n: Int) { ResultEncoding.int(n, &bytes) }
    public mutating func hours(_ h: Double) {
        if h == h.rounded(), abs(h) < 1e15 { ResultEncoding.int(Int(h), &bytes); return }
        let twice = h * 2
        if twice == twice.rounded(), abs(h) < 1e15 {
            if h < 0 { bytes.append(0x2D) }
            ResultEncoding.int(Int(abs(h)), &bytes)
            raw(".5")
            return
        }
        bytes.append(contentsOf: Hours(h).description.utf8)
    }
    public mutating func date(_ dayNumber: Int) {
        let d = CalendarDate(dayNumber: dayNumber)
        func two(_ n: Int) { bytes.append(UInt8(48 + n / 10)); bytes.append(UInt8(48 + n % 10)) }
        two(d.year / 100); two(d.year % 100)
        bytes.append(0x2D); two(d.month)
        bytes.append(0x2D); two(d.day)
    }
}
