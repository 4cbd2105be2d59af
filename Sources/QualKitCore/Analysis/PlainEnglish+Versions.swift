/// Versions of a qualification's rules in plain English: their registration windows, what each changes,
/// and which one a learner was evaluated against.
extension PlainEnglish {
    /// The registrations version `index` of ``Qualification/allVersions`` covers: "registrations before
    /// 2016-01-01", "registrations from 2016-01-01", or "registrations from 2016-01-01 to 2017-12-31"; "every
    /// registration" for a qualification with one version.
    public static func window(of qualification: Qualification, versionAt index: Int) -> String {
        let all = qualification.allVersions
        guard index < all.count else { return "no registration" }
        let from = all[index].registrationsFrom
        let last = qualification.lastRegistrationDay(ofVersionAt: index)
        switch (from, last) {
        case (nil, nil): return "every registration"
        case (nil, let last?): return "registrations before \(CalendarDate(dayNumber: last.dayNumber + 1))"
        case (let from?, nil): return "registrations from \(from)"
        case (let from?, let last?): return "registrations from \(from) to \(last)"
        }
    }

    /// The versions of `qualification` with their windows, then what each later version changes from the
    /// one before it; empty for a qualification with one version.
    public static func versions(of qualification: Qualification, units: [UnitCode: LearningUnit]) -> [String] {
        guard qualification.hasVersions else { return [] }
        let all = qualification.allVersions
        var out = ["", "  Versions of the rules (a learner follows the one in force on their registration date):"]
        for (i, v) in all.enumerated() {
            out.append("    - Version \(v.version): \(window(of: qualification, versionAt: i))")
        }
        for i in 1..<all.count {
            out.append("")
            out.append("  Version \(all[i].version) changes, from version \(all[i - 1].version):")
            let changes = differences(from: all[i - 1], to: all[i], units: units)
            // A sentence is a bullet; the rules' own lines, already indented, follow theirs.
            out +=
                changes.isEmpty
                ? ["    - nothing but its window"]
                : changes.map { $0.hasPrefix(" ") ? $0 : "    - \($0)" }
        }
        return out
    }

    /// What `new` changes from `old` (two versions of one qualification), one sentence each: units added
    /// and withdrawn, the rules of combination, credit value, GLH, TQT, size, level, title, delivery,
    /// dates, assessments, progression and notes. Empty when they agree.
    ///
    /// - Complexity: O(*r* + *u*) for *r* rules and *u* units of the two versions.
    public static func differences(
        from old: Qualification, to new: Qualification,
        units: [UnitCode: LearningUnit]
    ) -> [String] {
        var out: [String] = []
        func name(_ code: UnitCode) -> String {
            units[code].map { "\(code) \($0.title) (\($0.credits) credits)" } ?? code.rawValue
        }
        let before = Set(old.units), after = Set(new.units)
        let added = new.units.filter { !before.contains($0) }, withdrawn = old.units.filter { !after.contains($0) }
        if !added.isEmpty { out.append("Units added: " + added.map(name).joined(separator: ", ")) }
        if !withdrawn.isEmpty { out.append("Units withdrawn: " + withdrawn.map(name).joined(separator: ", ")) }
        if old.rules != new.rules {
            out.append("Rules of combination, now:")
            for r in listingEachMandatoryUnitOnce(new.rules) {
                out += describe(r, in: new, units: units, indent: "      ")
            }
        }
        func changed<T: Equatable>(_ what: String, _ first: T?, _ second: T?, _ show: (T) -> String) {
            guard first != second else { return }
            out.append("\(what): \(first.map(show) ?? "none") → \(second.map(show) ?? "none")")
        }
        changed("Title", old.title, new.title) { $0 }
        changed("Level", old.level, new.level) { $0.description }
        changed("Credit value", old.creditValue, new.creditValue) { "\($0)" }
        changed("Size", old.size, new.size) { $0.description }
        changed("Guided learning hours", old.guidedLearningHours, new.guidedLearningHours) { "\($0)" }
        changed("Total qualification time", old.totalQualificationTime, new.totalQualificationTime) { "\($0) hours" }
        let (was, now) = (old.delivery, new.delivery)
        changed("Induction", was.minimumInductionHours, now.minimumInductionHours) { "at least \($0) hours" }
        changed("Tutorial support", was.minimumTutorialHours, now.minimumTutorialHours) { "at least \($0) hours" }
        changed("Operational start", old.validity.operationalStart, new.validity.operationalStart) { $0.description }
        changed("Registration end", old.validity.registrationEnd, new.validity.registrationEnd) { $0.description }
        changed("Certification end", old.validity.certificationEnd, new.validity.certificationEnd) { $0.description }
        changed("Completion window", old.validity.completionYears, new.validity.completionYears) { "\($0) years" }
        changed("Assessments", old.assessments, new.assessments) { $0.map(\.rawValue).joined(separator: ", ") }
        changed("Assessment note", old.assessmentNote, new.assessmentNote) { $0 }
        if old.progression != new.progression { out.append("Progression routes changed") }
        if old.notes != new.notes { out.append("Notes changed") }
        return out
    }

    /// Which version of `qualification` `result` was decided against, and why: the learner's recorded
    /// choice (a `version` exception), no registration date (the as-of date's version or the latest:
    /// ``UncheckedCode/version``), or the registration date.
    public static func versionChosen(_ result: EvaluationResult, _ qualification: Qualification) -> String {
        let index = qualification.allVersions.firstIndex { $0.version == result.version }
        let window = index.map { " (\(self.window(of: qualification, versionAt: $0)))" } ?? ""
        let why: String
        if let x = result.exceptionsApplied.first(where: { $0.kind == .version }) {
            why = "by the learner's recorded choice (\(x.reason))"
        } else if result.unchecked.contains(.version) {
            why =
                "for want of a registration date: the version in force on the as-of date, or else the latest "
                + "(not checked)"
        } else {
            why = "in force on the learner's registration date (or the one a what-if asks for)"
        }
        return "Version \(result.version) of the rules\(window): \(why)."
    }
}
