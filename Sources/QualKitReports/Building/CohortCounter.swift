import QualKitEngine
import Synchronization
import QualKitCore
import QualKitLearners

/// The worksheets written so far, shared by the caller that writes them with the workers that build
/// results for them: once the selection's limit is reached, workers stop building results (a worker may
/// read a count a batch old, and then builds a few that are not written).
final class WorksheetCount: Sendable {
    private let written = Atomic<Int>(0)
    var value: Int { written.load(ordering: .relaxed) }
    func add(_ count: Int) { written.add(count, ordering: .relaxed) }
}

/// An unmet requirement as a worker counts it: its code and what it names, as the engine's indexes into
/// the qualification version (the slot) it belongs to. Packed into one word (with the barred units beside
/// it, rare), so that counting hashes and compares one integer.
struct OutcomeKey: Hashable, Sendable {
    /// The code's index, the subject's kind (0 none, 1 unit, 2 group, 3 level, 4 barred units) and its
    /// index (a level as its number, plus 100 above entry).
    private let packed: Int
    private let barred: [Int]?

    init(code: UnmetCode, subject: SubjectOf<Int, Int, [Int]>?) {
        var kind = 0, value = 0, units: [Int]?
        switch subject {
        case nil: break
        case .unit(let unit): (kind, value) = (1, unit)
        case .group(let group): (kind, value) = (2, group)
        case .level(.entry(let number)): (kind, value) = (3, number)
        case .level(.level(let number)): (kind, value) = (3, 100 + number)
        case .units(let barred): (kind, units) = (4, barred)
        }
        packed = code.index | kind << 8 | value << 16
        barred = units
    }

    var code: UnmetCode { UnmetCode.allCases[packed & 0xFF] }

    var subject: SubjectOf<Int, Int, [Int]>? {
        let value = packed >> 16
        switch packed >> 8 & 0xFF {
        case 1: return .unit(value)
        case 2: return .group(value)
        case 3: return .level(value > 100 ? .level(value - 100) : .entry(value))
        case 4: return .units(barred ?? [])
        default: return nil
        }
    }

    static func == (left: OutcomeKey, right: OutcomeKey) -> Bool {
        left.packed == right.packed && left.barred == right.barred
    }

    func hash(into hasher: inout Hasher) { hasher.combine(packed) }
}

/// An outcome of the learner loaded into a workspace, as ``FigureTally`` reads it: the same requirements,
/// `next` and deadline that `Workspace.result` writes into an `EvaluationResult`, without building it.
struct OutcomeView: CountedResult {
    let workspace: Workspace
    let outcome: Outcome

    var achieved: Bool { outcome.achieved }

    func appendUnmetKeys(to keys: inout [OutcomeKey]) {
        let slot = outcome.qualificationIndex
        workspace.forEachUnmet(outcome) { detail in
            var unit: Int?, group: Int?, level: Level?, units: [Int]?
            workspace.forEachDetail(detail, qualification: slot) { _, value in
                switch value {
                case .unit(let index): unit = index
                case .group(let index): group = index
                case .level(let found): level = found
                case .units(let mask): units = mask.indexes
                case .number, .date: break
                }
            }
            let subject = CohortStatisticsBuilder.subjectOf(unit: unit, group: group, level: level, units: units)
            keys.append(OutcomeKey(code: detail.code, subject: subject))
        }
    }

    var nextCount: Int? { outcome.nextUnits?.count }
    var firstNextUnit: Int { outcome.nextUnits?.first ?? 0 }
    var deadlineDay: Int? { workspace.deadlineDay(outcome) }
}

/// The dashboard's figures of one chunk of a learner file, counted in a pipeline worker from the engine's
/// outcomes (``OutcomeView``, through the same ``FigureTally`` as ``CohortStatisticsBuilder``), and the
/// results of the learners of the chunk that a worksheet may be written for. The builder adds it up
/// (``CohortStatisticsBuilder/merge(_:linesBefore:)``).
final class CohortCounter: OutcomeCounter, @unchecked Sendable {
    let evaluator: Evaluator
    let limit: Int
    let asOf: Int?
    let selection: WorksheetSelection
    /// Whether the results built for worksheets carry their sentences.
    let messages: Bool
    /// The worksheets the caller has written so far.
    let written: WorksheetCount

    private(set) var evaluated = 0
    private(set) var rejected = CappedList<RejectedRecord>()
    /// Per slot of the evaluator (a qualification, or a version of one).
    private(set) var tallies: [FigureTally<OutcomeKey, Int>]
    private(set) var exceptions: [LearnerException.Kind: CappedList<LearnerReference>] = [:]
    /// The chunk's learners that the selection may give a worksheet, in order, with their results (at most
    /// the selection's limit: no more can be written from one chunk).
    private(set) var candidates: [Candidate] = []

    /// A learner a worksheet may be written for.
    struct Candidate {
        var line: Int
        var results: [EvaluationResult]
    }

    // The learner being counted.
    private var who = LearnerReference(learner: LearnerID(""), line: 0)
    private var kinds: [LearnerException.Kind] = []
    private var results: [EvaluationResult]?
    private var keys: [OutcomeKey] = []

    init(
        evaluator: Evaluator, asOf: CalendarDate?, listLimit: Int, selection: WorksheetSelection, messages: Bool,
        written: WorksheetCount = WorksheetCount()
    ) {
        self.evaluator = evaluator
        self.written = written
        limit = max(0, listLimit)
        self.asOf = asOf?.dayNumber
        self.selection = selection
        self.messages = messages
        tallies = evaluator.positionOfSlot.map { _ in FigureTally() }
    }

    func reset() {
        evaluated = 0
        rejected = CappedList()
        for slot in tallies.indices where tallies[slot].evaluated > 0 { tallies[slot] = FigureTally() }
        exceptions.removeAll(keepingCapacity: true)
        candidates.removeAll()
    }

    func reject(line: Int, file: String, message: String) {
        rejected.insert(RejectedRecord(file: file, line: line, message: message), limit: limit)
    }

    func beginLearner(line: Int, id: String, in workspace: Workspace) {
        evaluated += 1
        who = LearnerReference(learner: LearnerID(id), line: line)
        kinds.removeAll(keepingCapacity: true)
        results = nil
        if selection.mayChoose(learner: id, chosen: candidates.count + written.value) {
            workspace.learnerID = id
            results = []
        }
    }

    func add(_ outcome: Outcome, in workspace: Workspace) {
        tallies[outcome.qualificationIndex].add(
            OutcomeView(workspace: workspace, outcome: outcome), who: who,
            limit: limit, asOf: asOf, keys: &keys)
        if workspace.appliedBits(outcome) != 0 {
            for exception in workspace.exceptionsApplied(outcome) where !kinds.contains(exception.kind) {
                kinds.append(exception.kind)
            }
        }
        results?.append(workspace.result(outcome, messages: messages))
    }

    func endLearner(in workspace: Workspace) {
        for kind in kinds {
            exceptions[kind, default: CappedList()].add(who, limit: limit)
        }
        if let results, selection.selects(results, written: candidates.count) {
            candidates.append(Candidate(line: who.line, results: results))
        }
        results = nil
    }
}
