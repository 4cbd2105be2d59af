import QualKitEngine
/// One unmet requirement as plain data: what both the sentence builder and byte-level writers start from.
///
/// Unit indexes are local to the qualification (``Evaluator/unitCode(qualification:unit:)``); group
/// indexes name the qualification's compiled groups (``Evaluator/group(qualification:index:)``); days are
/// ``CalendarDate/dayNumber`` values.
package enum UnmetDetail: Hashable, Sendable {
    case missingMandatoryUnit(unit: Int)
    case practiceHours(unit: Int, recorded: Double, required: Double)
    case groupShort(group: Int, have: Int, need: Int, isCredits: Bool)
    case minCredits(have: Int, need: Int)
    case minCreditsAtLevel(level: Level, have: Int, need: Int)
    /// The mandatory units alone give `have` credits where cap `cap` (an index into the compiled
    /// qualification's cap rules, whose kind gives `code`) lets at most `maximum` count.
    case capExceeded(cap: Int, code: UnmetCode, have: Int, maximum: Int)
    case barredCombination(units: UnitMask)
    case unitAssignment
    case inductionHours(have: Double, need: Double)
    case tutorialHours(have: Double, need: Double)
    case registrationClosed(registered: Int, end: Int)
    case certificationClosed(unit: Int, day: Int, end: Int)
    case completionWindow(unit: Int, day: Int, end: Int)
    /// Evaluated as of `asOf`, after the certification end date (or its extension) `end`, not completed.
    case certificationExpired(asOf: Int, end: Int)
    /// Evaluated as of `asOf`, after the completion window closed on `end`, not completed.
    case windowExpired(asOf: Int, end: Int)
    /// The learner's substitutions and equivalences offer `needed` choices, over `maximum`.
    case limitExceeded(needed: Int, maximum: Int)

    /// The kind of requirement: its stable code.
    package var code: UnmetCode {
        switch self {
        case .missingMandatoryUnit: .missingMandatoryUnit
        case .practiceHours: .practiceHours
        case .groupShort(_, _, _, let credits): credits ? .groupMinCredits : .groupMinUnits
        case .minCredits: .minCredits
        case .minCreditsAtLevel: .minCreditsAtLevel
        case .capExceeded(_, let code, _, _): code
        case .barredCombination: .barredCombination
        case .unitAssignment: .unitAssignment
        case .inductionHours: .inductionHours
        case .tutorialHours: .tutorialHours
        case .registrationClosed: .registrationClosed
        case .certificationClosed, .certificationExpired: .certificationClosed
        case .completionWindow, .windowExpired: .completionWindow
        case .limitExceeded: .limitExceeded
        }
    }
}

extension Evaluator {
    /// The code of unit `unit` (a local index) of qualification `q` (an index into ``qualifications``).
    package func unitCode(qualification q: Int, unit: Int) -> UnitCode { compiled[q].codes[unit] }

    /// The group with compiled index `index` of qualification `q`.
    package func group(qualification q: Int, index: Int) -> UnitGroup { compiled[q].groups[index] }

    /// The route label of path `path` of qualification `q` (`group-2`), or `nil` without alternatives.
    package func routeLabel(qualification q: Int, path: Int) -> String? { compiled[q].routeLabels[path] }

    /// The number of paths (combinations of alternative routes) of qualification `q`.
    package func pathCount(qualification q: Int) -> Int { compiled[q].paths.count }

    /// The number of groups qualification `q`'s rules name.
    package func groupCount(qualification q: Int) -> Int { compiled[q].groups.count }

    /// The number of units qualification `q` names (local indexes run `0..<count`).
    package func unitCount(qualification q: Int) -> Int { compiled[q].codes.count }
}

extension Workspace {
    /// Calls `body` with every unmet requirement of `o`, in order, without allocating. Call it for the
    /// learner now loaded (inside the `body` of ``Evaluator/evaluate(_:in:_:)``).
    package func forEachUnmet(_ o: Outcome, _ body: (UnmetDetail) throws -> Void) rethrows {
        let cq = evaluator.rules[o.qualificationIndex]
        let p = cq.paths[o.path]
        if o.failed(.limitExceeded) {
            try body(.limitExceeded(needed: adjustments[o.qualificationIndex]?.choicesNeeded ?? 0, maximum: evaluator.limits.maximumChoices))
            return
        }
        let adj = o.adjusted ? adjustments[o.qualificationIndex] : nil
        if !o.unitRulesMet {
            let held = masks(o).held
            var reported = UnitMask()
            func short(_ i: Int) -> UnmetDetail? {
                let g = cq.globalIndex[i]
                guard state[g] & Workspace.shortBit != 0, state[g] & Workspace.achievedBit == 0 else { return nil }
                return .practiceHours(unit: i, recorded: shortHours[g], required: cq.minimumHours[i])
            }
            try (p.mandatory - held).forEach { i in
                reported.insert(i)
                try body(short(i) ?? .missingMandatoryUnit(unit: i))
            }
            let free = held - p.mandatory
            var explained = !(p.mandatory - held).isEmpty
            for c in p.claims {
                let have = cq.measure(free & c.units, c.measure)
                guard have < c.minimum else { continue }
                explained = true
                try body(.groupShort(group: c.group, have: have, need: c.minimum, isCredits: c.measure == .credits))
                try (c.units - held - reported).forEach { i in
                    if let n = short(i) { reported.insert(i); try body(n) }
                }
            }
            let relevantHeld = held & p.relevant
            if p.minimumCredits > 0, cq.creditSum(relevantHeld) < p.minimumCredits {
                explained = true
                try body(.minCredits(have: cq.creditSum(relevantHeld), need: p.minimumCredits))
            }
            for f in p.levelFloors where cq.creditSum(relevantHeld & f.units) < f.minimum {
                explained = true
                try body(.minCreditsAtLevel(level: f.level, have: cq.creditSum(relevantHeld & f.units), need: f.minimum))
            }
            for cap in p.caps where cq.creditSum(p.mandatory & cap.units) > cap.maximum {
                explained = true
                try body(.capExceeded(cap: cap.rule, code: cap.code, have: cq.creditSum(p.mandatory & cap.units),
                                      maximum: cap.maximum))
            }
            for b in p.barred where (p.mandatory & b).count > 1 {
                explained = true
                try body(.barredCombination(units: p.mandatory & b))
            }
            if !explained { try body(.unitAssignment) }
        }
        if o.failed(.inductionHours), let h = inductionHours, let m = cq.minimumInduction { try body(.inductionHours(have: h, need: m)) }
        if o.failed(.tutorialHours), let h = tutorialHours, let m = cq.minimumTutorial { try body(.tutorialHours(have: h, need: m)) }
        if o.failed(.registrationClosed), let r = registeredDay, let end = cq.registrationEndDay {
            try body(.registrationClosed(registered: r, end: end))
        }
        // A late counted unit, or else (as of a day past the limit) the limit itself.
        func day(_ i: Int) -> Int? {
            guard let adj else { return achievedDay(cq.globalIndex[i]) }
            return adj.day(of: i, cq.globalIndex, self) ?? nil
        }
        if o.failed(.certificationClosed) {
            let end = Int(o.certificationEnd)
            var late = false
            try o.counted.forEach { i in
                if let d = day(i), d > end { late = true; try body(.certificationClosed(unit: i, day: d, end: end)) }
            }
            if !late, let now = asOfDay { try body(.certificationExpired(asOf: now, end: end)) }
        }
        if o.failed(.completionWindow) {
            let end = Int(o.windowEnd)
            var late = false
            try o.counted.forEach { i in
                if let d = day(i), d > end { late = true; try body(.completionWindow(unit: i, day: d, end: end)) }
            }
            if !late, let now = asOfDay { try body(.windowExpired(asOf: now, end: end)) }
        }
    }

    /// The kinds of unmet requirement of `o` as a bit set over ``UnmetCode/index``: the same kinds
    /// ``forEachUnmet(_:_:)`` reports, found with mask operations only (for counting, e.g. summaries).
    @inlinable
    package func unmetKinds(_ o: Outcome) -> UInt32 {
        o.kindsComplete ? o.knownKinds : workOutUnmetKinds(o)
    }

    @usableFromInline
    func workOutUnmetKinds(_ o: Outcome) -> UInt32 {
        guard !o.unitRulesMet else { return o.failedChecks }
        let cq = evaluator.rules[o.qualificationIndex]
        if o.failed(.limitExceeded) { return UnmetCode.limitExceeded.bit }
        let (held, short) = masks(o)
        return o.failedChecks | cq.ruleKinds(path: o.path, held: held, short: short)
    }

    /// Calls `body` with the code of every check `o` could not make for lack of data, in order.
    package func forEachUnchecked(_ o: Outcome, _ body: (UncheckedCode) throws -> Void) rethrows {
        guard o.uncheckedCodes != 0 else { return }
        for c in UncheckedCode.allCases where o.uncheckedCodes & c.bit != 0 { try body(c) }
    }

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
        case .inductionHours(let h, let m), .tutorialHours(let h, let m): body(.held, .number(h)); body(.required, .number(m))
        case .registrationClosed(let r, let end): body(.date, .date(r)); body(.limit, .date(end))
        case .certificationClosed(let u, let day, let end): body(.unit, .unit(u)); body(.date, .date(day)); body(.limit, .date(end))
        case .completionWindow(let u, let day, let end): body(.unit, .unit(u)); body(.date, .date(day)); body(.limit, .date(end))
        case .certificationExpired(let now, let end), .windowExpired(let now, let end): body(.date, .date(now)); body(.limit, .date(end))
        case .limitExceeded(let needed, let max): body(.required, .number(Double(needed))); body(.maximum, .number(Double(max)))
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
        case .inductionHours(let h, let m):
            s.literal("induction "); s.hours(h); s.literal(" h of at least "); s.hours(m); s.literal(" h")
        case .tutorialHours(let h, let m):
            s.literal("tutorial support "); s.hours(h); s.literal(" h of at least "); s.hours(m); s.literal(" h")
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
        case .limitExceeded(let needed, let max):
            s.literal("not decided: the learner's substitutions and unit equivalences offer "); s.int(needed)
            s.literal(" choices, more than the "); s.int(max); s.literal(" tried (EvaluationLimits.maximumChoices)")
        }
    }

    /// Turns `outcome`, produced by ``Evaluator/evaluate(_:in:_:)`` for the learner now loaded, into a full
    /// result with every unmet requirement written out. Call it inside the `body` of that call.
    package func result(_ o: Outcome, messages: Bool = true) -> EvaluationResult {
        let q = o.qualificationIndex
        let cq = evaluator.compiled[q]
        var unmet: [UnmetRequirement] = []
        if !o.achieved {
            let missing = messages ? evaluator.missingUnitRequirements[q] : evaluator.missingUnitCodes[q]
            forEachUnmet(o) { d in
                if case .missingMandatoryUnit(let i) = d { unmet.append(missing[i]); return }   // the common case, shared
                unmet.append(requirement(d, qualification: q, message: messages))
            }
        }
        var unchecked: [UncheckedCode] = []
        forEachUnchecked(o) { unchecked.append($0) }
        return EvaluationResult(
            learner: learnerID, qualification: cq.qualification.id, achieved: o.achieved, credits: Credits(o.credits),
            requiredCredits: cq.qualification.creditValue, countedUnits: o.counted.map { cq.codes[$0] },
            route: cq.routeLabels[o.path].map { RouteLabel($0) }, unmet: unmet, next: o.hasNext ? o.next.map { cq.codes[$0] } : nil,
            deadline: deadlineDay(o).map { CalendarDate(dayNumber: $0) }, unchecked: unchecked, warnings: warnings,
            exceptionsApplied: exceptionsApplied(o))
    }

    /// The learner's exceptions that outcome `o` used, in record order.
    package func exceptionsApplied(_ o: Outcome) -> [LearnerException] {
        let bits = appliedBits(o)
        guard bits != 0 else { return [] }
        return exceptionList.indices.filter { bits & (1 << UInt64($0)) != 0 }.map { exceptionList[$0].value }
    }
}
