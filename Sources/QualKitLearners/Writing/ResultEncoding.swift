/// Output formats for evaluation results.
public enum ResultFormat: String, Sendable, CaseIterable {
    /// One JSON object per learner per qualification.
    case jsonl
    /// One CSV row per learner per qualification, with a header.
    case csv
    /// A readable summary per qualification.
    case table
}

/// Appends results to byte buffers as JSON Lines or CSV, without going through `Codable`.
public enum ResultEncoding {
    /// The CSV header line.
    public static let csvHeader = "learner,qualification,achieved,credits,required_credits,route,counted_units,unmet,next\n"

    /// Appends `r` as one JSON object and a newline. Keys: learner, qualification, achieved, credits,
    /// required_credits, counted_units, route, unmet (objects with code, message and unit/group where
    /// known), next (null when no set of units completes the rules), unchecked, warnings.
    public static func appendJSON(_ r: EvaluationResult, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"learner":"#.utf8); string(r.learner, &out)
        out.append(contentsOf: #","qualification":"#.utf8); string(r.qualification.rawValue, &out)
        out.append(contentsOf: r.achieved ? #","achieved":true"#.utf8 : #","achieved":false"#.utf8)
        out.append(contentsOf: #","credits":"#.utf8); int(r.credits, &out)
        out.append(contentsOf: #","required_credits":"#.utf8); int(r.requiredCredits, &out)
        out.append(contentsOf: #","counted_units":"#.utf8); strings(r.countedUnits.lazy.map(\.rawValue), &out)
        out.append(contentsOf: #","route":"#.utf8)
        if let route = r.route { string(route, &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","unmet":["#.utf8)
        for (i, u) in r.unmet.enumerated() {
            if i > 0 { out.append(0x2C) }
            out.append(contentsOf: #"{"code":"#.utf8); string(u.code, &out)
            out.append(contentsOf: #","message":"#.utf8); string(u.message, &out)
            if let unit = u.unit { out.append(contentsOf: #","unit":"#.utf8); string(unit.rawValue, &out) }
            if let g = u.group { out.append(contentsOf: #","group":"#.utf8); string(g.rawValue, &out) }
            out.append(0x7D)
        }
        out.append(contentsOf: #"],"next":"#.utf8)
        if let next = r.next { strings(next.lazy.map(\.rawValue), &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","unchecked":"#.utf8); strings(r.unchecked, &out)
        out.append(contentsOf: #","warnings":"#.utf8); strings(r.warnings, &out)
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends `r` as one CSV row. Lists are joined with `;`; unmet requirements are their codes.
    public static func appendCSV(_ r: EvaluationResult, to out: inout [UInt8]) {
        csvField(r.learner, &out); out.append(0x2C)
        csvField(r.qualification.rawValue, &out); out.append(0x2C)
        out.append(contentsOf: (r.achieved ? "true" : "false").utf8); out.append(0x2C)
        int(r.credits, &out); out.append(0x2C)
        int(r.requiredCredits, &out); out.append(0x2C)
        csvField(r.route ?? "", &out); out.append(0x2C)
        csvField(r.countedUnits.map(\.rawValue).joined(separator: ";"), &out); out.append(0x2C)
        csvField(r.unmet.map(\.code).joined(separator: ";"), &out); out.append(0x2C)
        csvField(r.next?.map(\.rawValue).joined(separator: ";") ?? "", &out)
        out.append(0x0A)
    }

    static func int(_ n: Int, _ out: inout [UInt8]) {
        if n == 0 { out.append(0x30); return }
        var v = n.magnitude
        if n < 0 { out.append(0x2D) }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var k = 0
        withUnsafeMutableBytes(of: &tmp) { b in
            while v > 0 { b[k] = UInt8(v % 10) + 0x30; v /= 10; k += 1 }
            while k > 0 { k -= 1; out.append(b[k]) }
        }
    }

    static func string(_ s: String, _ out: inout [UInt8]) {
        out.append(0x22)
        for c in s.utf8 {
            switch c {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: out.append(c)
            }
        }
        out.append(0x22)
    }

    static func strings<S: Sequence<String>>(_ xs: S, _ out: inout [UInt8]) {
        out.append(0x5B)
        var first = true
        for x in xs {
            if !first { out.append(0x2C) }
            first = false
            string(x, &out)
        }
        out.append(0x5D)
    }

    /// A CSV field: quoted when it holds a comma, quote or line break; a control character (a NUL, a line
    /// break, DEL) is written as the text `\uXXXX`, so that no byte of an id can break a downstream reader.
    static func csvField(_ s: String, _ out: inout [UInt8]) {
        let needsQuotes = s.utf8.contains { $0 == 0x2C || $0 == 0x22 }
        let hasControl = s.utf8.contains(where: isControl)
        guard needsQuotes || hasControl else { out.append(contentsOf: s.utf8); return }
        if needsQuotes { out.append(0x22) }
        for c in s.utf8 {
            if isControl(c) {
                out.append(contentsOf: Array("\\u00".utf8))
                let hex = Array("0123456789ABCDEF".utf8)
                out.append(hex[Int(c >> 4)]); out.append(hex[Int(c & 15)])
                continue
            }
            if c == 0x22 { out.append(0x22) }
            out.append(c)
        }
        if needsQuotes { out.append(0x22) }
    }

    /// C0 control characters and DEL.
    @inline(__always) static func isControl(_ c: UInt8) -> Bool { c < 0x20 || c == 0x7F }
}

/// Counts per qualification for the `table` format: learners evaluated, achieved, and unmet requirement codes.
public struct EvaluationSummary: Sendable {
    public struct Row: Sendable {
        public var qualification: QualificationID
        public var title: String
        public var evaluated = 0
        public var achieved = 0
        /// Learners stopped by each kind of unmet requirement, by ``UnmetDetail/kindIndex``.
        var kindCounts = [Int](repeating: 0, count: UnmetDetail.codes.count)

        /// Learners stopped by each unmet requirement code.
        public var unmetCounts: [String: Int] {
            var d: [String: Int] = [:]
            for (i, n) in kindCounts.enumerated() where n > 0 { d[UnmetDetail.codes[i]] = n }
            return d
        }

        /// The most frequent unmet requirement code and how many learners it stopped.
        public var mostCommonUnmet: (code: String, count: Int)? {
            var best = -1
            for i in kindCounts.indices where kindCounts[i] > 0 && (best < 0 || kindCounts[i] > kindCounts[best]) { best = i }
            return best < 0 ? nil : (UnmetDetail.codes[best], kindCounts[best])
        }
    }

    /// Per qualification: evaluated, achieved, then one count per kind of unmet requirement (a flat array,
    /// so that counting touches one buffer), after ``pad`` unused elements and followed by as many: each
    /// thread counts into its own summary, and those must not share a cache line.
    private var counts: [Int]
    private static let pad = 16
    private let heads: [(id: QualificationID, title: String)]
    private static let stride = 2 + UnmetDetail.codes.count
    public var learners = 0

    public init(qualifications: [Qualification]) {
        heads = qualifications.map { ($0.id, $0.title) }
        counts = [Int](repeating: 0, count: qualifications.count * Self.stride + 2 * Self.pad)
    }

    /// One row per qualification, in the evaluator's order.
    public var rows: [Row] {
        heads.indices.map { q in
            let base = Self.pad + q * Self.stride
            var r = Row(qualification: heads[q].id, title: heads[q].title, evaluated: counts[base], achieved: counts[base + 1])
            r.kindCounts = Array(counts[(base + 2)..<(base + Self.stride)])
            return r
        }
    }

    /// Adds one result; `index` is the qualification's position in the evaluator.
    public mutating func add(_ r: EvaluationResult, index: Int) {
        let base = Self.pad + index * Self.stride
        counts[base] += 1
        if r.achieved { counts[base + 1] += 1 }
        var seen: Set<String> = []
        for u in r.unmet where seen.insert(u.code).inserted {
            if let k = UnmetDetail.codes.firstIndex(of: u.code) { counts[base + 2 + k] += 1 }
        }
    }

    /// Adds one outcome of the learner loaded in `ws`, without allocating.
    public mutating func add(_ o: Outcome, in ws: Workspace) {
        let base = Self.pad + o.qualificationIndex * Self.stride
        let kinds = o.achieved ? 0 : ws.unmetKinds(o)
        counts.withUnsafeMutableBufferPointer { c in
            c[base] += 1
            if o.achieved { c[base + 1] += 1; return }
            var k = kinds
            while k != 0 {
                c[base + 2 + k.trailingZeroBitCount] += 1
                k &= k - 1
            }
        }
    }

    public mutating func merge(_ other: EvaluationSummary) {
        learners += other.learners
        if other.heads.isEmpty { return }
        precondition(other.counts.count == counts.count, "merging summaries of different qualifications")
        for i in counts.indices { counts[i] += other.counts[i] }
    }

    /// The summary as an aligned text table.
    public func render() -> String {
        let header = ["qualification", "evaluated", "achieved", "%", "most common unmet requirement"]
        var table: [[String]] = [header]
        for r in rows {
            let pct = r.evaluated == 0 ? "-" : String(format1(Double(r.achieved) * 100 / Double(r.evaluated)))
            let common = r.mostCommonUnmet.map { "\($0.code) (\($0.count))" } ?? "-"
            table.append([r.qualification.rawValue, "\(r.evaluated)", "\(r.achieved)", pct, common])
        }
        let widths = header.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        var out = ""
        for (i, row) in table.enumerated() {
            let cells = row.enumerated().map { c, s in
                c == 0 || c == 4 ? s.padding(widths[c]) : String(repeating: " ", count: widths[c] - s.count) + s
            }
            out += cells.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
            if i == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        out += "\(learners) learners\n"
        return out
    }

    func format1(_ x: Double) -> String {
        let t = (x * 10).rounded() / 10
        return t == t.rounded() ? "\(Int(t)).0" : "\(t)"
    }
}

extension String {
    func padding(_ n: Int) -> String { self + String(repeating: " ", count: max(0, n - count)) }
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
