extension Workspace {
    /// Turns `outcome`, produced by ``Evaluator/evaluate(_:in:_:)`` for the learner now loaded, into a full
    /// result with every unmet requirement written out. Call it inside the `body` of that call.
    public func result(_ o: Outcome) -> EvaluationResult {
        let cq = evaluator.compiled[o.qualificationIndex]
        let q = cq.qualification
        let p = cq.paths[o.path]
        var unmet: [UnmetRequirement] = []
        typealias C = UnmetRequirement.Code
        func name(_ i: Int) -> String { "\(cq.codes[i]) '\(evaluator.units[cq.globalIndex[i]].title)'" }
        func shortNote(_ i: Int) -> UnmetRequirement? {
            let g = cq.globalIndex[i]
            guard state[g] & Workspace.shortBit != 0, state[g] & Workspace.achievedBit == 0 else { return nil }
            return UnmetRequirement(
                code: C.practiceHours,
                message: "unit \(name(i)) records \(Hours(shortHours[g])) h of supervised practice; at least \(Hours(cq.minimumHours[i])) h are required, so it is not achieved",
                unit: cq.codes[i])
        }
        if o.failures.contains(.unitRules) {
            let held = o.held
            var reported = UnitMask()
            for i in (p.mandatory - held).indexes {
                reported.insert(i)
                unmet.append(shortNote(i) ?? UnmetRequirement(code: C.missingMandatoryUnit, message: "mandatory unit \(name(i)) is not achieved", unit: cq.codes[i]))
            }
            let free = held - p.mandatory
            var claimShort = false
            for c in p.claims {
                let have = cq.measure(free & c.units, c.measure)
                guard have < c.minimum else { continue }
                claimShort = true
                let what = c.measure == .credits ? "credits" : "units"
                unmet.append(UnmetRequirement(
                    code: c.measure == .credits ? C.groupMinCredits : C.groupMinUnits,
                    message: "\(have) of \(c.minimum) \(what) from \(c.groupTitle)" + (p.routeIDs.isEmpty ? "" : " (route \(p.routeTitles.joined(separator: " + ")))"),
                    group: c.group))
                for i in (c.units - held).indexes where !reported.contains(i) {
                    if let n = shortNote(i) { unmet.append(n); reported.insert(i) }
                }
            }
            let relevantHeld = held & p.relevant
            if p.minimumCredits > 0, cq.creditSum(relevantHeld) < p.minimumCredits {
                claimShort = true
                unmet.append(UnmetRequirement(code: C.minCredits, message: "\(cq.creditSum(relevantHeld)) of \(p.minimumCredits) credits"))
            }
            for f in p.levelFloors where cq.creditSum(relevantHeld & f.units) < f.minimum {
                claimShort = true
                unmet.append(UnmetRequirement(code: C.minCreditsAtLevel, message: "\(cq.creditSum(relevantHeld & f.units)) of \(f.minimum) credits at \(f.level) or above"))
            }
            for cap in p.caps where cq.creditSum(p.mandatory & cap.units) > cap.maximum {
                claimShort = true
                unmet.append(UnmetRequirement(code: C.groupMaxCredits, message: "mandatory units give \(cq.creditSum(p.mandatory & cap.units)) credits from \(cap.groupTitle), more than the \(cap.maximum) that may count", group: cap.group))
            }
            for b in p.barred where (p.mandatory & b).count > 1 {
                claimShort = true
                unmet.append(UnmetRequirement(code: C.barredCombination, message: "units \(b.indexes.map { "\(cq.codes[$0])" }.joined(separator: ", ")) cannot both count, but the route needs them all"))
            }
            if !claimShort && p.mandatory.isSubset(of: held) {
                unmet.append(UnmetRequirement(
                    code: C.unitAssignment,
                    message: "each requirement could be met alone, but no way of counting each unit once meets them all together"
                        + (p.barred.isEmpty ? "" : " (barred combinations apply)")))
            }
        }
        let l = learner
        if o.failures.contains(.induction), let h = l.inductionHours, let m = q.delivery.minimumInductionHours {
            unmet.append(UnmetRequirement(code: C.inductionHours, message: "induction \(h) h of at least \(m) h"))
        }
        if o.failures.contains(.tutorial), let h = l.tutorialHours, let m = q.delivery.minimumTutorialHours {
            unmet.append(UnmetRequirement(code: C.tutorialHours, message: "tutorial support \(h) h of at least \(m) h"))
        }
        if o.failures.contains(.registration), let r = l.registered, let end = q.validity.registrationEnd {
            unmet.append(UnmetRequirement(code: C.registrationClosed, message: "registered \(r), after the registration end date \(end)"))
        }
        if o.failures.contains(.certification), let end = q.validity.certificationEnd {
            for i in o.counted.indexes {
                if let d = achievedDay(cq.globalIndex[i]), d > end.dayNumber {
                    unmet.append(UnmetRequirement(code: C.certificationClosed, message: "unit \(cq.codes[i]) achieved \(Self.date(d)), after the certification end date \(end)", unit: cq.codes[i]))
                }
            }
        }
        if o.failures.contains(.completionWindow), let r = l.registered, let years = q.validity.completionYears {
            let deadline = r.adding(years: years)
            for i in o.counted.indexes {
                if let d = achievedDay(cq.globalIndex[i]), d > deadline.dayNumber {
                    unmet.append(UnmetRequirement(code: C.completionWindow, message: "unit \(cq.codes[i]) achieved \(Self.date(d)), more than \(years) years after registration on \(r) (deadline \(deadline))", unit: cq.codes[i]))
                }
            }
        }
        var unchecked: [String] = []
        if o.unchecked.contains(.induction) { unchecked.append(C.inductionHours) }
        if o.unchecked.contains(.tutorial) { unchecked.append(C.tutorialHours) }
        if o.unchecked.contains(.registration) { unchecked.append("registration-date") }
        if o.unchecked.contains(.completion) { unchecked.append("completion-dates") }
        return EvaluationResult(
            learner: l.id, qualification: q.id, achieved: o.achieved, credits: o.credits,
            requiredCredits: q.creditValue.value, countedUnits: o.counted.indexes.map { cq.codes[$0] },
            route: p.routeLabel, unmet: unmet, next: o.hasNext ? o.next.indexes.map { cq.codes[$0] } : nil,
            unchecked: unchecked, warnings: warnings)
    }

    static func date(_ dayNumber: Int) -> String {
        // Inverse of CalendarDate.dayNumber (days since 0000-03-01).
        let era = (dayNumber >= 0 ? dayNumber : dayNumber - 146096) / 146097
        let doe = dayNumber - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return CalendarDate(year: y, month: m, day: d)?.description ?? "day \(dayNumber)"
    }
}
