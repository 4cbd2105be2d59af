import QualKitCore

/// One record of a learner file compared by ``CohortDiff``: the qualifications whose results change, or why
/// the record was rejected.
public struct LearnerDiff: Hashable, Sendable {
    /// 1-based line number of the record.
    public var line: Int
    /// The learner's id (empty for a rejected record).
    public var learner: LearnerID
    /// The changed qualifications, in the order of ``CohortDiff/qualifications`` (empty when the record is
    /// delivered for its warnings only), or the error that rejects the record.
    public var changes: Result<[QualificationChange], LearnerRecordError>
    /// Problems with the record that did not stop it and that one side gives and the other does not (a
    /// unit code or assessment id only one side's packs define), with the reader's own (CSV). Those both
    /// sides give, and evidence dated after a side's as-of date (`after-as-of`), are counted in
    /// ``CohortDiffReport/warnings`` only.
    public var warnings: [EvaluationWarning]
    /// Which side gives each of ``warnings``, in the same order: `.from` or `.to` for a warning of one
    /// side's packs, `.record` for the reader's own (both sides read the same record).
    public var warningSides: [WarningSide]

    /// Where a warning of a compared record comes from.
    public enum WarningSide: String, Hashable, Sendable, CaseIterable {
        /// The record itself, as read (an unknown key): the same for both sides.
        case record
        /// Only the `from` side's packs give it.
        case from
        /// Only the `to` side's packs give it.
        case to
    }

    /// `warningSides` defaults to `.record` for every warning.
    public init(
        line: Int, learner: LearnerID, changes: Result<[QualificationChange], LearnerRecordError>,
        warnings: [EvaluationWarning] = [],
        warningSides: [WarningSide]? = nil
    ) {
        self.line = line; self.learner = learner; self.changes = changes; self.warnings = warnings
        self.warningSides = warningSides ?? Array(repeating: .record, count: warnings.count)
    }
}

/// How one learner's result for one qualification differs between the two sides of a ``CohortDiff``.
public struct QualificationChange: Hashable, Sendable {
    public var qualification: QualificationID
    public var kind: Kind
    /// The `from` side; `nil` when only `to` decides the qualification (``Kind/added``).
    public var from: Side?
    /// The `to` side; `nil` when only `from` decides the qualification (``Kind/removed``).
    public var to: Side?

    public init(qualification: QualificationID, kind: Kind, from: Side?, to target: Side?) {
        self.qualification = qualification; self.kind = kind; self.from = from; self.to = target
    }

    /// What kind of change: its stable name (`gained`, …) is the `change` value of `qualkit diff`.
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        /// Not achieved before, achieved after.
        case gained
        /// Achieved before, not after.
        case lost
        /// The same `achieved`, with different credits, route or unmet codes.
        case changed
        /// Only the `to` side decides the qualification.
        case added
        /// Only the `from` side decides the qualification.
        case removed

        /// The position in declaration order.
        @inlinable package var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
    }

    /// What one side says: the parts of an `EvaluationResult` that are compared.
    public struct Side: Hashable, Sendable {
        public var achieved: Bool
        /// Credits of the distinct achieved units of the qualification (`EvaluationResult/credits`).
        public var credits: Int
        /// The route taken or closest to completion (`EvaluationResult/route`).
        public var route: RouteLabel?
        /// The codes of the unmet requirements, each once, in the order of `UnmetCode.allCases` (empty
        /// when achieved).
        public var unmet: [UnmetCode]

        /// The `EvaluationResult` fields a side holds, in the order `qualkit diff` writes them.
        public static let fields: [ResultField] = [.achieved, .credits, .route, .unmet]

        public init(achieved: Bool, credits: Int, route: RouteLabel?, unmet: [UnmetCode]) {
            self.achieved = achieved; self.credits = credits; self.route = route; self.unmet = unmet
        }

        /// The side of `result`.
        public init(_ result: EvaluationResult) {
            var seen: UInt32 = 0
            var codes: [UnmetCode] = []
            for u in result.unmet { seen |= u.code.bit }
            for c in UnmetCode.allCases where seen & c.bit != 0 { codes.append(c) }
            self.init(achieved: result.achieved, credits: result.credits.value, route: result.route, unmet: codes)
        }
    }

    /// The keys of a `qualkit diff` JSON Lines object besides `ResultField/learner` and
    /// `ResultField/qualification` (and the CSV column prefixes `from_`, `to_`).
    public enum Field: String, CaseIterable, Sendable {
        case change, from, to
    }
}

/// What a ``CohortDiff`` run found.
public struct CohortDiffReport: Hashable, Sendable {
    /// Records evaluated on both sides.
    public var compared = 0
    /// Records rejected (unreadable, or rejected by either side).
    public var rejected = 0
    /// Warnings on the records compared (unknown unit codes or assessment ids).
    public var warnings = 0
    /// Learners with at least one change.
    public var changedLearners = 0
    /// Per compared qualification, in the order of ``CohortDiff/qualifications``.
    public var qualifications: [QualificationDiffSummary]

    public init(qualifications: [QualificationDiffSummary]) { self.qualifications = qualifications }

    /// Whether any learner's results change.
    public var hasChanges: Bool { changedLearners > 0 }

    /// The summary as an aligned text table, one row per qualification, then the totals.
    public func render() -> String {
        let header = ["qualification"] + QualificationChange.Kind.allCases.map(\.rawValue)
        var table = [header]
        for q in qualifications {
            table.append([q.qualification.rawValue] + QualificationChange.Kind.allCases.map { "\(q[$0])" })
        }
        let widths = header.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        var out = ""
        for (i, row) in table.enumerated() {
            let cells = row.enumerated().map { c, s in
                c == 0 ? s.padding(widths[c]) : String(repeating: " ", count: widths[c] - s.count) + s
            }
            out += cells.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
            if i == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        out += "\(compared) learners compared, \(changedLearners) changed, \(rejected) rejected\n"
        return out
    }
}

/// Per qualification: how many learners' results change, by kind.
public struct QualificationDiffSummary: Hashable, Sendable {
    public var qualification: QualificationID
    public var title: String
    /// Learners who achieve it only on the `to` side.
    public var gained = 0
    /// Learners who achieve it only on the `from` side.
    public var lost = 0
    /// Learners whose credits, route or unmet codes change, with the same `achieved`.
    public var changed = 0
    /// Learners compared when only `to` decides it (every learner compared).
    public var added = 0
    /// Learners compared when only `from` decides it.
    public var removed = 0

    public init(qualification: QualificationID, title: String) {
        self.qualification = qualification; self.title = title
    }

    /// The count of `kind`.
    public subscript(kind: QualificationChange.Kind) -> Int {
        get {
            switch kind {
            case .gained: gained
            case .lost: lost
            case .changed: changed
            case .added: added
            case .removed: removed
            }
        }
        set {
            switch kind {
            case .gained: gained = newValue
            case .lost: lost = newValue
            case .changed: changed = newValue
            case .added: added = newValue
            case .removed: removed = newValue
            }
        }
    }
}
