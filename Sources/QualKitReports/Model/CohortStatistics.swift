import QualKitCore

/// What a cohort dashboard shows: per qualification, how many learners achieved it, what blocks the rest,
/// which units would complete most of them, who is one unit away and whose deadline is near; the
/// exceptions used and the records rejected.
///
/// Built in one pass over a learner file with memory that does not grow with the file
/// (``CohortStatisticsBuilder``): each figure keeps its count and the first ``listLimit`` learners behind
/// it, in input order.
public struct CohortStatistics: Hashable, Sendable, Codable {
    /// Learners whose records were evaluated.
    public var learnersEvaluated: Int
    /// Records rejected, with the first ``listLimit`` of their reasons.
    public var rejected: CappedList<RejectedRecord>
    /// The day the cohort was evaluated as of (`--as-of`); deadlines are counted from it.
    public var asOf: CalendarDate?
    /// A block of figures per qualification, in the evaluator's order.
    public var qualifications: [QualificationStatistics]
    /// Exceptions used, per kind: results that applied at least one of the kind.
    public var exceptionsUsed: [ExceptionUse]
    /// How many learners each list keeps by name.
    public var listLimit: Int

    /// Creates the value from its parts.
    public init(
        learnersEvaluated: Int, rejected: CappedList<RejectedRecord>, asOf: CalendarDate?,
        qualifications: [QualificationStatistics], exceptionsUsed: [ExceptionUse], listLimit: Int
    ) {
        self.learnersEvaluated = learnersEvaluated; self.rejected = rejected; self.asOf = asOf
        self.qualifications = qualifications; self.exceptionsUsed = exceptionsUsed; self.listLimit = listLimit
    }
}

/// A count with the first few items behind it, in input order.
public struct CappedList<Element: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    /// How many there are in all.
    public var count: Int
    /// The first of them, at most the list's limit.
    public var items: [Element]
    /// Creates the value.
    public init(count: Int = 0, items: [Element] = []) { self.count = count; self.items = items }
    /// How many are counted but not listed.
    public var rest: Int { count - items.count }

    /// Counts `item`, keeping it when fewer than `limit` are kept.
    public mutating func add(_ item: Element, limit: Int) { add(limit: limit) { item } }

    /// Counts an item and keeps it when fewer than `limit` are kept, asking `item` for it only then
    /// (``add(_:limit:)`` for a worker counting many outcomes into full lists).
    @inline(__always)
    mutating func add(limit: Int, _ item: () -> Element) {
        count += 1
        if items.count < limit { items.append(item()) }
    }
}

/// A learner a figure names: the id and the record's line.
public struct LearnerReference: Hashable, Sendable, Codable {
    /// The learner's id.
    public var learner: LearnerID
    /// The record's line in the learner file.
    public var line: Int
    /// Creates the value.
    public init(learner: LearnerID, line: Int) { self.learner = learner; self.line = line }
}

/// A rejected record: where it is and why.
public struct RejectedRecord: Hashable, Sendable, Codable {
    /// The file.
    public var file: String
    /// The line (from 1).
    public var line: Int
    /// What is wrong, as `evaluate` reports it after the location.
    public var message: String
    /// Creates the value.
    public init(file: String, line: Int, message: String) { self.file = file; self.line = line; self.message = message }
    /// `FILE:LINE: error: MESSAGE`, as `evaluate` prints it.
    public var description: String { "\(file):\(line): error: \(message)" }
}

/// The figures of one qualification.
public struct QualificationStatistics: Hashable, Sendable, Codable {
    /// The qualification's id.
    public var qualification: QualificationID
    /// The qualification as a centre names it (title and QAN).
    public var title: String
    /// Learners evaluated against it.
    public var evaluated: Int
    /// Learners who achieved it.
    public var achieved: CappedList<LearnerReference>
    /// The unmet requirements that block most learners, most first.
    public var blocking: [BlockingRequirement]
    /// Units that would each complete learners (their `next` is that one unit), most first.
    public var completingUnits: [CompletingUnit]
    /// Learners one unit away from completion (a `next` of one unit).
    public var oneUnitAway: CappedList<LearnerReference>
    /// With an as-of day: learners not achieved whose deadline falls within 30, 60 and 90 days of it.
    public var deadlines: [DeadlineWindow]

    /// Creates the value from its parts.
    public init(
        qualification: QualificationID, title: String, evaluated: Int, achieved: CappedList<LearnerReference>,
        blocking: [BlockingRequirement], completingUnits: [CompletingUnit],
        oneUnitAway: CappedList<LearnerReference>, deadlines: [DeadlineWindow]
    ) {
        self.qualification = qualification; self.title = title; self.evaluated = evaluated
        self.achieved = achieved; self.blocking = blocking; self.completingUnits = completingUnits
        self.oneUnitAway = oneUnitAway; self.deadlines = deadlines
    }

    /// The share of learners evaluated who achieved it, from 0 to 1 (0 when none were evaluated).
    public var achievedRate: Double { evaluated == 0 ? 0 : Double(achieved.count) / Double(evaluated) }
}

/// An unmet requirement and the learners it blocks.
public struct BlockingRequirement: Hashable, Sendable, Codable {
    /// The requirement's code.
    public var code: UnmetCode
    /// The id of what it names: a unit code, a group id, a level (`3`) or the barred units, or `nil`.
    public var subjectID: String?
    /// What it names as `describe` words it (a unit with its title, a group with its units), or `nil`.
    public var subject: String?
    /// The learners whose result lists it.
    public var learners: CappedList<LearnerReference>
    /// Creates the value.
    public init(code: UnmetCode, subjectID: String?, subject: String?, learners: CappedList<LearnerReference>) {
        self.code = code; self.subjectID = subjectID; self.subject = subject; self.learners = learners
    }
}

/// A unit that would complete learners if they achieved it.
public struct CompletingUnit: Hashable, Sendable, Codable {
    /// The unit's code.
    public var unit: UnitCode
    /// The unit as `describe` names it: code, title and credits.
    public var name: String
    /// The learners whose `next` is this one unit.
    public var learners: CappedList<LearnerReference>
    /// Creates the value.
    public init(unit: UnitCode, name: String, learners: CappedList<LearnerReference>) {
        self.unit = unit; self.name = name; self.learners = learners
    }
}

/// Learners whose deadline falls within a number of days of the as-of day.
public struct DeadlineWindow: Hashable, Sendable, Codable {
    /// The window's length in days (30, 60 or 90).
    public var days: Int
    /// The learners, not achieved and still able to complete, whose deadline falls on the as-of day or
    /// within `days` days after it.
    public var learners: CappedList<LearnerReference>
    /// Creates the value.
    public init(days: Int, learners: CappedList<LearnerReference>) { self.days = days; self.learners = learners }
}

/// How often one kind of exception was used.
public struct ExceptionUse: Hashable, Sendable, Codable {
    /// The kind.
    public var kind: LearnerException.Kind
    /// Results that applied at least one exception of the kind, with their learners.
    public var learners: CappedList<LearnerReference>
    /// Creates the value.
    public init(kind: LearnerException.Kind, learners: CappedList<LearnerReference>) {
        self.kind = kind; self.learners = learners
    }
}
