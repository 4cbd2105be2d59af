import Yams

extension PackBuilder {
    static var ruleKeys: [String] { PackSchema.rules.allowed }

    mutating func readQualifications(_ root: Node, file: String, units: Set<UnitCode>, assessments: Set<AssessmentID>) -> [Qualification] {
        var r = NodeReader(file: file)
        defer { diagnostics += r.diagnostics }
        guard let top = r.fields(root, "qualifications.yaml", PackSchema.qualificationsFile) else { return [] }
        let unitNames = units.map(\.rawValue)

        // Groups, shared by the pack's qualifications.
        var groups: [GroupID: UnitGroup] = [:]
        var groupOrder: [GroupID] = []
        for g in r.list(top["groups"], "'groups'") ?? [] {
            guard let f = r.fields(g, "a group", PackSchema.group),
                  let id = r.identifier(f["id"], "group 'id'").map({ GroupID($0) }) else { continue }
            if groups[id] != nil {
                r.error(.duplicateID, "group id '\(id)' is defined twice (first at \(locations["group:\(id)"]!))", at: f["id"])
                continue
            }
            var members: [UnitCode] = []
            for (c, n) in r.strings(f["units"], "'units' of group \(id)") ?? [] {
                let code = UnitCode(c)
                if !units.contains(code) { if !unitsUnreadable { r.error(.unknownUnit, "group \(id) lists unit '\(c)', which this pack does not define\(Self.hint(c, unitNames))", at: n) } }
                else if members.contains(code) { r.error(.duplicateID, "group \(id) lists unit '\(c)' twice", at: n) }
                else { members.append(code) }
            }
            locations["group:\(id)"] = r.location(f["id"])
            if members.isEmpty, f["units"] != nil, !unitsUnreadable { r.error(.emptyGroup, "group \(id) has no units; list at least one unit", at: f["units"]) }
            groups[id] = UnitGroup(id: id, title: r.string(f["title"], "'title' of group \(id)") ?? id.rawValue, units: members)
            groupOrder.append(id)
        }

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
            for k in ["credit_value", "size", "guided_learning_hours", "total_qualification_time", "rules", "title"] {
                if let n = f[k] { locations["\(key)/\(k)"] = r.location(n) }
            }
            let qan = r.string(f["qan"], "'qan' of \(what)")
            if let qan, let n = f["qan"] {
                if !Self.isQAN(qan) {
                    r.error(.invalidValue, "'qan' of \(what) is '\(qan)'; a Qualification Accreditation Number looks like 600/5782/8", at: n)
                }
                if let prev = qans[qan] { r.error(.duplicateID, "QAN \(qan) is given to two qualifications (first at \(prev))", at: n) }
                qans[qan] = r.location(n)
                locations["QAN:\(qan)"] = r.location(n)
            }
            let title = r.string(f["title"], "'title' of \(what)")
            let level = r.level(f["level"], "'level' of \(what)")
            let credits = r.int(f, "credit_value", of: PackSchema.qualification, "'credit_value' of \(what)")
            var size: SizeBand?
            if let n = f["size"], let s = r.string(n, "'size' of \(what)") {
                size = SizeBand(rawValue: s.lowercased())
                if size == nil { r.error(.invalidValue, "'size' of \(what) is '\(s)'; expected award, certificate or diploma", at: n) }
            }
            let glh = r.int(f, "guided_learning_hours", of: PackSchema.qualification, "'guided_learning_hours' of \(what)")
            let tqt = r.int(f, "total_qualification_time", of: PackSchema.qualification, "'total_qualification_time' of \(what)")

            var delivery = DeliveryRequirements()
            if let d = f["delivery"], let df = r.fields(d, "'delivery' of \(what)", PackSchema.delivery) {
                delivery.minimumInductionHours = r.hours(df["induction_hours"], "'induction_hours' of \(what)")
                delivery.minimumTutorialHours = r.hours(df["tutorial_hours"], "'tutorial_hours' of \(what)")
            }
            var validity = Validity()
            if let v = f["validity"], let vf = r.fields(v, "'validity' of \(what)", PackSchema.validity) {
                validity.operationalStart = r.date(vf["operational_start"], "'operational_start' of \(what)")
                validity.registrationEnd = r.date(vf["registration_end"], "'registration_end' of \(what)")
                validity.certificationEnd = r.date(vf["certification_end"], "'certification_end' of \(what)")
                validity.completionYears = r.int(vf, "completion_years", of: PackSchema.validity, "'completion_years' of \(what)")
                for k in ["operational_start", "registration_end", "certification_end"] {
                    if let n = vf[k] { locations["\(key)/validity/\(k)"] = r.location(n) }
                }
            }

            var used: [GroupID] = []
            var rules: [Rule] = []
            for rn in r.list(f["rules"], "'rules' of \(what)") ?? [] {
                // Kept rules are numbered as the model holds them (a rule with errors is left out).
                if let rule = readRule(rn, &r, what: what, units: units, unitNames: unitNames, groups: groups, used: &used,
                                       key: "\(key)/rules/\(rules.count)") { rules.append(rule) }
            }
            if let n = f["rules"], rules.isEmpty, r.diagnostics.isEmpty, !unitsUnreadable {   // else units.yaml's error says why
                r.error(.missingField, "\(what) has no rules of combination; add at least one rule, e.g. '- mandatory: [UNIT, …]'", at: n)
            }

            var assessmentRefs: [AssessmentID] = []
            for (a, n) in r.strings(f["assessments"], "'assessments' of \(what)") ?? [] {
                let id = AssessmentID(a)
                if assessments.contains(id) { assessmentRefs.append(id) }
                else if !unreadableFiles.contains("assessments.yaml") { r.error(.unknownAssessment, "\(what) names assessment '\(a)', which this pack does not define\(Self.hint(a, assessments.map(\.rawValue), otherwise: "; define it in assessments.yaml or fix the id"))", at: n) }
            }

            var progression: [Progression] = []
            var progressionNodes: [(QualificationID, Node)] = []
            for p in r.list(f["progression"], "'progression' of \(what)") ?? [] {
                guard let pf = r.fields(p, "a progression route of \(what)", PackSchema.progression) else { continue }
                if pf["qualification"] != nil && pf["text"] != nil {
                    r.error(.invalidValue, "a progression route gives either 'qualification: ID' or 'text: NAME', not both; make two routes", at: p)
                    continue
                }
                if let s = r.string(pf["qualification"], "progression 'qualification'") {
                    progression.append(.qualification(QualificationID(s)))
                    progressionNodes.append((QualificationID(s), pf["qualification"]!))
                } else if let s = r.string(pf["text"], "progression 'text'") {
                    progression.append(.text(s))
                } else if pf["qualification"] == nil && pf["text"] == nil {
                    r.error(.missingField, "a progression route needs 'qualification: ID' (a loaded qualification) or 'text: NAME'", at: p)
                }
            }
            pendingProgressions.append(contentsOf: progressionNodes.map { ($0.0, r.location($0.1)) })

            guard let title, let level, let credits else { continue }
            out.append(Qualification(
                id: qid, qan: qan, title: title, level: level, creditValue: Credits(credits), declaredSize: size,
                guidedLearningHours: glh.map({ GuidedLearningHours($0) }), totalQualificationTime: tqt,
                groups: groupOrder.filter { used.contains($0) }.compactMap { groups[$0] }, rules: rules,
                delivery: delivery, validity: validity, assessments: assessmentRefs,
                assessmentNote: r.string(f["assessment_note"], "'assessment_note' of \(what)"), progression: progression,
                notes: r.strings(f["notes"], "'notes' of \(what)")?.map(\.0) ?? []))
        }
        // Progression targets: this pack or an already loaded one.
        let ids = Set(out.map(\.id))
        for (target, loc) in pendingProgressions where !ids.contains(target) && context.qualificationsByID[target] == nil {
            let known = ids.map(\.rawValue) + context.qualifications.map(\.id.rawValue)
            diagnostics.append(Diagnostic(.unknownQualification, .error,
                "progression names qualification '\(target)', which neither this pack nor a loaded pack defines" +
                Self.hint(target.rawValue, known, otherwise: "; use 'text: …' for a qualification outside the packs"), at: loc))
        }
        return out
    }

    /// `NNN/NNNN/C` where C is a digit or X.
    static func isQAN(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[3] == UInt8(ascii: "/"), u[8] == UInt8(ascii: "/") else { return false }
        let digits = [0, 1, 2, 4, 5, 6, 7]
        return digits.allSatisfy { (48...57).contains(u[$0]) } && ((48...57).contains(u[9]) || u[9] == UInt8(ascii: "X"))
    }

    /// Reads one rule, recording its location under `key` (`PackAnalysis.ruleKey`: `…/rules/0`, a rule of
    /// `all_of` one more index, a rule of a route two: route, rule) and that of its amount under
    /// `key + "#amount"`.
    mutating func readRule(_ node: Node, _ r: inout NodeReader, what: String, units: Set<UnitCode>, unitNames: [String],
                           groups: [GroupID: UnitGroup], used: inout [GroupID], key: String) -> Rule? {
        locations[key] = r.location(node)
        guard case .mapping(let m) = node, m.count == 1, let (kNode, v) = m.first, case .scalar(let ks) = kNode else {
            r.error(.wrongType, "each rule of \(what) is a mapping with one key, one of: \(Self.ruleKeys.joined(separator: ", "))", at: node)
            return nil
        }
        let kind = ks.string
        func unitList() -> [UnitCode]? {
            guard let items = r.strings(v, "'\(kind)' of \(what)") else { return nil }
            if items.isEmpty { r.error(.invalidValue, "'\(kind)' of \(what) lists no units; list the units or remove the rule", at: v); return nil }
            var out: [UnitCode] = []
            for (c, n) in items {
                let code = UnitCode(c)
                if !units.contains(code) { if !unitsUnreadable { r.error(.unknownUnit, "\(what) names unit '\(c)' in '\(kind)', which this pack does not define\(Self.hint(c, unitNames))", at: n) } }
                else if out.contains(code) { r.error(.duplicateID, "'\(kind)' of \(what) lists unit '\(c)' twice", at: n) }
                else { out.append(code) }
            }
            return out.isEmpty ? nil : out
        }
        func groupRef(_ n: Node?) -> GroupID? {
            guard let s = r.string(n, "'group' of '\(kind)' in \(what)") else { return nil }
            let g = GroupID(s)
            guard groups[g] != nil else {
                r.error(.unknownGroup, "\(what) names group '\(s)' in '\(kind)', which this pack does not define\(NodeReader.suggestion(for: s, among: groups.keys.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? "; define it under 'groups:'")", at: n)
                return nil
            }
            if !used.contains(g) { used.append(g) }
            return g
        }
        func groupAmount(_ amountKey: String) -> (GroupID, Int)? {
            let shape = amountKey == "units" ? PackSchema.groupUnits : PackSchema.groupCredits
            guard let f = r.fields(v, "'\(kind)' of \(what)", shape) else { return nil }
            if let a = f[amountKey] { locations[key + "#amount"] = r.location(a) }
            let g = groupRef(f["group"])
            let n = r.int(f, amountKey, of: shape, "'\(amountKey)' of '\(kind)' in \(what)")
            guard let g, let n else { return nil }
            return (g, n)
        }
        switch kind {
        case "mandatory": return unitList().map(Rule.mandatory)
        case "barred":
            guard let us = unitList() else { return nil }
            if us.count < 2 { r.error(.invalidValue, "'barred' of \(what) must list at least two units that cannot both count", at: v); return nil }
            return .barred(us)
        case "min_credits_from_group": return groupAmount("credits").map { .minCreditsFromGroup($0.0, Credits($0.1)) }
        case "min_units_from_group": return groupAmount("units").map { .minUnitsFromGroup($0.0, $0.1) }
        case "max_credits_from_group": return groupAmount("credits").map { .maxCreditsFromGroup($0.0, Credits($0.1)) }
        case "min_credits":
            locations[key + "#amount"] = r.location(v)
            return r.int(v, "'min_credits' of \(what)", min: PackSchema.rules.range("min_credits").lowerBound, max: PackSchema.rules.range("min_credits").upperBound).map { .minCredits(Credits($0)) }
        case "min_credits_at_level":
            guard let f = r.fields(v, "'min_credits_at_level' of \(what)", PackSchema.levelCredits) else { return nil }
            let l = r.level(f["level"], "'level' of 'min_credits_at_level' in \(what)")
            let c = r.int(f, "credits", of: PackSchema.levelCredits, "'credits' of 'min_credits_at_level' in \(what)")
            guard let l, let c else { return nil }
            return .minCreditsAtLevel(l, Credits(c))
        case "all_of":
            var rs: [Rule] = []
            if r.list(v, "'all_of' of \(what)")?.isEmpty == true { r.error(.invalidValue, "'all_of' of \(what) lists no rules; list them or remove it", at: v) }
            for n in r.list(v, "'all_of' of \(what)") ?? [] {
                if let rule = readRule(n, &r, what: what, units: units, unitNames: unitNames, groups: groups, used: &used,
                                       key: "\(key)/\(rs.count)") { rs.append(rule) }
            }
            return rs.isEmpty ? nil : .allOf(rs)
        case "any_of":
            guard let items = r.list(v, "'any_of' of \(what)") else { return nil }
            if items.count < 2 { r.error(.invalidValue, "'any_of' of \(what) must offer at least two routes", at: v) }
            var routes: [Route] = []
            var ids: Set<String> = []
            for it in items {
                guard let rf = r.fields(it, "a route of \(what)", PackSchema.route),
                      let id = r.identifier(rf["route"], "'route' id in \(what)") else { continue }
                if !ids.insert(id).inserted { r.error(.duplicateID, "route id '\(id)' is used twice in \(what)", at: rf["route"]) }
                var rs: [Rule] = []
                if r.list(rf["rules"], "'rules' of route \(id)")?.isEmpty == true {
                    r.error(.invalidValue, "route '\(id)' of \(what) has no rules, so any learner would meet it; give it its rules", at: rf["rules"])
                }
                for n in r.list(rf["rules"], "'rules' of route \(id)") ?? [] {
                    if let rule = readRule(n, &r, what: what, units: units, unitNames: unitNames, groups: groups, used: &used,
                                           key: "\(key)/\(routes.count)/\(rs.count)") { rs.append(rule) }
                }
                routes.append(Route(id: id, title: r.string(rf["title"], "'title' of route \(id)") ?? id, rules: rs))
            }
            return routes.isEmpty ? nil : .anyOf(routes)
        default:
            let hint = NodeReader.suggestion(for: kind, among: Self.ruleKeys).map { "did you mean '\($0)'?" } ?? "expected one of: \(Self.ruleKeys.joined(separator: ", "))"
            r.error(.unknownKey, "unknown rule '\(kind)' in \(what); \(hint)", at: kNode)
            return nil
        }
    }
}
