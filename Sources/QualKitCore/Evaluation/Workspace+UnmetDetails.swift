import QualKitEngine

extension Workspace {
    /// A detail of an unmet requirement, as plain data.
    package enum DetailValue {
        case unit(Int), group(Int), units(UnitMask), level(Level), number(Double), date(Int)
    }

    /// Calls `body` with each structured detail of `d` (a requirement of qualification `q`), keyed as in
    /// ``UnmetRequirement/CodingKeys`` and in their order: the one definition of what each kind carries,
    /// for values and byte writers alike.
    package func forEachDetail(_ d: UnmetDetail, qualification q: Int, _ body: (UnmetRequirement.CodingKeys, DetailValue) -> Void) {
        switch d {
        case .missingMandatoryUnit(let u): body(.unit, .unit(u))
        case .practiceHours(let u, let rec, let req): body(.unit, .unit(u)); body(.held, .number(rec)); body(.required, .number(req))
        case .groupShort(let g, let have, let need, _): body(.group, .group(g)); body(.held, .number(Double(have))); body(.required, .number(Double(need)))
        case .minCredits(let have, let need): body(.held, .number(Double(have))); body(.required, .number(Double(need)))
        case .minCreditsAtLevel(let l, let have, let need): body(.level, .level(l)); body(.held, .number(Double(have))); body(.required, .number(Double(need)))
        case .capExceeded(let cap, _, let have, let max):
            let compiled = evaluator.compiled[q]
            switch compiled.capRules[cap].subject(in: compiled) {
            case .group(let group): body(.group, .group(group))
            case .level(let level): body(.level, .level(level))
            }
            body(.held, .number(Double(have))); body(.maximum, .number(Double(max)))
        case .barredCombination(let m): body(.units, .units(m))
        case .unitAssignment: break
        case .blockedMinimum(_, let g, let l, let countable, let need, _):
            if let g { body(.group, .group(g)) }
            if let l { body(.level, .level(l)) }
            body(.held, .number(Double(countable))); body(.required, .number(Double(need)))
        case .blockedCap(let cap, let code, let held, let max):
            forEachDetail(.capExceeded(cap: cap, code: code, have: held, maximum: max), qualification: q, body)
        case .blockedBar(let m): body(.units, .units(m))
        case .inductionHours(let h, let m), .tutorialHours(let h, let m): body(.held, .number(h)); body(.required, .number(m))
        case .registeredBeforeStart(let r, let limit), .registrationClosed(let r, let limit):
            body(.date, .date(r)); body(.limit, .date(limit))
        case .certificationClosed(let u, let day, let end): body(.unit, .unit(u)); body(.date, .date(day)); body(.limit, .date(end))
        case .completionWindow(let u, let day, let end): body(.unit, .unit(u)); body(.date, .date(day)); body(.limit, .date(end))
        case .certificationExpired(let now, let end), .windowExpired(let now, let end): body(.date, .date(now)); body(.limit, .date(end))
        case .limitExceeded(let needed, let max, _): body(.required, .number(Double(needed))); body(.maximum, .number(Double(max)))
        }
    }

    /// `d` as a value, with its sentence when `message` is true.
    package func requirement(_ d: UnmetDetail, qualification q: Int, message: Bool) -> UnmetRequirement {
        let cq = evaluator.compiled[q]
        var u = UnmetRequirement.Fields()
        forEachDetail(d, qualification: q) { key, value in
            switch (key, value) {
            case (.unit, .unit(let i)): u.unit = cq.codes[i]
            case (.group, .group(let g)): u.group = cq.groups[g].id
            case (.units, .units(let m)): u.units = m.map { cq.codes[$0] }
            case (.level, .level(let l)): u.level = l
            case (.held, .number(let x)): u.held = x
            case (.required, .number(let x)): u.required = x
            case (.maximum, .number(let x)): u.maximum = x
            case (.date, .date(let n)): u.date = CalendarDate(dayNumber: n)
            case (.limit, .date(let n)): u.limit = CalendarDate(dayNumber: n)
            default: assertionFailure("detail \(key) with \(value)")
            }
        }
        do {
            let details = try UnmetRequirement.Details(code: d.code, fields: u)
            return UnmetRequirement(details, message: message ? self.message(d, qualification: q) : nil)
        } catch {
            preconditionFailure("forEachDetail gives '\(d.code)' no '\(error.key.rawValue)'")
        }
    }

    /// The sentence for `d`, an unmet requirement of qualification `q`.
    package func message(_ d: UnmetDetail, qualification q: Int) -> String {
        var sink = StringMessageSink()
        writeMessage(d, qualification: q, into: &sink)
        return sink.text
    }

    /// Writes the sentence for `d` into `sink`, piece by piece: the one definition of every message, used
    /// for `String` results and byte-level writers alike.
    package func writeMessage<S: MessageSink>(_ d: UnmetDetail, qualification q: Int, into s: inout S) {
        Workspace.writeMessage(d, compiled: evaluator.compiled[q], into: &s)
    }

    static func writeMessage<S: MessageSink>(_ d: UnmetDetail, compiled cq: CompiledQualification, into s: inout S) {
        // A rule kind's requirement: its kind words it, and a blocked minimum's clauses name the others.
        if let (kind, shortfall) = ruleShortfall(d, cq) {
            kind.writeUnmet(shortfall, into: &s)
            if case .blockedMinimum(_, _, _, _, _, let others) = d {
                for (i, other) in others.enumerated() {
                    s.literal(i == 0 ? ": " : "; ")
                    guard let (otherKind, clause) = ruleShortfall(other, cq, form: .clause) else { continue }
                    otherKind.writeUnmet(clause, into: &s)
                }
            }
            return
        }
        switch d {
        case .missingMandatoryUnit, .groupShort, .minCredits, .minCreditsAtLevel, .capExceeded, .barredCombination,
             .blockedMinimum, .blockedCap, .blockedBar:
            break   // a rule kind's, above
        case .practiceHours(let u, let rec, let req):
            s.literal("unit "); s.text(cq.codes[u].rawValue); s.literal(": "); s.hours(rec)
            s.literal(" h of supervised practice, at least "); s.hours(req); s.literal(" h required")
        case .unitAssignment:
            s.literal("each requirement could be met alone, but no way of counting each unit once meets them all together")
        case .inductionHours(let h, let m):
            s.literal("induction "); s.hours(h); s.literal(" h of at least "); s.hours(m); s.literal(" h")
        case .tutorialHours(let h, let m):
            s.literal("tutorial support "); s.hours(h); s.literal(" h of at least "); s.hours(m); s.literal(" h")
        case .registeredBeforeStart(let r, let start):
            s.literal("registered "); s.date(r)
            s.literal(", before the qualification's operational start "); s.date(start)
        case .registrationClosed(let r, let end):
            s.literal("registered "); s.date(r); s.literal(", after the registration end date "); s.date(end)
        case .certificationClosed(let u, let d, let end):
            s.literal("unit "); s.text(cq.codes[u].rawValue); s.literal(" achieved "); s.date(d)
            s.literal(", after the certification end date "); s.date(end)
        case .completionWindow(let u, let d, let end):
            s.literal("unit "); s.text(cq.codes[u].rawValue); s.literal(" achieved "); s.date(d)
            s.literal(", after the completion window closed on "); s.date(end)
        case .certificationExpired(let now, let end):
            s.literal("as of "); s.date(now); s.literal(", the certification end date "); s.date(end)
            s.literal(" has passed and the qualification was not completed by then")
        case .windowExpired(let now, let end):
            s.literal("as of "); s.date(now); s.literal(", the completion window closed on "); s.date(end)
            s.literal(" and the qualification was not completed within it")
        case .limitExceeded(let needed, let max, let byBudget):
            s.literal("not decided: the learner's substitutions and unit equivalences offer "); s.int(needed)
            s.literal(needed == 1 ? " choice, more than the " : " choices, more than the "); s.int(max)
            s.literal(byBudget
                ? " that the learner's budget has left (EvaluationLimits.maximumLearnerSteps)"
                : " tried (EvaluationLimits.maximumChoices)")
        }
    }

    /// The rule kind that words `d` and the figures it needs, in `form` (by default the detail's own: a blocked
    /// minimum's, a blocking cap's or bar's clause, else alone); `nil` when no rule kind gives `d` (hours,
    /// dates, limits, `unit-assignment`).
    private static func ruleShortfall(_ d: UnmetDetail, _ cq: CompiledQualification,
                                      form: RuleShortfall.Form? = nil) -> (any RuleDefinition.Type, RuleShortfall)? {
        guard let kind = Rule.kind(unmet: d.code) else { return nil }
        func subject(ofCap cap: Int) -> (group: String?, level: Level?) {
            switch cq.capRules[cap].subject(in: cq) {
            case .group(let group): (cq.groups[group].title, nil)
            case .level(let level): (nil, level)
            }
        }
        let shortfall: RuleShortfall
        switch d {
        case .missingMandatoryUnit(let u):
            shortfall = RuleShortfall(form: form ?? .alone, units: [cq.codes[u]])
        case .groupShort(let g, let have, let need, _):
            shortfall = RuleShortfall(form: form ?? .alone, held: have, limit: need, group: cq.groups[g].title)
        case .minCredits(let have, let need):
            shortfall = RuleShortfall(form: form ?? .alone, held: have, limit: need)
        case .minCreditsAtLevel(let l, let have, let need):
            shortfall = RuleShortfall(form: form ?? .alone, held: have, limit: need, level: l)
        case .capExceeded(let cap, _, let have, let max), .blockedCap(let cap, _, let have, let max):
            let (group, level) = subject(ofCap: cap)
            let own: RuleShortfall.Form = if case .capExceeded = d { .alone } else { .clause }
            shortfall = RuleShortfall(form: form ?? own, held: have, limit: max, group: group, level: level)
        case .barredCombination(let m):
            shortfall = RuleShortfall(form: form ?? .alone, units: m.map { cq.codes[$0] })
        case .blockedBar(let m):
            shortfall = RuleShortfall(form: form ?? .clause, units: m.map { cq.codes[$0] })
        case .blockedMinimum(_, let g, let l, let countable, let need, _):
            shortfall = RuleShortfall(form: form ?? .blocked, held: countable, limit: need,
                                      group: g.map { cq.groups[$0].title }, level: l)
        case .practiceHours, .unitAssignment, .inductionHours, .tutorialHours, .registeredBeforeStart,
             .registrationClosed, .certificationClosed, .completionWindow, .certificationExpired, .windowExpired,
             .limitExceeded:
            return nil
        }
        return (kind, shortfall)
    }
}
