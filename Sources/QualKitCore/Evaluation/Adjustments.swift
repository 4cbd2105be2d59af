import QualKitEngine
/// An exception of the current record with its units and qualification looked up.
struct ResolvedException {
    let value: LearnerException
    /// Its position in the record's `exceptions`.
    let position: Int
    /// Global index of `unit`, of `for`; the position of the qualification among the evaluator's
    /// (``Evaluator/qualifications``; -1: one it does not decide; `nil`: every qualification).
    var unit: Int?
    var target: Int?
    var qualification: Int?
    /// For a `version` exception: the compiled version it chooses (-1: the evaluator does not decide the
    /// qualification).
    var versionSlot: Int?
    init(value: LearnerException, position: Int) { self.value = value; self.position = position }
}

/// How a record's exceptions and the packs' unit equivalences change one qualification for it: the units
/// held after exemptions and waived practice hours, the ways a held unit may count as another, the checks
/// waived and the limits extended, and (once decided) the units of the chosen way.
struct Adjustment {
    /// A held unit (`source`, global; `sourceLocal` its local index or -1) that may count as `target`
    /// (local), by exception `exception` (-1: a pack's equivalence).
    struct Option { var source: Int; var sourceLocal: Int; var target: Int; var exception: Int }

    var base = UnitMask()
    var short = UnitMask()
    var exempt = UnitMask()
    var waivedShort = UnitMask()
    var exemptBy: [(unit: Int, exception: Int)] = []
    var waivedShortBy: [(unit: Int, exception: Int)] = []
    /// Units (global) that the learner holds only by an exception (an exemption, or a practice-hours
    /// waiver of the unit or of a unit equivalent to it), so that they may stand for an equivalent unit or
    /// by a substitution: `exempt` when there is no date to check, else the day of the short listing.
    var heldBy: [(unit: Int, exception: Int, exempt: Bool)] = []
    var options: [Option] = []
    /// Per class of equivalent units the learner holds a member of: its ways to count, one of which is
    /// taken (each a held member standing for one member; empty: by no member).
    var classWays: [[[Option]]] = []
    var waived: UInt32 = 0
    var waivers: [(code: UnmetCode, exception: Int)] = []
    var certificationEnd: Int?
    var windowEnd: Int?
    var extensions: [(code: UnmetCode, exception: Int)] = []
    /// The chosen way: units held and short, and which held unit each counted substitute stands for (by
    /// exception `exception`; -1: by a pack's equivalence).
    var held = UnitMask()
    var sources: [(target: Int, source: Int, exception: Int)] = []
    /// The record's exceptions the outcome used, as bits over their positions.
    var applied: UInt64 = 0
    /// The choices offered, when more than could be tried (else 0), and how many could: at most
    /// ``EvaluationLimits/maximumChoices``, fewer when the learner's budget
    /// (``EvaluationLimits/maximumLearnerSteps``) has too little left for them.
    var choicesNeeded = 0
    var choicesAllowed = 0
    /// The exceptions of choices left undecided (`limit-exceeded`): whether they would change anything
    /// is not known, so they are neither applied nor unused.
    var undecided: UInt64 = 0

    /// The day a counted unit `index` (local) was achieved, as the adjustment sees it: `.none` for an exempt
    /// unit (no date to check), `.some(nil)` when unknown.
    func day(of index: Int, _ globalIndex: UnsafeBufferPointer<Int>, _ workspace: Workspace) -> Int?? {
        if exempt.contains(index) { return .none }
        if let s = sources.first(where: { $0.target == index }) { return sourceDay(s.source, workspace) }
        if waivedShort.contains(index) { return .some(workspace.units.shortListingDay(globalIndex[index])) }
        return .some(workspace.units.achievedDay(globalIndex[index]))
    }

    /// Whether a counted unit (local) rests on a listing without `hours` of a unit with a practice
    /// minimum: the listing of the held unit it stands for (an equivalent or a substitute), else its own.
    func countsUnhoursed(_ counted: UnitMask, _ globalIndex: UnsafeBufferPointer<Int>, _ workspace: Workspace) -> Bool {
        var found = false
        counted.forEach { i in
            let g = sources.first(where: { $0.target == i })?.source ?? globalIndex[i]
            if workspace.units.isUnhoursed(g) { found = true }
        }
        return found
    }

    /// The day of a held unit `globalUnit` (global) standing for another: `.none` when it is exempt, the day of its
    /// short listing when held by a practice-hours waiver, else its achievement day.
    func sourceDay(_ globalUnit: Int, _ workspace: Workspace) -> Int?? {
        if workspace.units.isAchieved(globalUnit) { return .some(workspace.units.achievedDay(globalUnit)) }
        if let h = heldBy.first(where: { $0.unit == globalUnit }) {
            return h.exempt ? .none : .some(workspace.units.shortListingDay(globalUnit))
        }
        return .some(workspace.units.achievedDay(globalUnit))
    }
}

/// What the checks besides the rules of combination need to know of a learner's exceptions: the checks
/// waived, the limits extended, and each counted unit's date. The hot path passes ``NoAdjustment``, so
/// that the checks compile to what they were before exceptions existed.
protocol CheckAdjustments {
    var waived: UInt32 { get }
    var certificationEnd: Int? { get }
    var windowEnd: Int? { get }
    func day(of index: Int, _ globalIndex: UnsafeBufferPointer<Int>, _ workspace: Workspace) -> Int??
    func countsUnhoursed(_ counted: UnitMask, _ globalIndex: UnsafeBufferPointer<Int>, _ workspace: Workspace) -> Bool
}

extension Adjustment: CheckAdjustments {}

/// A record without exceptions and a qualification without equivalences.
struct NoAdjustment: CheckAdjustments {
    @inline(__always) var waived: UInt32 { 0 }
    @inline(__always) var certificationEnd: Int? { nil }
    @inline(__always) var windowEnd: Int? { nil }
    @inline(__always) func day(of index: Int, _ globalIndex: UnsafeBufferPointer<Int>, _ workspace: Workspace) -> Int??
    { .some(workspace.units.achievedDay(globalIndex[index])) }
    @inline(__always)
    func countsUnhoursed(_ counted: UnitMask, _ globalIndex: UnsafeBufferPointer<Int>, _ workspace: Workspace) -> Bool {
        workspace.units.countsUnhoursed(counted, globalIndex)
    }
}

extension LearnerException {
    /// What is wrong with an exception, and the field concerned (``Evaluator/exceptionProblem(_:)``).
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// The field that is wrong, as the record names it (`unit`, `for`, `qualification`, …).
        public var field: LearnerException.Field
        /// What is wrong and what was expected.
        public var message: String

        public init(field: LearnerException.Field, message: String) {
            self.field = field
            self.message = message
        }

        /// `'FIELD': MESSAGE`.
        public var description: String { "'\(field.rawValue)': \(message)" }
    }
}

extension Evaluator {
    /// What is wrong with `exception` for this evaluator's catalog: its shape, or a unit or
    /// qualification no loaded pack defines; with the field concerned. `nil` when it can be applied.
    public func exceptionProblem(_ exception: LearnerException) -> LearnerException.Problem? {
        let x = exception
        if let p = x.shapeProblem { return p }
        for (f, code) in [(LearnerException.Field.unit, x.unit), (.substituteFor, x.substituteFor)] {
            if let code, index(ofUnit: code) == nil {
                let hint =
                    Suggestion.closest(to: code.rawValue, among: units.map(\.code.rawValue))
                    .map { "; did you mean '\($0)'?" } ?? ""
                return LearnerException.Problem(
                    field: f,
                    message: "unit '\(code)' is not defined in any loaded pack\(hint)")
            }
        }
        // (A qualification the evaluator decides, named by its id, is found without hashing the name.)
        if let q = x.qualification, !slots.qualifications.contains(where: { $0.id == q }),
            catalog.qualification(q.rawValue) == nil
        {
            let hint =
                Suggestion.closest(to: q.rawValue, among: catalog.qualifications.map(\.id.rawValue))
                .map { "; did you mean '\($0)'?" } ?? ""
            return LearnerException.Problem(
                field: .qualification,
                message: "qualification '\(q)' is not defined in any loaded pack\(hint)")
        }
        if x.kind == .version, let q = x.qualification, let v = x.version,
            let problem = catalog.problem(with: VersionReference(qualification: q, version: v))
        {
            return LearnerException.Problem(field: .version, message: problem)
        }
        return nil
    }

    /// The outcome of qualification `qualificationIndex` with the record's exceptions and the unit equivalences
    /// applied,
    /// or `nil` when none of them touches this qualification for this learner.
    ///
    /// Substitutions and equivalences are decided exactly: every way of counting the units they offer
    /// (each held unit as itself or as one of its alternatives, never two at once) is decided, and the best
    /// outcome kept (achieved first, then rules met, then fewest units still needed, then most credits;
    /// on a tie, the way with fewer substitutions). At most 2^``EvaluationLimits/maximumChoices`` ways.
    @inline(never)
    func adjustedOutcome(_ qualificationIndex: Int, _ compiledRules: CompiledRules, _ workspace: Workspace) -> Outcome?
    {
        guard let adj = makeAdjustment(qualificationIndex, compiledRules, workspace) else { return nil }
        return outcome(qualificationIndex, compiledRules, workspace, adjustedBy: adj)
    }

    /// The general path for the learner loaded in `workspace`, with no exception or equivalence applied: what the
    /// hot path (``outcome(_:_:_:into:)``) must agree with; for tests.
    package func generalOutcome(_ qualificationIndex: Int, in workspace: Workspace) -> Outcome {
        let cq = rules[qualificationIndex]
        var adj = Adjustment()
        (adj.base, adj.short) = workspace.unitMasks(cq)
        return outcome(qualificationIndex, cq, workspace, adjustedBy: adj)
    }

    /// The fast path's outcome for qualification `qualificationSlot` of the learner loaded in `workspace`; for tests.
    package func fastOutcome(_ qualificationSlot: Int, in workspace: Workspace) -> Outcome {
        var o = Outcome(qualificationIndex: qualificationSlot)
        outcome(qualificationSlot, rules[qualificationSlot], workspace, into: &o)
        return o
    }

    func outcome(
        _ qualificationSlot: Int, _ compiledRules: CompiledRules, _ workspace: Workspace,
        adjustedBy adjustment: consuming Adjustment
    ) -> Outcome {
        var adj = adjustment // (moved: a copy retains each of its arrays)
        var best = Outcome(qualificationIndex: qualificationSlot)
        var bestHeld = UnitMask(), bestSources: [(target: Int, source: Int, exception: Int)] = []
        var bestWay: [Adjustment.Option] = []
        func decide(_ chosen: [Adjustment.Option], _ adj: inout Adjustment) -> (Outcome, UnitMask) {
            // Every unit standing for another leaves its own place first, so that the order of `chosen`
            // does not matter.
            var held = adj.base
            for op in chosen where op.sourceLocal >= 0 { held.remove(op.sourceLocal) }
            for op in chosen { held.insert(op.target) }
            adj.sources = chosen.map { ($0.target, $0.source, $0.exception) }
            var c = Outcome(qualificationIndex: qualificationSlot)
            // Completion always: ways are ranked by it, whatever the caller writes.
            _ = decideRules(
                qualificationSlot, compiledRules, workspace, held: held, short: adj.short - held, completion: true,
                into: &c)
            compiledRules.applyChecks(workspace, adj, into: &c)
            c.achieved = c.unitRulesMet && c.failedChecks == 0
            if c.unitRulesMet && c.failedChecks & Outcome.lateChecks != 0,
                let inTime = withoutLateUnits(
                    qualificationSlot, compiledRules, workspace, adj, held: held, short: adj.short - held,
                    limits: .init(certificationEnd: c.certificationEnd, windowEnd: c.windowEnd))
            {
                return (inTime.outcome, inTime.held)
            }
            return (c, held)
        }
        /// Every way of counting that the options and classes offer, within the learner's budget: the best kept.
        func searchWays(_ adj: inout Adjustment) {
            // Options that leave nothing to choose (a unit outside the qualification with one alternative that
            // no other option offers) always apply: the rules never lose by a unit more, and a late one is
            // dropped again by withoutLateUnits. Counted in one pass each (options can be many).
            var fixed: [Adjustment.Option] = [], choices: [Adjustment.Option] = []
            var perSource: [Int: Int] = [:], perTarget: [Int: Int] = [:]
            for op in adj.options { perSource[op.source, default: 0] += 1; perTarget[op.target, default: 0] += 1 }
            // (A held member of an equivalence class may count for its class instead, and a member of a class
            // may be counted by its class instead: never fixed.)
            let classSources = Set(adj.classWays.joined().joined().map(\.source))
            let classTargets = Set(adj.classWays.joined().joined().map(\.target))
            for op in adj.options {
                // (A target the learner holds is a choice: its own date may be late where the other's is not.)
                if op.sourceLocal < 0 && perSource[op.source] == 1 && perTarget[op.target] == 1
                    && !adj.base.contains(op.target)
                    && !classSources.contains(op.source) && !classTargets.contains(op.target)
                {
                    fixed.append(op)
                } else {
                    choices.append(op)
                }
            }
            // A held unit standing for a target the learner already holds cannot change the rules (a unit
            // more never loses, the target is there), only the dates: such a choice is offered only when the
            // qualification has a date limit and the held unit's date is earlier (or exempt) than the target's.
            let hasDateLimit = compiledRules.hasDateLimit
            choices.removeAll { op in
                guard adj.base.contains(op.target) else { return false }
                guard hasDateLimit, let target = adj.day(of: op.target, compiledRules.globalIndex, workspace) else {
                    return true
                }
                guard let source = adj.sourceDay(op.source, workspace) else { return false } // exempt: no date to check
                switch (source, target) {
                case (.some(let s), .some(let t)): return s >= t
                case (.some, .none): return false // a known date for an unknown one
                case (.none, .some): return false // an unknown date for a known (perhaps late) one
                case (.none, .none): return true
                }
            }
            /// The substitutions among `way` (the ways are ranked by them; an equivalence is not one).
            func substitutions(_ way: [Adjustment.Option]) -> Int { way.reduce(0) { $0 + ($1.exception >= 0 ? 1 : 0) } }
            // A class with k ways to count takes as many choices as k needs bits.
            let classChoices = adj.classWays.reduce(0) { $0 + EvaluationLimits.choices(forWays: $1.count) }
            let classCombinations = adj.classWays.reduce(1) { $0 * $1.count }
            // The learner's budget pays for the decisions that substitutions add, each at the qualification's
            // worst case; the ways of equivalence classes alone are part of that worst case (the validator
            // counts them with the qualification), so a learner without substitutions never spends any, and
            // a result never depends on which other qualifications were evaluated before it. A decision costs the
            // qualification's worst case with its paths' charge (EvaluationCost.budgetSteps), as the budgets count it.
            let worstCase = max(1, compiled[qualificationSlot].cost.budgetSteps)
            let budgetLeft = max(0, limits.maximumLearnerSteps - workspace.learnerExtraSteps)
            func substitutionSteps(_ position: Int) -> Int { ((1 << position) - 1) * classCombinations * worstCase }
            var allowed = limits.maximumChoices
            if choices.count + classChoices <= allowed && substitutionSteps(choices.count) > budgetLeft {
                var k = choices.count
                while k > 0 && substitutionSteps(k) > budgetLeft { k -= 1 }
                allowed = classChoices + k
            }
            if choices.count + classChoices > allowed {
                // Achieved without any of the choices (each class by its first way): the best way, since the
                // fewest substitutions win a tie.
                let plainWay = fixed + adj.classWays.flatMap { $0[0] }
                let (plain, held) = decide(plainWay, &adj)
                if plain.achieved {
                    best = plain; bestHeld = held; bestSources = adj.sources; bestWay = plainWay
                } else {
                    best.unitRulesMet = false
                    best.hasNext = false
                    best.fail(.limitExceeded)
                    adj.choicesNeeded = choices.count + classChoices
                    adj.choicesAllowed = allowed
                    bestHeld = adj.base
                    var open = Set(choices.map(\.source))
                    for ways in adj.classWays where ways.count > 1 { open.formUnion(ways.joined().map(\.source)) }
                    for op in choices where op.exception >= 0 { adj.undecided |= 1 << UInt64(op.exception) }
                    for h in adj.heldBy where open.contains(h.unit) { adj.undecided |= 1 << UInt64(h.exception) }
                }
            } else {
                var found = false
                let classWays = adj.classWays
                workspace.learnerExtraSteps += substitutionSteps(choices.count)
                for way in 0..<(1 << choices.count) {
                    var chosen = fixed
                    for (j, op) in choices.enumerated() where way & (1 << j) != 0 { chosen.append(op) }
                    // Each held unit counts once: as itself or as one alternative; each target once.
                    var sources = Set<Int>(), targets = Set<Int>(), valid = true
                    for op in chosen where !sources.insert(op.source).inserted || !targets.insert(op.target).inserted {
                        valid = false; break
                    }
                    guard valid else { continue }
                    for combination in 0..<classCombinations {
                        // One way per class (mixed radix); a class's member may neither also stand for another unit
                        // nor be a unit a substitution stands for.
                        var withClasses = chosen, rest = combination, free = true
                        for ways in classWays {
                            let classWay = ways[rest % ways.count]
                            rest /= ways.count
                            if let op = classWay.first, sources.contains(op.source) || targets.contains(op.target) {
                                free = false; break
                            }
                            withClasses += classWay
                        }
                        guard free else { continue }
                        let (c, held) = decide(withClasses, &adj)
                        if !found || Self.better(c, substitutions(withClasses), than: best, substitutions(bestWay)) {
                            found = true
                            best = c; bestHeld = held; bestSources = adj.sources; bestWay = withClasses
                        }
                    }
                }
            }
        }
        if adj.options.isEmpty && adj.classWays.isEmpty && limits.maximumChoices >= 0 && exceptionShortcuts {
            // One way to count the units (the exceptions exempt units, waive checks or practice hours, or
            // extend limits): what the search comes to with no choice to make and no step to charge,
            // without building its tables.
            (best, bestHeld) = decide([], &adj)
        } else {
            searchWays(&adj)
        }
        adj.held = bestHeld
        adj.sources = bestSources
        adj.short = adj.short - bestHeld
        best.adjusted = true
        // The exceptions this outcome used.
        var used: UInt64 = 0
        func use(_ position: Int) { if position >= 0 { used |= 1 << UInt64(position) } }
        for (u, k) in adj.exemptBy where best.counted.contains(u) { use(k) }
        for (u, k) in adj.waivedShortBy where best.counted.contains(u) { use(k) }
        for op in bestWay where best.counted.contains(op.target) {
            use(op.exception)
            for h in adj.heldBy where h.unit == op.source { use(h.exception) }
        }
        func deadline(_ certificationEnd: Int32, _ windowEnd: Int32) -> Int {
            let window =
                windowEnd == Outcome.pendingWindow
                ? (compiledRules.completionYears.flatMap { workspace.completionDeadline(years: $0) }
                    ?? Int(Outcome.noLimit)) : Int(windowEnd)
            return min(Int(certificationEnd), window)
        }
        let bestDeadline = deadline(best.certificationEnd, best.windowEnd)
        // A waiver is used when, without it alone, its check would fail or could not be made where it
        // now can, or the deadline would be another: the checks run again with that one waiver lifted.
        // (Lifted in place and put back: a copy of the adjustment would retain each of its arrays.)
        for (code, k) in adj.waivers {
            adj.waived &= ~code.bit
            let again = compiledRules.checks(
                workspace, adj, counted: best.counted, hasCounted: !best.counted.isEmpty,
                unitRulesMet: best.unitRulesMet)
            adj.waived |= code.bit
            let uncheckedBefore = code.uncheckedWithoutData.map { best.uncheckedCodes & $0.bit != 0 } ?? false
            let uncheckedAfter = code.uncheckedWithoutData.map { again.unchecked & $0.bit != 0 } ?? false
            if again.failed & code.bit != 0 || (uncheckedAfter && !uncheckedBefore)
                || deadline(again.certificationEnd, again.windowEnd) != bestDeadline
            {
                use(k)
            }
        }
        // An extension is used when it moves the deadline: the checks depend on the limits only through
        // the earlier of the two, so one that the other limit overrides changes nothing.
        for (code, k) in adj.extensions where adj.waived & code.bit == 0 {
            let extended = (adj.certificationEnd, adj.windowEnd)
            if code == .certificationClosed { adj.certificationEnd = nil } else { adj.windowEnd = nil }
            let again = compiledRules.checks(
                workspace, adj, counted: best.counted, hasCounted: !best.counted.isEmpty,
                unitRulesMet: best.unitRulesMet)
            (adj.certificationEnd, adj.windowEnd) = extended
            if deadline(again.certificationEnd, again.windowEnd) != bestDeadline { use(k) }
        }
        adj.applied = used
        if best.unitRulesMet && best.failedChecks & UnmetCode.limitExceeded.bit == 0 {
            best.kindsComplete = true
            best.knownKinds = best.failedChecks
        }
        workspace.adjustments[qualificationSlot] = adj
        return best
    }

    /// Whether outcome `outcome`, reached with `firstSubstitutions` substitutions, is better for the learner than
    /// `other` with `secondSubstitutions`:
    /// achieved first, then the rules met, then fewest units still needed, then fewer substitutions (one
    /// that does not bring completion closer is not used), then most credits. Completions are always
    /// worked out here, so the order does not depend on the output.
    static func better(_ outcome: Outcome, _ firstSubstitutions: Int, than other: Outcome, _ secondSubstitutions: Int)
        -> Bool
    {
        func rank(_ outcome: Outcome, _ substitutions: Int) -> (Int, Int, Int, Int, Int) {
            (
                outcome.achieved ? 1 : 0, outcome.unitRulesMet ? 1 : 0, outcome.hasNext ? -outcome.next.count : Int.min,
                -substitutions, outcome.credits
            )
        }
        return rank(outcome, firstSubstitutions) > rank(other, secondSubstitutions)
    }

    /// The held members of a class worth trying as the one it counts by: without a date limit the first
    /// held in its own right (else by exemption, else by waiver); with one, the earliest achieved, one
    /// achieved on an unknown day, one exempt (no date to check), the earliest held by a waiver and one
    /// held by a waiver on an unknown day. Any other held member is no earlier than one of these and needs
    /// the same or more exceptions.
    /// How many held members of a class ``candidateSources(_:datesMatter:_:_:)`` can offer for a learner
    /// without exceptions: the earliest dated and one on an unknown day with a date limit, else one.
    package static func classCandidatesWithoutExceptions(datesMatter: Bool) -> Int { datesMatter ? 2 : 1 }

    static func candidateSources(_ held: [Int], datesMatter: Bool, _ adj: Adjustment, _ workspace: Workspace) -> [Int] {
        let own = held.filter { workspace.units.isAchieved($0) }
        let exempt = held.filter { g in adj.heldBy.contains { $0.unit == g && $0.exempt } }
        let waived = held.filter { g in !own.contains(g) && !exempt.contains(g) }
        guard datesMatter else { return [own.first ?? exempt.first ?? waived[0]] }
        var out: [Int] = []
        let known = own.filter { workspace.units.achievedDay($0) != nil }
        if let early = known.min(by: { workspace.units.achievedDay($0)! < workspace.units.achievedDay($1)! }) {
            out.append(early)
        }
        if let unknown = own.first(where: { workspace.units.achievedDay($0) == nil }) { out.append(unknown) }
        if let first = exempt.first { out.append(first) }
        let listed = waived.filter { workspace.units.shortListingDay($0) != nil }
        if let early = listed.min(by: { workspace.units.shortListingDay($0)! < workspace.units.shortListingDay($1)! }) {
            out.append(early)
        }
        if let unknown = waived.first(where: { workspace.units.shortListingDay($0) == nil }) { out.append(unknown) }
        return out
    }

    /// How the record's exceptions and the unit equivalences touch qualification `qualificationIndex`, or `nil` when
    /// they
    /// do not.
    func makeAdjustment(_ qualificationIndex: Int, _ compiledRules: CompiledRules, _ workspace: Workspace)
        -> Adjustment?
    {
        let position = positionOfSlot[qualificationIndex]
        // Nothing to do when no exception is for this qualification (or for all) and it has no classes of
        // equivalent units: what follows would touch nothing.
        if compiled[qualificationIndex].equivalenceClasses.isEmpty
            && !workspace.exceptionList.contains(where: { $0.qualification == nil || $0.qualification == position })
        {
            return nil
        }
        let gi = compiledRules.globalIndex
        func local(_ unit: Int?) -> Int? {
            guard let unit else { return nil }
            for i in 0..<gi.count where gi[i] == unit { return i }
            return nil
        }
        let (held, short) = workspace.unitMasks(compiledRules)
        var adj = Adjustment()
        adj.base = held
        adj.short = short
        var touched = false
        let equivalents = self.equivalents
        /// `unit` and the units equivalent to it.
        func classOf(_ unit: Int) -> [Int] { unit < equivalents.count ? [unit] + equivalents[unit] : [unit] }
        // (Each exception read in place: a copy retains each of its strings.)
        let exceptions = workspace.exceptionList
        var substitutes: [Int] = []
        for k in exceptions.indices where exceptions[k].qualification == nil || exceptions[k].qualification == position
        {
            switch exceptions[k].value.kind {
            case .exempt:
                guard let g = exceptions[k].unit, !workspace.units.isAchieved(g) else { continue }
                // Held by exemption: it may also stand for a unit equivalent to it.
                if !adj.heldBy.contains(where: { $0.unit == g }) { adj.heldBy.append((g, k, true)) }
                guard let l = local(g), !held.contains(l) else { continue }
                adj.base.insert(l); adj.exempt.insert(l); adj.short.remove(l)
                adj.exemptBy.append((l, k))
                touched = true
            case .substitute:
                substitutes.append(k)
            case .version:
                continue // chooses the version before the rules are decided (VersionChoice.swift)
            case .waive:
                guard let code = exceptions[k].value.requirement else { continue }
                if code == .practiceHours {
                    // The waiver carries through equivalent units: it applies to every unit of the named
                    // unit's class that the learner listed with too few hours.
                    guard let named = exceptions[k].unit else { continue }
                    var applies = false
                    for g in classOf(named)
                    where workspace.units.isShortOnly(g) {
                        if !adj.heldBy.contains(where: { $0.unit == g }) { adj.heldBy.append((g, k, false)) }
                        guard let l = local(g), short.contains(l), !adj.waivedShort.contains(l) else { continue }
                        adj.base.insert(l); adj.waivedShort.insert(l); adj.short.remove(l)
                        adj.waivedShortBy.append((l, k))
                        applies = true
                    }
                    guard applies else { continue }
                } else {
                    // Only a check the qualification has can be waived for it; and a waiver of delivery hours or
                    // of a registration limit that the learner is known to meet changes nothing (the check
                    // passes without it, and it moves no deadline), so it touches nothing.
                    /// Whether the check, with limit `limit` (`nil`: the qualification has none), may fail for
                    /// the learner's `figure` (`nil`: not recorded, so it may), by `fails`.
                    func mayFail<Figure, Limit>(_ limit: Limit?, _ figure: Figure?, _ fails: (Figure, Limit) -> Bool)
                        -> Bool
                    {
                        guard let limit else { return false }
                        return !exceptionShortcuts || (figure.map { fails($0, limit) } ?? true)
                    }
                    let has =
                        switch code {
                        case .inductionHours: mayFail(compiledRules.minimumInduction, workspace.inductionHours, <)
                        case .tutorialHours: mayFail(compiledRules.minimumTutorial, workspace.tutorialHours, <)
                        case .registeredBeforeStart:
                            mayFail(compiledRules.registrationStartDay, workspace.registeredDay, <)
                        case .registrationClosed: mayFail(compiledRules.registrationEndDay, workspace.registeredDay, >)
                        case .certificationClosed: compiledRules.certificationEndDay != nil
                        case .completionWindow: compiledRules.completionYears != nil
                        default: false
                        }
                    guard has, adj.waived & code.bit == 0 else { continue }
                    adj.waived |= code.bit
                    adj.waivers.append((code, k))
                }
                touched = true
            case .extend:
                // An extension only ever extends: one to a day before the limit changes nothing. Two of the
                // same limit: the later day.
                guard let code = exceptions[k].value.requirement, let until = exceptions[k].value.until?.dayNumber
                else { continue }
                if code == .certificationClosed, let end = compiledRules.certificationEndDay,
                    until > max(end, adj.certificationEnd ?? end)
                {
                    adj.certificationEnd = until; adj.extensions.removeAll { $0.code == code };
                    adj.extensions.append((code, k)); touched = true
                } else if code == .completionWindow, let years = compiledRules.completionYears {
                    // Without a registration date the window is not known, so there is nothing to extend.
                    guard let end = workspace.completionDeadline(years: years), until > max(end, adj.windowEnd ?? end)
                    else { continue }
                    adj.windowEnd = until; adj.extensions.removeAll { $0.code == code };
                    adj.extensions.append((code, k)); touched = true
                }
            }
        }
        // Substitutions after exemptions: a unit exempt needs no substitute. One the learner holds may still
        // take one (its own achievement may be after a limit, the substitute's not); the exact choice uses
        // it only where it helps.
        // Held: achieved, or held by an exception (all known from here on).
        let heldBy = adj.heldBy
        func holds(_ globalUnit: Int) -> Bool {
            workspace.units.isAchieved(globalUnit) || heldBy.contains { $0.unit == globalUnit }
        }
        var offered = Set<Int>() // source * units + target, to offer each way once
        for k in substitutes {
            guard let g = exceptions[k].unit, holds(g), let t = local(exceptions[k].target), !adj.exempt.contains(t)
            else { continue }
            guard offered.insert(g &* gi.count &+ t).inserted else { continue }
            adj.options.append(.init(source: g, sourceLocal: local(g) ?? -1, target: t, exception: k))
            touched = true
        }
        // Equivalence classes, after exceptions (an exempt member holds its class). A class counts once, as
        // one of its members among the qualification's units (they are also barred together in the compiled
        // paths, so that a completion never asks for a second). Each way is one held member standing for
        // one member: one per place is enough, and the held member matters only for dates (with a date
        // limit, each candidate is one way).
        let classes = compiled[qualificationIndex].equivalenceClasses
        guard !classes.isEmpty else { return touched ? adj : nil }
        let hasDateLimit = compiledRules.hasDateLimit
        let substituteSources = Set(adj.options.map(\.source)), substituteTargets = Set(adj.options.map(\.target))
        for cls in classes {
            let held = cls.members.filter(holds)
            guard !held.isEmpty, !cls.local.isEmpty else { continue }
            var sources = Self.candidateSources(held, datesMatter: hasDateLimit, adj, workspace)
            // A member a substitution uses may not be free for the class: the candidates among the others
            // too, and the members substitutions use.
            let unused = held.filter { !substituteSources.contains($0) }
            if !unused.isEmpty && unused.count < held.count {
                for g in Self.candidateSources(unused, datesMatter: hasDateLimit, adj, workspace)
                where !sources.contains(g) {
                    sources.append(g)
                }
            }
            for g in held where substituteSources.contains(g) && !sources.contains(g) { sources.append(g) }
            // One member per place: a held one where there is one (so that results name the unit held).
            var places: [Int] = [], placed = Set<Int>()
            for (k, unit) in cls.local.enumerated()
            where adj.base.contains(unit) && placed.insert(cls.place[k]).inserted {
                places.append(unit)
            }
            for (k, unit) in cls.local.enumerated() where placed.insert(cls.place[k]).inserted { places.append(unit) }
            // The members held in the qualification count through the class from here on.
            for unit in cls.local {
                adj.base.remove(unit); adj.exempt.remove(unit); adj.waivedShort.remove(unit)
            }
            adj.exemptBy.removeAll { cls.local.contains($0.unit) }
            adj.waivedShortBy.removeAll { cls.local.contains($0.unit) }
            var ways = sources.flatMap { source in
                places.map { [Adjustment.Option(source: source, sourceLocal: -1, target: $0, exception: -1)] }
            }
            // A member a substitution may use instead, or a member a substitution may stand for: the class
            // may then count by no member.
            if sources.contains(where: substituteSources.contains)
                || cls.local.contains(where: substituteTargets.contains)
            {
                ways.append([])
            }
            adj.classWays.append(ways)
            touched = true
        }
        return touched ? adj : nil
    }
}

extension Workspace {
    /// The last day on which the qualification of outcome `outcome` can still be completed
    /// (``EvaluationResult/deadline``), as a ``CalendarDate/dayNumber``; `nil` when no limit is known.
    package func deadlineDay(_ outcome: Outcome) -> Int? {
        var window = Int(outcome.windowEnd)
        if outcome.windowEnd == Outcome.pendingWindow {
            window =
                evaluator.rules[outcome.qualificationIndex].completionYears.flatMap { completionDeadline(years: $0) }
                ?? Int(Outcome.noLimit)
        }
        let d = min(Int(outcome.certificationEnd), window)
        return d == Int(Outcome.noLimit) ? nil : d
    }

    /// Field `field` of the adjustment of qualification `slot`, if it has one, read in place: the array's
    /// subscript copied the whole adjustment, retaining each of its arrays, to read one field (a tenth of
    /// the cost of a learner with exceptions).
    @inline(__always)
    func adjustment<T>(_ slot: Int, _ field: KeyPath<Adjustment, T>) -> T? {
        adjustments.withUnsafeBufferPointer { $0[slot]?[keyPath: field] }
    }

    /// The record's exceptions that outcome `outcome` used, as bits over their positions.
    package func appliedBits(_ outcome: Outcome) -> UInt64 {
        let chosen = versionExceptionBits(outcome)
        guard outcome.adjusted, let applied = adjustment(outcome.qualificationIndex, \.applied) else { return chosen }
        return applied | chosen
    }

    /// The record's exceptions that outcome `outcome` left undecided (`limit-exceeded`), as bits over their
    /// positions: not known to change nothing, so never an `unused-exception` warning.
    package func undecidedBits(_ outcome: Outcome) -> UInt64 {
        guard outcome.adjusted else { return 0 }
        return adjustment(outcome.qualificationIndex, \.undecided) ?? 0
    }

    /// The units held and short for outcome `outcome`: after its exceptions and equivalences when it has them.
    @inline(__always)
    internal func masks(_ outcome: Outcome) -> (held: UnitMask, short: UnitMask) {
        if outcome.adjusted, let held = adjustment(outcome.qualificationIndex, \.held),
            let short = adjustment(outcome.qualificationIndex, \.short)
        {
            return (held, short)
        }
        return keptMasks(slot: outcome.qualificationIndex)
    }
}
