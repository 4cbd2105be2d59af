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
    private var keys: [BlockingKey] = []
    private var exceptions: [LearnerException.Kind: CappedList<LearnerReference>] = [:]
    private let wordings: [QualificationID: RuleWording]
    private let index: [QualificationID: Int]
    private let ids: [QualificationID]

    /// The running figures of one qualification; keyed tables hold at most one entry per unit, group or
    /// level of the catalog.
    private struct Figures: Sendable {
        var id: QualificationID
        var title: String
        var tally = FigureTally<[BlockingKey: CappedList<LearnerReference>], [UnitCode: CappedList<LearnerReference>]>(
            blocking: [:], completing: [:])
    }

    /// An unmet requirement as the dashboard counts it: its code and what it names, not its figures.
    struct BlockingKey: Hashable, Sendable {
        var code: UnmetCode
        var subject: Subject?
    }

    /// A result as ``FigureTally`` reads it.
    private struct ResultView: CountedResult {
        let result: EvaluationResult
        var achieved: Bool { result.achieved }
        func appendDistinctUnmetKeys(to keys: inout [BlockingKey]) {
            for requirement in result.unmet {
                let key = BlockingKey(code: requirement.code, subject: CohortStatisticsBuilder.subject(of: requirement))
                if !keys.contains(key) { keys.append(key) }
            }
        }
        var nextSize: Int? { result.next.map { min($0.count, 2) } }
        var firstNextUnit: UnitCode { result.next![0] }
        var deadlineDay: Int? { result.deadline?.dayNumber }
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
            let i =
                position < ids.count && ids[position] == result.qualification
                ? position : index[result.qualification]
            guard let i else { continue }
            let who = LearnerReference(learner: result.learner, line: line)
            perQualification[i].tally.add(
                ResultView(result: result), who: who, limit: limit, asOf: asOf?.dayNumber,
                keys: &keys)
            for exception in result.exceptionsApplied where !kinds.contains(exception.kind) {
                kinds.append(exception.kind)
            }
        }
        for kind in kinds {
            exceptions[kind, default: CappedList()].add(
                LearnerReference(learner: results[0].learner, line: line),
                limit: limit)
        }
    }

    /// What an unmet requirement names, with its units and groups as codes and ids.
    typealias Subject = SubjectOf<UnitCode, GroupID, [UnitCode]>

    /// What an unmet requirement names: the subject of its details (``subjectOf(unit:group:level:units:)``).
    static func subject(of unmet: UnmetRequirement) -> Subject? {
        let fields = unmet.details.fields
        return subjectOf(unit: fields.unit, group: fields.group, level: fields.level, units: fields.units)
    }

    /// Adds the figures that `counter` counted in a pipeline worker over a part of the file whose line
    /// numbers count from `linesBefore`: the statistics are then those of ``add(_:)`` over the same
    /// records (`theWorkerCountsAgreeWithTheGeneralPath` pins it).
    mutating func merge(_ counter: CohortCounter, linesBefore: Int) {
        evaluated += counter.evaluated
        rejected.merge(counter.rejected, linesBefore: linesBefore, limit: limit)
        let evaluator = counter.evaluator
        for (slot, tally) in counter.tallies.enumerated() where tally.evaluated > 0 {
            func code(_ unit: Int) -> UnitCode { evaluator.unitCode(qualification: slot, unit: unit) }
            let subject = { (compact: SubjectOf<Int, Int, [Int]>) -> Subject in
                compact.map(
                    unit: code, group: { evaluator.group(qualification: slot, index: $0).id },
                    units: { $0.map(code) })
            }
            perQualification[evaluator.positionOfSlot[slot]].tally.merge(
                tally, linesBefore: linesBefore, limit: limit,
                key: { BlockingKey(code: $0.code, subject: $0.subject.map(subject)) }, unit: code)
        }
        for (kind, learners) in counter.exceptions {
            exceptions[kind, default: CappedList()].merge(learners, linesBefore: linesBefore, limit: limit)
        }
    }

    /// The one definition of what an unmet requirement names, from the details it carries: its unit, group,
    /// level or barred units (a requirement carries at most one of them), or `nil` for one that names
    /// nothing (a total, hours, a registration date, a limit).
    static func subjectOf<UnitKey, GroupKey, UnitsKey>(
        unit: UnitKey?, group: GroupKey?, level: Level?,
        units: UnitsKey?
    ) -> SubjectOf<UnitKey, GroupKey, UnitsKey>? {
        if let unit { return .unit(unit) }
        if let group { return .group(group) }
        if let level { return .level(level) }
        if let units { return .units(units) }
        return nil
    }

    /// The statistics of the records added so far. Lists are ordered by count, most first (ties in the
    /// order of the code reference, then by subject).
    ///
    /// - Complexity: O(*k* log *k*) for *k* distinct blocking requirements and completing units.
    public var statistics: CohortStatistics {
        let codeOrder = Dictionary(uniqueKeysWithValues: UnmetCode.allCases.enumerated().map { ($1, $0) })
        let qualifications = perQualification.map { f -> QualificationStatistics in
            let wording = wordings[f.id]
            let tally = f.tally
            let blocking = tally.blocking.sorted {
                ($1.value.count, codeOrder[$0.key.code] ?? 0, $0.key.subject?.id ?? "")
                    < ($0.value.count, codeOrder[$1.key.code] ?? 0, $1.key.subject?.id ?? "")
            }.map {
                BlockingRequirement(
                    code: $0.key.code, subjectID: $0.key.subject?.id,
                    subject: $0.key.subject?.words(wording), learners: $0.value)
            }
            let completing = tally.completing.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
                .map {
                    CompletingUnit(unit: $0.key, name: wording?.unit($0.key) ?? $0.key.rawValue, learners: $0.value)
                }
            let deadlines =
                asOf == nil
                ? []
                : zip(Self.deadlineWindows, tally.deadlines).map {
                    DeadlineWindow(days: $0, learners: $1)
                }
            return QualificationStatistics(
                qualification: f.id, title: f.title, evaluated: tally.evaluated,
                achieved: tally.achieved, blocking: blocking, completingUnits: completing,
                oneUnitAway: tally.oneAway, deadlines: deadlines)
        }
        let used = LearnerException.Kind.allCases.compactMap { kind in
            exceptions[kind].map { ExceptionUse(kind: kind, learners: $0) }
        }
        return CohortStatistics(
            learnersEvaluated: evaluated, rejected: rejected, asOf: asOf,
            qualifications: qualifications, exceptionsUsed: used, listLimit: limit)
    }
}

/// What an unmet requirement names: a unit, a group, a level or barred units; as codes and ids on the
/// dashboard (``CohortStatisticsBuilder/Subject``), as the engine's indexes in a worker (``OutcomeView``).
enum SubjectOf<UnitKey: Hashable & Sendable, GroupKey: Hashable & Sendable, UnitsKey: Hashable & Sendable>: Hashable,
    Sendable
{
    case unit(UnitKey), group(GroupKey), level(Level), units(UnitsKey)

    /// The same subject with its units and groups mapped.
    func map<U, G, M>(unit: (UnitKey) -> U, group: (GroupKey) -> G, units: (UnitsKey) -> M) -> SubjectOf<U, G, M> {
        switch self {
        case .unit(let key): .unit(unit(key))
        case .group(let key): .group(group(key))
        case .level(let level): .level(level)
        case .units(let key): .units(units(key))
        }
    }
}

extension SubjectOf where UnitKey == UnitCode, GroupKey == GroupID, UnitsKey == [UnitCode] {
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
