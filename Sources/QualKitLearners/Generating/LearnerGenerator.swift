import QualKitCore
/// A deterministic, realistic synthetic learner set drawn from the loaded qualifications.
///
/// The same catalog, seed and count always give the same learners. The mix (per learner, approximately):
/// 3% hold no units; 8% work towards two qualifications of different families; of the rest, 60% hold a
/// complete route and 40% miss one or two units; 10% hold an extra unit of the family; units covered by a
/// marked assessment are evidenced by mark sheets half the time, 15% of attempts referred and a third of
/// those followed by a passing resubmission; about 5% fall short of a unit's practice hours; 10% register
/// after the registration end date; induction and tutorial hours recorded for 60%, some below the minimum;
/// 1% list a unit code no pack knows.
///
/// With ``exceptionRate`` above 0, that share of the learners who hold units (97% of them) carry one or
/// two exceptions (`LearnerException`): an exemption from a unit they miss, a substitution of a unit they
/// hold for one they miss, a waiver of tutorial hours or of a short unit's practice hours, or an extension
/// of the completion window or certification end by a year. The learners drawn without exceptions are
/// the same whatever the rate.
public struct LearnerGenerator: Sendable {
    public let catalog: QualificationCatalog
    public let seed: UInt64
    /// The share of learners (0 to 1) that carry exceptions; 0 by default.
    public var exceptionRate: Double

    public init(catalog: QualificationCatalog, seed: UInt64 = 1, exceptionRate: Double = 0) {
        self.catalog = catalog; self.seed = seed; self.exceptionRate = min(1, max(0, exceptionRate))
    }

    /// SplitMix64: small, fast and the same on every platform.
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Uniform in [0, 1).
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func below(_ count: Int) -> Int { count <= 1 ? 0 : Int(next() % UInt64(count)) }
        mutating func chance(_ portion: Double) -> Bool { unit() < portion }
    }

    /// The `index`-th learner (0-based) of the set; independent of the others, so generation can be split.
    public func learner(_ index: Int, idWidth: Int = 7) -> Learner {
        var rng = RNG(state: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        _ = rng.next()
        let quals = catalog.qualifications
        var n = String(index + 1)
        if n.count < idWidth { n = String(repeating: "0", count: idWidth - n.count) + n }
        var l = Learner(id: LearnerID("L" + n))
        guard !quals.isEmpty, !rng.chance(0.03) else { return l }
        var targets = [quals[rng.below(quals.count)]]
        if rng.chance(0.08), let fam = catalog.family(of: targets[0].id) {
            let others = quals.filter { q in !fam.qualifications.contains { $0.id == q.id } }
            if !others.isEmpty { targets.append(others[rng.below(others.count)]) }
        }
        // Registration date: inside the first target's window, 10% after its registration end.
        let v = targets[0].validity
        let lo = (v.operationalStart ?? CalendarDate(year: 2014, month: 1, day: 1)!).dayNumber
        var hi = (v.registrationEnd ?? CalendarDate(year: 2022, month: 12, day: 31)!).dayNumber
        var start = lo
        if v.registrationEnd != nil, rng.chance(0.10) { start = hi + 1; hi += 800 }
        let registered = start + rng.below(max(1, hi - start + 1))
        if rng.chance(0.85) { l.registered = CalendarDate(dayNumber: registered) }
        if rng.chance(0.60) { l.inductionHours = rng.chance(0.03) ? 0.5 : Hours(Double(1 + rng.below(3))) }
        if rng.chance(0.60) {
            let x = rng.unit()
            l.tutorialHours =
                x < 0.05
                ? Hours(0.5 + Double(rng.below(3)) * 0.5)
                : x < 0.15 ? Hours(2 + Double(rng.below(4)) * 0.5) : Hours(4 + Double(rng.below(17)) * 0.5)
        }
        var day = registered
        var held: [UnitCode] = []
        var missed: [UnitCode] = []
        for q in targets {
            var us: [UnitCode] = []
            for r in q.rules { pick(r, q, &us, &rng) }
            if rng.chance(0.40) {
                for _ in 0..<(rng.chance(0.3) ? 2 : 1) where !us.isEmpty {
                    missed.append(us.remove(at: rng.below(us.count)))
                }
            }
            if rng.chance(0.10), let fam = catalog.family(of: q.id), !fam.units.isEmpty {
                let extra = fam.units[rng.below(fam.units.count)].code
                if !us.contains(extra) { us.append(extra) }
            }
            for u in us where !held.contains(u) { held.append(u) }
        }
        let shortOne = rng.chance(0.06)
        var shortDone = false
        var assessed: Set<UnitCode> = []
        for a in catalog.families.flatMap(\.assessments) {
            guard let sheet = a.markSheet, !a.covers.isEmpty, a.covers.allSatisfy({ held.contains($0) }),
                rng.chance(0.5)
            else { continue }
            day += 20 + rng.below(90)
            let refer = rng.chance(0.15)
            let attempts = refer && rng.chance(0.33) ? 2 : 1
            for k in 0..<attempts {
                let bad = refer && k == 0 ? rng.below(sheet.sections.count) : -1
                let marks = sheet.sections.enumerated().map { j, s in
                    j == bad ? rng.below(max(1, s.minimum)) : s.minimum + rng.below(s.maximum - s.minimum + 1)
                }
                l.assessments.append(
                    AssessmentAttempt(
                        id: a.id, marks: marks, date: rng.chance(0.7) ? CalendarDate(dayNumber: day + 45 * k) : nil))
            }
            assessed.formUnion(a.covers)
        }
        for code in held where !assessed.contains(code) {
            day += 7 + rng.below(60)
            var u = UnitAchievement(code: code, achieved: rng.chance(0.7) ? CalendarDate(dayNumber: day) : nil)
            if let min = catalog.unitsByCode[code]?.minimumPracticeHours {
                if shortOne && !shortDone {
                    shortDone = true
                    u.hours = Hours(Double(rng.below(max(1, Int(min.value)))) + (rng.chance(0.3) ? 0.5 : 0))
                } else if rng.chance(0.6) {
                    u.hours = Hours(min.value + Double(rng.below(max(1, Int(min.value)))) + (rng.chance(0.1) ? 0.5 : 0))
                }
            }
            l.units.append(u)
        }
        if !l.units.isEmpty, rng.chance(0.01) { l.units.append(UnitAchievement(code: "X999-000")) }
        if exceptionRate > 0, !l.units.isEmpty {
            // A stream of its own, so that the learners above are the same whatever the rate.
            var xr = RNG(state: rng.state ^ 0xD1B5_4A32_D192_ED03)
            if xr.chance(exceptionRate) { addExceptions(&l, missed: missed, target: targets[0], &xr) }
        }
        return l
    }

    /// One or two plausible exceptions for `learner`, naming only units the catalog defines: each a kind drawn
    /// at random, or the next kind that applies to the learner when it does not (a waiver of tutorial
    /// hours always does), so that the share of learners with exceptions is the rate asked for.
    private func addExceptions(
        _ learner: inout Learner, missed: [UnitCode], target qualification: Qualification, _ rng: inout RNG
    ) {
        for _ in 0..<(rng.chance(0.2) ? 2 : 1) {
            let scope: QualificationID? = rng.chance(0.5) ? qualification.id : nil
            let first = rng.below(5)
            for step in 0..<5 {
                if let x = exception(
                    (first + step) % 5, &learner, missed: missed, target: qualification, scope: scope, &rng)
                {
                    learner.exceptions.append(x)
                    break
                }
            }
        }
    }

    /// An exception of kind number `kind` for `learner` (0 exempt, 1 substitute, 2 tutorial waiver, 3 practice
    /// waiver, 4 extension), or `nil` when the learner offers nothing for it.
    private func exception(
        _ kind: Int, _ learner: inout Learner, missed: [UnitCode], target goal: Qualification, scope: QualificationID?,
        _ rng: inout RNG
    ) -> LearnerException? {
        switch kind {
        case 0:
            guard !missed.isEmpty else { return nil }
            return .exempt(missed[rng.below(missed.count)], qualification: scope, reason: "RPL: portfolio")
        case 1:
            let other = catalog.units.filter { u in
                !learner.units.contains { $0.code == u.code } && !missed.contains(u.code)
            }
            guard !missed.isEmpty, !other.isEmpty else { return nil }
            let u = other[rng.below(other.count)].code
            learner.units.append(UnitAchievement(code: u, achieved: learner.units.last?.achieved))
            return .substitute(u, for: missed[rng.below(missed.count)], qualification: scope, reason: "same outcomes")
        case 2:
            return .waive(.tutorialHours, qualification: scope, reason: "reasonable adjustment")
        case 3:
            guard
                let short = learner.units.first(where: { u in
                    guard let h = u.hours, let min = catalog.unitsByCode[u.code]?.minimumPracticeHours else {
                        return false
                    }
                    return h < min
                })
            else { return nil }
            return .waive(.practiceHours, unit: short.code, qualification: scope, reason: "special consideration")
        default:
            let v = goal.validity
            if let end = v.certificationEnd, rng.chance(0.5) {
                return .extend(
                    .certificationClosed, until: end.adding(years: 1), qualification: goal.id,
                    reason: "special consideration")
            }
            if let years = v.completionYears, let r = learner.registered {
                return .extend(
                    .completionWindow, until: r.adding(years: years + 1), qualification: goal.id,
                    reason: "extension granted")
            }
            return nil
        }
    }

    private func pick(_ rule: Rule, _ qualification: Qualification, _ codes: inout [UnitCode], _ rng: inout RNG) {
        rule.definition.pick(in: qualification, units: catalog.unitsByCode, into: &codes, below: { rng.below($0) })
    }

    /// Appends `l` as one JSON Lines record (the format ``LearnerReader`` reads), keys in the order of
    /// `Learner/Field`; absent values are left out.
    public static func appendJSON(_ learner: Learner, to out: inout [UInt8]) {
        func key(_ key: some RawRepresentable<String>, first: Bool = false) {
            out.append(first ? 0x7B : 0x2C); ResultEncoding.string(key.rawValue, &out); out.append(0x3A)
        }
        func date(_ date: CalendarDate) {
            out.append(0x22); out.append(contentsOf: date.description.utf8); out.append(0x22)
        }
        for f in Learner.Field.allCases {
            switch f {
            case .id: key(f, first: true); ResultEncoding.string(learner.id.rawValue, &out)
            case .registered: if let r = learner.registered { key(f); date(r) }
            case .inductionHours:
                if let h = learner.inductionHours { key(f); out.append(contentsOf: h.description.utf8) }
            case .tutorialHours: if let h = learner.tutorialHours { key(f); out.append(contentsOf: h.description.utf8) }
            case .units:
                guard !learner.units.isEmpty else { continue }
                key(f); out.append(0x5B)
                for (i, u) in learner.units.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    for g in UnitAchievement.Field.allCases {
                        switch g {
                        case .code: key(g, first: true); ResultEncoding.string(u.code.rawValue, &out)
                        case .achieved: if let d = u.achieved { key(g); date(d) }
                        case .hours: if let h = u.hours { key(g); out.append(contentsOf: h.description.utf8) }
                        }
                    }
                    out.append(0x7D)
                }
                out.append(0x5D)
            case .assessments:
                guard !learner.assessments.isEmpty else { continue }
                key(f); out.append(0x5B)
                for (i, a) in learner.assessments.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    for g in AssessmentAttempt.Field.allCases {
                        switch g {
                        case .id: key(g, first: true); ResultEncoding.string(a.id.rawValue, &out)
                        case .marks:
                            key(g); out.append(0x5B)
                            for (k, m) in a.marks.enumerated() {
                                if k > 0 { out.append(0x2C) }; ResultEncoding.int(m, &out)
                            }
                            out.append(0x5D)
                        case .date: if let d = a.date { key(g); date(d) }
                        }
                    }
                    out.append(0x7D)
                }
                out.append(0x5D)
            case .exceptions:
                guard !learner.exceptions.isEmpty else { continue }
                key(f); ResultEncoding.exceptions(learner.exceptions, &out)
            }
        }
        out.append(contentsOf: "}\n".utf8)
    }

    /// The CSV header line the rows of ``appendCSV(_:to:)`` go under.
    public static var csvHeader: String { LearnerCSVReader.Column.header }

    /// Appends `l` as CSV rows `learner,unit,achieved,hours`; units evidenced by a passed assessment become
    /// rows dated with the assessment (CSV has no mark sheets).
    public func appendCSV(_ learner: Learner, to out: inout [UInt8]) {
        var rows = learner.units
        for a in learner.assessments {
            guard let sheet = catalog.assessmentsByID[a.id]?.markSheet, sheet.passes(a.marks),
                a.marks.count == sheet.sections.count
            else { continue }
            for c in catalog.assessmentsByID[a.id]!.covers where !rows.contains(where: { $0.code == c }) {
                rows.append(UnitAchievement(code: c, achieved: a.date))
            }
        }
        for u in rows {
            ResultEncoding.csvField(learner.id.rawValue, &out); out.append(0x2C)
            ResultEncoding.csvField(u.code.rawValue, &out); out.append(0x2C)
            if let d = u.achieved { out.append(contentsOf: d.description.utf8) }
            out.append(0x2C)
            if let h = u.hours { out.append(contentsOf: h.description.utf8) }
            out.append(0x0A)
        }
    }
}
