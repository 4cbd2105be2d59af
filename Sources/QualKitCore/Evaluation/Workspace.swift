import QualKitEngine
/// Per-thread scratch space for ``Evaluator/evaluate(_:in:_:)``: what the current learner holds, by unit.
///
/// Not `Sendable`: give each thread or task its own (``Evaluator/makeWorkspace()``). Its buffers are
/// sized once for the catalog and reset only where the previous learner touched them, so loading and
/// evaluating a learner allocates nothing.
///
/// A workspace is loaded either from a ``Learner`` value or field by field (``beginRecord()``,
/// ``addUnit(_:day:hours:)``, ``addAttempt(_:marks:day:)``, …) by a reader that never builds one.
package final class Workspace {
    let evaluator: Evaluator
    /// What the current learner holds, per unit of the catalog (the engine's buffers).
    let units: UnitStates
    /// The current record's scalar fields. Kept behind a pointer rather than in stored `var`s so that the
    /// hot path pays no dynamic exclusivity checks.
    let record: UnsafeMutablePointer<Record>

    struct Record {
        var registeredDay: Int?
        var registered: CalendarDate?
        /// The last completion deadline worked out for this record: `registered` plus `deadlineYears`.
        var deadlineYears = -1
        var deadlineDay = 0
        var inductionHours: Double?
        var tutorialHours: Double?
        var hasWarnings = false
        /// Whether the record carries exceptions (then ``exceptionList`` holds them).
        var hasExceptions = false
        /// Whether a unit with a practice minimum is listed without `hours` (``unhoursedBit``).
        var hasUnhoursed = false
        /// Exceptions offered so far, valid or not: the next one's position in the record.
        var exceptionsSeen = 0
    }

    /// Settings that hold for every record, behind a pointer like ``record`` (no exclusivity checks on
    /// the hot path).
    struct Settings {
        /// The as-of day, or `Int.max` for none (one comparison per unit on the hot path).
        var asOfLimit = Int.max
        /// Whether a learner's version of each qualification is chosen (some qualification has several,
        /// or a what-if applies): ``Evaluator/evaluateChosenVersions(in:_:)``.
        var choosesVersions = false
    }
    let settings: UnsafeMutablePointer<Settings>
    /// Per qualification decided (position): the version chosen for the current learner.
    let choices: UnsafeMutablePointer<VersionChoice>

    /// The as-of day (``EvaluationOptions/asOf``) as a ``CalendarDate/dayNumber``, or `nil`.
    @inline(__always) var asOfDay: Int? { settings.pointee.asOfLimit == Int.max ? nil : settings.pointee.asOfLimit }
    /// Evaluate as of this day: evidence dated after it does not count. Set it before loading records.
    package var asOf: CalendarDate? {
        get { asOfDay.map { CalendarDate(dayNumber: $0) } }
        set { settings.pointee.asOfLimit = newValue?.dayNumber ?? Int.max }
    }

    /// The current record's exceptions, resolved against the evaluator's catalog.
    /// (This and the next three go without the runtime's exclusivity checks, as the kept masks below: a
    /// workspace is used by one thread at a time, and a record with exceptions reads them for every
    /// qualification.)
    @exclusivity(unchecked) var exceptionList: [ResolvedException] = []
    /// The outcomes of a record with exceptions, kept until every one is worked out
    /// (``Evaluator/evaluateWithExceptions(in:_:)``): a buffer reused from record to record.
    @exclusivity(unchecked) var pendingOutcomes: [Outcome] = []
    /// Per qualification: how exceptions and unit equivalences change it for the current record (only
    /// for qualifications they touch; see ``Evaluator/adjustedOutcome``).
    @exclusivity(unchecked) var adjustments: [Adjustment?] = []
    /// The steps the current record's substitutions and equivalences have added so far, over every
    /// qualification (``EvaluationLimits/maximumLearnerSteps``).
    @exclusivity(unchecked) var learnerExtraSteps = 0

    /// The learner's exceptions, in record order.
    package var exceptions: [LearnerException] { record.pointee.hasExceptions ? exceptionList.map(\.value) : [] }
    /// Whether the record carries exceptions (without them, no outcome applies any).
    package var hasExceptions: Bool { record.pointee.hasExceptions }

    var registeredDay: Int? { record.pointee.registeredDay }
    var registered: CalendarDate? { record.pointee.registered }

    /// The day `years` years after registration (`nil` without a registration date), worked out once per
    /// record for the qualifications that share a completion window.
    @inline(__always)
    func completionDeadline(years: Int) -> Int? {
        guard let r = record.pointee.registered else { return nil }
        if record.pointee.deadlineYears != years {
            record.pointee.deadlineDay = r.adding(years: years).dayNumber
            record.pointee.deadlineYears = years
        }
        return record.pointee.deadlineDay
    }
    var inductionHours: Double? { record.pointee.inductionHours }
    var tutorialHours: Double? { record.pointee.tutorialHours }

    /// The current learner's id: set when loaded from a ``Learner``; readers that stream bytes set it only
    /// when they build results (``Workspace/result(_:)``).
    package var learnerID = ""
    /// Problems with the current learner's record (unknown unit codes, …; allocated only when present).
    /// Evidence dated after the as-of day (`after-as-of` warnings) comes last; its sentences are written
    /// only when asked for (``recordProblems`` leaves them out).
    package var warnings: [EvaluationWarning] {
        guard record.pointee.hasWarnings else { return [] }
        if !lateEvidence.isEmpty { materializeLateEvidence() }
        return omittedWarnings == 0 ? warningList : warningList + [.warningsOmitted(omittedWarnings)]
    }
    /// Warnings past ``EvaluationWarning/maximumPerRecord``: counted, not kept.
    private var omittedWarnings = 0
    private var warningList: [EvaluationWarning] = []
    /// Evidence dated after the as-of day, not yet turned into warnings: a unit (global index) or an
    /// assessment (index), with its day.
    private var lateEvidence: [(isUnit: Bool, index: Int, day: Int)] = []

    /// The warnings about problems with the record, for a reader to report: all but `after-as-of`, which
    /// every evaluation as of a day has and which the results list. Builds no sentence for those.
    package var recordProblems: [EvaluationWarning] {
        guard record.pointee.hasWarnings else { return [] }
        let problems = warningList.filter { $0.kind != .afterAsOf }
        return omittedWarnings == 0 ? problems : problems + [.warningsOmitted(omittedWarnings)]
    }

    private func materializeLateEvidence() {
        let asOf = CalendarDate(dayNumber: settings.pointee.asOfLimit)
        for e in lateEvidence {
            let date = CalendarDate(dayNumber: e.day)
            if warningList.count >= EvaluationWarning.maximumPerRecord { omittedWarnings += 1; continue }
            warningList.append(
                e.isUnit
                    ? .afterAsOf(evaluator.units[e.index].code.rawValue, what: "unit", date: date, asOf: asOf)
                    : .afterAsOf(
                        evaluator.assessmentList[e.index].id.rawValue, what: "assessment attempt", date: date,
                        asOf: asOf))
        }
        lateEvidence.removeAll(keepingCapacity: true)
    }

    /// Whether outcomes carry `next`, the cheapest completion. A reader that writes neither `next` nor a
    /// full result (a summary table, `--fields` without `next`) turns it off: a qualification with one
    /// path is then decided over the held units only. Every other part of an outcome is the same.
    package var computesNext = true

    /// Whether the evaluator keeps the units held and short of the last outcome it decided without
    /// adjustments (``keep(_:_:slot:)``, read by ``keptMasks(slot:)``), for a reader that asks for them after
    /// each outcome (the report's counter, through ``unmetKey(_:words:into:)``). Off, it costs the hot path a
    /// branch. Outcomes of qualifications of more than 64 units keep them regardless, for ``unmetKinds(_:)``
    /// (through ``masks(_:)``): working them out again is a pass over every unit of the qualification.
    /// (A workspace is used by one thread at a time: these go without the runtime's exclusivity checks,
    /// which would cost the table's hot path a call per record.)
    @exclusivity(unchecked) package var keepsMasks = false
    /// The units held and short of the outcome decided last for slot `keptSlot` of record `keptRecord`, as
    /// words (``keep(_:_:slot:)``), so that a reader takes the few it needs.
    let kept: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) var keptSlot = -1
    @exclusivity(unchecked) var keptRecord = 0
    /// Counts the records begun (``beginRecord()``), so that masks kept for an earlier one are never read.
    @exclusivity(unchecked) var records = 0

    /// Keeps `held` and `short` as the units held and short of slot `slot` for the record loaded: the eight
    /// words of `held` at ``kept``, then those of `short`.
    @inline(__always)
    func keep(_ held: UnitMask, _ short: UnitMask, slot: Int) {
        (kept[0], kept[1], kept[2], kept[3]) = (held.w0, held.w1, held.w2, held.w3)
        (kept[4], kept[5], kept[6], kept[7]) = (held.w4, held.w5, held.w6, held.w7)
        (kept[8], kept[9], kept[10], kept[11]) = (short.w0, short.w1, short.w2, short.w3)
        (kept[12], kept[13], kept[14], kept[15]) = (short.w4, short.w5, short.w6, short.w7)
        (keptSlot, keptRecord) = (slot, records)
    }

    /// The units held and short of slot `slot` for the record loaded, from the evaluator when it kept them
    /// for this record and slot, else worked out.
    func keptMasks(slot: Int) -> (held: UnitMask, short: UnitMask) {
        guard keptSlot == slot && keptRecord == records else { return unitMasks(evaluator.rules[slot]) }
        var held = UnitMask(), short = UnitMask()
        (held.w0, held.w1, held.w2, held.w3) = (kept[0], kept[1], kept[2], kept[3])
        (held.w4, held.w5, held.w6, held.w7) = (kept[4], kept[5], kept[6], kept[7])
        (short.w0, short.w1, short.w2, short.w3) = (kept[8], kept[9], kept[10], kept[11])
        (short.w4, short.w5, short.w6, short.w7) = (kept[12], kept[13], kept[14], kept[15])
        return (held, short)
    }

    /// Buffers for the exact assignment (qualifications without a decision table).
    let scratch = AssignmentScratch()

    /// The programmes that explanations of requirements blocking each other run, kept across learners.
    let explanations = ExplanationPrograms()

    /// Per qualification: a cache of decisions when it has no decision table.
    let caches: UnsafeMutablePointer<DecisionCache?>

    /// One block for the record and the settings (the units' buffers are ``units``'), on cache lines of its
    /// own: workspaces of different threads are written for every learner, and buffers that shared a cache
    /// line would bounce it between cores.
    private let block: UnsafeMutableRawPointer

    init(_ engine: Evaluator) {
        evaluator = engine
        units = UnitStates(units: engine.units.count)
        var layout = CacheLineLayout()
        let recordAt = layout.add(Record.self, 1), settingsAt = layout.add(Settings.self, 1)
        block = .allocate(byteCount: layout.size, alignment: CacheLineLayout.line)
        record = (block + recordAt).bindMemory(to: Record.self, capacity: 1)
        record.initialize(to: Record())
        settings = (block + settingsAt).bindMemory(to: Settings.self, capacity: 1)
        settings.initialize(to: Settings())
        settings.pointee.choosesVersions = engine.slots.hasVersions
        kept = .allocate(capacity: 16)
        kept.initialize(repeating: 0, count: 16)
        choices = .allocate(capacity: max(1, engine.slots.count))
        choices.initialize(repeating: VersionChoice(), count: max(1, engine.slots.count))
        for p in 0..<engine.slots.count { choices[p].slot = engine.slots.firstSlot[p] }
        let q = engine.rules.count
        adjustments = Array(repeating: nil, count: q)
        caches = .allocate(capacity: max(1, q))
        for i in 0..<q {
            (caches + i).initialize(
                to: engine.usesDecisionCaches && engine.rules[i].table.isEmpty ? DecisionCache() : nil)
        }
    }

    deinit {
        for i in 0..<evaluator.rules.count { caches[i]?.deallocate() }
        caches.deinitialize(count: evaluator.rules.count)
        caches.deallocate()
        record.deinitialize(count: 1)
        settings.deinitialize(count: 1)
        choices.deinitialize(count: max(1, evaluator.slots.count))
        choices.deallocate()
        block.deallocate()
        units.deallocate()
        kept.deallocate()
    }

    // MARK: - Loading field by field

    /// Starts a new record: forgets everything about the previous learner.
    package func beginRecord() {
        let r = record
        units.reset()
        if r.pointee.hasWarnings {
            warningList.removeAll(); lateEvidence.removeAll(keepingCapacity: true); omittedWarnings = 0
        }
        if r.pointee.hasExceptions { exceptionList.removeAll() }
        learnerExtraSteps = 0
        records &+= 1
        r.pointee = Record()
    }

    /// Sets the registration date.
    package func setRegistered(_ date: CalendarDate?) {
        record.pointee.registered = date
        record.pointee.registeredDay = date?.dayNumber
    }

    /// Sets induction and tutorial hours received (`nil`: not recorded).
    package func setDeliveryHours(induction: Double?, tutorial: Double?) {
        record.pointee.inductionHours = induction
        record.pointee.tutorialHours = tutorial
    }

    /// Records a listed unit (`unit` from ``Evaluator/unitIndex(utf8:)``): achieved unless `hours` fall
    /// below the unit's minimum supervised practice.
    package func addUnit(_ unit: Int, day date: CalendarDate?, hours: Double?) {
        addUnit(unit, dayNumber: date?.dayNumber, hours: hours)
    }

    /// ``addUnit(_:day:hours:)`` with the day as a ``CalendarDate/dayNumber`` (e.g. from
    /// ``CalendarDate/dayNumber(isoBytes:)``).
    package func addUnit(_ unit: Int, dayNumber day: Int?, hours: Double?) {
        if let day, _slowPath(day > settings.pointee.asOfLimit) {
            noteLateEvidence(true, unit, day)
            return
        }
        let minimum = evaluator.minimumHours[unit]
        if let h = hours, let min = minimum, h < min {
            units.addShort(unit, hours: h, day: day)
        } else {
            units.achieve(unit, day: day) // (touches the unit before its bits change: the next record resets it)
            if _slowPath(minimum != nil) {
                // Listed without hours, the practice is not checked, unless another listing checks it.
                units.noteHours(unit, checked: hours != nil)
                if hours == nil { record.pointee.hasUnhoursed = true }
            }
        }
    }

    /// Records an assessment attempt (`assessment` from ``Evaluator/assessmentIndex(utf8:)``); a pass
    /// achieves every unit it covers. Marks must have been checked with ``Evaluator/markProblem(_:marks:)``.
    package func addAttempt(_ assessment: Int, marks: [Int], day date: CalendarDate?) {
        let sheet = evaluator.sheets[assessment]
        guard let sheet, marks.count == sheet.sections.count, sheet.passes(marks) else { return }
        if let date, date.dayNumber > settings.pointee.asOfLimit {
            noteLateEvidence(false, assessment, date.dayNumber)
            return
        }
        for g in evaluator.coverage[assessment] {
            units.achieve(g, day: date?.dayNumber)
            units.noteHours(g, checked: true)
        }
    }

    /// Evidence after the as-of day, its warning written later (within the record's cap of warnings).
    private func noteLateEvidence(_ isUnit: Bool, _ index: Int, _ day: Int) {
        record.pointee.hasWarnings = true
        if warningList.count + lateEvidence.count >= EvaluationWarning.maximumPerRecord { omittedWarnings += 1; return }
        lateEvidence.append((isUnit, index, day))
    }

    /// Records a warning about the record (an unknown unit code or assessment id); past
    /// ``EvaluationWarning/maximumPerRecord`` it is counted, not kept.
    package func addWarning(_ warning: EvaluationWarning) {
        record.pointee.hasWarnings = true
        if warningList.count + lateEvidence.count >= EvaluationWarning.maximumPerRecord { omittedWarnings += 1; return }
        warningList.append(warning)
    }

    // MARK: - Loading a Learner

    func load(_ learner: Learner) {
        beginRecord()
        learnerID = learner.id.rawValue
        setRegistered(learner.registered)
        setDeliveryHours(induction: learner.inductionHours?.value, tutorial: learner.tutorialHours?.value)
        let e = evaluator
        for u in learner.units {
            guard let g = e.index(ofUnit: u.code) else {
                addWarning(.unknownUnit(u.code.rawValue))
                continue
            }
            addUnit(g, day: u.achieved, hours: u.hours?.value)
        }
        for a in learner.assessments {
            guard let i = e.index(ofAssessment: a.id) else {
                addWarning(.unknownAssessment(a.id.rawValue))
                continue
            }
            addAttempt(i, marks: a.marks, day: a.date)
        }
        loadExceptions(learner.exceptions)
    }

    /// Records a learner's exceptions, in order (after its units, as ``load(_:)`` does).
    package func loadExceptions(_ exceptions: [LearnerException]) {
        for (i, x) in exceptions.enumerated() {
            // A reader rejects such a record (Evaluator.problems(in:)); evaluated anyway, it says so.
            if let p = addException(x) { addWarning(.invalidException(i, x, p.message)) }
        }
    }

    /// Records an exception of the current record, or returns what is wrong with it (its shape, or a
    /// unit or qualification no loaded pack defines), with the field concerned; the record should then be
    /// rejected.
    package func addException(_ exception: LearnerException) -> LearnerException.Problem? {
        let position = record.pointee.exceptionsSeen
        record.pointee.exceptionsSeen += 1
        if let p = evaluator.exceptionProblem(exception) { return p }
        let e = evaluator
        var r = ResolvedException(value: exception, position: position)
        r.unit = exception.unit.flatMap { e.index(ofUnit: $0) }
        r.target = exception.substituteFor.flatMap { e.index(ofUnit: $0) }
        if let q = exception.qualification {
            // (By its id first: the catalog's lookup, which also takes a QAN, hashes the name.)
            r.qualification =
                e.slots.qualifications.firstIndex { $0.id == q }
                ?? e.catalog.qualification(q.rawValue).flatMap { found in
                    e.slots.qualifications.firstIndex { $0.id == found.id }
                } ?? -1
        }
        if exception.kind == .version, let q = exception.qualification, let v = exception.version {
            r.versionSlot = e.slots.slot(of: VersionReference(qualification: q, version: v), in: e.catalog) ?? -1
            if let p = r.qualification, p >= 0,
                exceptionList.contains(where: { $0.value.kind == .version && $0.qualification == p })
            {
                return LearnerException.Problem(
                    field: .version,
                    message:
                        """
                        a second 'version' exception for qualification \(q); a learner follows one version of a \
                        qualification's rules
                        """
                )
            }
        }
        if exceptionList.count >= EvaluationLimits.maximumExceptions {
            return LearnerException.Problem(
                field: .kind,
                message: LimitExceeded(.exceptions, maximum: EvaluationLimits.maximumExceptions, needed: position + 1)
                    .description)
        }
        exceptionList.append(r)
        record.pointee.hasExceptions = true
        return nil
    }

    /// The current learner's units of the qualification `compiledRules` as local masks: those held (achieved), and
    /// those listed with too few practice hours and not achieved otherwise. Worked out again where needed
    /// rather than kept in every ``Outcome``, which the hot path copies.
    @inline(__always)
    func unitMasks(_ compiledRules: CompiledRules) -> (held: UnitMask, short: UnitMask) {
        units.masks(compiledRules.globalIndex)
    }
}

extension Evaluator {
    /// A workspace for this evaluator, to reuse across learners on one thread.
    package func makeWorkspace() -> Workspace { Workspace(self) }
}
