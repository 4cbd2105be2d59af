@_spi(Engine) import QualKitCore
/// Writes results straight from compact `Outcome` values into a byte buffer, as JSON Lines or CSV,
/// byte for byte what ``ResultEncoding`` writes for the equivalent `EvaluationResult`, without building
/// strings or arrays per result. One per thread.
@_spi(Engine) public final class ResultByteWriter {
    public let evaluator: Evaluator
    private(set) var table: FragmentTable
    let ids: Ids
    /// Per qualification: the index in ``table`` of the whole `{"code":…}` object for "missing mandatory
    /// unit" of its unit 0 (the most common unmet requirement, the same bytes every time).
    private(set) var missingUnitJSON: [Int] = []
    /// The output so far.
    public let buffer = ByteBuffer(capacity: 1 << 20)
    var sink: JSONByteSink
    /// `,"unit":` and `,"group":` in an unmet requirement's object.
    private(set) var unitKeyJSON: [UInt8] = []
    private(set) var groupKeyJSON: [UInt8] = []
    /// The fields written, in order.
    let jsonFields = ResultField.jsonLines
    let csvFields = ResultField.csv

    /// Indexes of the pre-rendered pieces in ``table``.
    struct Ids {
        var keyJSON: [Int] = []             // per ResultField: {"key": for the first field, ,"key": otherwise
        var qualificationJSON: [Int] = []   // "ID"
        var qualificationCSV: [Int] = []    // ID, (CSV-escaped, with the comma)
        var requiredCredits: [Int] = []     // N
        var requiredCreditsCSV: [Int] = []  // N,
        var unitJSON: [Int] = []            // per qualification: first index of "CODE" for unit 0
        var unitCSV: [Int] = []
        var routeJSON: [Int] = []           // per qualification: first index, per path: "label" or null
        var routeCSV: [Int] = []
        var groupJSON: [Int] = []
        var codeJSON: [Int] = []            // per kind: {"code":"CODE","message":"
        var codeCSV: [Int] = []
        var uncheckedJSON: [Int] = []       // per UncheckedCode: "code"
    }

    public init(evaluator e: Evaluator) {
        evaluator = e
        var t = FragmentTable()
        var ids = Ids()
        func json(_ s: String) -> [UInt8] { var o: [UInt8] = []; ResultEncoding.string(s, &o); return o }
        func csv(_ s: String) -> [UInt8] { var o: [UInt8] = []; ResultEncoding.csvField(s, &o); return o }
        for (qi, q) in e.qualifications.enumerated() {
            ids.qualificationJSON.append(t.add(json(q.id.rawValue)))
            ids.qualificationCSV.append(t.add(csv(q.id.rawValue)))
            ids.requiredCredits.append(t.add(Array(String(q.creditValue.value).utf8)))
            ids.requiredCreditsCSV.append(t.add(Array(String(q.creditValue.value).utf8)))
            let n = e.unitCount(qualification: qi)
            ids.unitJSON.append(n == 0 ? 0 : (0..<n).map { t.add(json(e.unitCode(qualification: qi, unit: $0).rawValue)) }[0])
            ids.unitCSV.append(n == 0 ? 0 : (0..<n).map { t.add(Array(e.unitCode(qualification: qi, unit: $0).rawValue.utf8)) }[0])
            let paths = e.pathCount(qualification: qi)
            ids.routeJSON.append((0..<paths).map { t.add(e.routeLabel(qualification: qi, path: $0).map(json) ?? Array("null".utf8)) }[0])
            ids.routeCSV.append((0..<paths).map { t.add(csv(e.routeLabel(qualification: qi, path: $0) ?? "")) }[0])
            let groups = e.groupCount(qualification: qi)
            ids.groupJSON.append(groups == 0 ? 0 : (0..<groups).map { t.add(json(e.group(qualification: qi, index: $0).id.rawValue)) }[0])
        }
        typealias U = UnmetRequirement.CodingKeys
        ids.keyJSON = ResultField.allCases.map { f in t.add([f == ResultField.jsonLines[0] ? 0x7B : 0x2C] + ResultEncoding.jsonKey(f.rawValue)) }
        ids.codeJSON = UnmetCode.allCases.map {
            t.add([0x7B] + ResultEncoding.jsonKey(U.code.rawValue) + json($0.rawValue) + [0x2C] + ResultEncoding.jsonKey(U.message.rawValue) + [0x22])
        }
        ids.codeCSV = UnmetCode.allCases.map { t.add(Array($0.rawValue.utf8)) }
        ids.uncheckedJSON = UncheckedCode.allCases.map { t.add(json($0.rawValue)) }
        unitKeyJSON = [0x2C] + ResultEncoding.jsonKey(U.unit.rawValue)
        groupKeyJSON = [0x2C] + ResultEncoding.jsonKey(U.group.rawValue)
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
        table.append(ids.codeJSON[d.code.index], to: b)
        ws.writeMessage(d, qualification: q, into: &sink)
        b.append(0x22)
        switch d {
        case .missingMandatoryUnit(let i), .practiceHours(let i, _, _), .certificationClosed(let i, _, _), .completionWindow(let i, _, _, _):
            b.append(contentsOf: unitKeyJSON)
            table.append(ids.unitJSON[q] + i, to: b)
        case .groupShort(let g, _, _, _), .groupMaxCredits(let g, _, _):
            b.append(contentsOf: groupKeyJSON)
            table.append(ids.groupJSON[q] + g, to: b)
        default: break
        }
        b.append(0x7D)
    }

    /// Removes everything written so far, keeping the buffer's capacity.
    public func reset() { buffer.removeAll() }

    /// Appends one JSON object and a newline for outcome `o` of the learner loaded in `ws`: the fields of
    /// `ResultField/jsonLines`. `idJSON` is the learner id as JSON string content (escapes intact), e.g.
    /// from ``RecordLoader``.
    public func appendJSON(_ o: Outcome, in ws: Workspace, idJSON: UnsafeBufferPointer<UInt8>) {
        let q = o.qualificationIndex
        let b = buffer
        let t = table
        let unitBase = ids.unitJSON[q]
        for f in jsonFields {
            t.append(ids.keyJSON[f.index], to: b)
            switch f {
            case .learner:
                b.append(0x22); b.append(idJSON); b.append(0x22)
            case .qualification: t.append(ids.qualificationJSON[q], to: b)
            case .achieved: b.append(o.achieved ? "true" : "false")
            case .credits: b.append(int: o.credits)
            case .requiredCredits: t.append(ids.requiredCredits[q], to: b)
            case .countedUnits:
                b.append(0x5B)
                appendUnits(o.countedUnits, from: unitBase, separator: 0x2C)
                b.append(0x5D)
            case .route: t.append(ids.routeJSON[q] + o.pathIndex, to: b)
            case .unmet:
                b.append(0x5B)
                var first = true
                let missingBase = missingUnitJSON[q]
                ws.forEachUnmet(o) { d in
                    if !first { b.append(0x2C) }
                    first = false
                    if case .missingMandatoryUnit(let i) = d { t.append(missingBase + i, to: b) } else { appendUnmet(d, qualification: q, in: ws) }
                }
                b.append(0x5D)
            case .next:
                if let next = o.nextUnits {
                    b.append(0x5B)
                    appendUnits(next, from: unitBase, separator: 0x2C)
                    b.append(0x5D)
                } else {
                    b.append("null")
                }
            case .unchecked:
                b.append(0x5B)
                var first = true
                ws.forEachUnchecked(o) { c in
                    if !first { b.append(0x2C) }
                    first = false
                    t.append(ids.uncheckedJSON[c.index], to: b)
                }
                b.append(0x5D)
            case .warnings:
                b.append(0x5B)
                var first = true
                for w in ws.warnings {
                    if !first { b.append(0x2C) }
                    first = false
                    var tmp: [UInt8] = []
                    ResultEncoding.string(w.message, &tmp)
                    b.append(contentsOf: tmp)
                }
                b.append(0x5D)
            }
        }
        b.append("}\n")
    }

    /// Appends one CSV row of `ResultField/csv` for outcome `o`; `idCSV` is the learner id already
    /// CSV-escaped.
    public func appendCSV(_ o: Outcome, in ws: Workspace, idCSV: UnsafeBufferPointer<UInt8>) {
        let q = o.qualificationIndex
        let b = buffer
        let t = table
        let unitBase = ids.unitCSV[q]
        var firstField = true
        for f in csvFields {
            if !firstField { b.append(0x2C) }
            firstField = false
            switch f {
            case .learner: b.append(idCSV)
            case .qualification: t.append(ids.qualificationCSV[q], to: b)
            case .achieved: b.append(o.achieved ? "true" : "false")
            case .credits: b.append(int: o.credits)
            case .requiredCredits: t.append(ids.requiredCreditsCSV[q], to: b)
            case .route: t.append(ids.routeCSV[q] + o.pathIndex, to: b)
            case .countedUnits: appendUnits(o.countedUnits, from: unitBase, separator: 0x3B)
            case .unmet:
                var first = true
                ws.forEachUnmet(o) { d in
                    if !first { b.append(0x3B) }
                    first = false
                    t.append(ids.codeCSV[d.code.index], to: b)
                }
            case .next: if let next = o.nextUnits { appendUnits(next, from: unitBase, separator: 0x3B) }
            case .unchecked:
                var first = true
                ws.forEachUnchecked(o) { c in
                    if !first { b.append(0x3B) }
                    first = false
                    b.append(contentsOf: Array(c.rawValue.utf8))
                }
            case .warnings:
                var tmp: [UInt8] = []
                ResultEncoding.csvField(ws.warnings.map(\.message).joined(separator: ";"), &tmp)
                b.append(contentsOf: tmp)
            }
        }
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
@_spi(Engine) public struct JSONByteSink: MessageSink {
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
