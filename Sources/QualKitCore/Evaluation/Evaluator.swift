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

    /// Compiles every qualification of `catalog`, or only those in `only` (ids or QANs), in catalog order.
    ///
    /// - Throws: ``EvaluatorError`` for an unknown qualification in `only` or a qualification that cannot
    ///   be compiled (a pack that passed validation always compiles).
    /// - Complexity: O(*q* · *r*) for *q* qualifications with *r* rules, once.
    public init(catalog: QualificationCatalog, only: [String]? = nil) throws {
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
            do { return try CompiledQualification(q, units: catalog.unitsByCode, globalIndex: idx) }
            catch { throw EvaluatorError.cannotCompile(q.id, "\(error)") }
        }
    }

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
            guard let i = assessmentIndex[a.id], let sheet = assessmentList[i].markSheet else { continue }
            if let p = sheet.check(a.marks) { out.append("assessment \(a.id): \(p)") }
        }
        return out
    }

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
        for (qi, cq) in compiled.enumerated() {
            try body(outcome(qi, cq, ws))
        }
    }

    func outcome(_ qi: Int, _ cq: CompiledQualification, _ ws: Workspace) -> Outcome {
        var held = UnitMask()
        for i in cq.globalIndex.indices where ws.state[cq.globalIndex[i]] & Workspace.achievedBit != 0 { held.insert(i) }
        var o = Outcome(qualificationIndex: qi)
        o.held = held
        o.credits = cq.creditSum(held)
        var met = false
        for (pi, p) in cq.paths.enumerated() {
            if let counted = cq.satisfy(p, with: held) {
                o.path = pi; o.counted = counted; met = true
                break
            }
        }
        if met {
            o.next = UnitMask(); o.hasNext = true
        } else {
            o.failures.insert(.unitRules)
            var bestSize = Int.max, bestCredits = Int.max
            for (pi, p) in cq.paths.enumerated() {
                guard let add = cq.completion(p, from: held) else { continue }
                let n = add.count, c = cq.creditSum(add)
                if n < bestSize || (n == bestSize && c < bestCredits) {
                    bestSize = n; bestCredits = c; o.path = pi; o.next = add; o.hasNext = true
                }
            }
            o.counted = held & cq.paths[o.path].relevant
        }
        let q = cq.qualification
        let learner = ws.learner
        if let min = q.delivery.minimumInductionHours {
            if let h = learner.inductionHours { if h < min { o.failures.insert(.induction) } } else { o.unchecked.insert(.induction) }
        }
        if let min = q.delivery.minimumTutorialHours {
            if let h = learner.tutorialHours { if h < min { o.failures.insert(.tutorial) } } else { o.unchecked.insert(.tutorial) }
        }
        if let end = q.validity.registrationEnd {
            if let r = learner.registered { if r > end { o.failures.insert(.registration) } } else { o.unchecked.insert(.registration) }
        }
        let v = q.validity
        if v.certificationEnd != nil || v.completionYears != nil {
            let (latest, undated) = latestDate(cq, o.counted, ws)
            if undated { o.unchecked.insert(.completion) }
            if latest != Int.min {
                if let end = v.certificationEnd, latest > end.dayNumber { o.failures.insert(.certification) }
                if let years = v.completionYears {
                    if let r = learner.registered {
                        if latest > r.adding(years: years).dayNumber { o.failures.insert(.completionWindow) }
                    } else { o.unchecked.insert(.completion) }
                }
            }
        }
        o.achieved = o.failures.isEmpty
        return o
    }

    /// The latest known achievement day among `units` (`Int.min` if none is dated), and whether any is undated.
    func latestDate(_ cq: CompiledQualification, _ units: UnitMask, _ ws: Workspace) -> (Int, Bool) {
        var latest = Int.min
        var undated = false
        units.forEach { i in
            if let d = ws.achievedDay(cq.globalIndex[i]) { if d > latest { latest = d } } else { undated = true }
        }
        return (latest, undated)
    }
}

/// Errors creating an ``Evaluator``.
public enum EvaluatorError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownQualification(String)
    case cannotCompile(QualificationID, String)
    public var description: String {
        switch self {
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
    var held = UnitMask()
    var counted = UnitMask()
    var next = UnitMask()
    var hasNext = false
    var failures = Failures()
    var unchecked = Failures()

    init(qualificationIndex: Int) { self.qualificationIndex = qualificationIndex }

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
