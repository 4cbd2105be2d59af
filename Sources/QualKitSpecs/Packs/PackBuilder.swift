import Yams

/// Turns the YAML trees of one pack into a ``QualificationFamily``, checking keys, types, duplicates and
/// references as it goes and remembering where each item is defined.
struct PackBuilder {
    let context: QualificationCatalog
    var diagnostics: [Diagnostic] = []
    var locations: [String: SourceLocation] = [:]
    var pendingProgressions: [(QualificationID, SourceLocation)] = []
    /// Files that did not parse: references into them are not checked (the syntax error says enough).
    var unreadableFiles: Set<String> = []
    /// Every unit code and assessment id the pack declares, even where the item itself has errors, so that
    /// one broken unit does not also make every reference to it an error.
    var declaredUnits: Set<UnitCode> = []
    /// Unit code → the numbers of its assessment criteria, as read (also for a unit with other errors).
    var declaredCriteria: [UnitCode: [String]] = [:]
    var declaredAssessments: Set<AssessmentID> = []
    /// Unit codes defined twice, with where the repeat is: a reference to a code no unit has is then
    /// more likely the code the repeat was meant to have than a misspelling.
    var repeatedUnitCodes: [(code: String, at: SourceLocation)] = []
    /// Every group of `qualifications.yaml`, in order, whether or not a rule names it.
    var declaredGroups: [UnitGroup] = []
    var unitsUnreadable: Bool { unreadableFiles.contains("units.yaml") }

    init(context: QualificationCatalog) { self.context = context }

    mutating func build(_ roots: [String: (Node, String)]) -> QualificationFamily? {
        guard let (manifestNode, manifestFile) = roots["pack.yaml"] else { return nil }
        var r = NodeReader(file: manifestFile)
        defer { diagnostics += r.diagnostics }
        guard let m = r.fields(manifestNode, "the pack manifest", PackSchema.manifest) else { return nil }
        let id = r.identifier(m["id"], "the pack's 'id'")
        locations["pack"] = r.location(m["id"] ?? manifestNode)
        if let id { locations["pack:\(id)"] = locations["pack"] }
        let familyName = r.string(m["family"], "'family'")
        let ao = r.string(m["awarding_organisation"], "'awarding_organisation'")
        let version = r.string(m["version"], "'version'")
        let sources = r.strings(m["sources"], "'sources'")?.map(\.0) ?? []
        let notes = r.strings(m["notes"], "'notes'")?.map(\.0) ?? []

        let units = roots["units.yaml"].map { readUnits($0.0, file: $0.1) } ?? []
        let equivalents = roots["units.yaml"].map { readEquivalents($0.0, file: $0.1, units: units) } ?? []
        let assessments =
            roots["assessments.yaml"].map {
                readAssessments($0.0, file: $0.1, units: declaredUnits, criteria: declaredCriteria)
            } ?? []
        let qualifications =
            roots["qualifications.yaml"].map {
                readQualifications($0.0, file: $0.1, units: declaredUnits, assessments: declaredAssessments)
            } ?? []

        guard let id, let familyName, let ao, let version else { return nil }
        return QualificationFamily(
            id: id, family: familyName, awardingOrganisation: ao, version: version, sources: sources,
            units: units, groups: declaredGroups, qualifications: qualifications, assessments: assessments,
            notes: notes,
            equivalentUnits: equivalents)
    }

    /// The classes of equivalent units of `units.yaml`: each unit known (this pack's or an earlier
    /// pack's), in one class at most, and every unit of a class at the same level with the same credits.
    mutating func readEquivalents(_ root: Node, file: String, units: [LearningUnit]) -> [[UnitCode]] {
        var r = NodeReader(file: file)
        defer { diagnostics += r.diagnostics }
        guard case .mapping(let top) = root, let list = top["equivalent_units"],
            let classes = r.list(list, "'equivalent_units'")
        else { return [] }
        let own = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var classOf: [UnitCode: Int] = [:]
        var out: [[UnitCode]] = []
        for item in classes {
            guard let codes = r.strings(item, "a class of 'equivalent_units'") else { continue }
            var members: [(LearningUnit, Node)] = []
            var ok = true
            for (c, n) in codes {
                let code = UnitCode(c)
                guard let u = own[code] ?? context.unitsByCode[code] else {
                    ok = false
                    if declaredUnits.contains(code) { continue } // defined with errors, reported there
                    r.error(
                        .unknownUnit,
                        """
                        'equivalent_units' names unit '\(c)', which neither this pack nor a pack loaded before it \
                        defines\(Self.unitHint(c, own.keys.map(\.rawValue), repeated: repeatedUnitCodes))
                        """,
                        at: n)
                    continue
                }
                if members.contains(where: { $0.0.code == code }) {
                    ok = false
                    r.error(.duplicateID, "unit '\(c)' is listed twice in one class of 'equivalent_units'", at: n)
                } else if classOf[code] != nil {
                    ok = false
                    r.error(
                        .duplicateID,
                        """
                        unit '\(c)' is already in another class of 'equivalent_units'; put all units equivalent \
                        to each other in one class
                        """,
                        at: n)
                }
                members.append((u, n))
            }
            guard ok, members.count >= 2 else {
                if ok { r.error(.invalidValue, "a class of 'equivalent_units' needs at least two units", at: item) }
                continue
            }
            let first = members[0].0
            var mismatch = false
            for (u, n) in members.dropFirst() where u.level != first.level || u.credits != first.credits {
                mismatch = true
                r.error(
                    .equivalenceMismatch,
                    """
                    unit \(u.code) (\(u.level), \(u.credits) credits) cannot be equivalent to \(first.code) \
                    (\(first.level), \(first.credits) credits): equivalent units have the same level and credit \
                    value
                    """,
                    at: n)
            }
            if mismatch { continue }
            for (u, _) in members { classOf[u.code] = out.count }
            locations["equivalence:\(out.count)"] = r.location(item)
            out.append(members.map(\.0.code))
        }
        return out
    }

    // MARK: - Units

    mutating func readUnits(_ root: Node, file: String) -> [LearningUnit] {
        var r = NodeReader(file: file)
        defer { diagnostics += r.diagnostics }
        guard let top = r.fields(root, "units.yaml", PackSchema.unitsFile),
            let items = r.list(top["units"], "'units'")
        else { return [] }
        var out: [LearningUnit] = []
        var seen: [UnitCode: SourceLocation] = [:]
        for item in items {
            guard let f = r.fields(item, "a unit", PackSchema.unit) else { continue }
            guard let code = r.identifier(f["code"], "unit 'code'").map({ UnitCode($0) }) else { continue }
            declaredUnits.insert(code)
            let what = "unit \(code)"
            let title = r.string(f["title"], "'title' of \(what)")
            let level = r.level(f["level"], "'level' of \(what)")
            let credits = r.int(f, "credits", of: PackSchema.unit, "'credits' of \(what)")
            let glh = r.int(f, "glh", of: PackSchema.unit, "'glh' of \(what)")
            let hours = r.hours(f["minimum_practice_hours"], "'minimum_practice_hours' of \(what)")
            let purpose = r.string(f["purpose"], "'purpose' of \(what)")
            let from = r.date(f["available_from"], "'available_from' of \(what)")
            let review = r.date(f["review_date"], "'review_date' of \(what)")
            let nos =
                r.strings(f["national_occupational_standards"], "'national_occupational_standards' of \(what)")?.map(
                    \.0) ?? []
            var outcomes: [LearningOutcome] = []
            if let los = r.list(f["learning_outcomes"], "'learning_outcomes' of \(what)") {
                for lo in los {
                    guard let lf = r.fields(lo, "a learning outcome of \(what)", PackSchema.learningOutcome),
                        let n = r.int(
                            lf, "number", of: PackSchema.learningOutcome, "learning outcome 'number' of \(what)"),
                        let text = r.string(lf["text"], "learning outcome text of \(what)")
                    else { continue }
                    var criteria: [AssessmentCriterion] = []
                    for c in r.list(lf["criteria"], "'criteria' of learning outcome \(n) of \(what)") ?? [] {
                        guard let cf = r.fields(c, "an assessment criterion of \(what)", PackSchema.criterion),
                            let cn = r.string(cf["number"], "criterion 'number'"),
                            let ct = r.string(cf["text"], "criterion 'text'")
                        else { continue }
                        if !cn.hasPrefix("\(n).") {
                            r.error(
                                .invalidValue,
                                """
                                assessment criterion '\(cn)' sits under learning outcome \(n) of \(what); \
                                criteria are numbered \(n).1, \(n).2, …
                                """,
                                at: cf["number"])
                        }
                        criteria.append(AssessmentCriterion(number: cn, text: ct))
                    }
                    outcomes.append(LearningOutcome(number: n, text: text, criteria: criteria))
                    declaredCriteria[code, default: []] += criteria.map(\.number) // even if the unit has other errors
                }
            }
            let loc = r.location(f["code"])
            if let prev = seen[code] {
                r.error(
                    .duplicateID,
                    """
                    unit code '\(code)' is defined twice (first at \(prev)); each unit has a code of its own: \
                    give this unit the code its document prints, or remove it if it repeats the first
                    """,
                    at: f["code"])
                repeatedUnitCodes.append((code.rawValue, loc))
                continue
            }
            seen[code] = loc
            locations["unit:\(code)"] = loc
            if let n = f["available_from"] { locations["unit:\(code)/available_from"] = r.location(n) }
            guard let title, let level, let credits, let glh else { continue }
            out.append(
                LearningUnit(
                    code: code, title: title, level: level, credits: Credits(credits),
                    guidedLearningHours: GuidedLearningHours(glh),
                    learningOutcomes: outcomes, minimumPracticeHours: hours, purpose: purpose,
                    availableFrom: from, reviewDate: review, nationalOccupationalStandards: nos))
        }
        return out
    }

    // MARK: - Assessments

    mutating func readAssessments(_ root: Node, file: String, units: Set<UnitCode>, criteria: [UnitCode: [String]])
        -> [Assessment]
    {
        var r = NodeReader(file: file)
        defer { diagnostics += r.diagnostics }
        guard let top = r.fields(root, "assessments.yaml", PackSchema.assessmentsFile),
            let items = r.list(top["assessments"], "'assessments'")
        else { return [] }
        var out: [Assessment] = []
        var seen: [AssessmentID: SourceLocation] = [:]
        for item in items {
            guard let f = r.fields(item, "an assessment", PackSchema.assessment),
                let id = r.identifier(f["id"], "assessment 'id'").map({ AssessmentID($0) })
            else { continue }
            declaredAssessments.insert(id)
            let title = r.string(f["title"], "'title' of assessment \(id)")
            var covers: [UnitCode] = []
            for (c, n) in r.strings(f["covers"], "'covers' of assessment \(id)") ?? [] {
                let code = UnitCode(c)
                if !units.contains(code) {
                    if unitsUnreadable { continue }
                    r.error(
                        .unknownUnit,
                        """
                        assessment \(id) covers unit '\(c)', which this pack does not \
                        define\(Self.unitHint(c, Array(units.map(\.rawValue)), repeated: repeatedUnitCodes))
                        """,
                        at: n)
                } else {
                    covers.append(code)
                }
            }
            var sheet: MarkSheet?
            if let sn = f["mark_sheet"],
                let sf = r.fields(sn, "the mark sheet of assessment \(id)", PackSchema.markSheet)
            {
                let pass = r.int(sf, "pass_mark", of: PackSchema.markSheet, "'pass_mark' of assessment \(id)")
                var sections: [MarkSheet.Section] = []
                for s in r.list(sf["sections"], "'sections' of assessment \(id)") ?? [] {
                    guard let ssf = r.fields(s, "a mark sheet section of assessment \(id)", PackSchema.section),
                        let t = r.string(ssf["title"], "section 'title'"),
                        let mx = r.int(ssf, "maximum", of: PackSchema.section, "section 'maximum' of assessment \(id)"),
                        let mn = r.int(ssf, "minimum", of: PackSchema.section, "section 'minimum' of assessment \(id)")
                    else { continue }
                    locations["assessment:\(id)/section:\(sections.count)"] = r.location(ssf["minimum"])
                    var refs: [CriterionReference] = []
                    for (text, n) in r.strings(ssf["criteria"], "'criteria' of section '\(t)' of assessment \(id)")
                        ?? []
                    {
                        guard let ref = CriterionReference(text) else {
                            r.error(
                                .invalidValue,
                                """
                                '\(text)' in 'criteria' of section '\(t)' of assessment \(id) is not UNIT/NUMBER; \
                                write it like D3.01/1.1
                                """,
                                at: n)
                            continue
                        }
                        guard covers.contains(ref.unit) else {
                            r.error(
                                .unknownUnit,
                                """
                                section '\(t)' of assessment \(id) names criterion \(ref), but the assessment \
                                does not cover unit \
                                \(ref.unit)\(Self.hint(
                                    ref.unit.rawValue, covers.map(\.rawValue),
                                    otherwise: "; add it to 'covers' or fix the code"))
                                """,
                                at: n)
                            continue
                        }
                        let known = criteria[ref.unit] ?? []
                        guard known.contains(ref.number) || unreadableFiles.contains("units.yaml") else {
                            r.error(
                                .invalidValue,
                                """
                                unit \(ref.unit) has no assessment criterion \
                                \(ref.number)\(known.isEmpty
                                    ? "; give the unit its learning outcomes in units.yaml"
                                    : "; its criteria are \(known.joined(separator: ", "))")
                                """,
                                at: n)
                            continue
                        }
                        if refs.contains(ref) {
                            r.error(
                                .duplicateID, "section '\(t)' of assessment \(id) lists criterion \(ref) twice", at: n);
                            continue
                        }
                        refs.append(ref)
                    }
                    sections.append(.init(title: t, maximum: mx, minimum: mn, criteria: refs))
                }
                locations["assessment:\(id)/pass_mark"] = r.location(sf["pass_mark"])
                if let pass { sheet = MarkSheet(sections: sections, passMark: pass) }
            }
            if let prev = seen[id] {
                r.error(.duplicateID, "assessment id '\(id)' is defined twice (first at \(prev))", at: f["id"])
                continue
            }
            seen[id] = r.location(f["id"])
            locations["assessment:\(id)"] = r.location(f["id"])
            guard let title else { continue }
            out.append(
                Assessment(id: id, title: title, covers: covers, markSheet: sheet, task: r.string(f["task"], "'task'")))
        }
        return out
    }

    /// "; did you mean 'X'?" for the closest of `candidates`, or `otherwise`.
    /// The hint for a unit code that no unit of the pack has: where a code is defined twice, the repeat was
    /// likely meant to be this code (a "did you mean" the repeated code would be wrong); else the closest code.
    static func unitHint(_ code: String, _ candidates: [String], repeated: [(code: String, at: SourceLocation)])
        -> String
    {
        if let r = repeated.first(where: { $0.code != code }) {
            return
                """
                ; unit code '\(r.code)' is defined twice (again at \(r.at)): if that unit is meant to be \
                '\(code)', fix its code there, else define '\(code)' in units.yaml
                """
        }
        return hint(code, candidates)
    }

    static func hint(
        _ key: String, _ candidates: [String], otherwise: String = "; define it in units.yaml or fix the code"
    ) -> String {
        NodeReader.suggestion(for: key, among: candidates).map { "; did you mean '\($0)'?" } ?? otherwise
    }
}
