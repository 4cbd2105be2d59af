import QualKitCore

/// ``LearnerDiff`` → the bytes of `qualkit diff`: one JSON object or CSV row per changed qualification. The
/// keys come from `ResultField` and ``QualificationChange/Field``.
package enum DiffEncoding {
    /// `learner,qualification,change,from_achieved,…,to_unmet` and a line break.
    package static let csvHeader: String = {
        let sides = [QualificationChange.Field.from, .to].flatMap { side in
            QualificationChange.Side.fields.map { "\(side.rawValue)_\($0.rawValue)" }
        }
        return
            ([
                ResultField.learner.rawValue, ResultField.qualification.rawValue,
                QualificationChange.Field.change.rawValue
            ] + sides)
            .joined(separator: ",") + "\n"
    }()

    private static let keys:
        (learner: [UInt8], qualification: [UInt8], change: [UInt8], from: [UInt8], to: [UInt8], side: [[UInt8]]) = (
            ResultEncoding.jsonKey(ResultField.learner.rawValue),
            ResultEncoding.jsonKey(ResultField.qualification.rawValue),
            ResultEncoding.jsonKey(QualificationChange.Field.change.rawValue),
            ResultEncoding.jsonKey(QualificationChange.Field.from.rawValue),
            ResultEncoding.jsonKey(QualificationChange.Field.to.rawValue),
            QualificationChange.Side.fields.map { ResultEncoding.jsonKey($0.rawValue) }
        )

    /// One JSON object per change of `diff`, each on its own line (nothing for a rejected record).
    package static func appendJSON(_ diff: LearnerDiff, to out: inout [UInt8]) {
        guard case .success(let changes) = diff.changes else { return }
        for c in changes {
            out.append(0x7B)
            out.append(contentsOf: keys.learner); ResultEncoding.string(diff.learner.rawValue, &out); out.append(0x2C)
            out.append(contentsOf: keys.qualification); ResultEncoding.string(c.qualification.rawValue, &out);
            out.append(0x2C)
            out.append(contentsOf: keys.change); ResultEncoding.string(c.kind.rawValue, &out); out.append(0x2C)
            out.append(contentsOf: keys.from); side(c.from, &out); out.append(0x2C)
            out.append(contentsOf: keys.to); side(c.to, &out)
            out.append(contentsOf: [0x7D, 0x0A])
        }
    }

    private static func side(_ change: QualificationChange.Side?, _ out: inout [UInt8]) {
        guard let change else { out.append(contentsOf: "null".utf8); return }
        out.append(0x7B)
        for (i, f) in QualificationChange.Side.fields.enumerated() {
            if i > 0 { out.append(0x2C) }
            out.append(contentsOf: keys.side[i])
            switch f {
            case .achieved: out.append(contentsOf: (change.achieved ? "true" : "false").utf8)
            case .credits: ResultEncoding.int(change.credits, &out)
            case .route:
                if let r = change.route {
                    ResultEncoding.string(r.rawValue, &out)
                } else {
                    out.append(contentsOf: "null".utf8)
                }
            case .unmet: ResultEncoding.strings(change.unmet.lazy.map(\.rawValue), &out)
            default: preconditionFailure("a side holds \(QualificationChange.Side.fields)")
            }
        }
        out.append(0x7D)
    }

    /// One CSV row per change of `diff` (a missing side's cells are empty; unmet codes joined with `;`).
    /// Cells that a spreadsheet would run as formulas are guarded unless `exact`
    /// (``ResultEncoding/appendCSV(_:fields:exact:to:)``).
    package static func appendCSV(_ diff: LearnerDiff, exact: Bool = false, to out: inout [UInt8]) {
        guard case .success(let changes) = diff.changes else { return }
        func csvField(_ text: String, _ out: inout [UInt8]) { ResultEncoding.csvField(text, &out, exact: exact) }
        for c in changes {
            csvField(diff.learner.rawValue, &out); out.append(0x2C)
            csvField(c.qualification.rawValue, &out); out.append(0x2C)
            out.append(contentsOf: c.kind.rawValue.utf8)
            for s in [c.from, c.to] {
                for f in QualificationChange.Side.fields {
                    out.append(0x2C)
                    guard let s else { continue }
                    switch f {
                    case .achieved: out.append(contentsOf: (s.achieved ? "true" : "false").utf8)
                    case .credits: ResultEncoding.int(s.credits, &out)
                    case .route: if let r = s.route { csvField(r.rawValue, &out) }
                    case .unmet: out.append(contentsOf: s.unmet.map(\.rawValue).joined(separator: ";").utf8)
                    default: preconditionFailure("a side holds \(QualificationChange.Side.fields)")
                    }
                }
            }
            out.append(0x0A)
        }
    }
}
