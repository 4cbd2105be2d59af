import QualKitEngine
/// Decides, for learners, which qualifications of a catalog each has achieved and what is missing.
///
/// Build one evaluator per catalog and share it: it is immutable and safe to use from any thread or task.
/// Each qualification's rules are compiled once into bit sets over its units.
///
/// ```swift
/// let evaluator = try Evaluator(catalog: catalog)
/// for result in evaluator.evaluate(learner) where result.achieved {
///     print(result.learner, "achieved", result.qualification)
/// }
/// ```
///
/// For a file or stream of learner records, `QualKitLearners` reads and evaluates on every core
/// (`evaluate(_:options:threads:duplicateCheckLimit:_:)` there, with a `LearnerReader`).
public final class Evaluator: Sendable {
    public let catalog: QualificationCatalog
    let compiled: [CompiledQualification]
    let unitIndex: [UnitCode: Int]
    let units: [LearningUnit]
    let assessmentIndex: [AssessmentID: Int]
    let assessmentList: [Assessment]
    /// Assessment index → global unit indexes it covers.
    let coverage: [[Int]]
    /// Global unit index → minimum supervised practice hours.
    let minimumHours: [Double?]
    /// Assessment index → mark sheet.
    let sheets: [MarkSheet?]
    let unitTable: ByteKeyTable
    let assessmentTable: ByteKeyTable
    /// The plain rules of each compiled qualification, in order: what the hot path reads (no reference
    /// counting on objects that every thread shares).
    let rules: RulesTable
    /// Whether workspaces cache the decisions of qualifications without a table.
    let usesDecisionCaches: Bool
    /// Whether outcomes that exceptions touch take the shortcuts of the general path: a waiver of a check the
    /// learner is known to pass touches nothing (``makeAdjustment(_:_:_:)``), and one way to count the units
    /// is decided without the search over ways (``outcome(_:_:_:adjustedBy:)``). Off in tests, which pin the
    /// shortcuts to the general path.
    let exceptionShortcuts: Bool
    /// The limits the qualifications were compiled under (``EvaluationLimits/maximumChoices`` applies per
    /// learner).
    public let limits: EvaluationLimits
    /// Compiled version (slot) → the steps that naming the requirements which block each other may take
    /// (``EvaluationLimits/explanationSteps(worstCase:worstCases:)``).
    let explanationSteps: [Int]
    /// Global unit index → the other units of its class of equivalent units (empty for most).
    let equivalents: [[Int]]
    /// The versions of each qualification decided, compiled once, and how a learner's is chosen
    /// (`VersionChoice.swift`). ``compiled`` and ``rules`` hold one entry per version ("slot"); a
    /// qualification with one version has one slot, its position.
    let slots: VersionSlots
    /// Compiled version (slot) → position of its qualification among ``qualifications``.
    package let positionOfSlot: [Int]

    /// The compiled versions (slots) of the qualification at position `position` of ``qualifications``.
    package func versionSlots(_ position: Int) -> Range<Int> {
        slots.firstSlot[position]..<(slots.firstSlot[position] + slots.slotCount[position])
    }

    /// Compiles every qualification of `catalog`, or only those in `only` (ids; a QAN such as `601/3698/4`
    /// is accepted too), in the order of `only`.
    ///
    /// - Throws: ``EvaluatorError`` for an unknown qualification in `only` or a qualification that cannot
    ///   be compiled (a pack that passed validation under the same limits always compiles).
    /// - Complexity: O(*q* · *r*) for *q* qualifications with *r* rules, once.
    ///
    /// - Parameter catalog: the qualifications, units and assessments (a registry's `catalog`).
    /// - Parameter only: the qualifications to decide, in this order; all of the catalog's when `nil`.
    /// - Parameter limits: the most work one qualification may ask for one learner; a qualification whose
    ///   worst case exceeds them throws ``EvaluatorError/limitExceeded(_:_:)`` (the validator reports the
    ///   same as `limit-exceeded`).
    public convenience init(
        catalog: QualificationCatalog, only: [QualificationID]? = nil, limits: EvaluationLimits = .default
    ) throws(EvaluatorError) {
        try self.init(catalog: catalog, only: only, decisionTables: true, limits: limits)
    }

    /// `decisionTables: false` decides every learner with the solver, without tables or caches;
    /// `exceptionShortcuts: false` decides every outcome that exceptions touch without the shortcuts of
    /// ``exceptionShortcuts`` (both to compare in tests).
    package init(
        catalog: QualificationCatalog, only: [QualificationID]?, decisionTables: Bool,
        limits: EvaluationLimits = .default, exceptionShortcuts: Bool = true
    ) throws(EvaluatorError) {
        usesDecisionCaches = decisionTables
        self.exceptionShortcuts = exceptionShortcuts
        self.limits = limits
        self.catalog = catalog
        units = catalog.units
        var idx: [UnitCode: Int] = [:]
        for (i, u) in units.enumerated() { idx[u.code] = i }
        unitIndex = idx
        let eq = try Self.equivalenceClasses(catalog.equivalentUnits, units: units, index: idx)
        equivalents = eq
        assessmentList = catalog.families.flatMap(\.assessments)
        var aidx: [AssessmentID: Int] = [:]
        for (i, a) in assessmentList.enumerated() { aidx[a.id] = i }
        assessmentIndex = aidx
        coverage = assessmentList.map { $0.covers.compactMap { idx[$0] } }
        minimumHours = units.map { $0.minimumPracticeHours?.value }
        sheets = assessmentList.map(\.markSheet)
        unitTable = ByteKeyTable(units.map(\.code.rawValue))
        assessmentTable = ByteKeyTable(assessmentList.map(\.id.rawValue))
        var selected: [Qualification]
        if let only {
            selected = []
            for key in only {
                guard let q = catalog.qualification(key.rawValue) else {
                    throw EvaluatorError.unknownQualification(key)
                }
                if !selected.contains(where: { $0.id == q.id }) { selected.append(q) }
            }
        } else {
            selected = catalog.qualifications
        }
        var compiled: [CompiledQualification] = []
        for q in selected {
            for version in q.allVersions {
                do {
                    compiled.append(
                        try CompiledQualification(
                            version, units: catalog.unitsByCode, globalIndex: idx,
                            equivalents: eq, tabulate: decisionTables, limits: limits,
                            firstVersion: q))
                } catch { throw EvaluatorError(q.id, error) }
            }
        }
        self.compiled = compiled
        slots = VersionSlots(selected)
        positionOfSlot = slots.positionOfSlot
        // Each qualification is decided once for a learner, in one of its versions: its costliest counts.
        var worstCases = [Int](repeating: 0, count: selected.count)
        for (slot, cq) in compiled.enumerated() {
            let position = slots.positionOfSlot[slot]
            worstCases[position] = max(worstCases[position], cq.cost.budgetSteps)
        }
        explanationSteps = compiled.map {
            limits.explanationSteps(worstCase: $0.cost.budgetSteps, worstCases: worstCases)
        }
        rules = RulesTable(compiled.map(\.rules))
        // "Missing mandatory unit" for every unit of every qualification, built once and shared by results.
        var missing: [[UnmetRequirement]] = []
        for cq in compiled {
            missing.append(
                cq.codes.indices.map { u in
                    var sink = StringMessageSink()
                    Workspace.writeMessage(.missingMandatoryUnit(unit: u), compiled: cq, into: &sink)
                    return UnmetRequirement(.missingMandatoryUnit(unit: cq.codes[u]), message: sink.text)
                })
        }
        missingUnitRequirements = missing
        missingUnitCodes = missing.map {
            $0.map {
                var r = $0; r.message = nil; return r
            }
        }
    }

    /// The classes of equivalent units, merged where they share a unit (equivalence is transitive, also
    /// across packs), as global unit index → the other members of its class. Checks what the validator
    /// checks, for catalogs built in code: known units, and one level and credit value per class. A class
    /// may be of any size: it counts once, as one of its members (``CompiledQualification/EquivalenceClass``).
    static func equivalenceClasses(_ declared: [[UnitCode]], units: [LearningUnit], index: [UnitCode: Int])
        throws(EvaluatorError) -> [[Int]]
    {
        guard !declared.isEmpty else { return [] }
        for cls in declared {
            var first: LearningUnit?
            for code in cls {
                guard let g = index[code] else {
                    throw .invalidEquivalence("unit '\(code)' is not defined in any loaded pack")
                }
                if let a = first {
                    let b = units[g]
                    guard a.level == b.level, a.credits == b.credits else {
                        throw .invalidEquivalence(
                            """
                            units \(a.code) (\(a.level), \(a.credits) credits) and \(b.code) (\(b.level), \
                            \(b.credits) credits) differ in level or credit value
                            """
                        )
                    }
                } else {
                    first = units[g]
                }
            }
        }
        var out = [[Int]](repeating: [], count: units.count)
        for cls in QualificationCatalog.mergingEquivalenceClasses(declared) {
            let members = cls.compactMap { index[$0] }.sorted()
            for g in members { out[g] = members.filter { $0 != g } }
        }
        return out
    }

    /// Per qualification, per unit: the ``UnmetRequirement`` for that mandatory unit missing, with its
    /// message and without.
    let missingUnitRequirements: [[UnmetRequirement]]
    let missingUnitCodes: [[UnmetRequirement]]

    deinit { rules.deallocate() }

    /// The qualifications this evaluator decides, in order, each with its ``Qualification/versions``: one
    /// result per learner for each.
    public var qualifications: [Qualification] { slots.qualifications }

    /// Every compiled version, in order (a qualification's versions together): what an ``Outcome``'s
    /// `qualificationIndex` indexes.
    package var compiledVersions: [Qualification] { compiled.map(\.qualification) }

    /// Reasons `learner` cannot be evaluated as given: marks that do not fit an assessment's mark sheet,
    /// hours out of range, an exception the packs cannot apply. Empty for a well-formed record. Readers
    /// reject such records before evaluation, with the same messages.
    public func problems(in learner: Learner) -> [String] {
        // The checks and messages of the readers (LearnerRecordSchema), naming fields by their JSON path.
        var out: [String] = []
        typealias F = Learner.Field
        typealias S = LearnerRecordSchema
        if learner.id.rawValue.isEmpty {
            out.append(S.Problem.empty(expected: "a learner id").message(S.quoted(F.id.rawValue)))
        }
        for (f, h) in [(F.inductionHours, learner.inductionHours), (.tutorialHours, learner.tutorialHours)] {
            if let h, let p = S.problem(hours: h.value) { out.append(p.message(S.quoted(f.rawValue))) }
        }
        for (i, u) in learner.units.enumerated() {
            if let h = u.hours, let p = S.problem(hours: h.value) {
                out.append(p.message(S.quoted("\(F.units.rawValue)[\(i)].\(UnitAchievement.Field.hours.rawValue)")))
            }
        }
        for a in learner.assessments {
            guard let i = assessmentIndex[a.id], let p = markProblem(i, marks: a.marks) else { continue }
            out.append(p)
        }
        if learner.exceptions.count > EvaluationLimits.maximumExceptions {
            out.append(
                "'\(Learner.Field.exceptions.rawValue)': "
                    + LimitExceeded(
                        .exceptions, maximum: EvaluationLimits.maximumExceptions, needed: learner.exceptions.count
                    ).description)
        }
        for (i, x) in learner.exceptions.enumerated() {
            if let p = exceptionProblem(x) {
                out.append("'\(Learner.Field.exceptions.rawValue)[\(i)].\(p.field.rawValue)': \(p.message)")
            }
        }
        return out
    }

    /// The index of the unit whose code is `utf8`, for ``Workspace/addUnit(_:day:hours:)``; `nil` if no
    /// loaded pack defines it.
    package func unitIndex(utf8: UnsafeBufferPointer<UInt8>) -> Int? { unitTable.index(of: utf8) }

    /// The index of the assessment whose id is `utf8`, for ``Workspace/addAttempt(_:marks:day:)``.
    package func assessmentIndex(utf8: UnsafeBufferPointer<UInt8>) -> Int? { assessmentTable.index(of: utf8) }

    /// What is wrong with `marks` for assessment `assessment`'s mark sheet, or `nil` if nothing is.
    package func markProblem(_ assessment: Int, marks: [Int]) -> String? {
        sheets[assessment]?.check(marks).map { "assessment \(assessmentList[assessment].id): \($0)" }
    }

    /// The index of unit `code`, or `nil` if no loaded pack defines it.
    package func unitIndex(of code: UnitCode) -> Int? { index(ofUnit: code) }

    /// Looks `code` up through the byte table (no `String` hashing) when its UTF-8 is contiguous.
    @inline(__always)
    func index(ofUnit code: UnitCode) -> Int? {
        var s = code.rawValue
        return s.withUTF8 { unitTable.index(of: $0) }
    }

    @inline(__always)
    func index(ofAssessment id: AssessmentID) -> Int? {
        var s = id.rawValue
        return s.withUTF8 { assessmentTable.index(of: $0) }
    }

    /// The code of unit `unit` (a global index from ``unitIndex(utf8:)``).
    package func unitCode(_ unit: Int) -> UnitCode { units[unit].code }

    /// Evaluates `learner` against every qualification of the evaluator.
    ///
    /// - Complexity: O(*u* + *q* × *c*), where *u* is the number of units, assessments and exceptions in
    ///   the record, *q* the number of qualifications the evaluator decides and *c* the largest
    ///   ``EvaluationCost`` of one of them (search steps, bounded by ``EvaluationLimits`` when the
    ///   evaluator is built; a few mask operations for the bundled packs).
    public func evaluate(_ learner: Learner, options: EvaluationOptions = .init()) -> [EvaluationResult] {
        let ws = Workspace(self)
        ws.asOf = options.asOf
        ws.whatIf = options.whatIf
        var out: [EvaluationResult] = []
        out.reserveCapacity(slots.count)
        evaluate(learner, in: ws) { out.append(ws.result($0, messages: options.messages)) }
        return out
    }

    /// Evaluates `learner` against the qualification `id` (a QAN is accepted too), or returns `nil` if the
    /// evaluator does not decide it.
    ///
    /// - Complexity: that of `evaluate(_:options:)`, O(*u* + *q* × *c*) for *u* units, assessments and
    ///   exceptions in the record and *q* qualifications of cost at most *c*: every qualification is
    ///   decided, since an exception unused by all of them is a warning on each. To decide fewer, build
    ///   the evaluator with `only:`.
    public func evaluate(_ learner: Learner, against id: QualificationID, options: EvaluationOptions = .init())
        -> EvaluationResult?
    {
        guard let q = catalog.qualification(id.rawValue),
            let p = slots.qualifications.firstIndex(where: { $0.id == q.id })
        else { return nil }
        let ws = Workspace(self)
        ws.asOf = options.asOf
        ws.whatIf = options.whatIf
        var result: EvaluationResult?
        evaluate(learner, in: ws) { o in
            if positionOfSlot[o.qualificationIndex] == p { result = ws.result(o, messages: options.messages) }
        }
        return result
    }

    /// Evaluates a sequence of learners lazily, in order: one array of results per learner.
    ///
    /// - Complexity: O(*u* + *q* × *c*) per learner, as `evaluate(_:options:)`, paid as the result is
    ///   iterated: O(*n* × (*u* + *q* × *c*)) for *n* learners; one workspace serves them all.
    public func evaluate<S: Sequence<Learner>>(_ learners: S, options: EvaluationOptions = .init()) -> some Sequence<
        [EvaluationResult]
    > {
        let ws = Workspace(self)
        ws.asOf = options.asOf
        ws.whatIf = options.whatIf
        return learners.lazy.map { learner in
            var out: [EvaluationResult] = []
            self.evaluate(learner, in: ws) { out.append(ws.result($0, messages: options.messages)) }
            return out
        }
    }

    /// Evaluates an asynchronous sequence of learners, in order.
    ///
    /// Deprecated: evaluation runs on the concurrency pool and the stream's error is untyped. For a learner
    /// file, `evaluate(_:options:threads:duplicateCheckLimit:)` with a `LearnerReader` (`QualKitLearners`)
    /// gives an `EvaluatedRecords` sequence that reads on a thread of its own and throws only
    /// `CancellationError`; for learners built in code, call `evaluate(_:options:)` for each.
    ///
    /// - Complexity: O(*u* + *q* × *c*) per learner, as `evaluate(_:options:)`, on the concurrency pool.
    @available(
        *, deprecated,
        message: """
            use evaluate(_:options:threads:duplicateCheckLimit:) with a LearnerReader for an EvaluatedRecords \
            sequence, or call evaluate(_:options:) for each learner
            """
    )
    public func evaluate<S: AsyncSequence & Sendable>(_ learners: S, options: EvaluationOptions = .init())
        -> AsyncThrowingStream<[EvaluationResult], any Error>
    where S.Element == Learner {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await learner in learners { continuation.yield(self.evaluate(learner, options: options)) }
                    continuation.finish()
                } catch { continuation.finish(throwing: error) }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The hot path: resolves `learner` into `workspace` and calls `body` with one compact ``Outcome`` per
    /// qualification, in order. Turn an outcome into a full result with ``Workspace/result(_:)`` inside
    /// `body`, before the next call reuses the workspace. Allocates nothing for records whose units and
    /// assessments the catalog knows.
    package func evaluate(_ learner: Learner, in workspace: Workspace, _ body: (Outcome) throws -> Void) rethrows {
        workspace.load(learner)
        try evaluateLoaded(in: workspace, body)
    }

    /// Evaluates the learner loaded field by field into `workspace` (see ``Workspace/beginRecord()``), calling
    /// `body` with one ``Outcome`` per qualification, in order.
    package func evaluateLoaded(in workspace: Workspace, _ body: (Outcome) throws -> Void) rethrows {
        let table = rules.base
        var o = Outcome(qualificationIndex: 0)
        if workspace.record.pointee.hasExceptions { return try evaluateWithExceptions(in: workspace, body) }
        if _slowPath(workspace.settings.pointee.choosesVersions) {
            return try evaluateChosenVersions(in: workspace, body)
        }
        for qi in 0..<rules.count {
            outcome(qi, table[qi], workspace, into: &o)
            try body(o)
        }
    }

    /// ``evaluateLoaded(in:_:)`` for a record with exceptions: every outcome first, since an exception no
    /// qualification used is a warning on every result.
    @inline(never)
    func evaluateWithExceptions(in workspace: Workspace, _ body: (Outcome) throws -> Void) rethrows {
        let table = rules.base
        var o = Outcome(qualificationIndex: 0)
        var outcomes: [Outcome] = []
        swap(&outcomes, &workspace.pendingOutcomes) // (the workspace's buffer, given back below)
        outcomes.removeAll(keepingCapacity: true)
        var used: UInt64 = 0
        let versions = workspace.settings.pointee.choosesVersions
        if versions { workspace.chooseVersions() }
        for p in 0..<slots.count {
            let qi = versions ? workspace.choices[p].slot : p
            outcome(qi, table[qi], workspace, into: &o)
            if versions, workspace.choices[p].unchecked { o.uncheck(.version) }
            used |= workspace.appliedBits(o) | workspace.undecidedBits(o)
            outcomes.append(o)
        }
        for (i, x) in workspace.exceptionList.enumerated() where used & (1 << UInt64(i)) == 0 {
            workspace.addWarning(.unusedException(x.position, x.value))
        }
        defer { workspace.pendingOutcomes = outcomes }
        for o in outcomes { try body(o) }
    }

    /// Works out the outcome for qualification `qualificationSlot` into `result` (in place: an outcome is a few hundred
    /// bytes).
    @inline(__always)
    func outcome(
        _ qualificationSlot: Int, _ compiledRules: CompiledRules, _ workspace: Workspace, into result: inout Outcome
    ) {
        // A record with exceptions, or a qualification whose units have equivalents: the general path
        // (rare; it returns false when nothing applies to this qualification).
        // (A value returned, not `inout`: an outcome passed `inout` to a call that is not inlined must be
        // copied before every `body(o)`, about 10% of a table run.)
        if _slowPath(workspace.record.pointee.hasExceptions || compiledRules.hasEquivalences),
            let adjusted = adjustedOutcome(qualificationSlot, compiledRules, workspace)
        {
            workspace.keptSlot = -1
            result = adjusted
            return
        }
        let (held, short) = workspace.unitMasks(compiledRules)
        if _slowPath(workspace.keepsMasks || compiledRules.globalIndex.count > 64) {
            workspace.keep(held, short, slot: qualificationSlot)
        }
        result = Outcome(qualificationIndex: qualificationSlot)
        // decideRules(…), written out: the optimiser does not inline it here, and the call costs a copy of
        // the outcome per result (about 10% of a table run). The adjusted path calls decideRules; the
        // exceptions tests pin the two to each other (an exception that changes nothing changes no result).
        var tableKinds: UInt16?
        if !compiledRules.table.isEmpty {
            let e = compiledRules.table[Int(truncatingIfNeeded: held.w0)]
            result.credits = Int(e.credits)
            result.path = Int(e.path)
            result.counted.w0 = UInt64(e.counted)
            result.next.w0 = UInt64(e.next)
            result.hasNext = e.flags & 2 != 0
            if e.flags & 1 == 0 { result.unitRulesMet = false }
            if short.isEmpty { tableKinds = e.ruleKinds }
        } else {
            let completion = workspace.computesNext
            let d =
                workspace.caches[qualificationSlot].map {
                    $0.decision(compiledRules, held, workspace.scratch, completion: completion)
                }
                ?? (completion
                    ? compiledRules.decide(held, workspace.scratch)
                    : compiledRules.decideWithoutCompletion(held, workspace.scratch))
            result.credits = d.credits; result.path = d.path; result.counted = d.counted; result.next = d.next;
            result.hasNext = d.hasNext
            if !d.met { result.unitRulesMet = false }
        }
        let checked = compiledRules.checks(
            workspace, NoAdjustment(), counted: result.counted, hasCounted: !result.counted.isEmpty,
            unitRulesMet: result.unitRulesMet)
        result.apply(checked)
        if _slowPath(result.unitRulesMet && checked.failed & Outcome.lateChecks != 0),
            let inTime = withoutLateUnits(
                qualificationSlot, compiledRules, workspace, NoAdjustment(), held: held, short: short, limits: checked)
        {
            result = inTime.outcome
            return
        }
        result.achieved = result.unitRulesMet && result.failedChecks == 0
        // The unmet kinds now, when they cost nothing more (see Workspace.unmetKinds).
        if result.unitRulesMet || tableKinds != nil {
            result.kindsComplete = true
            result.knownKinds = result.failedChecks | UInt32(result.unitRulesMet ? 0 : tableKinds ?? 0)
        }
    }

    /// The rules-of-combination part of an outcome for `held` units (`short`: listed with too few
    /// practice hours): from the decision table, a cache or the solver. Returns the table's unit-rule kinds
    /// when it has them and no unit is short.
    @inline(__always)
    func decideRules(
        _ qualificationIndex: Int, _ compiledRules: CompiledRules, _ workspace: Workspace, held: UnitMask,
        short: UnitMask, completion: Bool,
        into outcome: inout Outcome
    ) -> UInt16? {
        var tableKinds: UInt16? // the unit-rule kinds, when the table has them (no short units)
        if !compiledRules.table.isEmpty {
            let e = compiledRules.table[Int(truncatingIfNeeded: held.w0)]
            outcome.credits = Int(e.credits)
            outcome.path = Int(e.path)
            outcome.counted.w0 = UInt64(e.counted)
            outcome.next.w0 = UInt64(e.next)
            outcome.hasNext = e.flags & 2 != 0
            if e.flags & 1 == 0 { outcome.unitRulesMet = false }
            if short.isEmpty { tableKinds = e.ruleKinds }
        } else {
            let d =
                workspace.caches[qualificationIndex].map {
                    $0.decision(compiledRules, held, workspace.scratch, completion: completion)
                }
                ?? (completion
                    ? compiledRules.decide(held, workspace.scratch)
                    : compiledRules.decideWithoutCompletion(held, workspace.scratch))
            outcome.credits = d.credits; outcome.path = d.path; outcome.counted = d.counted; outcome.next = d.next;
            outcome.hasNext = d.hasNext
            if !d.met { outcome.unitRulesMet = false }
        }
        return tableKinds
    }

    /// When the units held meet the rules but some counted ones were achieved after a limit (the
    /// certification end, the completion window), the rules decided again over the units achieved in time:
    /// a spare late unit must not fail a qualification the learner completed in time. Returns that
    /// outcome (and the units it was decided over) when it clears the date limits, else `nil`: then the
    /// late units are reported as they are. The budgets charge this second decision to every qualification
    /// with a date limit (``EvaluationCost/decisions``).
    @inline(never)
    func withoutLateUnits<A: CheckAdjustments>(
        _ qualificationSlot: Int, _ compiledRules: CompiledRules, _ workspace: Workspace, _ adj: A, held: UnitMask,
        short: UnitMask, limits: CompiledRules.CheckResult
    ) -> (outcome: Outcome, held: UnitMask)? {
        // (The limits, not the outcome: an outcome passed to a call that is not inlined is copied per result.)
        let gi = compiledRules.globalIndex
        let certificationEnd = Int(limits.certificationEnd)
        let windowEnd = limits.windowEnd == Outcome.pendingWindow ? Int(Outcome.noLimit) : Int(limits.windowEnd)
        var late = UnitMask() // every held unit achieved after a limit, counted now or not (a decision
        held.forEach { i in // over the others could otherwise count another late one)
            // exempt or undated: not late
            guard let known = adj.day(of: i, gi, workspace), let day = known else { return }
            if day > certificationEnd || day > windowEnd { late.insert(i) }
        }
        guard !late.isEmpty else { return nil }
        let inTime = held - late
        var r = Outcome(qualificationIndex: qualificationSlot)
        _ = decideRules(
            qualificationSlot, compiledRules, workspace, held: inTime, short: short - inTime, completion: true, into: &r
        )
        guard r.unitRulesMet else { return nil }
        r.apply(
            compiledRules.checks(workspace, adj, counted: r.counted, hasCounted: !r.counted.isEmpty, unitRulesMet: true)
        )
        guard r.failedChecks & Outcome.lateChecks == 0 else { return nil }
        r.achieved = r.failedChecks == 0
        r.kindsComplete = true
        r.knownKinds = r.failedChecks
        return (r, inTime)
    }

}

extension CompiledRules {
    /// The checks besides the rules of combination: delivery hours, registration, and the dates of the
    /// counted units against the certification end date and the completion window (after the waivers and
    /// extensions of `adj`), judged as of the workspace's as-of day when it has one. Sets the outcome's
    /// deadline, and `next` to none when a date makes completion impossible.
    @inline(__always)
    func applyChecks<A: CheckAdjustments>(_ workspace: Workspace, _ adj: A, into outcome: inout Outcome) {
        outcome.apply(
            checks(
                workspace, adj, counted: outcome.counted, hasCounted: !outcome.counted.isEmpty,
                unitRulesMet: outcome.unitRulesMet))
    }

    /// What the checks found: a few words, returned in registers (an outcome passed in and out of a call
    /// that is not inlined is copied, twice per result).
    struct CheckResult {
        var failed: UInt32 = 0
        var unchecked: UInt8 = 0
        var certificationEnd = Outcome.noLimit
        var windowEnd = Outcome.noLimit
    }

    @inline(__always)
    ///
    /// `hasCounted` is `!counted.isEmpty`, worked out by the caller, which has the mask's words in
    /// registers (read back from memory here, they stall on the stores that just wrote them).
    func checks<A: CheckAdjustments>(
        _ workspace: Workspace, _ adj: A, counted: UnitMask, hasCounted: Bool, unitRulesMet: Bool
    ) -> CheckResult {
        var o = CheckResult()
        func fail(_ code: UnmetCode) { o.failed |= code.bit }
        func uncheck(_ code: UncheckedCode) { o.unchecked |= code.bit }
        let waived = adj.waived
        if let min = minimumInduction, waived & UnmetCode.inductionHours.bit == 0 {
            if let h = workspace.inductionHours {
                if h < min { fail(.inductionHours) }
            } else {
                uncheck(.inductionHours)
            }
        }
        if let min = minimumTutorial, waived & UnmetCode.tutorialHours.bit == 0 {
            if let h = workspace.tutorialHours { if h < min { fail(.tutorialHours) } } else { uncheck(.tutorialHours) }
        }
        // The registration window: the operational start and the registration end (each unless waived).
        let opens = waived & UnmetCode.registeredBeforeStart.bit == 0 ? Int(registrationStart) : Int(Int32.min)
        let closes = waived & UnmetCode.registrationClosed.bit == 0 ? Int(registrationEnd) : Int(Int32.max)
        if opens != Int(Int32.min) || closes != Int(Int32.max) {
            if let r = workspace.registeredDay {
                if r < opens { fail(.registeredBeforeStart) }
                if r > closes { fail(.registrationClosed) }
            } else {
                uncheck(.registrationDate)
            }
        }
        if _slowPath(workspace.record.pointee.hasUnhoursed), hasCounted,
            adj.countsUnhoursed(counted, globalIndex, workspace)
        {
            uncheck(.practiceHours)
        }
        // The limits in force for this learner: Outcome.noLimit where there is none (or it is waived).
        let none = Int(Outcome.noLimit)
        var certificationEnd = none, windowEnd = none
        var windowUnknown = false, windowPending = false
        if let end = certificationEndDay, waived & UnmetCode.certificationClosed.bit == 0 {
            certificationEnd = adj.certificationEnd ?? end
        }
        if completionYears != nil, waived & UnmetCode.completionWindow.bit == 0 {
            // Registration + years is worked out only when a check needs it (else when a result is built).
            if let w = adj.windowEnd {
                windowEnd = w
            } else if workspace.registeredDay == nil {
                windowUnknown = true
            } else {
                windowPending = true
            }
        }
        let hasLimit = certificationEnd != none || windowEnd != none || windowUnknown || windowPending
        let asOf = workspace.asOfDay
        if (hasLimit || asOf != nil) && hasCounted {
            let (latest, undated) = latestDate(counted, workspace, adj)
            if undated {
                if hasLimit { uncheck(.completionDates) }
                if asOf != nil { uncheck(.asOfDates) }
            }
            if latest != Int.min {
                if windowPending {
                    windowEnd = workspace.completionDeadline(years: completionYears!)!; windowPending = false
                }
                if latest > certificationEnd { fail(.certificationClosed) }
                if latest > windowEnd { fail(.completionWindow) }
                if windowUnknown { uncheck(.completionDates) }
            }
        }
        // As of a day past a limit, a qualification whose rules are not met can no longer be completed.
        if let now = asOf, !unitRulesMet {
            if windowPending {
                windowEnd = workspace.completionDeadline(years: completionYears!)!; windowPending = false
            }
            if now > certificationEnd { fail(.certificationClosed) }
            if now > windowEnd { fail(.completionWindow) }
        }
        o.certificationEnd = Int32(truncatingIfNeeded: certificationEnd)
        o.windowEnd = windowPending ? Outcome.pendingWindow : Int32(truncatingIfNeeded: windowEnd)
        return o
    }

    /// The latest known achievement day among `units` (`Int.min` if none is dated), and whether any is
    /// undated. Exempt units have no date to check; a substitute brings the day of the unit it stands for.
    @inline(__always)
    func latestDate<A: CheckAdjustments>(_ units: UnitMask, _ workspace: Workspace, _ adj: A) -> (Int, Bool) {
        var latest = Int.min
        var undated = false
        let gi = globalIndex
        units.forEach { i in
            guard let d = adj.day(of: i, gi, workspace) else { return } // exempt: no date to check
            if let d { if d > latest { latest = d } } else { undated = true }
        }
        return (latest, undated)
    }

}

extension Outcome {
    /// Takes in what the checks besides the rules of combination found.
    @inline(__always)
    mutating func apply(_ check: CompiledRules.CheckResult) {
        failedChecks |= check.failed
        uncheckedCodes |= check.unchecked
        certificationEnd = check.certificationEnd
        windowEnd = check.windowEnd
        if check.failed & Outcome.closingChecks != 0 { hasNext = false }
    }
}
