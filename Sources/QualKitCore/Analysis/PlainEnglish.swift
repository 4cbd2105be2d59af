import QualKitEngine
/// Plain-English descriptions of qualifications and rules, as a centre would read them.
public enum PlainEnglish {
    /// One sentence for `rule` of `target`; nested routes are indented on the lines that follow.
    ///
    /// ```
    /// All of these units: 8578-300 Understanding Good Practice in Workplace Coaching (3 credits), …
    /// ```
    public static func describe(
        _ rule: Rule, in target: Qualification, units: [UnitCode: LearningUnit], indent: String = ""
    ) -> [String] {
        rule.definition.describe(RuleWording(qualification: target, units: units), indent: indent)
    }

    /// `rules` with each unit listed once among the mandatory lists of a path (the rules outside routes,
    /// and each route with them): a repeat changes nothing, so the description leaves it out, and a
    /// mandatory list left empty goes. The validator warns of a repeat (`repeated-unit`).
    package static func listingEachMandatoryUnitOnce(_ rules: [Rule]) -> [Rule] {
        var outside = Set<UnitCode>()
        func pass(_ rules: [Rule], _ seen: inout Set<UnitCode>, routesWith enclosing: Set<UnitCode>?) -> [Rule] {
            rules.compactMap { rule -> Rule? in
                switch rule {
                case .mandatory(let units):
                    let kept = units.filter { seen.insert($0).inserted }
                    return kept.isEmpty ? nil : .mandatory(kept)
                case .allOf(let inner):
                    return .allOf(pass(inner, &seen, routesWith: enclosing))
                case .anyOf(let routes):
                    guard let enclosing else { return rule } // first pass: routes later
                    return .anyOf(
                        routes.map { route in
                            var r = route
                            var own = enclosing
                            r.rules = pass(route.rules, &own, routesWith: enclosing)
                            return r
                        })
                default:
                    return rule
                }
            }
        }
        _ = pass(rules, &outside, routesWith: nil) // every unit mandatory outside the routes
        var seen = Set<UnitCode>()
        return pass(rules, &seen, routesWith: outside)
    }

    /// The rules of combination of `qualification`, one sentence a line, each mandatory unit listed once;
    /// `describe` prints them, and an Open Badges achievement's criteria are made of them.
    public static func rules(
        of qualification: Qualification, units: [UnitCode: LearningUnit], indent: String = ""
    ) -> [String] {
        listingEachMandatoryUnitOnce(qualification.rules).flatMap {
            describe($0, in: qualification, units: units, indent: indent)
        }
    }

    /// The units of `qualification` that need supervised practice, a sentence each
    /// (`8577-301 requires at least 6 hours`).
    public static func supervisedPractice(
        of qualification: Qualification, units: [UnitCode: LearningUnit]
    ) -> [String] {
        qualification.units.compactMap { code in
            units[code].flatMap { unit in unit.minimumPracticeHours.map { "\(code) requires at least \($0) hours" } }
        }
    }

    /// The classes of `equivalentUnits` (a catalog's, merged: ``QualificationCatalog/equivalenceClasses``)
    /// that have a member among the units of `qualification`, a line each: "8577-301 Title (3 credits) or X1
    /// Title (3 credits)".
    package static func equivalences(
        of qualification: Qualification, units: [UnitCode: LearningUnit],
        equivalentUnits: [[UnitCode]]
    ) -> [String] {
        let wording = RuleWording(qualification: qualification, units: units)
        return qualification.relevantEquivalenceClasses(equivalentUnits).map {
            $0.map(wording.unit).joined(separator: " or ")
        }
    }

    /// A qualification's structure: identity, size, delivery, validity, rules of combination and the classes
    /// of equivalent units among its units (`equivalentUnits`: ``QualificationCatalog/equivalenceClasses``).
    public static func describe(
        _ qualification: Qualification, units: [UnitCode: LearningUnit],
        assessments: [AssessmentID: Assessment] = [:],
        equivalentUnits: [[UnitCode]] = []
    ) -> [String] {
        var out: [String] = []
        out.append(qualification.title)
        out.append("  Id: \(qualification.id)" + (qualification.qan.map { "    QAN: \($0)" } ?? "    QAN: none given"))
        out.append(
            "  \(qualification.level), \(qualification.creditValue) credits"
                + (qualification.size.map { " (\($0))" } ?? ""))
        if let glh = qualification.guidedLearningHours {
            out.append("  Guided learning hours: \(glh) (including induction and tutorial support)")
        }
        if let tqt = qualification.totalQualificationTime { out.append("  Total qualification time: \(tqt) hours") }
        if let h = qualification.delivery.minimumInductionHours {
            out.append("  Induction: at least \(h) hour\(h.value == 1 ? "" : "s")")
        }
        if let h = qualification.delivery.minimumTutorialHours {
            out.append("  Tutorial support: at least \(h) hour\(h.value == 1 ? "" : "s")")
        }
        let v = qualification.validity
        if let d = v.operationalStart { out.append("  Operational start: \(d)") }
        if let d = v.registrationEnd { out.append("  Registration end: \(d) (learners must register by then)") }
        if let d = v.certificationEnd { out.append("  Certification end: \(d) (every unit achieved by then)") }
        if let y = v.completionYears { out.append("  To be completed within \(y) years of registration") }
        out.append("")
        out.append("  Rules of combination — a learner needs \(qualification.creditValue) credits:")
        out += rules(of: qualification, units: units, indent: "    ")
        let classes = equivalences(of: qualification, units: units, equivalentUnits: equivalentUnits)
        if !classes.isEmpty {
            out.append("")
            out.append("  Equivalent units (each class counts once, as any one of its members):")
            out += classes.map { "    - " + $0 }
        }
        let practice = supervisedPractice(of: qualification, units: units)
        if !practice.isEmpty {
            out.append("")
            out.append("  Supervised practice:")
            out += practice.map { "    - " + $0 }
        }
        if !qualification.assessments.isEmpty || qualification.assessmentNote != nil {
            out.append("")
            out.append("  Assessment:")
            if let n = qualification.assessmentNote { out.append("    \(n)") }
            for id in qualification.assessments {
                guard let a = assessments[id] else { continue }
                out.append("    - \(a.title) (covers \(a.covers.map(\.rawValue).joined(separator: ", ")))")
                if let s = a.markSheet {
                    let secs = s.sections.map { "\($0.title) \($0.minimum)/\($0.maximum)" }.joined(separator: "; ")
                    out.append(
                        """
                              Pass: at least \(s.passMark) of \(s.maximumTotal) overall and the minimum in every \
                        section (\(secs)); otherwise REFERRAL
                        """
                    )
                }
            }
        }
        if !qualification.progression.isEmpty {
            out.append("")
            out.append("  Progression:")
            for p in qualification.progression {
                switch p {
                case .qualification(let id): out.append("    - \(id)")
                case .text(let t): out.append("    - \(t)")
                }
            }
        }
        if !qualification.notes.isEmpty { out.append(""); out += qualification.notes.map { "  Note: \($0)" } }
        if qualification.hasVersions { out += versions(of: qualification, units: units) }
        return out
    }
}

extension PlainEnglish {
    /// A learner's result for one qualification as sentences a centre can read.
    public static func explain(_ result: EvaluationResult, _ qualification: Qualification) -> [String] {
        var out: [String] = []
        out.append("\(name(of: qualification)): \(result.achieved ? "ACHIEVED" : "not achieved")")
        if qualification.hasVersions { out.append("  " + versionChosen(result, qualification)) }
        out.append("  " + creditsSentence(result))
        if !result.countedUnits.isEmpty {
            out.append(
                """
                  Units \(result.achieved ? "counted" : "held towards it"): \
                \(result.countedUnits.map(\.rawValue).joined(separator: ", ")).
                """
            )
        }
        if !result.countedAs.isEmpty {
            let pairs = result.countedAs.map { "\($0.held) counted as \($0.countedAs)" }
            out.append("  Equivalent units: \(pairs.joined(separator: "; ")).")
        }
        if !result.exceptionsApplied.isEmpty {
            out.append("  Exceptions used:")
            out += result.exceptionsApplied.map { "    - \(explain($0))" }
        }
        if !result.unmet.isEmpty {
            out.append("  Not met:")
            out += result.unmet.map { "    - \(sentence($0))" }
        }
        out += outlook(result).map { "  " + $0 }
        if let unchecked = uncheckedSentence(result) { out.append("  " + unchecked) }
        out += result.warnings.map { "  Warning: \($0)" }
        return out
    }

    /// The credits a result holds against those required, how many of them count and, when some cannot,
    /// why: "Credits: 23 held of the 20 required, but only 18 can count: at most 6 credits at Level 4 or below
    /// may count, and 11 are held."
    package static func creditsSentence(_ result: EvaluationResult) -> String {
        let route = result.route.map { " on route \($0)" } ?? ""
        let held = "Credits: \(result.credits) held of the \(result.requiredCredits) required"
        if result.achieved {
            let counted = result.countedCredits < result.credits ? ", \(result.countedCredits) of them counted" : ""
            return held + route + counted + "."
        }
        let combination: [UnmetCode] = [
            .groupMinCredits, .groupMinUnits, .groupMaxCredits, .maxCreditsAtLevel,
            .barredCombination, .unitAssignment
        ]
        let inCombination = result.unmet.contains { combination.contains($0.code) }
        // Held credits enough in number but not all able to count towards the total together: how many can.
        let total = result.unmet.lazy.compactMap { u -> (held: Credits, required: Credits)? in
            if case .minCredits(let held, let required) = u.details { return (held, required) } else { return nil }
        }.first
        // An undecided result (`limit-exceeded`) has no assignment to count by.
        let decided = !result.unmet.contains { $0.code == .limitExceeded }
        if decided, result.countedCredits < result.credits {
            let stops: [UnmetCode] = [.groupMaxCredits, .maxCreditsAtLevel, .barredCombination]
            let causes = result.unmet.filter { stops.contains($0.code) }.map(sentence)
            let why =
                causes.isEmpty
                ? (result.route.map { "the others are not units of route \($0), or its caps and bars leave them out" }
                    ?? "the rules of combination do not let the others count")
                : causes.joined(separator: "; ")
            var out = "\(held), but only \(result.countedCredits) can count\(route): \(why)."
            if let total, total.held < result.countedCredits {
                out += " Only \(total.held) of them can count towards the total together (below)."
            } else if result.countedCredits >= result.requiredCredits, inCombination {
                out += " They are not in the combination the rules need (below)."
            }
            return out
        }
        if !decided { return "\(held)\(route); how many can count was not decided (below)." }
        if let total, result.credits >= total.required {
            return "Credits: \(result.credits) held, but only \(total.held) of the \(total.required) required "
                + "can count together\(route) (below)."
        } else if result.credits >= result.requiredCredits, result.next?.isEmpty != true, inCombination {
            return "\(held)\(route), all of which can count, but not in the combination the rules need (below)."
        } else if result.credits >= result.requiredCredits {
            return "\(held)\(route), and all of them can count; what is still needed is below."
        } else {
            return "\(held)\(route)."
        }
    }

    /// A qualification as a centre names it: its title, then its QAN in brackets when it has one.
    package static func name(of qualification: Qualification) -> String {
        qualification.title + (qualification.qan.map { " (\($0))" } ?? "")
    }

    /// An unmet requirement's sentence ("0 of 10 credits from Group 1"), or its code's summary when the
    /// result was made without sentences.
    package static func sentence(_ requirement: UnmetRequirement) -> String {
        requirement.message ?? requirement.code.summary
    }

    /// What lies ahead for a result not achieved, a sentence a line: what to achieve next (or why nothing
    /// can), then the deadline; empty for an achieved result. `explain` and the report's worksheet say it.
    package static func outlook(_ result: EvaluationResult) -> [String] {
        guard !result.achieved else { return [] }
        var out: [String] = []
        let closing = Set(UnmetCode.allCases.filter { Outcome.closingChecks & $0.bit != 0 })
        if let next = result.next {
            if next.isEmpty {
                out.append("The units are complete; the requirements above stop the award.")
            } else {
                out.append(
                    "Next: achieve \(next.map(\.rawValue).joined(separator: ", ")) to complete the units required.")
            }
        } else if result.unmet.contains(where: { closing.contains($0.code) }) {
            out.append("It can no longer be completed: the dates above close it.")
        } else if result.unmet.contains(where: { $0.code == .limitExceeded }) {
            out.append("Not decided within the evaluator's limits.")
        } else {
            out.append("No further units can complete the rules of combination.")
        }
        if let d = result.deadline, result.next.map({ !$0.isEmpty }) == true {
            out.append("Deadline: complete by \(d).")
        }
        return out
    }

    /// "Not checked (no data in the record): tutorial-hours." or `nil` when every check was made.
    package static func uncheckedSentence(_ result: EvaluationResult) -> String? {
        guard !result.unchecked.isEmpty else { return nil }
        return "Not checked (no data in the record): \(result.unchecked.map(\.rawValue).joined(separator: ", "))."
    }

    /// An exception as a sentence: "Unit 8577-301 counts as achieved by exemption (RPL: portfolio 2014-03)."
    public static func explain(_ exception: LearnerException) -> String {
        let u = exception.unit?.rawValue ?? "?"
        let what: String =
            switch exception.kind {
            case .exempt: "Unit \(u) counts as achieved by exemption"
            case .substitute: "Unit \(u) counts in place of \(exception.substituteFor?.rawValue ?? "?")"
            case .waive:
                switch exception.requirement {
                case .practiceHours?: "The supervised practice minimum of unit \(u) is waived"
                case .inductionHours?: "The induction minimum is waived"
                case .tutorialHours?: "The tutorial support minimum is waived"
                case .registeredBeforeStart?: "The operational start date is waived"
                case .registrationClosed?: "The registration end date is waived"
                case .certificationClosed?: "The certification end date is waived"
                case .completionWindow?: "The completion window is waived"
                default: "The check \(exception.requirement?.rawValue ?? "?") is waived"
                }
            case .extend:
                exception.requirement == .certificationClosed
                    ? "The certification end date is extended to \(exception.until?.description ?? "?")"
                    : "The completion window is extended to \(exception.until?.description ?? "?")"
            case .version:
                """
                Version \(exception.version ?? "?") of \(exception.qualification?.rawValue ?? "?") applies, by \
                the learner's choice
                """
            }
        return "\(what) (\(exception.reason))."
    }
}
