import Foundation
/// Consistency checks on a pack that has been read: the stated facts must agree with each other.
public enum PackAnalysis {
    /// Diagnostics for `family`, placed with `locations` recorded while reading.
    public static func check(
        _ family: QualificationFamily, locations: [String: SourceLocation], context: QualificationCatalog,
        limits: EvaluationLimits = .default
    ) -> [Diagnostic] {
        analyse(family, locations: locations, context: context, limits: limits).diagnostics
    }

    /// What ``check(_:locations:context:limits:)`` finds, with the steps the family's qualifications need
    /// together for one learner at the worst, each path charged ``EvaluationLimits/stepsPerPath``
    /// (``EvaluationCost/budgetSteps``, up to where ``EvaluationLimits/maximumPackSteps`` stopped the count).
    package struct Findings {
        package var diagnostics: [Diagnostic]
        package var worstCaseSteps: Int
    }

    package static func analyse(
        _ family: QualificationFamily, locations: [String: SourceLocation],
        context: QualificationCatalog, limits: EvaluationLimits
    ) -> Findings {
        var out: [Diagnostic] = []
        // The pack's budget: each qualification's worst case is worked out within what the ones before it
        // left, and once it is spent the rest are not analysed (a pack of thousands of costly
        // qualifications is rejected in the time of a few).
        var spent = 0, overBudget = false
        let units = Dictionary(family.units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var locations = locations
        func at(_ key: String, _ fallback: String) -> SourceLocation? {
            locations[key] ?? locations[fallback] ?? locations["pack"]
        }
        // Classes of equivalent units count once: the rules are analysed with each class's units barred
        // together, as the evaluator decides them (the classes of the packs loaded so far, merged).
        let classes = QualificationCatalog.mergingEquivalenceClasses(context.equivalentUnits + family.equivalentUnits)
        // A class of this pack that joins units of a qualification loaded before it would change that
        // qualification's rules (a class counts once), which its own validation never saw: an error here.
        if !family.equivalentUnits.isEmpty {
            let before = QualificationCatalog.mergingEquivalenceClasses(context.equivalentUnits)
            for earlier in context.families {
                for q in earlier.qualifications.flatMap(\.allVersions) {
                    let was = Set(
                        QualificationAnalysis.countingEquivalentUnitsOnce(q, classes: before).rules.dropFirst(
                            q.rules.count))
                    let now = QualificationAnalysis.countingEquivalentUnitsOnce(q, classes: classes).rules.dropFirst(
                        q.rules.count)
                    for case .barred(let joined) in now where !was.contains(.barred(joined)) {
                        let own = family.equivalentUnits.firstIndex { !Set(joined).isDisjoint(with: $0) }
                        let names = joined.map(\.rawValue).joined(separator: ", ")
                        out.append(
                            Diagnostic(
                                .unsatisfiableRules, .error,
                                """
                                this class makes units \(names) of qualification \(q.id) (pack '\(earlier.id)', \
                                loaded before this one) equivalent; a class counts once, so it would change that \
                                qualification's rules, which its pack's validation did not see: declare the \
                                equivalence in pack '\(earlier.id)', or leave those units out of this class
                                """,
                                at: own.flatMap { locations["equivalence:\($0)"] } ?? locations["pack"]))
                    }
                }
            }
        }

        for u in family.units {
            if let from = u.availableFrom, let review = u.reviewDate, review < from {
                out.append(
                    Diagnostic(
                        .datesOutOfOrder, .error,
                        """
                        unit \(u.code): review date \(review) is before it is available from \(from); check both \
                        dates
                        """,
                        at: at("unit:\(u.code)/available_from", "unit:\(u.code)")))
            }
        }

        out += versionWindows(family, at: at)
        // Every version of each qualification is checked as a qualification of its own; a problem that a
        // version inherits (the same place, the same check) is reported once.
        var reported = Set<String>()
        for (declared, key, what) in family.qualifications.flatMap(versionsToCheck) {
            let first = out.count
            defer {
                let later = key.contains("@")
                let mine = out[first...].filter { d in
                    reported.insert("\(d.location?.description ?? "")|\(d.id)").inserted || !later
                }
                out.removeSubrange(first...)
                out += mine
            }
            let q = QualificationAnalysis.countingEquivalentUnitsOnce(declared, classes: classes)
            // A bar that a class of equivalent units adds is placed at the class (when this pack declares it).
            for (k, rule) in q.rules.enumerated().dropFirst(declared.rules.count) {
                guard case .barred(let barred) = rule else { continue }
                let own = family.equivalentUnits.firstIndex { !Set(barred).isDisjoint(with: $0) }
                locations[ruleKey(key, [k])] = own.flatMap { locations["equivalence:\($0)"] } ?? locations[key]
            }
            // Size band.
            if let band = SizeBand(credits: q.creditValue), let declared = q.declaredSize, declared != band {
                out.append(
                    Diagnostic(
                        .sizeBandMismatch, .error,
                        """
                        \(what) is declared a \(declared) but its credit value \(q.creditValue) makes it \
                        a\(band == .award ? "n" : "") \(band) \
                        (\(band.creditRange.lowerBound)–\
                        \(band == .diploma ? "" : String(band.creditRange.upperBound)) credits); \
                        fix 'size' or 'credit_value'
                        """,
                        at: at("\(key)/size", key)))
            }
            if let band = SizeBand(credits: q.creditValue) { // what the credit value makes it, not what is declared
                let words: [SizeBand: String] = [.award: "Award", .certificate: "Certificate", .diploma: "Diploma"]
                let named = words.filter { q.title.contains($0.value) }.map(\.key)
                if named.count == 1, named[0] != band {
                    out.append(
                        Diagnostic(
                            .sizeBandMismatch, .warning,
                            """
                            the title of \(what) says \(named[0]) but its credit value \(q.creditValue) makes it \
                            a\(band == .award ? "n" : "") \(band)
                            """,
                            at: at("\(key)/title", key)))
                }
            }
            // A unit named twice in the mandatory lists of one path (the rules outside routes, plus one route).
            for (code, ruleKeyPath) in repeatedMandatoryUnits(q.rules) {
                out.append(
                    Diagnostic(
                        .repeatedUnit, .warning,
                        """
                        \(what) names unit \(code) in more than one 'mandatory' list; a unit counts once, so the \
                        repeat changes nothing: remove it from this list
                        """,
                        at: at(ruleKey(key, ruleKeyPath), key)))
            }
            // Claims larger than their groups.
            let impossible = QualificationAnalysis.impossibleClaims(of: q, units: units)
            for c in impossible {
                out.append(
                    Diagnostic(
                        .unsatisfiableRules, .error,
                        """
                        \(what) asks for \(c.asked) \(c.isCredits ? "credits" : "units") from group \(c.group), \
                        which holds only \(c.available); lower the requirement or add units to the group
                        """,
                        at: at(ruleKey(key, c.path) + "#amount", ruleKey(key, c.path))))
            }
            // Credit value against what the rules produce.
            let mandatory = QualificationAnalysis.mandatoryCredits(of: q, units: units, limits: limits) ?? 0
            if mandatory > q.creditValue.value {
                out.append(
                    Diagnostic(
                        .mandatoryExceedsCreditValue, .error,
                        """
                        the mandatory units of \(what) give \(mandatory) credits, more than its credit value \
                        \(q.creditValue); check the units' credits and 'credit_value'
                        """,
                        at: at("\(key)/credit_value", key)))
            }
            if overBudget { continue }
            // Classes of equivalent units: a learner holding units of each is decided once per way they can
            // count; those ways must fit the choices the evaluator tries, and multiply the worst case.
            let ways = QualificationAnalysis.equivalenceWays(
                of: declared, units: units, classes: classes, limits: limits)
            let classChoices = ways.reduce(0) { $0 + EvaluationLimits.choices(forWays: $1) }
            if classChoices > limits.maximumChoices {
                out.append(
                    Diagnostic(
                        .limitExceeded, .error,
                        """
                        \(what) cannot be evaluated within the limits: its classes of equivalent units can count \
                        in \(ways.map(String.init).joined(separator: " × ")) ways, \(classChoices) choices for a \
                        learner holding a unit of each, more than the \(limits.maximumChoices) the evaluator \
                        tries (EvaluationLimits.maximumChoices, --max-choices); split the classes, or give the \
                        members of a class the same groups
                        """,
                        at: at("\(key)/rules", key)))
                continue
            }
            let multiplier = ways.reduce(1, *)
            var left = limits
            left.maximumSteps = min(limits.maximumSteps, (limits.maximumPackSteps - spent) / multiplier)
            /// Rejects the qualification that takes the pack over its budget, needing `needed` with it.
            func overPackBudget(needed: Int) {
                overBudget = true
                let total = LimitExceeded(.packSteps, maximum: limits.maximumPackSteps, needed: needed)
                out.append(
                    Diagnostic(
                        .limitExceeded, .error,
                        """
                        \(what) takes the pack over its budget: \(total); the qualifications after it \
                        were not analysed. Split the pack, make its rules cheaper, or raise the limit \
                        (PackLoader.Limits.evaluation, or --max-pack-steps)
                        """,
                        at: at("\(key)/rules", key)))
            }
            // With room for the qualification's largest worst case, its cost comes with its achievability
            // (one compilation); near the end of the budget, it is worked out first, within what is left.
            // Each path also takes EvaluationLimits.stepsPerPath (EvaluationCost.budgetSteps).
            var analysed: QualificationAnalysis.Analysed?
            var cost: EvaluationCost?
            if left.maximumSteps < limits.maximumSteps {
                do {
                    cost = try QualificationAnalysis.cost(of: q, units: units, limits: left)
                } catch {
                    if case .limitExceeded(_, let e) = error, e.limit == .steps {
                        overPackBudget(needed: spent + e.needed * multiplier)
                        continue
                    }
                }
            } else {
                analysed = QualificationAnalysis.analysed(q, units: units, limits: limits)
                cost = analysed?.cost
            }
            if let cost {
                let (charge, o1) = cost.budgetSteps.multipliedReportingOverflow(by: multiplier)
                let (sum, o2) = spent.addingReportingOverflow(charge)
                let needed = o1 || o2 ? Int.max : sum
                if needed > limits.maximumPackSteps {
                    overPackBudget(needed: needed)
                    continue
                }
                spent = needed
            }
            switch (analysed ?? QualificationAnalysis.analysed(q, units: units, limits: limits)).achievability {
            case .unsatisfiable:
                let clashes = QualificationAnalysis.clashes(of: q, units: units, limits: limits)
                // Are the clashes all that is wrong? Then removing one side fixes it; else say so too.
                let onlyClashes =
                    !clashes.isEmpty
                    && {
                        if case .minimum = QualificationAnalysis.achievability(
                            of: QualificationAnalysis.removing(clashes.map(\.rule), from: q), units: units,
                            limits: limits)
                        {
                            return true
                        }
                        return false
                    }()
                for c in clashes {
                    let rule = locations[ruleKey(key, c.rule)], listed = c.units.map(\.rawValue).joined(separator: ", ")
                    let by = c.mandatory.map { p in
                        locations[ruleKey(key, p)].map { "the mandatory rule at line \($0.line)" } ?? "a mandatory rule"
                    }
                    let clash = rule.map { "at line \($0.line)" } ?? ""
                    let rule2 = QualificationAnalysis.rules(of: q).first { $0.path == c.rule }?.rule
                    let what2 = rule2?.definition.clashSentence(units: listed, makers: by, location: clash) ?? ""
                    out.append(
                        Diagnostic(
                            .unsatisfiableRules, .error,
                            """
                            \(what) can never be achieved: \(what2); \
                            remove one of the clashing rules\(onlyClashes ? "" : ", and see the next error")
                            """,
                            at: rule ?? at("\(key)/rules", key)))
                }
                if !onlyClashes && impossible.isEmpty { // else those say why
                    out.append(
                        blockingRulesDiagnostic(
                            q, declaredRules: declared.rules.count, what: what, key: key,
                            units: units, limits: limits, locations: locations)
                            ?? Diagnostic(
                                .unsatisfiableRules, .error,
                                """
                                no combination of the units of \(what) meets its rules of combination; check the \
                                groups, minimums and barred combinations
                                """,
                                at: at("\(key)/rules", key)))
                }
            case .limitExceeded(let e):
                out.append(
                    Diagnostic(
                        .limitExceeded, .error,
                        """
                        \(what) cannot be evaluated within the limits: \(e); split overlapping groups, lower \
                        their minimums or raise the limit (PackLoader.Limits.evaluation, or --max-steps / \
                        --max-states / --max-paths)
                        """,
                        at: at(limitRule(q, e.limit).map { ruleKey(key, [$0]) } ?? "\(key)/rules", key)))
            case .minimum(let credits, let set, let glhs):
                if credits != q.creditValue.value, mandatory <= q.creditValue.value {
                    out.append(
                        Diagnostic(
                            .creditValueMismatch, .error,
                            """
                            \(what) states a credit value of \(q.creditValue), but the least its rules of \
                            combination allow is \(credits) \
                            credits\(set.isEmpty ? "" : " (e.g. \(set.map(\.rawValue).joined(separator: ", ")))"); \
                            fix 'credit_value' or the rules
                            """,
                            at: at("\(key)/credit_value", key)))
                }
                if let glh = q.guidedLearningHours {
                    let extra =
                        (q.delivery.minimumInductionHours?.value ?? 0) + (q.delivery.minimumTutorialHours?.value ?? 0)
                    let low = Double(glhs.lowerBound) + extra, high = Double(glhs.upperBound) + extra
                    let stated = Double(glh.value)
                    if stated < low || stated > high {
                        let shown = low == high ? Hours(low).description : "between \(Hours(low)) and \(Hours(high))"
                        out.append(
                            Diagnostic(
                                .glhTotalMismatch, .error,
                                """
                                \(what) states \(glh) guided learning hours, but induction + tutorial support + \
                                the units' GLH add up to \(shown); fix 'guided_learning_hours', the delivery \
                                hours or the units' 'glh'
                                """,
                                at: at("\(key)/guided_learning_hours", key)))
                    }
                }
            }
            if let tqt = q.totalQualificationTime {
                if let glh = q.guidedLearningHours, tqt < glh.value {
                    out.append(
                        Diagnostic(
                            .tqtMismatch, .error,
                            """
                            \(what): total qualification time \(tqt) h is less than its \(glh) guided learning \
                            hours; TQT includes GLH
                            """,
                            at: at("\(key)/total_qualification_time", key)))
                }
                if tqt / 10 != q.creditValue.value {
                    out.append(
                        Diagnostic(
                            .tqtMismatch, .warning,
                            """
                            \(what): total qualification time \(tqt) h implies \(tqt / 10) credits (one credit \
                            per ten hours), but its credit value is \(q.creditValue)
                            """,
                            at: at("\(key)/total_qualification_time", key)))
                }
            }
            // Dates.
            let v = q.validity
            let ordered: [(String, CalendarDate?)] = [
                ("operational_start", v.operationalStart), ("registration_end", v.registrationEnd),
                ("certification_end", v.certificationEnd)
            ]
            let present = ordered.compactMap { k, d in d.map { (k, $0) } }
            for (a, b) in zip(present, present.dropFirst()) where b.1 < a.1 {
                out.append(
                    Diagnostic(
                        .datesOutOfOrder, .error,
                        """
                        \(what): '\(b.0)' \(b.1) is before '\(a.0)' \(a.1); expected operational start ≤ \
                        registration end ≤ certification end
                        """,
                        at: at("\(key)/validity/\(b.0)", key)))
            }
        }

        for a in family.assessments {
            guard let sheet = a.markSheet else { continue }
            let key = "assessment:\(a.id)"
            if sheet.sections.isEmpty {
                out.append(
                    Diagnostic(
                        .markSheetInconsistent, .error,
                        """
                        the mark sheet of assessment \(a.id) has no sections; list each section with its maximum \
                        and minimum
                        """,
                        at: at("\(key)/pass_mark", key)))
                continue
            }
            for (i, s) in sheet.sections.enumerated() where s.minimum > s.maximum {
                out.append(
                    Diagnostic(
                        .markSheetInconsistent, .error,
                        """
                        section \(i + 1) ('\(s.title)') of assessment \(a.id) has minimum \(s.minimum) above its \
                        maximum \(s.maximum); no submission could pass it: copy both from the mark sheet (the \
                        minimum is at most the maximum)
                        """,
                        at: at("\(key)/section:\(i)", key)))
            }
            let maxTotal = sheet.maximumTotal
            let minTotal = sheet.sections.reduce(0) { $0 + $1.minimum }
            if sheet.passMark > maxTotal {
                out.append(
                    Diagnostic(
                        .markSheetInconsistent, .error,
                        """
                        assessment \(a.id) has pass mark \(sheet.passMark), above the \(maxTotal) marks its \
                        sections allow, so no submission could pass; check 'pass_mark' and each section's \
                        'maximum' against the mark sheet
                        """,
                        at: at("\(key)/pass_mark", key)))
            } else if sheet.passMark < minTotal {
                out.append(
                    Diagnostic(
                        .markSheetInconsistent, .warning,
                        """
                        assessment \(a.id) has pass mark \(sheet.passMark), below the \(minTotal) that the \
                        section minima already require, so the pass mark never decides; check 'pass_mark' and \
                        each section's 'minimum' against the mark sheet
                        """,
                        at: at("\(key)/pass_mark", key)))
            }
        }

        // Units that no group, rule or assessment uses.
        var used = Set<UnitCode>()
        func use(_ qualification: Qualification) {
            used.formUnion(qualification.units); qualification.groups.forEach { used.formUnion($0.units) }
        }
        for q in family.qualifications { use(q); q.versions.forEach(use) } // every version's units
        for a in family.assessments { used.formUnion(a.covers) }
        // A unit equivalent to a used one is used through its class.
        for cls in classes where !used.isDisjoint(with: cls) { used.formUnion(cls) }
        for u in family.units where !used.contains(u.code) {
            out.append(
                Diagnostic(
                    .unusedUnit, .warning,
                    """
                    unit \(u.code) is not used by any qualification, group or assessment of the pack; name it in \
                    a rule of combination (or a group a rule names) of the qualification its document lists it \
                    for, or remove it
                    """,
                    at: locations["unit:\(u.code)"]))
        }
        return Findings(diagnostics: out, worstCaseSteps: spent)
    }

    /// Each version of `qualification` with the key its locations are recorded under (`qualification:ID`, later
    /// versions
    /// `qualification:ID@VERSION`) and how messages name it.
    static func versionsToCheck(_ qualification: Qualification) -> [(Qualification, String, String)] {
        qualification.allVersions.enumerated().map { i, v in
            let named = "qualification \(qualification.id) version \(v.version)"
            return i == 0
                ? (
                    v, "qualification:\(qualification.id)",
                    qualification.hasVersions ? named : "qualification \(qualification.id)"
                )
                : (v, "qualification:\(qualification.id)@\(v.version)", named)
        }
    }

    /// The registration windows of each qualification's versions: in order, not overlapping the version
    /// before (its `registration_end`), and without a gap after it unless the version says
    /// `registration_gap: allowed`.
    static func versionWindows(_ family: QualificationFamily, at: (String, String) -> SourceLocation?) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for q in family.qualifications where q.hasVersions {
            let all = q.allVersions
            for i in 1..<all.count {
                let previous = all[i - 1], version = all[i]
                guard let from = version.registrationsFrom else { continue }
                let key = "qualification:\(q.id)@\(version.version)"
                let here = at("\(key)/registrations_from", key)
                let what = "qualification \(q.id) version \(version.version)"
                if let earlier = previous.registrationsFrom, from <= earlier {
                    let message =
                        "\(what) opens to registrations on \(from), not after version \(previous.version) "
                        + "(\(earlier)); list versions in the order of their windows, each opening later"
                    out.append(Diagnostic(.versionWindows, .error, message, at: here))
                    continue
                }
                if let own = version.validity.registrationEnd, own < from {
                    let message =
                        "\(what) opens to registrations on \(from) but its 'registration_end' is \(own) "
                        + "(inherited unless restated), so no learner can register under it; restate 'validity' for "
                        + "the version"
                    out.append(Diagnostic(.versionWindows, .error, message, at: here))
                }
                guard let end = previous.validity.registrationEnd else { continue }
                let dayBefore = CalendarDate(dayNumber: from.dayNumber - 1)
                if end >= from {
                    let message =
                        "version \(previous.version) of qualification \(q.id) takes registrations until \(end) "
                        + "('registration_end'), but version \(version.version) covers registrations from \(from); "
                        + "the windows overlap: end version \(previous.version)'s registrations on \(dayBefore) or "
                        + "move 'registrations_from'"
                    out.append(Diagnostic(.versionWindows, .error, message, at: here))
                } else if end < dayBefore, !version.allowsRegistrationGap {
                    let message =
                        "registrations from \(CalendarDate(dayNumber: end.dayNumber + 1)) to \(dayBefore) fall in "
                        + "no version of qualification \(q.id): version \(previous.version) closes on \(end) and "
                        + "version \(version.version) opens on \(from); write 'registration_gap: allowed' under "
                        + "version \(version.version) if the documents leave this gap"
                    out.append(Diagnostic(.versionWindows, .warning, message, at: here))
                }
            }
        }
        return out
    }

    /// Each unit named again in a `mandatory` list after an earlier mandatory list of the same path
    /// named it (the rules outside routes, then each route with them), with the path of the repeating rule.
    static func repeatedMandatoryUnits(_ rules: [Rule]) -> [(UnitCode, QualificationAnalysis.RulePath)] {
        var out: [(UnitCode, QualificationAnalysis.RulePath)] = []
        var routes: [([Rule], QualificationAnalysis.RulePath)] = []
        func walk(_ rules: [Rule], _ prefix: QualificationAnalysis.RulePath, _ seen: inout Set<UnitCode>) {
            for (i, rule) in rules.enumerated() {
                switch rule {
                case .mandatory(let units):
                    for u in units where !seen.insert(u).inserted { out.append((u, prefix + [i])) }
                case .allOf(let inner):
                    walk(inner, prefix + [i], &seen)
                case .anyOf(let alternatives):
                    // Routes are walked after every rule outside them (a later top-level list counts too).
                    for (r, route) in alternatives.enumerated() { routes.append((route.rules, prefix + [i, r])) }
                default:
                    break
                }
            }
        }
        var outside = Set<UnitCode>()
        walk(rules, [], &outside)
        var done = 0
        while done < routes.count { // nested routes append more
            let (inner, path) = routes[done]
            done += 1
            var seen = outside
            walk(inner, path, &seen)
        }
        return out
    }

    /// The error for a qualification whose rules cannot all be met, naming a minimal set of rules that
    /// clash (``QualificationAnalysis/blockingRules(of:units:limits:)``), at the first of them, with a note
    /// at each; `nil` when that set cannot be worked out within the limits.
    /// Top-level rules from `declaredRules` on are the bars that classes of equivalent units add
    /// (``QualificationAnalysis/countingEquivalentUnitsOnce(_:classes:)``), said as such.
    static func blockingRulesDiagnostic(
        _ qualification: Qualification, declaredRules: Int, what: String, key: String,
        units: [UnitCode: LearningUnit], limits: EvaluationLimits,
        locations: [String: SourceLocation]
    ) -> Diagnostic? {
        let blocking = QualificationAnalysis.blockingRules(of: qualification, units: units, limits: limits)
        guard !blocking.isEmpty else { return nil }
        func sentence(_ placed: QualificationAnalysis.PlacedRule) -> String {
            if placed.path.count == 1, placed.path[0] >= declaredRules, case .barred(let codes) = placed.rule {
                let names = codes.map(\.rawValue)
                let listed =
                    names.count == 2
                    ? names.joined(separator: " and ")
                    : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
                return "\(listed) are equivalent units, and a class of equivalent units counts once"
            }
            return PlainEnglish.describe(placed.rule, in: qualification, units: units).joined(separator: " ")
                .trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        let places = blocking.map { locations[ruleKey(key, $0.path)] }
        // Lines of the file of the first rule; a rule in another file (a class in units.yaml) names its file.
        let firstFile = places.compactMap { $0 }.first?.file
        let lines = places.map { place in
            place.map {
                $0.file == firstFile ? "line \($0.line)" : "\(($0.file as NSString).lastPathComponent) line \($0.line)"
            } ?? "?"
        }
        let message: String
        if blocking.count == 1 {
            message =
                """
                \(what) can never be achieved: no set of its units meets the rule at \(lines[0]) \
                (\(sentence(blocking[0]))); relax it or add units that can meet it
                """
        } else {
            let listed = zip(blocking, lines).map { "\($1) (\(sentence($0)))" }.joined(separator: "; ")
            // Rules in different routes of one `any_of` do not apply together: each route is blocked by some.
            let routesAt = Set(
                QualificationAnalysis.rules(of: qualification).compactMap { placed -> QualificationAnalysis.RulePath? in
                    if case .oneOf = placed.rule.definition.structure { return placed.path }
                    return nil
                })
            let spansRoutes = blocking.indices.contains { i in
                blocking.indices.contains { j in
                    let a = blocking[i].path, b = blocking[j].path
                    return routesAt.contains { r in
                        a.count > r.count && b.count > r.count && Array(a.prefix(r.count)) == r
                            && Array(b.prefix(r.count)) == r
                            && a[r.count] != b[r.count]
                    }
                }
            }
            message =
                spansRoutes
                ? """
                \(what) can never be achieved: with these \(blocking.count) rules no route can be met, though \
                without any one of them one could: \(listed); relax one of them
                """
                : """
                \(what) can never be achieved: no set of its units meets these \(blocking.count) rules together, \
                though without any one of them the rest can be met: \(listed); relax one of them
                """
        }
        let notes = zip(blocking, places).map { placed, location in
            "\(location.map { "\($0): " } ?? "")this rule is one of those that clash: \(sentence(placed))"
        }
        return Diagnostic(
            .unsatisfiableRules, .error, message,
            at: places.compactMap { $0 }.first ?? locations["\(key)/rules"] ?? locations[key], notes: notes)
    }

    /// The location key of the rule at `path` of the qualification whose key is `qualification` (what
    /// `PackBuilder` records while reading).
    static func ruleKey(_ qualification: String, _ path: QualificationAnalysis.RulePath) -> String {
        "\(qualification)/rules/" + path.map(String.init).joined(separator: "/")
    }

    /// The index of the top-level rule that makes `qualification` too costly to evaluate: the first `any_of` when the
    /// routes combine into too many paths, else the first rule whose group shares units with another
    /// group that a rule names (overlaps multiply the work), else `nil`.
    static func limitRule(_ qualification: Qualification, _ limit: LimitExceeded.Limit) -> Int? {
        if limit == .units { return nil } // the qualification as a whole
        if limit == .paths { return qualification.rules.firstIndex { $0.kind == .alternativeRoutes } }
        let named = qualification.rules.map { Set($0.namedGroups) }
        let members = Dictionary(qualification.groups.map { ($0.id, Set($0.units)) }, uniquingKeysWith: { a, _ in a })
        for (i, gs) in named.enumerated() {
            for g in gs {
                let mine = members[g] ?? []
                let others = named.enumerated().flatMap { j, o in o.filter { $0 != g || j != i } }.filter { $0 != g }
                if others.contains(where: { !(members[$0] ?? []).isDisjoint(with: mine) }) { return i }
            }
        }
        return qualification.rules.firstIndex { !$0.namedGroups.isEmpty }
    }
}
