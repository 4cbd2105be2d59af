import Foundation
import QualKitCore

/// The variables each template is given, built from the report's values. The keys are the contract of
/// the *HTML reports* article: a template may rely on them, so a key is renamed or removed only with a
/// note in the changelog.
enum ReportContext {
    /// Where a learner's worksheet is, relative to the page that links to it, or `nil` when none was written.
    typealias Link = (LearnerReference) -> String?

    // MARK: - Dashboard

    static func dashboard(
        _ statistics: CohortStatistics, file: String, link: Link, worksheetIndexHref: String?,
        worksheetCount: Int
    ) -> [String: Any] {
        let qualifications = statistics.qualifications.enumerated().map { index, q -> [String: Any] in
            var entry: [String: Any] = [
                "id": q.qualification.rawValue, "title": q.title, "anchor": "q\(index + 1)",
                "evaluated": q.evaluated, "achieved": list(q.achieved, link),
                "achievedPercent": percent(q.achieved.count, of: q.evaluated),
                "notAchieved": q.evaluated - q.achieved.count,
                "blocking": q.blocking.map { b -> [String: Any] in
                    var row: [String: Any] = ["code": b.code.rawValue, "learners": list(b.learners, link)]
                    if let subject = b.subject { row["subject"] = subject }
                    return row
                },
                "hasBlocking": !q.blocking.isEmpty,
                "completing": q.completingUnits.map {
                    [
                        "unit": $0.unit.rawValue, "name": $0.name,
                        "learners": list($0.learners, link)
                    ] as [String: Any]
                },
                "hasCompleting": !q.completingUnits.isEmpty,
                "oneUnitAway": list(q.oneUnitAway, link),
                "oneUnitAwayPlural": q.oneUnitAway.count == 1 ? "" : "s",
                "oneUnitAwayVerb": q.oneUnitAway.count == 1 ? "s" : "",
                "deadlines": q.deadlines.map {
                    ["days": $0.days, "learners": list($0.learners, link)] as [String: Any]
                },
                "hasDeadlines": !q.deadlines.isEmpty
            ]
            let top = q.blocking.prefix(8)
            if !top.isEmpty {
                entry["blockingChart"] = chart(
                    id: "blocking-\(index + 1)", title: "Unmet requirements blocking learners of \(q.title)",
                    bars: top.map { b in
                        (
                            label: b.code.rawValue + (b.subjectID.map { " \($0)" } ?? ""), value: b.learners.count,
                            text: "\(b.learners.count)",
                            spoken: "\(b.code.rawValue)\(b.subject.map { " (\($0))" } ?? ""): "
                                + "\(b.learners.count) learner\(b.learners.count == 1 ? "" : "s")"
                        )
                    }, maximum: q.evaluated - q.achieved.count, blocking: true)
            }
            return entry
        }
        var context: [String: Any] = [
            "file": file, "learnersEvaluated": statistics.learnersEvaluated,
            "qualificationCount": statistics.qualifications.count, "qualifications": qualifications,
            "rejected": [
                "count": statistics.rejected.count, "hasAny": statistics.rejected.count > 0,
                "hasRest": statistics.rejected.rest > 0, "rest": statistics.rejected.rest,
                "items": statistics.rejected.items.map { ["file": $0.file, "line": $0.line, "message": $0.message] }
            ] as [String: Any],
            "exceptions": statistics.exceptionsUsed.map {
                ["kind": $0.kind.rawValue, "learners": list($0.learners, link)] as [String: Any]
            },
            "hasExceptions": !statistics.exceptionsUsed.isEmpty,
            "hasWorksheets": worksheetCount > 0, "worksheetCount": worksheetCount,
            "achievementChart": chart(
                id: "achievement", title: "Learners who achieved each qualification",
                bars: statistics.qualifications.map { q in
                    let pct = percent(q.achieved.count, of: q.evaluated)
                    return (
                        label: q.qualification.rawValue, value: q.achieved.count, text: "\(pct)%",
                        spoken: "\(q.title): \(q.achieved.count) of \(q.evaluated) (\(pct)%)"
                    )
                }, maximum: statistics.learnersEvaluated, blocking: false)
        ]
        if let asOf = statistics.asOf { context["asOf"] = asOf.description }
        if let worksheetIndexHref { context["worksheetIndexHref"] = worksheetIndexHref }
        return context
    }

    /// A capped list of learners, for the `learner-list` partial.
    static func list(_ learners: CappedList<LearnerReference>, _ link: Link) -> [String: Any] {
        [
            "count": learners.count, "hasAny": learners.count > 0, "plural": learners.count == 1 ? "" : "s",
            "shown": learners.items.count, "rest": learners.rest, "hasRest": learners.rest > 0,
            "items": learners.items.map { who -> [String: Any] in
                var item: [String: Any] = ["learner": who.learner.rawValue, "line": who.line]
                if let href = link(who) { item["href"] = href }
                return item
            }
        ]
    }

    /// A horizontal bar chart for the `chart` partial: each bar's geometry, and the whole as text (the
    /// SVG's `<desc>`), so that the figures are there for a screen reader and in print.
    static func chart(
        id: String, title: String, bars: [(label: String, value: Int, text: String, spoken: String)],
        maximum: Int, blocking: Bool
    ) -> [String: Any] {
        let labelWidth = 250, trackWidth = 330, barHeight = 18, rowHeight = 26
        let longest = max(maximum, bars.map(\.value).max() ?? 0, 1)
        let rows = bars.enumerated().map { i, bar -> [String: Any] in
            let y = 6 + i * rowHeight
            return [
                "label": String(bar.label.prefix(40)), "valueLabel": bar.text, "x": labelWidth, "y": y,
                "textY": y + 14, "barHeight": barHeight, "trackWidth": trackWidth,
                "barWidth": bar.value * trackWidth / longest, "valueX": labelWidth + trackWidth + 8,
                "blocking": blocking
            ]
        }
        return [
            "id": id, "title": title, "width": labelWidth + trackWidth + 70, "height": 12 + bars.count * rowHeight,
            "bars": rows, "description": bars.map(\.spoken).joined(separator: "; ") + "."
        ]
    }

    // MARK: - Worksheet

    static func worksheet(
        _ sheet: LearnerWorksheet, file: String, dashboardHref: String?,
        indexHref: String?
    ) -> [String: Any] {
        let qualifications = sheet.qualifications.enumerated().map { index, q -> [String: Any] in
            let status: WorksheetStatus = q.achieved ? .met : .notMet
            var entry: [String: Any] = [
                "id": q.qualification.rawValue, "title": q.title, "anchor": "q\(index + 1)",
                "achieved": q.achieved, "status": status.rawValue,
                "started": q.achieved || q.credits.value > 0 || !q.exceptionsApplied.isEmpty, "mark": mark(status),
                "statusLabel": q.achieved ? "Achieved" : "Not achieved",
                "credits": q.credits.value, "requiredCredits": q.requiredCredits.value,
                "creditsSentence": q.creditsSentence,
                "creditPercent": min(
                    100,
                    q.requiredCredits.value == 0
                        ? 100
                        : q.credits.value * 100 / q.requiredCredits.value),
                "blocks": q.blocks.map(block),
                "stillNeeded": q.stillNeeded, "hasStillNeeded": !q.stillNeeded.isEmpty,
                "otherUnmet": q.otherUnmet, "hasOtherUnmet": !q.otherUnmet.isEmpty,
                "exceptions": q.exceptionsApplied, "hasExceptions": !q.exceptionsApplied.isEmpty,
                "warnings": q.warnings, "hasWarnings": !q.warnings.isEmpty,
                "unchecked": q.unchecked.map { ["code": $0.code.rawValue, "summary": $0.summary] },
                "hasUnchecked": !q.unchecked.isEmpty,
                "explanation": q.explanation
            ]
            if let route = q.route { entry["route"] = route.rawValue }
            if let next = q.next, !next.isEmpty { entry["next"] = next.map(\.rawValue).joined(separator: ", ") }
            if let deadline = q.deadline, !q.achieved, q.next?.isEmpty == false {
                entry["deadline"] = deadline.description
            }
            return entry
        }
        var context: [String: Any] = [
            "learner": sheet.learner.rawValue, "file": file, "hasLine": sheet.line != nil, "line": sheet.line ?? 0,
            "qualifications": qualifications, "qualificationCount": sheet.qualifications.count,
            "achievedCount": sheet.qualifications.filter(\.achieved).count,
            "hasNotStarted": sheet.qualifications.contains {
                !$0.achieved && $0.credits.value == 0 && $0.exceptionsApplied.isEmpty
            }
        ]
        if let asOf = sheet.asOf { context["asOf"] = asOf.description }
        if let dashboardHref { context["dashboardHref"] = dashboardHref }
        if let indexHref { context["indexHref"] = indexHref }
        return context
    }

    /// A block, for the recursive `block` partial.
    static func block(_ block: WorksheetBlock) -> [String: Any] {
        var entry: [String: Any] = [
            "kind": block.kind?.rawValue ?? "route", "sentence": block.sentence, "status": block.status.rawValue,
            "statusLabel": block.status.label, "mark": mark(block.status),
            "units": block.units.map {
                [
                    "code": $0.code.rawValue, "name": $0.name, "held": $0.held, "mark": $0.held ? "✓" : "✗",
                    "heldLabel": $0.held ? "held" : "not held"
                ] as [String: Any]
            },
            "hasUnits": !block.units.isEmpty, "unmet": block.unmet, "hasUnmet": !block.unmet.isEmpty,
            "children": block.children.map(Self.block)
        ]
        if let p = block.progress {
            let word = p.measure == .credits ? "credits" : "units"
            let label =
                p.isMaximum
                ? "\(p.held) of at most \(p.required) \(word) count"
                : "\(p.held) of \(p.required) \(word)"
            entry["progress"] =
                [
                    "held": p.held, "required": p.required, "measure": p.measure.rawValue, "isMaximum": p.isMaximum,
                    "percent": p.required == 0 ? 100 : min(100, p.held * 100 / p.required), "label": label
                ] as [String: Any]
        }
        return entry
    }

    /// The mark shown with a status word, so that colour is never the only signal.
    static func mark(_ status: WorksheetStatus) -> String {
        switch status {
        case .met: "✓"
        case .partlyMet: "◐"
        case .notMet: "✗"
        case .notFollowed: "–"
        }
    }

    // MARK: - Learner index

    struct IndexEntry {
        var learner: String
        var line: Int
        var href: String
        var achieved: Int
        var total: Int
    }

    static func learnerIndex(
        page: Int, entries: [IndexEntry], firstNumber: Int, previousHref: String?,
        nextHref: String?, dashboardHref: String
    ) -> [String: Any] {
        var context: [String: Any] = [
            "page": page, "first": firstNumber, "last": firstNumber + max(0, entries.count - 1),
            "dashboardHref": dashboardHref,
            "entries": entries.map {
                [
                    "learner": $0.learner, "line": $0.line, "href": $0.href,
                    "achieved": $0.achieved, "total": $0.total
                ] as [String: Any]
            }
        ]
        if let previousHref { context["previousHref"] = previousHref }
        if let nextHref { context["nextHref"] = nextHref }
        return context
    }

    /// `62.5` for 5 of 8: one decimal, `0.0` when there are none.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "0.0" : String(format: "%.1f", Double(part) * 100 / Double(whole))
    }
}
