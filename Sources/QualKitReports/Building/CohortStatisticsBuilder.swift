import QualKitCore
import QualKitLearners

/// Builds ``CohortStatistics`` one record at a time, with memory that does not grow with the number of
/// records: counts, and the first `listLimit` learners of each figure.
///
/// ```swift
/// let registry = try PackRegistry.bundled()
/// let evaluator = try Evaluator(catalog: registry.catalog)
/// var builder = CohortStatisticsBuilder(evaluator: evaluator)
/// evaluator.evaluate(LearnerReader(bytes: Array(#"{"id":"L1","units":[{"code":"8577-300"}]}"#.utf8))) {
///     builder.add($0)
/// }
/// let statistics = builder.statistics
/// print(statistics.learnersEvaluated, statistics.qualifications[0].achieved.count)
/// ```
public struct CohortStatisticsBuilder: Sendable {
    /// The deadline windows counted with an as-of day, in days.
    public static let deadlineWindows = [30, 60, 90]

    private let limit: Int
    private let asOf: CalendarDate?
    private var evaluated = 0
    private var rejected = CappedList<RejectedRecord>()
    private var perQualification: [Figures]
    private var exceptions: [LearnerException.Kind: CappedList<LearnerReference>] = [:]
    private let wordings: [QualificationID: RuleWording]
    private let index: [QualificationID: Int]
    private let ids: [QualificationID]

    /// The running figures of one qualification; keyed tables hold at most one entry per unit, group or
    /// level of the catalog.
    private struct Figures: Sendable {
        var id: QualificationID
        var title: String
        var evaluated = 0
        var achieved = CappedList<LearnerReference>()
        var blocking: [BlockingKey: CappedList<LearnerReference>] = [:]
        var completing: [UnitCode: CappedList<LearnerReference>] = [:]
        var oneAway = CappedList<LearnerReference>()
        var deadlines = CohortStatisticsBuilder.deadlineWindows.map { _ in CappedList<LearnerReference>() }

        /// Counts one result, in place (called through the array's subscript, so nothing is copied).
        mutating func add(_ result: EvaluationResult, line: Int, limit: Int, asOf: Int?) {
            evaluated += 1
            let who = LearnerReference(learner: result.learner, line: line)
            if result.achieved {
                achieved.add(who, limit: limit)
                return
            }
            let unmet = result.unmet
            for (u, requirement) in unmet.enumerated() {
                let subject = CohortStatisticsBuilder.subject(of: requirement)
                // A code and subject counted once a result: the lists are short, so a scan beats a set.
                let repeated = unmet[..<u].contains { earlier in
                    earlier.code == requirement.code && CohortStatisticsBuilder.subject(of: earlier) == subject
                }
                if repeated { continue }
                let key = BlockingKey(code: requirement.code, subject: subject)
                blocking[key, default: CappedList()].add(who, limit: limit)
            }
            guard let next = result.next, !next.isEmpty else { return }
            if next.count == 1 {
                oneAway.add(who, limit: limit)
                completing[next[0], default: CappedList()].add(who, limit: limit)
            }
            if let asOf, let deadline = result.deadline {
                let days = deadline.dayNumber - asOf
                for (w, window) in CohortStatisticsBuilder.deadlineWindows.enumerated()
                where days >= 0 && days <= window {
                    deadlines[w].add(who, limit: limit)
                }
            }
        }
    }

    /// An unmet requirement as the dashboard counts it: its code and what it names, not its figures.
    private struct BlockingKey: Hashable, Sendable {
        var code: UnmetCode
        var subject: Subject?
    }

    /// A builder for the qualifications of `evaluator`.
    ///
    /// - Parameters:
    ///   - evaluator: the evaluator whose results will be added (its qualifications, in order).
    ///   - asOf: the day the results are evaluated as of; with it, deadlines within 30, 60 and 90 days are
    ///     counted.
    ///   - listLimit: how many learners each figure keeps by name (the rest are counted).
    public init(evaluator: Evaluator, asOf: CalendarDate? = nil, listLimit: Int = 20) {
        limit = max(0, listLimit)
        self.asOf = asOf
        perQualification = evaluator.qualifications.map { Figures(id: $0.id, title: PlainEnglish.name(of: $0)) }
        var wordings: [QualificationID: RuleWording] = [:]
        var index: [QualificationID: Int] = [:]
        for (i, q) in evaluator.qualifications.enumerated() {
            wordings[q.id] = RuleWording(qualification: q, units: evaluator.catalog.unitsByCode)
            index[q.id] = i
        }
        self.wordings = wordings
        self.index = index
        ids = evaluator.qualifications.map(\.id)
    }

    /// Adds one evaluated record: its results, or its rejection.
    ///
    /// - Complexity: O(*r* + *u*) for *r* results and *u* unmet requirements, exceptions and units of
    ///   `next` among them.
    public mutating func add(_ record: EvaluatedRecord) {
        switch record.results {
        case .failure(let error):
            rejected.add(RejectedRecord(file: error.file, line: error.line, message: error.message), limit: limit)
        case .success(let results):
            add(results, line: record.line)
        }
    }

    /// Adds one learner's results (one per qualification), read from line `line`.
    public mutating func add(_ results: [EvaluationResult], line: Int) {
        evaluated += 1
        var kinds: [LearnerException.Kind] = []
        for (position, result) in results.enumerated() {
            // Results come in the evaluator's order: their position finds the figures without hashing.
            let i = position < ids.count && ids[position] == result.qualification
                ? position : index[result.qualification]
            guard let i else { continue }
            perQualification[i].add(result, line: line, limit: limit, asOf: asOf?.dayNumber)
            for exception in result.exceptionsApplied where !kinds.contains(exception.kind) {
                kinds.append(exception.kind)
            }
        }
        for kind in kinds {
            exceptions[kind, default: CappedList()].add(LearnerReference(learner: results[0].learner, line: line),
                                                         limit: limit)
        }
    }

    /// What an unmet requirement names: a unit, a group, a level or barred units; `nil` for one that names
    /// nothing.
    enum Subject: Hashable, Sendable {
        case unit(UnitCode), group(GroupID), level(Level), units([UnitCode])

        /// Its id: `8577-301`, `group-1`, `3`, `8577-301+8577-302`.
        var id: String {
            switch self {
            case .unit(let code): code.rawValue
            case .group(let id): id.rawValue
            case .level(let level): level.code
            case .units(let codes): codes.map(\.rawValue).joined(separator: "+")
            }
        }

        /// As `describe` words it: a unit with its title, a group with its units.
        func words(_ wording: RuleWording?) -> String {
            switch self {
            case .unit(let code): wording?.unit(code) ?? code.rawValue
            case .group(let id): wording?.group(id) ?? id.rawValue
            case .level(let level): "\(level)"
            case .units(let codes): codes.map { wording?.unit($0) ?? $0.rawValue }.joined(separator: "; ")
            }
        }
    }

    static func subject(of unmet: UnmetRequirement) -> Subject? {
        switch unmet.details {
        case .groupMinCredits(let group, _, _), .groupMinUnits(let group, _, _), .groupMaxCredits(let group, _, _):
            .group(group)
        case .missingMandatoryUnit(let unit), .practiceHours(let unit, _, _), .certificationClosed(let unit?, _, _),
             .completionWindow(let unit?, _, _):
            .unit(unit)
        case .minCreditsAtLevel(let level, _, _), .maxCreditsAtLevel(let level, _, _):
            .level(level)
        case .barredCombination(let units):
            .units(units)
        case .minCredits, .unitAssignment, .inductionHours, .tutorialHours, .registeredBeforeStart, .registrationClosed,
             .certificationClosed, .completionWindow, .limitExceeded:
            nil
        }
    }

    /// The statistics of the records added so far. Lists are ordered by count, most first (ties in the
    /// order of the code reference, then by subject).
    ///
    /// - Complexity: O(*k* log *k*) for *k* distinct blocking requirements and completing units.
    public var statistics: CohortStatistics {
        let codeOrder = Dictionary(uniqueKeysWithValues: UnmetCode.allCases.enumerated().map { ($1, $0) })
        let qualifications = perQualification.map { f -> QualificationStatistics in
            let wording = wordings[f.id]
            let blocking = f.blocking.sorted {
                ($1.value.count, codeOrder[$0.key.code] ?? 0, $0.key.subject?.id ?? "")
                    < ($0.value.count, codeOrder[$1.key.code] ?? 0, $1.key.subject?.id ?? "")
            }.map { BlockingRequirement(code: $0.key.code, subjectID: $0.key.subject?.id,
                                        subject: $0.key.subject?.words(wording), learners: $0.value) }
            let completing = f.completing.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
                .map {
                    CompletingUnit(unit: $0.key, name: wording?.unit($0.key) ?? $0.key.rawValue, learners: $0.value)
                }
            let deadlines = asOf == nil ? [] : zip(Self.deadlineWindows, f.deadlines).map {
                DeadlineWindow(days: $0, learners: $1)
            }
            return QualificationStatistics(qualification: f.id, title: f.title, evaluated: f.evaluated,
                                           achieved: f.achieved, blocking: blocking, completingUnits: completing,
                                           oneUnitAway: f.oneAway, deadlines: deadlines)
        }
        let used = LearnerException.Kind.allCases.compactMap { kind in
            exceptions[kind].map { ExceptionUse(kind: kind, learners: $0) }
        }
        return CohortStatistics(learnersEvaluated: evaluated, rejected: rejected, asOf: asOf,
                                qualifications: qualifications, exceptionsUsed: used, listLimit: limit)
    }
}
