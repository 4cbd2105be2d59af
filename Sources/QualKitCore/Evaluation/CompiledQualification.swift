import QualKitEngine
/// A qualification's rules compiled once into bit-set form over the qualification's own unit indexes.
///
/// Alternative routes are expanded into disjunctive form: each ``CompiledRules/Path`` is one complete way
/// of meeting every rule (a choice of one route in each `anyOf`). A path is a conjunction of requirements on
/// the set of units a learner counts.
///
/// The class owns the storage and the descriptive parts (codes, groups, route labels); ``rules`` is the
/// plain view the evaluator's hot path and the solver work on.
package final class CompiledQualification: Sendable {
    let qualification: Qualification
    /// Local index → unit code.
    let codes: [UnitCode]
    /// Groups that claims and caps name, by index.
    let groups: [UnitGroup]
    /// The rules behind the caps (``CompiledRules/Cap/rule`` indexes them): what an exceeded cap says.
    let capRules: [any CapRuleDefinition]
    /// The levels of the level floors (``CompiledRules/LevelFloor/level`` indexes them).
    let floorLevels: [Level]
    /// Path index → route label (`group-2`; `nil` when the rules have no alternatives).
    let routeLabels: [String?]
    /// The classes of equivalent units that have a member among the qualification's units (the slow
    /// path's; ``equivalenceClasses(_:globalIndex:drafts:)``).
    let equivalenceClasses: [EquivalenceClass]
    let rules: CompiledRules
    private let storage: PlainStorage

    var paths: UnsafeBufferPointer<CompiledRules.Path> { rules.paths }
    func creditSum(_ mask: UnitMask) -> Int { rules.creditSum(mask) }
    /// The worst case for one learner, summed over paths.
    let cost: EvaluationCost

    package enum CompileError: Error, CustomStringConvertible {
        case unknownUnit(UnitCode), unknownGroup(GroupID)
        case limitExceeded(LimitExceeded)
        package var description: String {
            switch self {
            case .unknownUnit(let u): "unit '\(u)' is not defined in any loaded pack"
            case .unknownGroup(let g): "group '\(g)' is not defined"
            case .limitExceeded(let e): e.description
            }
        }
    }

    /// The number of paths `rules` expand to (saturating at `Int.max`), without expanding them.
    static func pathCount(_ rules: [Rule]) -> Int {
        var count = 1
        for rule in rules {
            let factor: Int
            switch rule.definition.structure {
            case .atomic: factor = 1
            case .all(let inner): factor = pathCount(inner)
            case .oneOf(let routes):
                factor = routes.reduce(0) { sum, route in
                    let (total, overflow) = sum.addingReportingOverflow(pathCount(route.rules))
                    return overflow ? Int.max : total
                }
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: factor)
            count = overflow ? Int.max : product
        }
        return count
    }

    /// A class of equivalent units as one qualification sees it.
    struct EquivalenceClass: Sendable {
        /// Every member (global indexes, ascending): holding any of them holds the class.
        var members: [Int]
        /// The members among the qualification's units (local indexes, ascending).
        var local: [Int]
        /// Per member of ``local``, its place: members with the same place are interchangeable for every
        /// rule (they belong to the same mandatory sets, claims, caps, floors and bars on every path).
        var place: [Int]
    }

    /// The classes of equivalent units (`equivalents`: global index → the other members of its class)
    /// with a member among the qualification's units, with each member's place.
    ///
    /// A class counts once: its members among the qualification's units are barred together (at most one
    /// of them counts), added to every path of `drafts`. A held member of the class may stand for any of
    /// those members; which one is the evaluator's choice (``Evaluator/adjustedOutcome(_:_:_:)``), and only
    /// members with different places need trying.
    static func equivalenceClasses(
        _ equivalents: [[Int]], globalIndex gidx: [Int],
        drafts: inout [PathDraft]
    ) -> [EquivalenceClass] {
        guard !equivalents.isEmpty else { return [] }
        var localOf: [Int: Int] = [:]
        for (local, global) in gidx.enumerated() where localOf[global] == nil { localOf[global] = local }
        // A unit's place: whether it belongs to each set the rules name, over every path.
        var sets: [UnitMask] = []
        for draft in drafts {
            sets += [draft.mandatory, draft.relevant] + draft.claims.map(\.units) + draft.caps.map(\.units)
            sets += draft.levelFloors.map(\.units) + draft.barred
        }
        var classes: [EquivalenceClass] = []
        var seen = Set<Int>()
        for global in gidx where global < equivalents.count && !equivalents[global].isEmpty && !seen.contains(global) {
            let members = ([global] + equivalents[global]).sorted()
            seen.formUnion(members)
            let local = members.compactMap { localOf[$0] }.sorted()
            var places: [[Bool]: Int] = [:]
            let place = local.map { unit in
                let key = sets.map { $0.contains(unit) }
                if let known = places[key] { return known }
                places[key] = places.count
                return places.count - 1
            }
            classes.append(EquivalenceClass(members: members, local: local, place: place))
            guard local.count > 1 else { continue }
            var bar = UnitMask()
            for unit in local { bar.insert(unit) }
            for k in drafts.indices { drafts[k].barred.append(bar) }
        }
        return classes
    }

    /// Compiles version `target` of a qualification. `firstVersion` is the qualification's first version when
    /// `target` is a later one: its operational start is the qualification's, checked for every version (a
    /// learner moved to a later version by a `version` exception or a what-if registered under an earlier
    /// one; a later version's own window is its `registrationsFrom`).
    init(
        _ target: Qualification, units: [UnitCode: LearningUnit], globalIndex global: [UnitCode: Int],
        equivalents: [[Int]] = [],
        tabulate: Bool = true, limits: EvaluationLimits = .default, firstVersion: Qualification? = nil
    ) throws {
        qualification = target
        let operationalStart = (firstVersion ?? target).validity.operationalStart
        let codes = target.units
        guard codes.count <= EvaluationLimits.maximumUnits else {
            throw CompileError.limitExceeded(
                LimitExceeded(.units, maximum: EvaluationLimits.maximumUnits, needed: codes.count))
        }
        let pathCount = Self.pathCount(target.rules)
        guard pathCount <= limits.maximumPaths else {
            throw CompileError.limitExceeded(LimitExceeded(.paths, maximum: limits.maximumPaths, needed: pathCount))
        }
        var local: [UnitCode: Int] = [:]
        var credits: [Int] = [], hours: [Double] = [], gidx: [Int] = []
        for (i, c) in codes.enumerated() {
            guard let u = units[c], let g = global[c] else { throw CompileError.unknownUnit(c) }
            local[c] = i
            credits.append(u.credits.value)
            hours.append(u.minimumPracticeHours?.value ?? 0)
            gidx.append(g)
        }
        self.codes = codes

        var compiler = RuleCompiler(qualification: target, units: units, local: local)
        var drafts = try compiler.expand(target.rules, [PathDraft()])
        equivalenceClasses = Self.equivalenceClasses(equivalents, globalIndex: gidx, drafts: &drafts)
        groups = compiler.groups
        capRules = compiler.capRules
        floorLevels = compiler.floorLevels
        routeLabels = drafts.map { $0.routeIDs.isEmpty ? nil : $0.routeIDs.joined(separator: "+") }
        let storage = PlainStorage()
        self.storage = storage
        // Each path's worst case is worked out within what the paths before it left of the step limit.
        var paths: [CompiledRules.Path] = []
        var cost = EvaluationCost(paths: drafts.count, steps: 0, states: 1)
        for d in drafts {
            var left = limits
            left.maximumSteps = limits.maximumSteps - cost.steps
            let p = CompiledRules.Path(d, credits: credits, storage, limits: left.search)
            paths.append(p)
            cost.steps += p.program.cost.steps
            cost.states = max(cost.states, p.program.cost.states)
            if let e = cost.exceeded(limits) { throw CompileError.limitExceeded(e) }
        }
        var rules = CompiledRules(
            credits: storage.copy(credits), minimumHours: storage.copy(hours), globalIndex: storage.copy(gidx),
            unitWeights: storage.copy([Int](repeating: 1, count: codes.count)),
            words: max(1, (codes.count + 63) / 64),
            paths: storage.copy(paths),
            minimumInduction: target.delivery.minimumInductionHours?.value,
            minimumTutorial: target.delivery.minimumTutorialHours?.value,
            registrationStart: Int32(truncatingIfNeeded: operationalStart?.dayNumber ?? Int(Int32.min)),
            registrationEnd: Int32(truncatingIfNeeded: target.validity.registrationEnd?.dayNumber ?? Int(Int32.max)),
            certificationEndDay: target.validity.certificationEnd?.dayNumber,
            completionYears: target.validity.completionYears,
            hasEquivalences: !equivalenceClasses.isEmpty)
        // A result may take a second decision (a qualification with a date limit, when units achieved too late
        // are left out: Evaluator.withoutLateUnits) and, when the units held break a cap or a bar, the search
        // for its credits that count: one run of a path's counting programme (Search/CountedCredits.swift),
        // at most the costliest path's. Both are in the worst case the budgets charge (budgetSteps).
        cost.decisions = rules.hasDateLimit ? 2 : 1
        for k in 0..<paths.count {
            let counting = rules.countingCost(path: k, limits: limits.search)
            cost.countingSteps = max(cost.countingSteps, counting.steps)
            cost.states = max(cost.states, counting.states)
            if let e = cost.exceeded(limits) { throw CompileError.limitExceeded(e) }
        }
        self.cost = cost
        if tabulate {
            rules.table = storage.copy(
                DecisionTable.build(rules, unitCount: codes.count, cost: cost.search, codes: .model))
        }
        self.rules = rules
    }
}
