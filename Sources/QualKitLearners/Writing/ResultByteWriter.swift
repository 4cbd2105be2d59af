import QualKitEngine
import QualKitCore
/// Writes results straight from compact `Outcome` values into a byte buffer, as JSON Lines or CSV,
/// byte for byte what ``ResultEncoding`` writes for the equivalent `EvaluationResult`, without building
/// strings or arrays per result. One per thread.
package final class ResultByteWriter {
    package let evaluator: Evaluator
    private(set) var table: FragmentTable
    let ids: Ids
    /// Per qualification: the index in ``table`` of the whole `{"code":…}` object for "missing mandatory
    /// unit" of its unit 0 (the most common unmet requirement, the same bytes every time).
    private(set) var missingUnitJSON: [Int] = []
    /// The output so far.
    package let buffer = ByteBuffer(capacity: 1 << 20)

    /// The bytes written so far (a copy).
    package var output: [UInt8] { Array(buffer.bytes) }
    var sink: JSONByteSink
    /// `,"key":` of each detail key of an unmet requirement, by `UnmetRequirement.CodingKeys` position.
    private(set) var detailKeyJSON: [[UInt8]] = []
    /// The fields written, in order.
    package let jsonFields: [ResultField]
    /// The fields ``appendJSON(_:in:idJSON:)`` walks: ``jsonFields`` without a `version` that directly
    /// follows `qualification`, whose bytes are then part of the qualification's fragment (one copy, not
    /// another field, per result).
    let jsonPlan: [ResultField]
    package let csvFields: [ResultField]
    /// Whether unmet requirements carry their sentence.
    package let messages: Bool

    /// Indexes of the pre-rendered pieces in ``table``.
    struct Ids {
        var keyJSON: [Int] = [] // per ResultField: ,"key":
        var firstKeyJSON: [Int] = [] // per ResultField: {"key":
        var qualificationJSON: [Int] = [] // "ID"
        var qualificationCSV: [Int] = [] // ID, (CSV-escaped, with the comma)
        var versionJSON: [Int] = [] // per compiled version: "LABEL"
        var versionCSV: [Int] = []
        var requiredCredits: [Int] = [] // N
        var requiredCreditsCSV: [Int] = [] // N,
        var unitJSON: [Int] = [] // per qualification: first index of "CODE" for unit 0
        var unitCSV: [Int] = []
        var routeJSON: [Int] = [] // per qualification: first index, per path: "label" or null
        var routeCSV: [Int] = []
        var groupJSON: [Int] = []
        var codeJSON: [Int] = [] // per kind: {"code":"CODE"
        var codeCSV: [Int] = []
        var uncheckedJSON: [Int] = [] // per UncheckedCode: "code"
    }

    /// A writer of `jsonFields` (JSON Lines) or `csvFields` (CSV), in those orders; unmet requirements with
    /// their sentences when `messages` is true.
    package init(
        evaluator engine: Evaluator, jsonFields: [ResultField] = ResultField.jsonLines,
        csvFields: [ResultField] = ResultField.csv,
        messages: Bool = true, csvExact: Bool = false
    ) {
        evaluator = engine
        self.jsonFields = jsonFields
        let fusesVersion = zip(jsonFields, jsonFields.dropFirst()).contains { $0 == .qualification && $1 == .version }
        jsonPlan =
            fusesVersion
            ? jsonFields.enumerated().filter { i, f in !(f == .version && i > 0 && jsonFields[i - 1] == .qualification)
            }.map(\.element)
            : jsonFields
        self.csvFields = csvFields
        self.messages = messages
        var t = FragmentTable()
        var ids = Ids()
        func json(_ text: String) -> [UInt8] { var o: [UInt8] = []; ResultEncoding.string(text, &o); return o }
        func csv(_ text: String) -> [UInt8] {
            var o: [UInt8] = []; ResultEncoding.csvField(text, &o, exact: csvExact); return o
        }
        for (qi, q) in engine.compiledVersions.enumerated() {
            let versionAfter =
                fusesVersion ? [0x2C] + ResultEncoding.jsonKey(ResultField.version.rawValue) + json(q.version) : []
            ids.qualificationJSON.append(t.add(json(q.id.rawValue) + versionAfter))
            ids.qualificationCSV.append(t.add(csv(q.id.rawValue)))
            ids.versionJSON.append(t.add(json(q.version)))
            ids.versionCSV.append(t.add(csv(q.version)))
            ids.requiredCredits.append(t.add(Array(String(q.creditValue.value).utf8)))
            ids.requiredCreditsCSV.append(t.add(Array(String(q.creditValue.value).utf8)))
            let n = engine.unitCount(qualification: qi)
            ids.unitJSON.append(
                n == 0 ? 0 : (0..<n).map { t.add(json(engine.unitCode(qualification: qi, unit: $0).rawValue)) }[0])
            ids.unitCSV.append(
                n == 0 ? 0 : (0..<n).map { t.add(Array(engine.unitCode(qualification: qi, unit: $0).rawValue.utf8)) }[0]
            )
            let paths = engine.pathCount(qualification: qi)
            ids.routeJSON.append(
                (0..<paths).map {
                    t.add(engine.routeLabel(qualification: qi, path: $0).map(json) ?? Array("null".utf8))
                }[0])
            ids.routeCSV.append((0..<paths).map { t.add(csv(engine.routeLabel(qualification: qi, path: $0) ?? "")) }[0])
            let groups = engine.groupCount(qualification: qi)
            ids.groupJSON.append(
                groups == 0
                    ? 0 : (0..<groups).map { t.add(json(engine.group(qualification: qi, index: $0).id.rawValue)) }[0])
        }
        typealias U = UnmetRequirement.CodingKeys
        ids.keyJSON = ResultField.allCases.map { f in t.add([0x2C] + ResultEncoding.jsonKey(f.rawValue)) }
        ids.firstKeyJSON = ResultField.allCases.map { f in t.add([0x7B] + ResultEncoding.jsonKey(f.rawValue)) }
        ids.codeJSON = UnmetCode.allCases.map {
            t.add([0x7B] + ResultEncoding.jsonKey(U.code.rawValue) + json($0.rawValue))
        }
        ids.codeCSV = UnmetCode.allCases.map { t.add(Array($0.rawValue.utf8)) }
        ids.uncheckedJSON = UncheckedCode.allCases.map { t.add(json($0.rawValue)) }
        detailKeyJSON = U.allCases.map { [0x2C] + ResultEncoding.jsonKey($0.rawValue) }
        table = t
        self.ids = ids
        sink = JSONByteSink(buffer)
        let ws = engine.makeWorkspace()
        for qi in engine.compiledVersions.indices {
            var first = 0
            for u in 0..<engine.unitCount(qualification: qi) {
                buffer.removeAll()
                appendUnmet(.missingMandatoryUnit(unit: u), qualification: qi, in: ws)
                let k = table.add(Array(UnsafeBufferPointer(start: buffer.base, count: buffer.count)))
                if u == 0 { first = k }
            }
            missingUnitJSON.append(first)
        }
        buffer.removeAll()
    }

    /// Appends the unmet requirement object for `detail`: code, message (when asked for), details.
    func appendUnmet(_ detail: UnmetDetail, qualification qualificationIndex: Int, in workspace: Workspace) {
        let b = buffer
        let t = table
        t.append(ids.codeJSON[detail.code.index], to: b)
        if messages {
            b.append(contentsOf: detailKeyJSON[UnmetRequirement.CodingKeys.message.index])
            b.append(0x22)
            workspace.writeMessage(detail, qualification: qualificationIndex, into: &sink)
            b.append(0x22)
        }
        workspace.forEachDetail(detail, qualification: qualificationIndex) { key, value in
            b.append(contentsOf: detailKeyJSON[key.index])
            switch value {
            case .unit(let i): t.append(ids.unitJSON[qualificationIndex] + i, to: b)
            case .group(let g): t.append(ids.groupJSON[qualificationIndex] + g, to: b)
            case .units(let m):
                b.append(0x5B)
                appendUnits(m, from: ids.unitJSON[qualificationIndex], separator: 0x2C)
                b.append(0x5D)
            case .level(let l):
                var tmp: [UInt8] = []
                ResultEncoding.string(l.code, &tmp)
                b.append(contentsOf: tmp)
            case .number(let x): sink.hours(x)
            case .date(let day): b.append(0x22); sink.date(day); b.append(0x22)
            }
        }
        b.append(0x7D)
    }

    /// Removes everything written so far, keeping the buffer's capacity.
    package func reset() { buffer.removeAll() }

    /// Appends one JSON object and a newline for outcome `outcome` of the learner loaded in `workspace`: the fields of
    /// `ResultField/jsonLines`. `idJSON` is the learner id as JSON string content (escapes intact), e.g.
    /// from ``RecordLoader``.
    /// ``appendJSON(_:in:idJSON:)`` with the id in any contiguous bytes (an array, a slice).
    package func appendJSON(_ outcome: Outcome, in workspace: Workspace, idJSON: some Collection<UInt8>) {
        if idJSON.withContiguousStorageIfAvailable({ appendJSON(outcome, in: workspace, idJSON: $0) }) == nil {
            Array(idJSON).withUnsafeBufferPointer { appendJSON(outcome, in: workspace, idJSON: $0) }
        }
    }

    package func appendJSON(_ outcome: Outcome, in workspace: Workspace, idJSON: UnsafeBufferPointer<UInt8>) {
        let q = outcome.qualificationIndex
        let b = buffer
        let t = table
        let unitBase = ids.unitJSON[q]
        var firstField = true
        for f in jsonPlan {
            if f == .countedAs { // there only when a unit stood in for another
                if outcome.isAdjusted, appendStandIns(outcome, in: workspace, first: firstField) { firstField = false }
                continue
            }
            t.append(firstField ? ids.firstKeyJSON[f.index] : ids.keyJSON[f.index], to: b)
            firstField = false
            switch f {
            case .learner:
                b.append(0x22); b.append(idJSON); b.append(0x22)
            case .qualification: t.append(ids.qualificationJSON[q], to: b)
            case .version: t.append(ids.versionJSON[q], to: b)
            case .achieved: b.append(outcome.achieved ? "true" : "false")
            case .credits: b.append(int: outcome.credits)
            case .countedCredits: b.append(int: workspace.countedCredits(outcome))
            case .requiredCredits: t.append(ids.requiredCredits[q], to: b)
            case .countedUnits:
                b.append(0x5B)
                appendUnits(outcome.countedUnits, from: unitBase, separator: 0x2C)
                b.append(0x5D)
            case .countedAs: break // above
            case .route: t.append(ids.routeJSON[q] + outcome.pathIndex, to: b)
            case .unmet:
                b.append(0x5B)
                var first = true
                let missingBase = missingUnitJSON[q]
                workspace.forEachUnmet(outcome) { d in
                    if !first { b.append(0x2C) }
                    first = false
                    if case .missingMandatoryUnit(let i) = d {
                        t.append(missingBase + i, to: b)
                    } else {
                        appendUnmet(d, qualification: q, in: workspace)
                    }
                }
                b.append(0x5D)
            case .next:
                if let next = outcome.nextUnits {
                    b.append(0x5B)
                    appendUnits(next, from: unitBase, separator: 0x2C)
                    b.append(0x5D)
                } else {
                    b.append("null")
                }
            case .deadline:
                if let d = workspace.deadlineDay(outcome) {
                    b.append(0x22); sink.date(d); b.append(0x22)
                } else {
                    b.append("null")
                }
            case .exceptionsApplied:
                if workspace.appliedBits(outcome) == 0 {
                    b.append("[]")
                } else {
                    var tmp: [UInt8] = []
                    ResultEncoding.exceptions(workspace.exceptionsApplied(outcome), &tmp)
                    b.append(contentsOf: tmp)
                }
            case .unchecked:
                b.append(0x5B)
                var first = true
                workspace.forEachUnchecked(outcome) { c in
                    if !first { b.append(0x2C) }
                    first = false
                    t.append(ids.uncheckedJSON[c.index], to: b)
                }
                b.append(0x5D)
            case .warnings:
                b.append(0x5B)
                var first = true
                for w in workspace.warnings {
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

    /// Appends one CSV row of `ResultField/csv` for outcome `outcome`; `idCSV` is the learner id already
    /// CSV-escaped.
    /// ``appendCSV(_:in:idCSV:)`` with the id in any contiguous bytes.
    package func appendCSV(_ outcome: Outcome, in workspace: Workspace, idCSV: some Collection<UInt8>) {
        if idCSV.withContiguousStorageIfAvailable({ appendCSV(outcome, in: workspace, idCSV: $0) }) == nil {
            Array(idCSV).withUnsafeBufferPointer { appendCSV(outcome, in: workspace, idCSV: $0) }
        }
    }

    package func appendCSV(_ outcome: Outcome, in workspace: Workspace, idCSV: UnsafeBufferPointer<UInt8>) {
        let q = outcome.qualificationIndex
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
            case .version: t.append(ids.versionCSV[q], to: b)
            case .achieved: b.append(outcome.achieved ? "true" : "false")
            case .credits: b.append(int: outcome.credits)
            case .countedCredits: b.append(int: workspace.countedCredits(outcome))
            case .requiredCredits: t.append(ids.requiredCreditsCSV[q], to: b)
            case .route: t.append(ids.routeCSV[q] + outcome.pathIndex, to: b)
            case .countedUnits: appendUnits(outcome.countedUnits, from: unitBase, separator: 0x3B)
            case .countedAs:
                if outcome.isAdjusted {
                    var tmp: [UInt8] = []
                    ResultEncoding.csvField(
                        workspace.countedAs(outcome).map(\.description).joined(separator: ";"), &tmp)
                    b.append(contentsOf: tmp)
                }
            case .unmet:
                var first = true
                workspace.forEachUnmet(outcome) { d in
                    if !first { b.append(0x3B) }
                    first = false
                    t.append(ids.codeCSV[d.code.index], to: b)
                }
            case .next: if let next = outcome.nextUnits { appendUnits(next, from: unitBase, separator: 0x3B) }
            case .deadline: if let d = workspace.deadlineDay(outcome) { sink.date(d) }
            case .exceptionsApplied:
                if workspace.appliedBits(outcome) != 0 {
                    var tmp: [UInt8] = []
                    ResultEncoding.csvField(
                        workspace.exceptionsApplied(outcome).map(\.description).joined(separator: ";"), &tmp)
                    b.append(contentsOf: tmp)
                }
            case .unchecked:
                var first = true
                workspace.forEachUnchecked(outcome) { c in
                    if !first { b.append(0x3B) }
                    first = false
                    b.append(contentsOf: Array(c.rawValue.utf8))
                }
            case .warnings:
                var tmp: [UInt8] = []
                ResultEncoding.csvField(workspace.warnings.map(\.message).joined(separator: ";"), &tmp)
                b.append(contentsOf: tmp)
            }
        }
        b.append(0x0A)
    }

    /// Appends the `counted_as` key and list of outcome `outcome` when a unit stood in for another (`first`: as
    /// the object's first key); whether it did.
    private func appendStandIns(_ outcome: Outcome, in workspace: Workspace, first: Bool) -> Bool {
        let standIns = workspace.countedAs(outcome)
        guard !standIns.isEmpty else { return false }
        let f = ResultField.countedAs
        table.append(first ? ids.firstKeyJSON[f.index] : ids.keyJSON[f.index], to: buffer)
        var tmp: [UInt8] = []
        ResultEncoding.standIns(standIns.lazy.map { ($0.held.rawValue, $0.countedAs.rawValue) }, &tmp)
        buffer.append(contentsOf: tmp)
        return true
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
package struct JSONByteSink: MessageSink {
    package let buffer: ByteBuffer
    package init(_ buffer: ByteBuffer) { self.buffer = buffer }

    package mutating func literal(_ text: StaticString) { buffer.append(text) }
    package mutating func text(_ text: String) {
        var text = text
        text.withUTF8 { u in
            var clean = true
            for c in u where c == 0x22 || c == 0x5C || c < 0x20 { clean = false; break }
            if clean { buffer.append(u); return }
            var tmp: [UInt8] = []
            ResultEncoding.string(String(decoding: u, as: UTF8.self), &tmp)
            tmp.withUnsafeBufferPointer { buffer.append(UnsafeBufferPointer(rebasing: $0.dropFirst().dropLast())) }
        }
    }
    package mutating func int(_ count: Int) { buffer.append(int: count) }
    package mutating func hours(_ hours: Double) {
        if hours == hours.rounded(), abs(hours) < 1e15 { buffer.append(int: Int(hours)); return }
        let twice = hours * 2
        if twice == twice.rounded(), abs(hours) < 1e15 {
            if hours < 0 { buffer.append(0x2D) }
            buffer.append(int: Int(abs(hours)))
            buffer.append(".5")
            return
        }
        buffer.append(contentsOf: Array(Hours(hours).description.utf8))
    }
    package mutating func date(_ dayNumber: Int) {
        let d = CalendarDate(dayNumber: dayNumber)
        let p = buffer.reserve(10)
        let y = d.year
        p[0] = UInt8(48 + y / 1000 % 10); p[1] = UInt8(48 + y / 100 % 10); p[2] = UInt8(48 + y / 10 % 10);
        p[3] = UInt8(48 + y % 10)
        p[4] = 0x2D; p[5] = UInt8(48 + d.month / 10); p[6] = UInt8(48 + d.month % 10)
        p[7] = 0x2D; p[8] = UInt8(48 + d.day / 10); p[9] = UInt8(48 + d.day % 10)
        buffer.commit(10)
    }
}
