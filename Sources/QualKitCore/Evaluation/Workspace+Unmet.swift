import QualKitEngine

extension Workspace {
    /// Calls `body` with every unmet requirement of `outcome`, in order, without allocating (except to name the
    /// requirements that block each other, which compiles programmes the first time). Call it for the
    /// learner now loaded (inside the `body` of ``Evaluator/evaluate(_:in:_:)``).
    package func forEachUnmet(_ outcome: Outcome, _ body: (UnmetDetail) throws -> Void) rethrows {
        let cq = evaluator.rules[outcome.qualificationIndex]
        let p = cq.paths[outcome.path]
        if outcome.failed(.limitExceeded) {
            let adjustment = adjustments[outcome.qualificationIndex]
            let maximum = adjustment?.choicesAllowed ?? evaluator.limits.maximumChoices
            try body(
                .limitExceeded(
                    needed: adjustment?.choicesNeeded ?? 0, maximum: maximum,
                    byBudget: maximum < evaluator.limits.maximumChoices))
            return
        }
        let adj = outcome.adjusted ? adjustments[outcome.qualificationIndex] : nil
        if !outcome.unitRulesMet {
            let held = masks(outcome).held
            var reported = UnitMask()
            func short(_ index: Int) -> UnmetDetail? {
                let g = cq.globalIndex[index]
                guard units.isShortOnly(g) else { return nil }
                return .practiceHours(unit: index, recorded: units.shortHours[g], required: cq.minimumHours[index])
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
                try body(
                    .minCreditsAtLevel(
                        level: evaluator.compiled[outcome.qualificationIndex].floorLevels[f.level],
                        have: cq.creditSum(relevantHeld & f.units), need: f.minimum))
            }
            for cap in p.caps where cq.creditSum(p.mandatory & cap.units) > cap.maximum {
                explained = true
                try body(
                    .capExceeded(
                        cap: cap.rule, code: UnmetCode(index: cap.code), have: cq.creditSum(p.mandatory & cap.units),
                        maximum: cap.maximum))
            }
            for b in p.barred where (p.mandatory & b).count > 1 {
                explained = true
                try body(.barredCombination(units: p.mandatory & b))
            }
            if !explained {
                // Each requirement could be met alone: name those that block each other, with their figures,
                // within what the budgets give the whole explanation (EvaluationLimits.explanationSteps).
                let blocking = cq.blockingRequirements(
                    path: outcome.path, held: held, scratch, programs: explanations,
                    qualification: outcome.qualificationIndex,
                    limits: SearchLimits(
                        maximumSteps: evaluator.explanationSteps[outcome.qualificationIndex],
                        maximumStates: evaluator.limits.maximumStates))
                if blocking.isEmpty { try body(.unitAssignment) }
                for d in evaluator.compiled[outcome.qualificationIndex].details(blocking, path: outcome.path) {
                    try body(d)
                }
            }
        }
        if outcome.failed(.inductionHours), let h = inductionHours, let m = cq.minimumInduction {
            try body(.inductionHours(have: h, need: m))
        }
        if outcome.failed(.tutorialHours), let h = tutorialHours, let m = cq.minimumTutorial {
            try body(.tutorialHours(have: h, need: m))
        }
        if outcome.failed(.registeredBeforeStart), let r = registeredDay, let start = cq.registrationStartDay {
            try body(.registeredBeforeStart(registered: r, start: start))
        }
        if outcome.failed(.registrationClosed), let r = registeredDay, let end = cq.registrationEndDay {
            try body(.registrationClosed(registered: r, end: end))
        }
        // A late counted unit, or else (as of a day past the limit) the limit itself.
        func day(_ index: Int) -> Int? {
            guard let adj else { return units.achievedDay(cq.globalIndex[index]) }
            return adj.day(of: index, cq.globalIndex, self) ?? nil
        }
        if outcome.failed(.certificationClosed) {
            let end = Int(outcome.certificationEnd)
            var late = false
            try outcome.counted.forEach { i in
                if let d = day(i), d > end { late = true; try body(.certificationClosed(unit: i, day: d, end: end)) }
            }
            if !late, let now = asOfDay { try body(.certificationExpired(asOf: now, end: end)) }
        }
        if outcome.failed(.completionWindow) {
            let end = Int(outcome.windowEnd)
            var late = false
            try outcome.counted.forEach { i in
                if let d = day(i), d > end { late = true; try body(.completionWindow(unit: i, day: d, end: end)) }
            }
            if !late, let now = asOfDay { try body(.windowExpired(asOf: now, end: end)) }
        }
    }

    /// A key that fixes the codes and subjects of what ``forEachUnmet(_:_:)`` reports for `outcome`: two
    /// outcomes of the same qualification (``Outcome/qualificationIndex``) with equal keys report the same
    /// requirements, in the same order, their figures aside (hours, credits, dates, limits). None for an
    /// outcome adjusted by exceptions or equivalences, nor for one that counts a unit achieved after a date
    /// limit it failed (which names the late units); one that failed a date limit with no unit late names
    /// the limit alone, or nothing when the as-of day is not known.
    ///
    /// The key is the units held and those short of practice hours (when the rules of combination are not
    /// met: they name their requirements from those units and the path alone, the requirements that block
    /// each other too), the path, the failed checks, and, for the failed checks that name a figure of the
    /// record (induction and tutorial hours, the registration date, the as-of day), whether it is known
    /// (such a check names its code only then; a check that passed names nothing, known or not).
    ///
    /// Writes the key into `key`, ``unmetKeyLength(words:)`` words for a qualification whose units fit in
    /// `words` words (``Evaluator/unitMaskWords(qualification:)``): the packed word, then those words of
    /// the units held, then of the units short (the other words of both are zero). Returns whether there is
    /// one.
    package func unmetKey(_ outcome: Outcome, words: Int, into key: UnsafeMutablePointer<UInt64>) -> Bool {
        guard !outcome.adjusted else { return false }
        let failed = outcome.failedChecks
        if failed & (UnmetCode.certificationClosed.bit | UnmetCode.completionWindow.bit) != 0,
            countsLateUnit(outcome)
        {
            return false
        }
        var known: UInt64 = 0
        if failed & UnmetCode.inductionHours.bit != 0, inductionHours != nil { known |= 1 }
        if failed & UnmetCode.tutorialHours.bit != 0, tutorialHours != nil { known |= 2 }
        if failed & (UnmetCode.registeredBeforeStart.bit | UnmetCode.registrationClosed.bit) != 0,
            registeredDay != nil
        {
            known |= 4
        }
        if failed & (UnmetCode.certificationClosed.bit | UnmetCode.completionWindow.bit) != 0, asOfDay != nil {
            known |= 8
        }
        key[0] =
            UInt64(failed) | known << 32 | UInt64(outcome.unitRulesMet ? 1 : 0) << 36 | UInt64(outcome.path) << 37
        if outcome.unitRulesMet {
            (key + 1).update(repeating: 0, count: 2 * words)
            return true
        }
        let slot = outcome.qualificationIndex
        if keptSlot != slot || keptRecord != records {
            let (held, short) = unitMasks(evaluator.rules[slot])
            keep(held, short, slot: slot)
        }
        for word in 0..<words {
            key[1 + word] = kept[word]
            key[1 + words + word] = kept[8 + word]
        }
        return true
    }

    /// Whether `outcome` (not adjusted) counts a unit achieved after a date limit it failed: the units
    /// ``forEachUnmet(_:_:)`` names under `certification-closed` and `completion-window`.
    private func countsLateUnit(_ outcome: Outcome) -> Bool {
        let cq = evaluator.rules[outcome.qualificationIndex]
        var end = Int.max
        if outcome.failed(.certificationClosed) { end = Int(outcome.certificationEnd) }
        if outcome.failed(.completionWindow) { end = min(end, Int(outcome.windowEnd)) }
        var late = false
        outcome.counted.forEach { i in
            if let d = units.achievedDay(cq.globalIndex[i]), d > end { late = true }
        }
        return late
    }

    /// The length of an ``unmetKey(_:words:into:)`` in words, for units that fit in `words` words.
    @inlinable
    package static func unmetKeyLength(words: Int) -> Int { 1 + 2 * words }

    /// The kinds of unmet requirement of `outcome` as a bit set over ``UnmetCode/index``: the same kinds
    /// ``forEachUnmet(_:_:)`` reports, found with mask operations only (for counting, e.g. summaries),
    /// except that requirements which block each other count as `unit-assignment` (naming them takes a
    /// search, which only results pay for).
    @inlinable
    package func unmetKinds(_ outcome: Outcome) -> UInt32 {
        outcome.kindsComplete ? outcome.knownKinds : workOutUnmetKinds(outcome)
    }

    @usableFromInline
    func workOutUnmetKinds(_ outcome: Outcome) -> UInt32 {
        guard !outcome.unitRulesMet else { return outcome.failedChecks }
        let cq = evaluator.rules[outcome.qualificationIndex]
        if outcome.failed(.limitExceeded) { return UnmetCode.limitExceeded.bit }
        let (held, short) = masks(outcome)
        return outcome.failedChecks | cq.ruleKinds(path: outcome.path, held: held, short: short, codes: .model)
    }

    /// Calls `body` with the code of every check `outcome` could not make for lack of data, in order.
    package func forEachUnchecked(_ outcome: Outcome, _ body: (UncheckedCode) throws -> Void) rethrows {
        guard outcome.uncheckedCodes != 0 else { return }
        for c in UncheckedCode.allCases where outcome.uncheckedCodes & c.bit != 0 { try body(c) }
    }
}
