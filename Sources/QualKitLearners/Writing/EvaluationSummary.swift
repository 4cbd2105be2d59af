import QualKitEngine
import QualKitCore
/// Counts per qualification for the `table` format: learners evaluated, achieved, and unmet requirement codes.
public struct EvaluationSummary: Sendable {
    public struct Row: Sendable {
        public var qualification: QualificationID
        public var title: String
        /// The version of the qualification's rules the row counts (`"1"` for a qualification with one).
        public var version: String = "1"
        public var evaluated = 0
        public var achieved = 0
        /// Learners stopped by each kind of unmet requirement, by `UnmetCode/index`.
        var kindCounts = [Int](repeating: 0, count: UnmetCode.allCases.count)

        /// Learners stopped by each unmet requirement code.
        public var unmetCounts: [UnmetCode: Int] {
            var d: [UnmetCode: Int] = [:]
            for c in UnmetCode.allCases where kindCounts[c.index] > 0 { d[c] = kindCounts[c.index] }
            return d
        }

        /// The most frequent unmet requirement code and how many learners it stopped (the first in code order
        /// on a tie).
        public var mostCommonUnmet: UnmetCount? {
            var best: UnmetCode?
            for c in UnmetCode.allCases
            where kindCounts[c.index] > 0 && (best == nil || kindCounts[c.index] > kindCounts[best!.index]) {
                best = c
            }
            return best.map { UnmetCount(code: $0, count: kindCounts[$0.index]) }
        }

        /// An unmet requirement code and how many learners it stopped.
        public struct UnmetCount: Hashable, Sendable {
            public var code: UnmetCode
            public var count: Int
            public init(code: UnmetCode, count: Int) { self.code = code; self.count = count }
        }
    }

    /// Per qualification: evaluated, achieved, then one count per kind of unmet requirement (a flat array,
    /// so that counting touches one buffer), after ``pad`` unused elements and followed by as many: each
    /// thread counts into its own summary, and those must not share a cache line.
    private var counts: [Int]
    private static let pad = 16
    /// One per version of each qualification (a qualification with one version has one), in order.
    private let heads: [(id: QualificationID, title: String, version: String, versioned: Bool)]
    /// Per qualification: the index in ``heads`` of its first version.
    private let firstHead: [Int]
    private static let stride = 2 + UnmetCode.allCases.count
    public var learners = 0

    /// A summary of `qualifications` (an evaluator's `Evaluator/qualifications`), with a row for each
    /// version of a qualification that has several.
    public init(qualifications: [Qualification]) {
        var heads: [(id: QualificationID, title: String, version: String, versioned: Bool)] = [], first: [Int] = []
        for q in qualifications {
            first.append(heads.count)
            heads += q.allVersions.map { ($0.id, $0.title, $0.version, q.hasVersions) }
        }
        self.heads = heads
        firstHead = first
        counts = [Int](repeating: 0, count: heads.count * Self.stride + 2 * Self.pad)
    }

    /// One row per qualification, in the evaluator's order; one per version of a qualification that has several.
    public var rows: [Row] {
        heads.indices.map { q in
            let base = Self.pad + q * Self.stride
            var r = Row(
                qualification: heads[q].id, title: heads[q].title, version: heads[q].version, evaluated: counts[base],
                achieved: counts[base + 1])
            r.kindCounts = Array(counts[(base + 2)..<(base + Self.stride)])
            return r
        }
    }

    /// Adds one result; `index` is the qualification's position in the evaluator (its row is that of the
    /// result's `EvaluationResult/version`).
    public mutating func add(_ result: EvaluationResult, index: Int) {
        let first = firstHead[index], end = index + 1 < firstHead.count ? firstHead[index + 1] : heads.count
        let row = (first..<end).first { heads[$0].version == result.version } ?? first
        let base = Self.pad + row * Self.stride
        counts[base] += 1
        if result.achieved { counts[base + 1] += 1 }
        var seen: UInt32 = 0
        for u in result.unmet where seen & u.code.bit == 0 {
            seen |= u.code.bit
            counts[base + 2 + u.code.index] += 1
        }
    }

    /// Adds one outcome of the learner loaded in `workspace`, without allocating.
    package mutating func add(_ outcome: Outcome, in workspace: Workspace) {
        let base = Self.pad + outcome.qualificationIndex * Self.stride
        let kinds = outcome.achieved ? 0 : workspace.unmetKinds(outcome)
        counts.withUnsafeMutableBufferPointer { c in
            c[base] += 1
            if outcome.achieved { c[base + 1] += 1; return }
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
            let versioned = heads.contains { $0.id == r.qualification && $0.versioned }
            let name =
                versioned
                ? VersionReference(qualification: r.qualification, version: r.version).description
                : r.qualification.rawValue
            table.append([name, "\(r.evaluated)", "\(r.achieved)", pct, common])
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

    func format1(_ value: Double) -> String {
        let t = (value * 10).rounded() / 10
        return t == t.rounded() ? "\(Int(t)).0" : "\(t)"
    }
}

extension String {
    func padding(_ length: Int) -> String { self + String(repeating: " ", count: max(0, length - count)) }
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
