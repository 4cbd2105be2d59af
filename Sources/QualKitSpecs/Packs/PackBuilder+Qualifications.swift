import Yams

extension PackBuilder {
    mutating func readQualifications(_ root: Node, file: String, units: Set<UnitCode>, assessments: Set<AssessmentID>)
        -> [Qualification]
    {
        var r = NodeReader(file: file)
        defer { diagnostics += r.diagnostics }
        guard let top = r.fields(root, "qualifications.yaml", PackSchema.qualificationsFile) else { return [] }
        let unitNames = units.map(\.rawValue)

        // Groups, shared by the pack's qualifications.
        var groups: [GroupID: UnitGroup] = [:]
        var groupOrder: [GroupID] = []
        for g in r.list(top["groups"], "'groups'") ?? [] {
            guard let f = r.fields(g, "a group", PackSchema.group),
                let id = r.identifier(f["id"], "group 'id'").map({ GroupID($0) })
            else { continue }
            if groups[id] != nil {
                r.error(
                    .duplicateID, "group id '\(id)' is defined twice (first at \(locations["group:\(id)"]!))",
                    at: f["id"])
                continue
            }
            var members: [UnitCode] = []
            for (c, n) in r.strings(f["units"], "'units' of group \(id)") ?? [] {
                let code = UnitCode(c)
                if !units.contains(code) {
                    if !unitsUnreadable {
                        r.error(
                            .unknownUnit,
                            """
                            group \(id) lists unit '\(c)', which this pack does not \
                            define\(Self.unitHint(c, unitNames, repeated: repeatedUnitCodes))
                            """,
                            at: n)
                    }
                } else if members.contains(code) {
                    r.error(.duplicateID, "group \(id) lists unit '\(c)' twice", at: n)
                } else {
                    members.append(code)
                }
            }
            locations["group:\(id)"] = r.location(f["id"])
            if members.isEmpty, f["units"] != nil, !unitsUnreadable {
                r.error(.emptyGroup, "group \(id) has no units; list at least one unit", at: f["units"])
            }
            groups[id] = UnitGroup(
                id: id, title: r.string(f["title"], "'title' of group \(id)") ?? id.rawValue, units: members)
            groupOrder.append(id)
        }
        declaredGroups = groupOrder.compactMap { groups[$0] }

        guard let items = r.list(top["qualifications"], "'qualifications'") else { return [] }
        var out: [Qualification] = []
        var seen: [QualificationID: SourceLocation] = [:]
        var qans: [String: SourceLocation] = [:]
        for item in items {
            guard let f = r.fields(item, "a qualification", PackSchema.qualification) else { continue }
            guard let qid = r.identifier(f["id"], "qualification 'id'").map({ QualificationID($0) }) else { continue }
            let what = "qualification \(qid)"
            let key = "qualification:\(qid)"
            if let prev = seen[qid] {
                r.error(.duplicateID, "qualification id '\(qid)' is defined twice (first at \(prev))", at: f["id"])
                continue
            }
            seen[qid] = r.location(f["id"])
            locations[key] = r.location(f["id"])
            let qan = r.string(f["qan"], "'qan' of \(what)")
            if let qan, let n = f["qan"] {
                if !Self.isQAN(qan) {
                    r.error(
                        .invalidValue,
                        "'qan' of \(what) is '\(qan)'; a Qualification Accreditation Number looks like 600/5782/8",
                        at: n)
                }
                if let prev = qans[qan] {
                    r.error(.duplicateID, "QAN \(qan) is given to two qualifications (first at \(prev))", at: n)
                }
                qans[qan] = r.location(n)
                locations["QAN:\(qan)"] = r.location(n)
            }
            let base = read(
                f, id: qid, qan: qan, key: key, what: what, &r, units: units, unitNames: unitNames,
                groups: groups, groupOrder: groupOrder, assessments: assessments)
            guard var first = base else { continue }
            if let label = r.string(f["version"], "'version' of \(what)") { first.version = label }
            first.versions = readVersions(
                f, of: first, key: key, &r, units: units, unitNames: unitNames,
                groups: groups, groupOrder: groupOrder, assessments: assessments)
            out.append(first)
        }
        // Progression targets: this pack or an already loaded one.
        let ids = Set(out.map(\.id))
        for (target, loc) in pendingProgressions
        where !ids.contains(target) && context.qualificationsByID[target] == nil {
            let known = ids.map(\.rawValue) + context.qualifications.map(\.id.rawValue)
            diagnostics.append(
                Diagnostic(
                    .unknownQualification, .error,
                    "progression names qualification '\(target)', which neither this pack nor a loaded pack defines"
                        + Self.hint(
                            target.rawValue, known, otherwise: "; use 'text: …' for a qualification outside the packs"),
                    at: loc))
        }
        return out
    }

    /// Reads a qualification (or one version of it) from `entries`, recording locations under `key`; `nil` when
    /// its title, level or credit value cannot be read (the diagnostics say why).
    mutating func read(
        _ entries: NodeReader.Fields, id qid: QualificationID, qan: String?, key: String, what: String,
        _ reader: inout NodeReader, units: Set<UnitCode>, unitNames: [String], groups: [GroupID: UnitGroup],
        groupOrder: [GroupID], assessments: Set<AssessmentID>
    ) -> Qualification? {
        for k in ["credit_value", "size", "guided_learning_hours", "total_qualification_time", "rules", "title"] {
            if let n = entries[k] { locations["\(key)/\(k)"] = reader.location(n) }
        }
        let title = reader.string(entries["title"], "'title' of \(what)")
        let purpose = reader.string(entries["purpose"], "'purpose' of \(what)")
        let fieldOfStudy = reader.string(entries["field_of_study"], "'field_of_study' of \(what)")
        var language: String?
        if let n = entries["language"], let code = reader.string(n, "'language' of \(what)") {
            if Self.isLanguageCode(code) {
                language = code
            } else {
                reader.error(
                    .invalidValue,
                    "'language' of \(what) is '\(code)'; "
                        + "expected a BCP 47 language code such as en or cy", at: n)
            }
        }
        let level = reader.level(entries["level"], "'level' of \(what)")
        let credits = reader.int(entries, "credit_value", of: PackSchema.qualification, "'credit_value' of \(what)")
        var size: SizeBand?
        if let n = entries["size"], let s = reader.string(n, "'size' of \(what)") {
            size = SizeBand(rawValue: s.lowercased())
            if size == nil {
                reader.error(
                    .invalidValue, "'size' of \(what) is '\(s)'; expected award, certificate or diploma", at: n)
            }
        }
        let glh = reader.int(
            entries, "guided_learning_hours", of: PackSchema.qualification, "'guided_learning_hours' of \(what)")
        let tqt = reader.int(
            entries, "total_qualification_time", of: PackSchema.qualification, "'total_qualification_time' of \(what)")

        var delivery = DeliveryRequirements()
        if let d = entries["delivery"], let df = reader.fields(d, "'delivery' of \(what)", PackSchema.delivery) {
            delivery.minimumInductionHours = reader.hours(df["induction_hours"], "'induction_hours' of \(what)")
            delivery.minimumTutorialHours = reader.hours(df["tutorial_hours"], "'tutorial_hours' of \(what)")
        }
        var validity = Validity()
        if let v = entries["validity"], let vf = reader.fields(v, "'validity' of \(what)", PackSchema.validity) {
            validity.operationalStart = reader.date(vf["operational_start"], "'operational_start' of \(what)")
            validity.registrationEnd = reader.date(vf["registration_end"], "'registration_end' of \(what)")
            validity.certificationEnd = reader.date(vf["certification_end"], "'certification_end' of \(what)")
            validity.completionYears = reader.int(
                vf, "completion_years", of: PackSchema.validity, "'completion_years' of \(what)")
            for k in ["operational_start", "registration_end", "certification_end"] {
                if let n = vf[k] { locations["\(key)/validity/\(k)"] = reader.location(n) }
            }
        }

        var used: [GroupID] = []
        var rules: [Rule] = []
        for rn in reader.list(entries["rules"], "'rules' of \(what)") ?? [] {
            // Kept rules are numbered as the model holds them (a rule with errors is left out).
            if let rule = readRule(
                rn, &reader, what: what, units: units, unitNames: unitNames, groups: groups, used: &used,
                key: "\(key)/rules/\(rules.count)")
            {
                rules.append(rule)
            }
        }
        // else units.yaml's error says why
        if let n = entries["rules"], rules.isEmpty, reader.diagnostics.isEmpty, !unitsUnreadable {
            reader.error(
                .missingField,
                "\(what) has no rules of combination; add at least one rule, e.g. '- mandatory: [UNIT, …]'", at: n)
        }

        var assessmentRefs: [AssessmentID] = []
        for (a, n) in reader.strings(entries["assessments"], "'assessments' of \(what)") ?? [] {
            let id = AssessmentID(a)
            if assessments.contains(id) {
                assessmentRefs.append(id)
            } else if !unreadableFiles.contains("assessments.yaml") {
                reader.error(
                    .unknownAssessment,
                    """
                    \(what) names assessment '\(a)', which this pack does not \
                    define\(Self.hint(
                        a, assessments.map(\.rawValue), otherwise: "; define it in assessments.yaml or fix the id"))
                    """,
                    at: n)
            }
        }

        var progression: [Progression] = []
        var progressionNodes: [(QualificationID, Node)] = []
        for p in reader.list(entries["progression"], "'progression' of \(what)") ?? [] {
            guard let pf = reader.fields(p, "a progression route of \(what)", PackSchema.progression) else { continue }
            if pf["qualification"] != nil && pf["text"] != nil {
                reader.error(
                    .invalidValue,
                    "a progression route gives either 'qualification: ID' or 'text: NAME', not both; make two routes",
                    at: p)
                continue
            }
            if let s = reader.string(pf["qualification"], "progression 'qualification'") {
                progression.append(.qualification(QualificationID(s)))
                progressionNodes.append((QualificationID(s), pf["qualification"]!))
            } else if let s = reader.string(pf["text"], "progression 'text'") {
                progression.append(.text(s))
            } else if pf["qualification"] == nil && pf["text"] == nil {
                reader.error(
                    .missingField,
                    "a progression route needs 'qualification: ID' (a loaded qualification) or 'text: NAME'", at: p)
            }
        }
        pendingProgressions.append(contentsOf: progressionNodes.map { ($0.0, reader.location($0.1)) })

        guard let title, let level, let credits else { return nil }
        return Qualification(
            id: qid, qan: qan, title: title, purpose: purpose, level: level, creditValue: Credits(credits),
            declaredSize: size,
            guidedLearningHours: glh.map({ GuidedLearningHours($0) }), totalQualificationTime: tqt,
            groups: groupOrder.filter { used.contains($0) }.compactMap { groups[$0] }, rules: rules,
            delivery: delivery, validity: validity, assessments: assessmentRefs,
            assessmentNote: reader.string(entries["assessment_note"], "'assessment_note' of \(what)"),
            progression: progression,
            notes: reader.strings(entries["notes"], "'notes' of \(what)")?.map(\.0) ?? [],
            fieldOfStudy: fieldOfStudy, language: language)
    }

    /// The later versions of `first` (``Qualification/versions``) from its `versions` list: each version's
    /// keys over those of the version before it, read as a whole qualification, so that every version is
    /// checked as one. A problem in an inherited key is reported once, where it is written.
    mutating func readVersions(
        _ entries: NodeReader.Fields, of first: Qualification, key: String, _ reader: inout NodeReader,
        units: Set<UnitCode>, unitNames: [String], groups: [GroupID: UnitGroup],
        groupOrder: [GroupID], assessments: Set<AssessmentID>
    ) -> [Qualification] {
        guard let list = entries["versions"] else { return [] }
        let what = "qualification \(first.id)"
        guard let items = reader.list(list, "'versions' of \(what)") else { return [] }
        var out: [Qualification] = []
        var labels: [String: SourceLocation] = [first.version: reader.location(entries["version"] ?? entries["id"])]
        var previous = entries
        for item in items {
            guard let vf = reader.fields(item, "a version of \(what)", PackSchema.qualificationVersion),
                let label = reader.string(vf["version"], "'version' of a version of \(what)")
            else { continue }
            if let prev = labels[label] {
                reader.error(
                    .duplicateID,
                    "\(what) has version '\(label)' twice (first at \(prev)); give each version its own label",
                    at: vf["version"])
                continue
            }
            labels[label] = reader.location(vf["version"])
            let from = reader.date(vf["registrations_from"], "'registrations_from' of \(what) version \(label)")
            let gapKey = "'registration_gap' of \(what) version \(label)"
            if let gap = vf["registration_gap"], let word = reader.string(gap, gapKey), word != "allowed" {
                reader.error(.invalidValue, "\(gapKey) is '\(word)'; write 'allowed', or leave it out", at: gap)
            }
            var merged = previous
            for (k, node) in vf.values where PackSchema.versionedKeys.contains(k) {
                merged.values[k] = node
                merged.keys[k] = vf.keys[k]
            }
            let vkey = "\(key)@\(label)"
            locations[vkey] = reader.location(vf["version"])
            if let n = vf["registrations_from"] { locations["\(vkey)/registrations_from"] = reader.location(n) }
            // Inherited keys were read with the version before; their problems are reported there only.
            let reported = Set(reader.diagnostics.map { "\($0.location?.description ?? "")|\($0.id)" })
            let before = reader.diagnostics.count
            let pending = pendingProgressions.count
            let version = read(
                merged, id: first.id, qan: first.qan, key: vkey, what: "\(what) version \(label)", &reader,
                units: units, unitNames: unitNames, groups: groups, groupOrder: groupOrder,
                assessments: assessments)
            let fresh = reader.diagnostics[before...].filter { d in
                !reported.contains("\(d.location?.description ?? "")|\(d.id)")
            }
            reader.diagnostics.removeSubrange(before...)
            reader.diagnostics += fresh
            if vf["progression"] == nil { pendingProgressions.removeSubrange(pending...) }
            previous = merged
            guard var v = version, let from else { continue }
            v.version = label
            v.registrationsFrom = from
            v.allowsRegistrationGap = vf["registration_gap"] != nil
            out.append(v)
        }
        return out
    }

    /// `NNN/NNNN/C` where C is a digit or X.
    static func isQAN(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard u.count == 10, u[3] == UInt8(ascii: "/"), u[8] == UInt8(ascii: "/") else { return false }
        let digits = [0, 1, 2, 4, 5, 6, 7]
        return digits.allSatisfy { (48...57).contains(u[$0]) }
            && ((48...57).contains(u[9]) || u[9] == UInt8(ascii: "X"))
    }

    /// Reads one rule, recording its location under `key` (`PackAnalysis.ruleKey`: `…/rules/0`, a rule of
    /// `all_of` one more index, a rule of a route two: route, rule) and that of its amount under
    /// `key + "#amount"`.
    mutating func readRule(
        _ node: Node, _ nodeReader: inout NodeReader, what: String, units: Set<UnitCode>, unitNames: [String],
        groups: [GroupID: UnitGroup], used: inout [GroupID], key: String
    ) -> Rule? {
        // The reader moves into the source and back (a copy would copy its diagnostics on the first append).
        var source = PackRuleSource(
            reader: NodeReader(file: nodeReader.file), owner: what, units: units, unitNames: unitNames,
            groups: groups, used: used, unitsUnreadable: unitsUnreadable)
        source.repeatedUnitCodes = repeatedUnitCodes
        swap(&nodeReader, &source.reader)
        let rule = source.readRule(node, locationKey: key)
        swap(&nodeReader, &source.reader)
        used = source.used
        locations.merge(source.locations) { _, new in new }
        return rule
    }
}

/// A rule's value in a YAML pack, as the rule kinds read it (``RuleSource``): every problem becomes a
/// diagnostic at its node's file, line and column.
struct PackRuleSource: RuleSource {
    var reader: NodeReader
    let owner: String
    let units: Set<UnitCode>
    let unitNames: [String]
    let groups: [GroupID: UnitGroup]
    var used: [GroupID]
    let unitsUnreadable: Bool
    /// Unit codes defined twice (``PackBuilder/repeatedUnitCodes``).
    var repeatedUnitCodes: [(code: String, at: SourceLocation)] = []
    /// Where each rule (and its amount) is, keyed as `PackBuilder.locations`.
    var locations: [String: SourceLocation] = [:]
    /// (A placeholder, tagged for the resolver without rules: a node with the default tag would build the
    /// default resolver, compiling its regular expressions, which ``PackLoader/composeTree(_:)`` avoids.)
    private(set) var value: Node = .scalar(.init("", Tag(.implicit, .basic)))
    private(set) var key = ""
    private var locationKey = ""

    init(
        reader: NodeReader, owner: String, units: Set<UnitCode>, unitNames: [String], groups: [GroupID: UnitGroup],
        used: [GroupID], unitsUnreadable: Bool
    ) {
        self.reader = reader; self.owner = owner; self.units = units; self.unitNames = unitNames
        self.groups = groups; self.used = used; self.unitsUnreadable = unitsUnreadable
    }

    /// Reads `node` as a rule: a mapping with one key, the key of one of ``Rule/kinds``.
    mutating func readRule(_ node: Node, locationKey: String) -> Rule? {
        locations[locationKey] = reader.location(node)
        let keys = PackSchema.rules.allowed
        guard case .mapping(let mapping) = node, mapping.count == 1, let (keyNode, value) = mapping.first,
            case .scalar(let keyScalar) = keyNode
        else {
            reader.error(
                .wrongType, "each rule of \(owner) is a mapping with one key, one of: \(keys.joined(separator: ", "))",
                at: node)
            return nil
        }
        guard let kind = Rule.kind(forKey: keyScalar.string) else {
            let hint =
                NodeReader.suggestion(for: keyScalar.string, among: keys).map { "did you mean '\($0)'?" }
                ?? "expected one of: \(keys.joined(separator: ", "))"
            reader.error(.unknownKey, "unknown rule '\(keyScalar.string)' in \(owner); \(hint)", at: keyNode)
            return nil
        }
        let outer = (self.value, self.key, self.locationKey)
        (self.value, self.key, self.locationKey) = (value, keyScalar.string, locationKey)
        defer { (self.value, self.key, self.locationKey) = outer }
        return kind.read(&self)
    }

    mutating func nestedRule(_ node: Node, at index: [Int]) -> Rule? {
        readRule(node, locationKey: ([locationKey] + index.map(String.init)).joined(separator: "/"))
    }

    mutating func list(_ node: Node, _ what: String) -> [Node]? { reader.list(node, what) }

    mutating func fields(_ node: Node, _ what: String, _ object: PackSchemaObject) -> [String: Node]? {
        reader.fields(node, what, object)?.values
    }

    mutating func unitCodes(_ node: Node) -> [UnitCode]? {
        guard let items = reader.strings(node, "'\(key)' of \(owner)") else { return nil }
        if items.isEmpty {
            reader.error(
                .invalidValue, "'\(key)' of \(owner) lists no units; list the units or remove the rule", at: node)
            return nil
        }
        var out: [UnitCode] = []
        for (text, item) in items {
            let code = UnitCode(text)
            if !units.contains(code) {
                if !unitsUnreadable {
                    reader.error(
                        .unknownUnit,
                        "\(owner) names unit '\(text)' in '\(key)', which this pack does not define"
                            + PackBuilder.unitHint(text, unitNames, repeated: repeatedUnitCodes), at: item)
                }
            } else if out.contains(code) {
                reader.error(.duplicateID, "'\(key)' of \(owner) lists unit '\(text)' twice", at: item)
            } else {
                out.append(code)
            }
        }
        return out.isEmpty ? nil : out
    }

    mutating func group(_ node: Node?) -> GroupID? {
        guard let text = reader.string(node, "'group' of '\(key)' in \(owner)") else { return nil }
        let id = GroupID(text)
        guard groups[id] != nil else {
            let hint =
                NodeReader.suggestion(for: text, among: groups.keys.map(\.rawValue)).map { "; did you mean '\($0)'?" }
                ?? "; define it under 'groups:'"
            reader.error(
                .unknownGroup, "\(owner) names group '\(text)' in '\(key)', which this pack does not define\(hint)",
                at: node)
            return nil
        }
        if !used.contains(id) { used.append(id) }
        return id
    }

    mutating func wholeNumber(_ node: Node?, _ what: String, in range: ClosedRange<Int>) -> Int? {
        reader.int(node, what, min: range.lowerBound, max: range.upperBound)
    }

    mutating func level(_ node: Node?, _ what: String) -> Level? { reader.level(node, what) }
    mutating func identifier(_ node: Node?, _ what: String) -> String? { reader.identifier(node, what) }
    mutating func text(_ node: Node?, _ what: String) -> String? { reader.string(node, what) }
    mutating func markAmount(_ node: Node?) { locations[locationKey + "#amount"] = reader.location(node) }

    mutating func problem(_ problem: RuleProblem, _ message: String, at node: Node?) {
        switch problem {
        case .invalidValue: reader.error(.invalidValue, message, at: node)
        case .duplicateID: reader.error(.duplicateID, message, at: node)
        }
    }
}

extension PackBuilder {
    /// Whether `code` has the shape of a BCP 47 language tag: a primary language of two or three letters,
    /// then subtags of two to eight letters or digits (`en`, `cy`, `en-GB`).
    static func isLanguageCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count),
            primary.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return false }
        return parts.dropFirst().allSatisfy { subtag in
            (2...8).contains(subtag.count) && subtag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
