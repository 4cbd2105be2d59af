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

    /// A path while the rules are being expanded.
    package struct PathDraft {
        var routeIDs: [String] = []
        var mandatory = UnitMask()
        var claims: [CompiledRules.Claim] = []
        var caps: [CompiledRules.Cap] = []
        var minimumCredits = 0
        var levelFloors: [CompiledRules.LevelFloor] = []
        var barred: [UnitMask] = []
        var relevant = UnitMask()
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
        routeLabels = drafts.map { $0.routeIDs.isEmpty ? nil : $0.routeIDs.joined(separator: "+") }
        let storage = PlainStorage()
        self.storage = storage
        // Each path's worst case is worked out within what the paths before it left of the step limit.
        var paths: [CompiledRules.Path] = []
        var cost = EvaluationCost(paths: drafts.count, steps: 0, states: 1)
        for d in drafts {
            var left = limits
            left.maximumSteps = limits.maximumSteps - cost.steps
            let p = CompiledRules.Path(d, credits: credits, storage, limits: left)
            paths.append(p)
            cost.steps += p.program.cost.steps
            cost.states = max(cost.states, p.program.cost.states)
            if let e = cost.exceeded(limits) { throw CompileError.limitExceeded(e) }
        }
        self.cost = cost
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
        if tabulate { rules.table = storage.copy(DecisionTable.build(rules, unitCount: codes.count, cost: cost)) }
        self.rules = rules
    }
}

/// The plain half of a ``CompiledQualification``: numbers, masks and pointers into its owner's storage.
/// Valid while the owner lives (the ``Evaluator`` keeps its compiled qualifications for its lifetime).
struct CompiledRules: @unchecked Sendable { // immutable; points into storage that never changes
    /// A requirement that units are assigned to; each unit counts towards at most one of them.
    struct Claim: Sendable {
        enum Measure: Sendable { case credits, units }
        var units: UnitMask
        var minimum: Int
        var measure: Measure
        /// Index into ``CompiledQualification/groups``.
        var group: Int
    }

    /// An upper bound on credits counted from a set of units.
    struct Cap: Sendable {
        var units: UnitMask
        var maximum: Int
        /// Index into ``CompiledQualification/capRules``: the rule that says what an exceeded cap means.
        var rule: Int
        /// The code of the unmet requirement when the mandatory units alone exceed the cap.
        var code: UnmetCode
    }

    /// Minimum credits from units at or above a level.
    struct LevelFloor: Sendable { var units: UnitMask; var minimum: Int; var level: Level }

    /// One complete way of meeting every rule.
    struct Path: @unchecked Sendable {
        let mandatory: UnitMask
        let claims: UnsafeBufferPointer<Claim>
        let caps: UnsafeBufferPointer<Cap>
        let minimumCredits: Int
        let levelFloors: UnsafeBufferPointer<LevelFloor>
        let barred: UnsafeBufferPointer<UnitMask>
        /// Units that can count on this path.
        let relevant: UnitMask
        /// No unit sits in two claims (or in a claim and the mandatory set), and there are no caps or bars:
        /// every relevant unit can simply count, and the check is a handful of mask operations.
        let isSimple: Bool
        /// The exact assignment for everything else, and for completions.
        let program: AssignmentProgram
        /// The path's units in classes of interchangeable ones, for its completions (`nil` when the path has
        /// caps or bars).
        let classes: ClassSearch?

        init(
            _ draft: CompiledQualification.PathDraft, credits: [Int], _ storage: PlainStorage, limits: EvaluationLimits
        ) {
            mandatory = draft.mandatory; minimumCredits = draft.minimumCredits; relevant = draft.relevant
            claims = storage.copy(draft.claims); caps = storage.copy(draft.caps)
            levelFloors = storage.copy(draft.levelFloors); barred = storage.copy(draft.barred)
            var seen = draft.mandatory
            var simple = draft.caps.isEmpty && draft.barred.isEmpty
            for c in draft.claims {
                if !(seen & c.units).isEmpty { simple = false }
                seen = seen | c.units
            }
            isSimple = simple
            classes =
                draft.caps.isEmpty && draft.barred.isEmpty
                ? ClassSearch(
                    path: draft, credits: credits, weights: ([Int](repeating: 1, count: credits.count), credits),
                    storage: storage)
                : nil
            program = AssignmentProgram(
                mandatory: draft.mandatory, claims: draft.claims, caps: draft.caps,
                minimumCredits: draft.minimumCredits,
                levelFloors: draft.levelFloors, barred: draft.barred, relevant: draft.relevant, credits: credits,
                storage: storage, limits: limits)
        }
    }

    /// Local index → credits / minimum supervised practice hours (0: none) / index in the evaluator's
    /// global unit table.
    let credits: UnsafeBufferPointer<Int>
    let minimumHours: UnsafeBufferPointer<Double>
    let globalIndex: UnsafeBufferPointer<Int>
    /// Local index → 1: the weight of a unit when completions count units.
    let unitWeights: UnsafeBufferPointer<Int>
    /// 64-bit words that the qualification's unit indexes need.
    let words: Int
    let paths: UnsafeBufferPointer<Path>
    /// Delivery and validity as plain numbers (`nil` where the qualification states none).
    let minimumInduction: Double?
    let minimumTutorial: Double?
    /// The first and last days of registration as day numbers: the qualification's operational start
    /// (`Int32.min`: none) and this version's registration end (`Int32.max`: none). Two 32-bit words
    /// where two optionals took 32 bytes: this struct is copied for every result (see `hasEquivalences`).
    let registrationStart: Int32
    let registrationEnd: Int32
    let certificationEndDay: Int?
    let completionYears: Int?
    /// Whether a unit of another class member may count for one of the qualification's units
    /// (``CompiledQualification/equivalences``). Placed in the padding after `completionYears`: this
    /// struct is copied for every result, and at 184 bytes the copy is a few vector moves, at 200 a
    /// `memcpy` call (about 10% of a table run).
    let hasEquivalences: Bool
    /// The decision for every set of held units, indexed by the set's bits, when the qualification has few
    /// units and simple rules (``DecisionTable/tabulates(_:unitCount:)``); empty otherwise.
    var table = UnsafeBufferPointer<DecisionTable.Entry>(start: nil, count: 0)

    /// The qualification's operational start, or `nil` when it states none.
    var registrationStartDay: Int? { registrationStart == Int32.min ? nil : Int(registrationStart) }
    /// The registration end date, or `nil` when the qualification states none.
    var registrationEndDay: Int? { registrationEnd == Int32.max ? nil : Int(registrationEnd) }

    /// Whether a counted unit's date can fail the qualification (a certification end or a completion
    /// window), so that which held unit counts may matter.
    var hasDateLimit: Bool { certificationEndDay != nil || completionYears != nil }

    @inline(__always)
    func creditSum(_ mask: UnitMask) -> Int {
        let c = credits
        var s = 0
        var w = mask.w0
        while w != 0 { s &+= c[w.trailingZeroBitCount]; w &= w &- 1 }
        if mask.hasHighWords {
            for k in 1..<UnitMask.words {
                w = mask[word: k]
                while w != 0 { s &+= c[k << 6 + w.trailingZeroBitCount]; w &= w &- 1 }
            }
        }
        return s
    }

    @inline(__always)
    func measure(_ mask: UnitMask, _ measure: Claim.Measure) -> Int {
        measure == .credits ? creditSum(mask) : mask.count
    }
}
