/// Plain-English descriptions of qualifications and rules, as a centre would read them.
public enum PlainEnglish {
    /// One sentence for `rule` of `q`; nested routes are indented on the lines that follow.
    ///
    /// ```
    /// All of these units: 8578-300 Understanding Good Practice in Workplace Coaching (3 credits), …
    /// ```
    public static func describe(_ rule: Rule, in q: Qualification, units: [UnitCode: LearningUnit], indent: String = "") -> [String] {
        rule.definition.describe(RuleWording(qualification: q, units: units), indent: indent)
    }

    /// A qualification's structure: identity, size, delivery, validity and rules of combination.
    public static func describe(_ q: Qualification, units: [UnitCode: LearningUnit], assessments: [AssessmentID: Assessment] = [:]) -> [String] {
        var out: [String] = []
        out.append(q.title)
        out.append("  Id: \(q.id)" + (q.qan.map { "    QAN: \($0)" } ?? "    QAN: none given"))
        out.append("  \(q.level), \(q.creditValue) credits" + (q.size.map { " (\($0))" } ?? ""))
        if let glh = q.guidedLearningHours { out.append("  Guided learning hours: \(glh) (including induction and tutorial support)") }
        if let tqt = q.totalQualificationTime { out.append("  Total qualification time: \(tqt) hours") }
        if let h = q.delivery.minimumInductionHours { out.append("  Induction: at least \(h) hour\(h.value == 1 ? "" : "s")") }
        if let h = q.delivery.minimumTutorialHours { out.append("  Tutorial support: at least \(h) hour\(h.value == 1 ? "" : "s")") }
        let v = q.validity
        if let d = v.operationalStart { out.append("  Operational start: \(d)") }
        if let d = v.registrationEnd { out.append("  Registration end: \(d) (learners must register by then)") }
        if let d = v.certificationEnd { out.append("  Certification end: \(d) (every unit achieved by then)") }
        if let y = v.completionYears { out.append("  To be completed within \(y) years of registration") }
        out.append("")
        out.append("  Rules of combination — a learner needs \(q.creditValue) credits:")
        for r in q.rules { out += describe(r, in: q, units: units, indent: "    ") }
        let practice = q.units.compactMap { c in units[c].flatMap { u in u.minimumPracticeHours.map { (c, $0) } } }
        if !practice.isEmpty {
            out.append("")
            out.append("  Supervised practice:")
            for (c, h) in practice { out.append("    - \(c) requires at least \(h) hours") }
        }
        if !q.assessments.isEmpty || q.assessmentNote != nil {
            out.append("")
            out.append("  Assessment:")
            if let n = q.assessmentNote { out.append("    \(n)") }
            for id in q.assessments {
                guard let a = assessments[id] else { continue }
                out.append("    - \(a.title) (covers \(a.covers.map(\.rawValue).joined(separator: ", ")))")
                if let s = a.markSheet {
                    let secs = s.sections.map { "\($0.title) \($0.minimum)/\($0.maximum)" }.joined(separator: "; ")
                    out.append("      Pass: at least \(s.passMark) of \(s.maximumTotal) overall and the minimum in every section (\(secs)); otherwise REFERRAL")
                }
            }
        }
        if !q.progression.isEmpty {
            out.append("")
            out.append("  Progression:")
            for p in q.progression {
                switch p {
                case .qualification(let id): out.append("    - \(id)")
                case .text(let t): out.append("    - \(t)")
                }
            }
        }
        if !q.notes.isEmpty { out.append(""); out += q.notes.map { "  Note: \($0)" } }
        return out
    }
}

extension PlainEnglish {
    /// A learner's result for one qualification as sentences a centre can read.
    public static func explain(_ r: EvaluationResult, _ q: Qualification) -> [String] {
        var out: [String] = []
        let name = q.title + (q.qan.map { " (\($0))" } ?? "")
        out.append("\(name): \(r.achieved ? "ACHIEVED" : "not achieved")")
        let route = r.route.map { " on route \($0)" } ?? ""
        out.append("  Credits: \(r.credits) held of the \(r.requiredCredits) required\(route).")
        if !r.countedUnits.isEmpty {
            out.append("  Units \(r.achieved ? "counted" : "held towards it"): \(r.countedUnits.map(\.rawValue).joined(separator: ", ")).")
        }
        if !r.exceptionsApplied.isEmpty {
            out.append("  Exceptions used:")
            out += r.exceptionsApplied.map { "    - \(explain($0))" }
        }
        if !r.unmet.isEmpty {
            out.append("  Not met:")
            out += r.unmet.map { "    - \($0.message ?? $0.code.summary)" }
        }
        if !r.achieved {
            let closing: Set<UnmetCode> = [.registrationClosed, .certificationClosed, .completionWindow]
            if let next = r.next {
                if next.isEmpty { out.append("  The units are complete; the requirements above stop the award.") }
                else { out.append("  Next: achieve \(next.map(\.rawValue).joined(separator: ", ")) to complete the units required.") }
            } else if r.unmet.contains(where: { closing.contains($0.code) }) {
                out.append("  It can no longer be completed: the dates above close it.")
            } else if r.unmet.contains(where: { $0.code == .limitExceeded }) {
                out.append("  Not decided within the evaluator's limits.")
            } else {
                out.append("  No further units can complete the rules of combination.")
            }
            if let d = r.deadline, r.next.map({ !$0.isEmpty }) == true { out.append("  Deadline: complete by \(d).") }
        }
        if !r.unchecked.isEmpty { out.append("  Not checked (no data in the record): \(r.unchecked.map(\.rawValue).joined(separator: ", ")).") }
        out += r.warnings.map { "  Warning: \($0)" }
        return out
    }

    /// An exception as a sentence: "Unit 8577-301 counts as achieved by exemption (RPL: portfolio 2014-03)."
    public static func explain(_ x: LearnerException) -> String {
        let u = x.unit?.rawValue ?? "?"
        let what: String = switch x.kind {
        case .exempt: "Unit \(u) counts as achieved by exemption"
        case .substitute: "Unit \(u) counts in place of \(x.substituteFor?.rawValue ?? "?")"
        case .waive:
            switch x.requirement {
            case .practiceHours?: "The supervised practice minimum of unit \(u) is waived"
            case .inductionHours?: "The induction minimum is waived"
            case .tutorialHours?: "The tutorial support minimum is waived"
            case .registrationClosed?: "The registration end date is waived"
            case .certificationClosed?: "The certification end date is waived"
            case .completionWindow?: "The completion window is waived"
            default: "The check \(x.requirement?.rawValue ?? "?") is waived"
            }
        case .extend:
            x.requirement == .certificationClosed ? "The certification end date is extended to \(x.until?.description ?? "?")"
                                                  : "The completion window is extended to \(x.until?.description ?? "?")"
        }
        return "\(what) (\(x.reason))."
    }
}
