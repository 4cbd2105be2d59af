import QualKitEngine

extension Workspace {
    /// A detail of an unmet requirement, as plain data.
    package enum DetailValue {
        case unit(Int), group(Int), units(UnitMask), level(Level), number(Double), date(Int)
    }

    /// Calls `body` with each structured detail of `detail` (a requirement of qualification `qualificationIndex`),
    /// keyed as in
    /// ``UnmetRequirement/CodingKeys`` and in their order: the one definition of what each kind carries,
    /// for values and byte writers alike.
    package func forEachDetail(
        _ detail: UnmetDetail, qualification qualificationIndex: Int,
        _ body: (UnmetRequirement.CodingKeys, DetailValue) -> Void
    ) {
        switch detail {
        case .missingMandatoryUnit(let u): body(.unit, .unit(u))
        case .practiceHours(let u, let rec, let req):
            body(.unit, .unit(u)); body(.held, .number(rec)); body(.required, .number(req))
        case .groupShort(let g, let have, let need, _):
            body(.group, .group(g)); body(.held, .number(Double(have))); body(.required, .number(Double(need)))
        case .minCredits(let have, let need): body(.held, .number(Double(have))); body(.required, .number(Double(need)))
        case .minCreditsAtLevel(let l, let have, let need):
            body(.level, .level(l)); body(.held, .number(Double(have))); body(.required, .number(Double(need)))
        case .capExceeded(let cap, _, let have, let max):
            let compiled = evaluator.compiled[qualificationIndex]
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
            forEachDetail(
                .capExceeded(cap: cap, code: code, have: held, maximum: max), qualification: qualificationIndex, body)
        case .blockedBar(let m): body(.units, .units(m))
        case .inductionHours(let h, let m), .tutorialHours(let h, let m):
            body(.held, .number(h)); body(.required, .number(m))
        case .registeredBeforeStart(let r, let limit), .registrationClosed(let r, let limit):
            body(.date, .date(r)); body(.limit, .date(limit))
        case .certificationClosed(let u, let day, let end):
            body(.unit, .unit(u)); body(.date, .date(day)); body(.limit, .date(end))
        case .completionWindow(let u, let day, let end):
            body(.unit, .unit(u)); body(.date, .date(day)); body(.limit, .date(end))
        case .certificationExpired(let now, let end), .windowExpired(let now, let end):
            body(.date, .date(now)); body(.limit, .date(end))
        case .limitExceeded(let needed, let max, _):
            body(.required, .number(Double(needed))); body(.maximum, .number(Double(max)))
        }
    }

    /// `detail` as a value, with its sentence when `message` is true.
    package func requirement(_ detail: UnmetDetail, qualification qualificationIndex: Int, message: Bool)
        -> UnmetRequirement
    {
        let cq = evaluator.compiled[qualificationIndex]
        var u = UnmetRequirement.Fields()
        forEachDetail(detail, qualification: qualificationIndex) { key, value in
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
            let details = try UnmetRequirement.Details(code: detail.code, fields: u)
            return UnmetRequirement(
                details, message: message ? self.message(detail, qualification: qualificationIndex) : nil)
        } catch {
            preconditionFailure("forEachDetail gives '\(detail.code)' no '\(error.key.rawValue)'")
        }
    }

    /// The sentence for `detail`, an unmet requirement of qualification `qualificationIndex`.
    package func message(_ detail: UnmetDetail, qualification qualificationIndex: Int) -> String {
        var sink = StringMessageSink()
        writeMessage(detail, qualification: qualificationIndex, into: &sink)
        return sink.text
    }

    /// Writes the sentence for `detail` into `sink`, piece by piece: the one definition of every message, used
    /// for `String` results and byte-level writers alike.
    package func writeMessage<S: MessageSink>(
        _ detail: UnmetDetail, qualification qualificationIndex: Int, into sink: inout S
    ) {
        Workspace.writeMessage(detail, compiled: evaluator.compiled[qualificationIndex], into: &sink)
    }

    static func writeMessage<S: MessageSink>(_ detail: UnmetDetail, compiled: CompiledQualification, into sink: inout S)
    {
        // A rule kind's requirement: its kind words it, and a blocked minimum's clauses name the others.
        if let (kind, shortfall) = ruleShortfall(detail, compiled) {
            kind.writeUnmet(shortfall, into: &sink)
            if case .blockedMinimum(_, _, _, _, _, let others) = detail {
                for (i, other) in others.enumerated() {
                    sink.literal(i == 0 ? ": " : "; ")
                    guard let (otherKind, clause) = ruleShortfall(other, compiled, form: .clause) else { continue }
                    otherKind.writeUnmet(clause, into: &sink)
                }
            }
            return
        }
        switch detail {
        case .missingMandatoryUnit, .groupShort, .minCredits, .minCreditsAtLevel, .capExceeded, .barredCombination,
            .blockedMinimum, .blockedCap, .blockedBar:
            break // a rule kind's, above
        case .practiceHours(let u, let rec, let req):
            sink.literal("unit "); sink.text(compiled.codes[u].rawValue); sink.literal(": "); sink.hours(rec)
            sink.literal(" h of supervised practice, at least "); sink.hours(req); sink.literal(" h required")
        case .unitAssignment:
            sink.literal(
                "each requirement could be met alone, but no way of counting each unit once meets them all together")
        case .inductionHours(let h, let m):
            sink.literal("induction "); sink.hours(h); sink.literal(" h of at least "); sink.hours(m);
            sink.literal(" h")
        case .tutorialHours(let h, let m):
            sink.literal("tutorial support "); sink.hours(h); sink.literal(" h of at least "); sink.hours(m);
            sink.literal(" h")
        case .registeredBeforeStart(let r, let start):
            sink.literal("registered "); sink.date(r)
            sink.literal(", before the qualification's operational start "); sink.date(start)
        case .registrationClosed(let r, let end):
            sink.literal("registered "); sink.date(r); sink.literal(", after the registration end date ");
            sink.date(end)
        case .certificationClosed(let u, let detail, let end):
            sink.literal("unit "); sink.text(compiled.codes[u].rawValue); sink.literal(" achieved "); sink.date(detail)
            sink.literal(", after the certification end date "); sink.date(end)
        case .completionWindow(let u, let detail, let end):
            sink.literal("unit "); sink.text(compiled.codes[u].rawValue); sink.literal(" achieved "); sink.date(detail)
            sink.literal(", after the completion window closed on "); sink.date(end)
        case .certificationExpired(let now, let end):
            sink.literal("as of "); sink.date(now); sink.literal(", the certification end date "); sink.date(end)
            sink.literal(" has passed and the qualification was not completed by then")
        case .windowExpired(let now, let end):
            sink.literal("as of "); sink.date(now); sink.literal(", the completion window closed on "); sink.date(end)
            sink.literal(" and the qualification was not completed within it")
        case .limitExceeded(let needed, let max, let byBudget):
            sink.literal("not decided: the learner's substitutions and unit equivalences offer "); sink.int(needed)
            sink.literal(needed == 1 ? " choice, more than the " : " choices, more than the "); sink.int(max)
            sink.literal(
                byBudget
                    ? " that the learner's budget has left (EvaluationLimits.maximumLearnerSteps)"
                    : " tried (EvaluationLimits.maximumChoices)")
        }
    }

    /// The rule kind that words `detail` and the figures it needs, in `form` (by default the detail's own: a blocked
    /// minimum's, a blocking cap's or bar's clause, else alone); `nil` when no rule kind gives `detail` (hours,
    /// dates, limits, `unit-assignment`).
    private static func ruleShortfall(
        _ detail: UnmetDetail, _ compiled: CompiledQualification,
        form: RuleShortfall.Form? = nil
    ) -> (any RuleDefinition.Type, RuleShortfall)? {
        guard let kind = Rule.kind(unmet: detail.code) else { return nil }
        func subject(ofCap cap: Int) -> (group: String?, level: Level?) {
            switch compiled.capRules[cap].subject(in: compiled) {
            case .group(let group): (compiled.groups[group].title, nil)
            case .level(let level): (nil, level)
            }
        }
        let shortfall: RuleShortfall
        switch detail {
        case .missingMandatoryUnit(let u):
            shortfall = RuleShortfall(form: form ?? .alone, units: [compiled.codes[u]])
        case .groupShort(let g, let have, let need, _):
            shortfall = RuleShortfall(form: form ?? .alone, held: have, limit: need, group: compiled.groups[g].title)
        case .minCredits(let have, let need):
            shortfall = RuleShortfall(form: form ?? .alone, held: have, limit: need)
        case .minCreditsAtLevel(let l, let have, let need):
            shortfall = RuleShortfall(form: form ?? .alone, held: have, limit: need, level: l)
        case .capExceeded(let cap, _, let have, let max), .blockedCap(let cap, _, let have, let max):
            let (group, level) = subject(ofCap: cap)
            let own: RuleShortfall.Form = if case .capExceeded = detail { .alone } else { .clause }
            shortfall = RuleShortfall(form: form ?? own, held: have, limit: max, group: group, level: level)
        case .barredCombination(let m):
            shortfall = RuleShortfall(form: form ?? .alone, units: m.map { compiled.codes[$0] })
        case .blockedBar(let m):
            shortfall = RuleShortfall(form: form ?? .clause, units: m.map { compiled.codes[$0] })
        case .blockedMinimum(_, let g, let l, let countable, let need, _):
            shortfall = RuleShortfall(
                form: form ?? .blocked, held: countable, limit: need,
                group: g.map { compiled.groups[$0].title }, level: l)
        case .practiceHours, .unitAssignment, .inductionHours, .tutorialHours, .registeredBeforeStart,
            .registrationClosed, .certificationClosed, .completionWindow, .certificationExpired, .windowExpired,
            .limitExceeded:
            return nil
        }
        return (kind, shortfall)
    }
}
