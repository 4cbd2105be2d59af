/// Writes results straight from compact ``Outcome`` values into a byte buffer, as JSON Lines or CSV,
/// byte for byte what ``ResultEncoding`` writes for the equivalent ``EvaluationResult``, without building
/// strings or arrays per result. One per thread.
public final class ResultByteWriter {
    public let evaluator: Evaluator
    private(set) var table: FragmentTable
    let ids: Ids
    /// Per qualification: the index in ``table`` of the whole `{"code":…}` object for "missing mandatory
    /// unit" of its unit 0 (the most common unmet requirement, the same bytes every time).
    private(set) var missingUnitJSON: [Int] = []
    /// The output so far.
    public let buffer = ByteBuffer(capacity: 1 << 20)
    var sink: JSONByteSink

    /// Indexes of the pre-rendered pieces in ``table``.
    struct Ids {
        var qualificationJSON: [Int] = []   // ,"qualification":"ID","achieved":
        var qualificationCSV: [Int] = []    // ID, (CSV-escaped, with the comma)
        var requiredCredits: [Int] = []     // ,"required_credits":N
        var requiredCreditsCSV: [Int] = []  // N,
        var unitJSON: [Int] = []            // per qualification: first index of "CODE" for unit 0
        var unitCSV: [Int] = []
        var routeJSON: [Int] = []           // per qualification: first index, per path: "label" or null
        var routeCSV: [Int] = []
        var groupJSON: [Int] = []
        var codeJSON: [Int] = []            // per kind: {"code":"CODE","message":"
        var codeCSV: [Int] = []
        var uncheckedJSON: [String: Int] = [:]
    }

    public init(evaluator e: Evaluator) {
        evaluator = e
        var t = FragmentTable()
        var ids = Ids()
        func json(_ s: String) -> [UInt8] { var o: [UInt8] = []; ResultEncoding.string(s, &o); return o }
        func csv(_ s: String) -> [UInt8] { var o: [UInt8] = []; ResultEncoding.csvField(s, &o); return o }
        for (qi, q) in e.qualifications.enumerated() {
            ids.qualificationJSON.append(t.add(Array(#","qualification":"#.utf8) + json(q.id.rawValue) + Array(#","achieved":"#.utf8)))
            ids.qualificationCSV.append(t.add(csv(q.id.rawValue) + [0x2C]))
            ids.requiredCredits.append(t.add(Array(#","required_credits":"#.utf8) + Array(String(q.creditValue.value).utf8)))
            ids.requiredCreditsCSV.append(t.add(Array(String(q.creditValue.value).utf8) + [0x2C]))
            let n = e.unitCount(qualification: qi)
            ids.unitJSON.append(n == 0 ? 0 : (0..<n).map { t.add(json(e.unitCode(qualification: qi, unit: $0).rawValue)) }[0])
            ids.unitCSV.append(n == 0 ? 0 : (0..<n).map { t.add(Array(e.unitCode(qualification: qi, unit: $0).rawValue.utf8)) }[0])
            let paths = e.pathCount(qualification: qi)
            ids.routeJSON.append((0..<paths).map { t.add(e.routeLabel(qualification: qi, path: $0).map(json) ?? Array("null".utf8)) }[0])
            ids.routeCSV.append((0..<paths).map { t.add(csv(e.routeLabel(qualification: qi, path: $0) ?? "")) }[0])
            let groups = e.groupCount(qualification: qi)
            ids.groupJSON.append(groups == 0 ? 0 : (0..<groups).map { t.add(json(e.group(qualification: qi, index: $0).id.rawValue)) }[0])
        }
        ids.codeJSON = UnmetDetail.codes.map { t.add(Array(#"{"code":"#.utf8) + json($0) + Array(#","message":""#.utf8)) }
        ids.codeCSV = UnmetDetail.codes.map { t.add(Array($0.utf8)) }
        for c in [UncheckedCode.inductionHours, UncheckedCode.tutorialHours, UncheckedCode.registrationDate, UncheckedCode.completionDates] {
            ids.uncheckedJSON[c] = t.add(json(c))
        }
        table = t
        self.ids = ids
        sink = JSONByteSink(buffer)
        let ws = e.makeWorkspace()
        for qi in e.qualifications.indices {
            var first = 0
            for u in 0..<e.unitCount(qualification: qi) {
                buffer.removeAll()
                appendUnmet(.missingMandatoryUnit(unit: u), qualification: qi, in: ws)
                let k = table.add(Array(UnsafeBufferPointer(start: buffer.base, count: buffer.count)))
                if u == 0 { first = k }
            }
            missingUnitJSON.append(first)
        }
        buffer.removeAll()
    }

    /// Appends the `{"code":…,"message":…}` object for `d`.
    func appendUnmet(_ d: UnmetDetail, qualification q: Int, in ws: Workspace) {
        let b = buffer
        table.append(ids.codeJSON[d.kindIndex], to: b)
        ws.writeMessage(d, qualification: q, into: &sink)
        b.append(0x22)
        switch d {
        case .missingMandatoryUnit(let i), .practiceHours(let i, _, _), .certificationClosed(let i, _, _), .completionWindow(let i, _, _, _):
            b.append(#","unit":"#)
            table.append(ids.unitJSON[q] + i, to: b)
        case .groupShort(let g, _, _, _), .groupMaxCredits(let g, _, _):
            b.append(#","group":"#)
            table.append(ids.groupJSON[q] + g, to: b)
        default: break
        }
        b.append(0x7D)
    }

    /// Removes everything written so far, keeping the buffer's capacity.
    public func reset() { buffer.removeAll() }

    /// Appends one JSON object and a newline for outcome `o` of the learner loaded in `ws`.
    /// `idJSON` is the learner id as JSON string content (escapes intact), e.g. from ``RecordLoader``.
    public func appendJSON(_ o: Outcome, in ws: Workspace, idJSON: UnsafeBufferPointer<UInt8>) {
        let q = o.qualificationIndex
        let b = buffer
        let t = table
        b.append(#"{"learner":""#)
        b.append(idJSON)
        b.append(0x22)
        t.append(ids.qualificationJSON[q], to: b)
        b.append(o.achieved ? "true" : "false")
        b.append(#","credits":"#)
        b.append(int: o.credits)
        t.append(ids.requiredCredits[q], to: b)
        b.append(#","counted_units":["#)
        let unitBase = ids.unitJSON[q]
        appendUnits(o.countedUnits, from: unitBase, separator: 0x2C)
        b.append(#"],"route":"#)
        t.append(ids.routeJSON[q] + o.pathIndex, to: b)
        b.append(#","unmet":["#)
        var first = true
        let missingBase = missingUnitJSON[q]
        ws.forEachUnmet(o) { d in
            if !first { b.append(0x2C) }
            first = false
            if case .missingMandatoryUnit(let i) = d { t.append(missingBase + i, to: b) } else { appendUnmet(d, qualification: q, in: ws) }
        }
        b.append(#"],"next":"#)
        if let next = o.nextUnits {
            b.append(0x5B)
            appendUnits(next, from: unitBase, separator: 0x2C)
            b.append(0x5D)
        } else {
            b.append("null")
        }
        b.append(#","unchecked":["#)
        first = true
        ws.forEachUnchecked(o) { c in
            if !first { b.append(0x2C) }
            first = false
            if let k = ids.uncheckedJSON[c] { t.append(k, to: b) }
        }
        b.append(#"],"warnings":["#)
        first = true
        for w in ws.warnings {
            if !first { b.append(0x2C) }
            first = false
            var tmp: [UInt8] = []
            ResultEncoding.string(w, &tmp)
            b.append(contentsOf: tmp)
        }
        b.append("]}\n")
    }

    /// Appends one CSV row for outcome `o`; `idCSV` is the learner id already CSV-escaped.
    public func appendCSV(_ o: Outcome, in ws: Workspace, idCSV: UnsafeBufferPointer<UInt8>) {
        let q = o.qualificationIndex
        let b = buffer
        let t = table
        b.append(idCSV)
        b.append(0x2C)
        t.append(ids.qualificationCSV[q], to: b)
        b.append(o.achieved ? "true," : "false,")
        b.append(int: o.credits)
        b.append(0x2C)
        t.append(ids.requiredCreditsCSV[q], to: b)
        t.append(ids.routeCSV[q] + o.pathIndex, to: b)
        b.append(0x2C)
        let unitBase = ids.unitCSV[q]
        appendUnits(o.countedUnits, from: unitBase, separator: 0x3B)
        b.append(0x2C)
        var first = true
        ws.forEachUnmet(o) { d in
            if !first { b.append(0x3B) }
            first = false
            t.append(ids.codeCSV[d.kindIndex], to: b)
        }
        b.append(0x2C)
        if let next = o.nextUnits { appendUnits(next, from: unitBase, separator: 0x3B) }
        b.append(0x0A)
    }

    /// Appends the pre-rendered codes of `units` (fragments `base + i` of the table), `separator` between.
    private func appendUnits(_ units: UnitMask, from base: Int, separator: UInt8) {
        var first = true
        units.forEach { i in
            if !first { buffer.append(separator) }
            first = false
            table.append(base + i, to: buffer)
        }
    }
}

/// A ``MessageSink`` that appends JSON-escaped UTF-8 to a ``ByteBuffer``.
public struct JSONByteSink: MessageSink {
    public let buffer: ByteBuffer
    public init(_ buffer: ByteBuffer) { self.buffer = buffer }

    public mutating func literal(_ s: StaticString) { buffer.append(s) }
    public mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { u in
            var clean = true
            for c in u where c == 0x22 || c == 0x5C || c < 0x20 { clean = false; break }
            if clean { buffer.append(u); return }
            var tmp: [UInt8] = []
            ResultEncoding.string(String(decoding: u, as: UTF8.self), &tmp)
            tmp.withUnsafeBufferPointer { buffer.append(UnsafeBufferPointer(rebasing: $0.dropFirst().dropLast())) }
        }
    }
    public mutating func int(_ n: Int) { buffer.append(int: n) }
    public mutating func hours(_ h: Double) {
        if h == h.rounded(), abs(h) < 1e15 { buffer.append(int: Int(h)); return }
        let twice = h * 2
        if twice == twice.rounded(), abs(h) < 1e15 {
            if h < 0 { buffer.append(0x2D) }
            buffer.append(int: Int(abs(h)))
            buffer.append(".5")
            return
        }
        buffer.append(contentsOf: Array(Hours(h).description.utf8))
    }
    public mutating func date(_ dayNumber: Int) {
        let d = CalendarDate(dayNumber: dayNumber)
        let p = buffer.reserve(10)
        let y = d.year
        p[0] = UInt8(48 + y / 1000 % 10); p[1] = UInt8(48 + y / 100 % 10); p[2] = UInt8(48 + y / 10 % 10); p[3] = UInt8(48 + y % 10)
        p[4] = 0x2D; p[5] = UInt8(48 + d.month / 10); p[6] = UInt8(48 + d.month % 10)
        p[7] = 0x2D; p[8] = UInt8(48 + d.day / 10); p[9] = UInt8(48 + d.day % 10)
        buffer.commit(10)
    }
}
