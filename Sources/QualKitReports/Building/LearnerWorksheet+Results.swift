import QualKitCore

extension LearnerWorksheet {
    /// The worksheet of one learner's results (one per qualification, as an `Evaluator` gives them).
    ///
    /// Each rule of combination becomes a block: the rule's sentence as `describe` words it, the unmet
    /// requirements of the result that belong to it (a missing mandatory unit to its mandatory list, a
    /// group's shortfall to the group's rule), and from those its status. The routes other than the one
    /// the result follows are marked ``WorksheetStatus/notFollowed``. Requirements outside the rules
    /// (induction, dates, practice hours) are listed under ``QualificationWorksheet/otherUnmet``, so every
    /// unmet requirement of the result appears once.
    ///
    /// - Parameters:
    ///   - results: one learner's results; those for qualifications `catalog` does not hold are left out.
    ///   - catalog: the catalog the results were evaluated against (units and rules).
    ///   - line: the record's line in its file, if known.
    ///   - asOf: the day the results were evaluated as of, if any.
    /// - Complexity: O(*r* · *u*) for *r* rules and *u* unmet requirements of each result.
    public init(
        results: [EvaluationResult], catalog: QualificationCatalog, line: Int? = nil,
        asOf: CalendarDate? = nil
    ) {
        let sheets = results.compactMap { result -> QualificationWorksheet? in
            guard let q = catalog.qualificationsByID[result.qualification] else { return nil }
            return QualificationWorksheet(result: result, qualification: q, units: catalog.unitsByCode)
        }
        self.init(learner: results.first?.learner ?? LearnerID(""), line: line, asOf: asOf, qualifications: sheets)
    }
}

extension QualificationWorksheet {
    /// The worksheet of one result of `qualification`.
    init(result: EvaluationResult, qualification: Qualification, units: [UnitCode: LearningUnit]) {
        var builder = WorksheetBuilder(result: result, qualification: qualification, units: units)
        let blocks = PlainEnglish.listingEachMandatoryUnitOnce(qualification.rules).map {
            builder.block($0, followed: true)
        }
        let other = result.unmet.indices.filter { !builder.claimed.contains($0) }
            .map { PlainEnglish.sentence(result.unmet[$0]) }
        let stillNeeded = result.achieved ? [] : result.unmet.map(PlainEnglish.sentence) + PlainEnglish.outlook(result)
        self.init(
            qualification: result.qualification, title: PlainEnglish.name(of: qualification),
            achieved: result.achieved, credits: result.credits, requiredCredits: result.requiredCredits,
            creditsSentence: PlainEnglish.creditsSentence(result), route: result.route, blocks: blocks,
            otherUnmet: other, stillNeeded: stillNeeded,
            next: result.next, deadline: result.deadline,
            exceptionsApplied: result.exceptionsApplied.map(PlainEnglish.explain),
            warnings: result.warnings.map(\.message),
            unchecked: result.unchecked.map { UncheckedCheck(code: $0, summary: $0.summary) },
            explanation: PlainEnglish.explain(result, qualification))
    }
}

/// Walks a qualification's rules, matching the result's unmet requirements to the rules they belong to.
struct WorksheetBuilder {
    let result: EvaluationResult
    let qualification: Qualification
    let wording: RuleWording
    let counted: Set<UnitCode>
    let followedRoutes: Set<String>
    /// Indexes of the result's unmet requirements already shown in a block.
    var claimed = Set<Int>()

    init(result: EvaluationResult, qualification: Qualification, units: [UnitCode: LearningUnit]) {
        self.result = result
        self.qualification = qualification
        wording = RuleWording(qualification: qualification, units: units)
        counted = Set(result.countedUnits)
        followedRoutes = Set(result.route.map { $0.rawValue.split(separator: "+").map(String.init) } ?? [])
    }

    /// The unmet requirements of the result that `matches` picks, each claimed once.
    mutating func claim(_ matches: (UnmetRequirement.Details) -> Bool) -> [UnmetRequirement] {
        var found: [UnmetRequirement] = []
        for (i, u) in result.unmet.enumerated() where !claimed.contains(i) && matches(u.details) {
            claimed.insert(i)
            found.append(u)
        }
        return found
    }

    func unit(_ code: UnitCode) -> WorksheetUnit {
        WorksheetUnit(code: code, name: wording.unit(code), held: counted.contains(code))
    }

    func credits(of codes: some Sequence<UnitCode>) -> Int {
        codes.reduce(0) { $0 + (wording.units[$1]?.credits.value ?? 0) }
    }

    func groupUnits(_ id: GroupID) -> [UnitCode] { qualification.group(id)?.units ?? [] }

    /// The block of `rule`; `followed` is false inside a route the result does not follow.
    mutating func block(_ rule: Rule, followed: Bool) -> WorksheetBlock {
        let sentence = rule.definition.describe(wording, indent: "").first ?? rule.kind.rawValue
        var block = WorksheetBlock(kind: rule.kind, sentence: sentence, status: .met)
        var unmet: [UnmetRequirement] = []
        switch rule {
        case .mandatory(let codes):
            block.units = codes.map(unit)
            if followed {
                unmet = claim {
                    switch $0 {
                    case .missingMandatoryUnit(let u), .practiceHours(let u, _, _): codes.contains(u)
                    default: false
                    }
                }
            }
            let held = block.units.filter(\.held).count
            block.progress = WorksheetProgress(measure: .units, held: held, required: codes.count)
            block.status = unmet.isEmpty ? .met : held > 0 ? .partlyMet : .notMet
        case .minCreditsFromGroup(let group, let required):
            let members = groupUnits(group)
            block.units = members.map(unit)
            if followed { unmet = claim { if case .groupMinCredits(group, _, _) = $0 { true } else { false } } }
            block.progress = minimum(
                .credits, unmet, held: credits(of: members.filter(counted.contains)),
                required: required.value)
        case .minUnitsFromGroup(let group, let required):
            let members = groupUnits(group)
            block.units = members.map(unit)
            if followed { unmet = claim { if case .groupMinUnits(group, _, _) = $0 { true } else { false } } }
            block.progress = minimum(.units, unmet, held: members.filter(counted.contains).count, required: required)
        case .maxCreditsFromGroup(let group, let maximum):
            let members = groupUnits(group)
            block.units = members.map(unit)
            if followed { unmet = claim { if case .groupMaxCredits(group, _, _) = $0 { true } else { false } } }
            block.progress = cap(unmet, held: credits(of: members.filter(counted.contains)), maximum: maximum.value)
        case .minCredits(let required):
            if followed { unmet = claim { if case .minCredits = $0 { true } else { false } } }
            block.progress = minimum(.credits, unmet, held: result.credits.value, required: required.value)
        case .minCreditsAtLevel(let level, let required):
            if followed { unmet = claim { if case .minCreditsAtLevel(level, _, _) = $0 { true } else { false } } }
            let at = counted.filter { (wording.units[$0]?.level).map { $0 >= level } ?? false }
            block.progress = minimum(.credits, unmet, held: credits(of: at), required: required.value)
        case .maxCreditsAtLevel(let level, let maximum):
            if followed { unmet = claim { if case .maxCreditsAtLevel(level, _, _) = $0 { true } else { false } } }
            let at = counted.filter { (wording.units[$0]?.level).map { $0 <= level } ?? false }
            block.progress = cap(unmet, held: credits(of: at), maximum: maximum.value)
        case .barred(let codes):
            block.units = codes.map(unit)
            if followed {
                unmet = claim {
                    if case .barredCombination(let units) = $0 { !Set(units).isDisjoint(with: codes) } else { false }
                }
            }
        case .allOf(let rules):
            block.children = rules.map { self.block($0, followed: followed) }
        case .anyOf(let routes):
            block.children = routes.enumerated().map { index, route in
                let takes = followed && followedRoutes.contains(route.id)
                let children = route.rules.map { self.block($0, followed: takes) }
                return WorksheetBlock(
                    kind: nil, sentence: route.heading(at: index),
                    status: takes ? Self.combined(children) : .notFollowed, children: children)
            }
        }
        block.unmet = unmet.map(PlainEnglish.sentence)
        switch rule {
        case .allOf: block.status = Self.combined(block.children)
        case .anyOf:
            block.status = block.children.first { $0.status != .notFollowed }?.status ?? .notMet
        case .mandatory: break
        default:
            if !unmet.isEmpty {
                let someHeld = (block.progress.map { !$0.isMaximum && $0.held > 0 }) ?? false
                block.status = someHeld ? .partlyMet : .notMet
            }
        }
        if !followed { block.status = .notFollowed }
        return block
    }

    /// A minimum's progress: the unmet requirement's figures when there is one (what can count), else
    /// what the counted units give.
    func minimum(
        _ measure: WorksheetProgress.Measure, _ unmet: [UnmetRequirement], held: Int,
        required: Int
    ) -> WorksheetProgress {
        switch unmet.first?.details {
        case .groupMinCredits(_, let h, let r)?, .minCredits(let h, let r)?, .minCreditsAtLevel(_, let h, let r)?:
            return WorksheetProgress(measure: measure, held: h.value, required: r.value)
        case .groupMinUnits(_, let h, let r)?:
            return WorksheetProgress(measure: measure, held: h, required: r)
        default: break
        }
        return WorksheetProgress(measure: measure, held: held, required: required)
    }

    /// A cap's progress: the credits held under it against the most that may count (those beyond the
    /// cap simply do not count, so a met cap shows at most its maximum).
    func cap(_ unmet: [UnmetRequirement], held: Int, maximum: Int) -> WorksheetProgress {
        switch unmet.first?.details {
        case .groupMaxCredits(_, let h, let m)?, .maxCreditsAtLevel(_, let h, let m)?:
            return WorksheetProgress(measure: .credits, held: h.value, required: m.value, isMaximum: true)
        default: break
        }
        return WorksheetProgress(measure: .credits, held: min(held, maximum), required: maximum, isMaximum: true)
    }

    /// All of `blocks` met: met; none met nor partly: not met; else partly met.
    static func combined(_ blocks: [WorksheetBlock]) -> WorksheetStatus {
        let counted = blocks.filter { $0.status != .notFollowed }
        if counted.allSatisfy({ $0.status == .met }) { return .met }
        if counted.allSatisfy({ $0.status == .notMet }) { return .notMet }
        return .partlyMet
    }
}
