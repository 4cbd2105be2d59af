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
        switch d {
        case .missingMandatoryUnit(let u):
            MandatoryUnits.writeMissing(cq.codes[u], into: &s)
        case .practiceHours(let u, let rec, let req):
            s.literal("unit "); s.text(cq.codes[u].rawValue); s.literal(": "); s.hours(rec)
            s.literal(" h of supervised practice, at least "); s.hours(req); s.literal(" h required")
        case .groupShort(let g, let have, let need, let credits):
            if credits {
                MinCreditsFromGroup.writeShort(held: have, required: need, group: cq.groups[g].title, into: &s)
            } else {
                MinUnitsFromGroup.writeShort(held: have, required: need, group: cq.groups[g].title, into: &s)
            }
        case .minCredits(let have, let need):
            MinCredits.writeShort(held: have, required: need, into: &s)
        case .minCreditsAtLevel(let l, let have, let need):
            MinCreditsAtLevel.writeShort(level: l, held: have, required: need, into: &s)
        case .capExceeded(let cap, _, let have, let max):
            cq.capRules[cap].writeExceeded(held: have, maximum: max, in: cq, into: &s)
        case .barredCombination(let m):
            BarredCombination.writeClash(m.map { cq.codes[$0] }, into: &s)
        case .unitAssignment:
            s.literal("each requirement could be met alone, but no way of counting each unit once meets them all together")
        case .blockedMinimum(let code, let g, let l, let countable, let need, let others):
            s.literal("only "); s.int(countable); s.literal(" of the "); s.int(need)
            s.literal(code == .groupMinUnits ? " units" : " credits"); s.literal(" needed")
            writeSubject(code: code, group: g, level: l, cq, into: &s)
            s.literal(" can count")
            for (i, other) in others.enumerated() {
                s.literal(i == 0 ? ": " : "; ")
                writeClause(other, cq, into: &s)
            }
        case .blockedCap, .blockedBar:
            writeClause(d, cq, into: &s)
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

    /// " from Group X", " in all", " at Level 4 or above": what a minimum ranges over.
    private static func writeSubject<S: MessageSink>(code: UnmetCode, group: Int?, level: Level?, _ cq: CompiledQualification,
                                                     into s: inout S) {
        if let group { s.literal(" from "); s.text(cq.groups[group].title) }
        if let level { s.literal(" at "); s.text(level.description); s.literal(" or above") }
        if code == .minCredits { s.literal(" in all") }
    }

    /// A requirement that blocks others, as a clause: what it allows or asks for.
    private static func writeClause<S: MessageSink>(_ d: UnmetDetail, _ cq: CompiledQualification, into s: inout S) {
        switch d {
        case .blockedCap(let cap, _, let held, let max):
            s.literal("at most "); s.int(max); s.literal(" credits")
            switch cq.capRules[cap].subject(in: cq) {
            case .group(let group): s.literal(" from "); s.text(cq.groups[group].title)
            case .level(let level): s.literal(" at "); s.text(level.description); s.literal(" or below")
            }
            s.literal(" may count, and "); s.int(held); s.literal(held == 1 ? " is held" : " are held")
        case .blockedBar(let m):
            s.literal("only one of units ")
            var first = true
            m.forEach { i in
                if !first { s.literal(", ") }
                first = false
                s.text(cq.codes[i].rawValue)
            }
            s.literal(" may count")
        case .blockedMinimum(let code, let g, let l, _, let need, _):
            s.literal("at least "); s.int(need); s.literal(code == .groupMinUnits ? " units" : " credits")
            writeSubject(code: code, group: g, level: l, cq, into: &s)
            s.literal(" must count too")
        default:
            writeMessage(d, compiled: cq, into: &s)
        }
    }
}
