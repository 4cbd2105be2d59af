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
/// For bulk work without per-learner allocation, keep one ``Workspace`` per thread and use
/// ``evaluate(_:in:_:)``, turning only the outcomes you need into ``EvaluationResult`` values.
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

    /// Compiles every qualification of `catalog`, or only those in `only` (ids or QANs), in catalog order.
    ///
    /// - Throws: ``EvaluatorError`` for an unknown qualification in `only` or a qualification that cannot
    ///   be compiled (a pack that passed validation under the same limits always compiles).
    /// - Complexity: O(*q* · *r*) for *q* qualifications with *r* rules, once.
    ///
    /// - Parameter limits: the most work one qualification may ask for one learner; a qualification whose
    ///   worst case exceeds them throws ``EvaluatorError/limitExceeded(_:_:)`` (the validator reports the
    ///   same as `limit-exceeded`).
    public convenience init(catalog: QualificationCatalog, only: [String]? = nil, limits: EvaluationLimits = .default) throws {
        try self.init(catalog: catalog, only: only, decisionTables: true, limits: limits)
    }

    /// `decisionTables: false` decides every learner with the solver, without tables or caches (to compare
    /// in tests).
    init(catalog: QualificationCatalog, only: [String]?, decisionTables: Bool, limits: EvaluationLimits = .default) throws {
        usesDecisionCaches = decisionTables
        self.catalog = catalog
        units = catalog.units
        var idx: [UnitCode: Int] = [:]
        for (i, u) in units.enumerated() { idx[u.code] = i }
        unitIndex = idx
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
                guard let q = catalog.qualification(key) else { throw EvaluatorError.unknownQualification(key) }
                if !selected.contains(where: { $0.id == q.id }) { selected.append(q) }
            }
        } else {
            selected = catalog.qualifications
        }
        compiled = try selected.map { q in
            do { return try CompiledQualification(q, units: catalog.unitsByCode, globalIndex: idx, tabulate: decisionTables, limits: limits) }
            catch { throw EvaluatorError(q.id, error) }
        }
        rules = RulesTable(compiled.map(\.rules))
    }

    deinit { rules.deallocate() }

    /// The qualifications this evaluator decides, in order.
    public var qualifications: [Qualification] { compiled.map(\.qualification) }

    /// Reasons `learner` cannot be evaluated as given: marks that do not fit an assessment's mark sheet,
    /// negative hours. Empty for a well-formed record. Readers reject such records before evaluation.
    public func problems(in learner: Learner) -> [String] {
        var out: [String] = []
        if learner.id.isEmpty { out.append("'id' is empty; expected a learner id") }
        if let h = learner.inductionHours, !(h.value >= 0) { out.append("'induction_hours' is \(h); expected 0 or more") }
        if let h = learner.tutorialHours, !(h.value >= 0) { out.append("'tutorial_hours' is \(h); expected 0 or more") }
        for u in learner.units {
            if let h = u.hours, !(h.value >= 0) { out.append("unit \(u.code): 'hours' is \(h); expected 0 or more") }
        }
        for a in learner.assessments {
            guard let i = assessmentIndex[a.id], let p = markProblem(i, marks: a.marks) else { continue }
            out.append(p)
        }
        return out
    }

    /// The index of the unit whose code is `utf8`, for ``Workspace/addUnit(_:day:hours:)``; `nil` if no
    /// loaded pack defines it.
    public func unitIndex(utf8: UnsafeBufferPointer<UInt8>) -> Int? { unitTable.index(of: utf8) }

    /// The index of the assessment whose id is `utf8`, for ``Workspace/addAttempt(_:marks:day:)``.
    public func assessmentIndex(utf8: UnsafeBufferPointer<UInt8>) -> Int? { assessmentTable.index(of: utf8) }

    /// What is wrong with `marks` for assessment `a`'s mark sheet, or `nil` if nothing is.
    public func markProblem(_ a: Int, marks: [Int]) -> String? {
        sheets[a]?.check(marks).map { "assessment \(assessmentList[a].id): \($0)" }
    }

    /// The index of unit `code`, or `nil` if no loaded pack defines it.
    public func unitIndex(of code: UnitCode) -> Int? { index(ofUnit: code) }

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

    /// The code of unit `g` (a global index from ``unitIndex(utf8:)``).
    public func unitCode(_ g: Int) -> UnitCode { units[g].code }

    /// Evaluates `learner` against every qualification of the evaluator.
    ///
    /// - Complexity: O(*u* + *q*) for *u* units in the record and *q* qualifications, times the cost of
    ///   each qualification's search (a few mask operations for the bundled packs).
    public func evaluate(_ learner: Learner) -> [EvaluationResult] {
        let ws = Workspace(self)
        var out: [EvaluationResult] = []
        out.reserveCapacity(compiled.count)
        evaluate(learner, in: ws) { out.append(ws.result($0)) }
        return out
    }

    /// Evaluates `learner` against the qualification with id or QAN `key`, or returns `nil` if the evaluator
    /// does not decide it.
    public func evaluate(_ learner: Learner, against key: String) -> EvaluationResult? {
        guard let q = catalog.qualification(key), let i = compiled.firstIndex(where: { $0.qualification.id == q.id }) else { return nil }
        let ws = Workspace(self)
        var result: EvaluationResult?
        evaluate(learner, in: ws) { if $0.qualificationIndex == i { result = ws.result($0) } }
        return result
    }

    /// Evaluates a sequence of learners lazily, in order: one array of results per learner.
    public func evaluate<S: Sequence<Learner>>(_ learners: S) -> some Sequence<[EvaluationResult]> {
        let ws = Workspace(self)
        return learners.lazy.map { learner in
            var out: [EvaluationResult] = []
            self.evaluate(learner, in: ws) { out.append(ws.result($0)) }
            return out
        }
    }

    /// Evaluates an asynchronous sequence of learners, in order.
    public func evaluate<S: AsyncSequence & Sendable>(_ learners: S) -> AsyncThrowingStream<[EvaluationResult], any Error>
    where S.Element == Learner {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await learner in learners { continuation.yield(self.evaluate(learner)) }
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
    public func evaluate(_ learner: Learner, in ws: Workspace, _ body: (Outcome) throws -> Void) rethrows {
        ws.load(learner)
        try evaluateLoaded(in: ws, body)
    }

    /// Evaluates the learner loaded field by field into `ws` (see ``Workspace/beginRecord()``), calling
    /// `body` with one ``Outcome`` per qualification, in order.
    public func evaluateLoaded(in ws: Workspace, _ body: (Outcome) throws -> Void) rethrows {
        let table = rules.base
        var o = Outcome(qualificationIndex: 0)
        for qi in 0..<rules.count {
            outcome(qi, table[qi], ws, into: &o)
            try body(o)
        }
    }

    /// Works out the outcome for qualification `qi` into `o` (in place: an outcome is a few hundred bytes).
    @inline(__always)
    func outcome(_ qi: Int, _ cq: CompiledRules, _ ws: Workspace, into o: inout Outcome) {
        let (held, short) = ws.unitMasks(cq)
        o = Outcome(qualificationIndex: qi)
        var tableKinds: UInt16?   // the unit-rule kinds, when the table has them (no short units)
        if !cq.table.isEmpty {
            let e = cq.table[Int(truncatingIfNeeded: held.w0)]
            o.credits = Int(e.credits)
            o.path = Int(e.path)
            o.counted.w0 = UInt64(e.counted)
            o.next.w0 = UInt64(e.next)
            o.hasNext = e.flags & 2 != 0
            if e.flags & 1 == 0 { o.failures.insert(.unitRules) }
            if short.isEmpty { tableKinds = e.ruleKinds }
        } else {
            let d = ws.caches[qi].map { $0.decision(cq, held, ws.scratch) } ?? cq.decide(held, ws.scratch)
            o.credits = d.credits; o.path = d.path; o.counted = d.counted; o.next = d.next; o.hasNext = d.hasNext
            if !d.met { o.failures.insert(.unitRules) }
        }
        if let min = cq.minimumInduction {
            if let h = ws.inductionHours { if h < min { o.failures.insert(.induction) } } else { o.unchecked.insert(.induction) }
        }
        if let min = cq.minimumTutorial {
            if let h = ws.tutorialHours { if h < min { o.failures.insert(.tutorial) } } else { o.unchecked.insert(.tutorial) }
        }
        if let end = cq.registrationEndDay {
            if let r = ws.registeredDay { if r > end { o.failures.insert(.registration) } } else { o.unchecked.insert(.registration) }
        }
        if (cq.certificationEndDay != nil || cq.completionYears != nil) && !o.counted.isEmpty {
            let (latest, undated) = latestDate(cq, o.counted, ws)
            if undated { o.unchecked.insert(.completion) }
            if latest != Int.min {
                if let end = cq.certificationEndDay, latest > end { o.failures.insert(.certification) }
                if let years = cq.completionYears {
                    if let deadline = ws.completionDeadline(years: years) {
                        if latest > deadline { o.failures.insert(.completionWindow) }
                    } else { o.unchecked.insert(.completion) }
                }
            }
        }
        o.achieved = o.failures.isEmpty
        // The unmet kinds now, when they cost nothing more (see Workspace.unmetKinds).
        let unitRulesMet = !o.failures.contains(.unitRules)
        if unitRulesMet || tableKinds != nil {
            o.kindsComplete = true
            o.knownKinds = o.failureKinds | UInt32(unitRulesMet ? 0 : tableKinds ?? 0)
        }
    }

    /// The latest known achievement day among `units` (`Int.min` if none is dated), and whether any is undated.
    func latestDate(_ cq: CompiledRules, _ units: UnitMask, _ ws: Workspace) -> (Int, Bool) {
        var latest = Int.min
        var undated = false
        let gi = cq.globalIndex
        units.forEach { i in
            if let d = ws.achievedDay(gi[i]) { if d > latest { latest = d } } else { undated = true }
        }
        return (latest, undated)
    }
}

/// The evaluator's ``CompiledRules``, one per qualification, in memory it owns.
struct RulesTable: @unchecked Sendable {   // written once in init, read-only afterwards
    let base: UnsafeMutablePointer<CompiledRules>
    let count: Int

    init(_ rules: [CompiledRules]) {
        count = rules.count
        base = .allocate(capacity: max(1, count))
        base.initialize(from: rules, count: count)
    }

    subscript(i: Int) -> CompiledRules { base[i] }

    func deallocate() { base.deallocate() }
}

/// Errors creating an ``Evaluator``.
public enum EvaluatorError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownQualification(String)
    case cannotCompile(QualificationID, String)
    /// Deciding the qualification could take more work than ``EvaluationLimits`` allow: which limit, and
    /// what the qualification needs.
    case limitExceeded(QualificationID, LimitExceeded)

    /// The error for a qualification that failed to compile.
    init(_ q: QualificationID, _ error: any Error) {
        if case CompiledQualification.CompileError.limitExceeded(let e) = error { self = .limitExceeded(q, e) }
        else { self = .cannotCompile(q, "\(error)") }
    }
    public var description: String {
        switch self {
        case .limitExceeded(let q, let e): "qualification '\(q)' cannot be evaluated within the limits: \(e); split overlapping groups, lower their minimums or raise the limit"

        case .unknownQualification(let k): "no loaded qualification has id or QAN '\(k)'; run 'qualkit list' to see them"
        case .cannotCompile(let q, let why): "qualification '\(q)' cannot be evaluated: \(why)"
        }
    }
}

/// The compact outcome of one learner against one qualification: no heap storage.
public struct Outcome: Sendable {
    /// Index into ``Evaluator/qualifications``.
    public let qualificationIndex: Int
    public internal(set) var achieved = false
    /// Credits of the distinct achieved units that belong to the qualification.
    public internal(set) var credits = 0
    var path = 0
    var counted = UnitMask()
    var next = UnitMask()
    var hasNext = false
    var failures = Failures()
    var unchecked = Failures()
    /// ``Workspace/unmetKinds(_:)``, worked out with the outcome when that costs nothing.
    @usableFromInline var knownKinds: UInt32 = 0
    @usableFromInline var kindsComplete = false

    init(qualificationIndex: Int) { self.qualificationIndex = qualificationIndex }

    /// The unmet kinds of the failures other than the unit rules, as bits over ``UnmetDetail/kindIndex``:
    /// induction 9, tutorial 10, registration 11, certification 12, completion window 13 (the failure bits
    /// 1...5 in the same order).
    var failureKinds: UInt32 { UInt32((failures.rawValue >> 1) & 0x1F) << 9 }

    /// Units counted (achieved), or held towards the closest path (not achieved), as indexes into the
    /// qualification's units (``Evaluator/unitCode(qualification:unit:)``).
    public var countedUnits: UnitMask { counted }
    /// The smallest set of units that would meet the rules of combination; empty when they are met, `nil`
    /// when no set of units can.
    public var nextUnits: UnitMask? { hasNext ? next : nil }
    /// The path (combination of alternative routes) taken or closest to completion.
    public var pathIndex: Int { path }
    /// Whether the rules of combination are met (other requirements may still fail).
    public var unitRulesMet: Bool { !failures.contains(.unitRules) }

    struct Failures: OptionSet, Sendable {
        let rawValue: UInt8
        static let unitRules = Failures(rawValue: 1)
        static let induction = Failures(rawValue: 2)
        static let tutorial = Failures(rawValue: 4)
        static let registration = Failures(rawValue: 8)
        static let certification = Failures(rawValue: 16)
        static let completionWindow = Failures(rawValue: 32)
        static let completion = Failures(rawValue: 64)
    }
}
