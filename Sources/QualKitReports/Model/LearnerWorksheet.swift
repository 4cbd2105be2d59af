import QualKitCore

/// One learner's worksheet: for every qualification, its rules of combination as a tree of blocks, each
/// ticked, partly met or not met, with the units that fill it and what is still needed.
///
/// Built from the learner's `EvaluationResult` values (``init(results:catalog:line:asOf:)``), so it says
/// what `evaluate` says; its sentences come from the same code as `qualkit explain` (`PlainEnglish` and
/// each rule kind's own wording). A service can render its own page from it, or encode it as JSON.
///
/// ```swift
/// let registry = try PackRegistry.bundled()
/// let evaluator = try Evaluator(catalog: registry.catalog)
/// let learner = Learner(id: "L1", units: [.init(code: "8577-300")])
/// let sheet = LearnerWorksheet(results: evaluator.evaluate(learner), catalog: registry.catalog)
/// for q in sheet.qualifications where !q.achieved { print(q.title, q.stillNeeded) }
/// ```
public struct LearnerWorksheet: Hashable, Sendable, Codable {
    /// The learner's id, as the record gives it.
    public var learner: LearnerID
    /// The record's line in the learner file, when known.
    public var line: Int?
    /// The day the results were evaluated as of (`--as-of`), if any.
    public var asOf: CalendarDate?
    /// A worksheet per qualification, in the evaluator's order.
    public var qualifications: [QualificationWorksheet]

    /// Creates a worksheet from its parts.
    public init(
        learner: LearnerID, line: Int? = nil, asOf: CalendarDate? = nil,
        qualifications: [QualificationWorksheet]
    ) {
        self.learner = learner; self.line = line; self.asOf = asOf; self.qualifications = qualifications
    }

    /// Whether every qualification of the worksheet is achieved.
    public var achievedAll: Bool { qualifications.allSatisfy(\.achieved) }
}

/// One qualification of a learner's worksheet.
public struct QualificationWorksheet: Hashable, Sendable, Codable {
    /// The qualification's id.
    public var qualification: QualificationID
    /// The qualification as a centre names it: title, then the QAN in brackets (as `explain` heads it).
    public var title: String
    /// Whether the learner has achieved it.
    public var achieved: Bool
    /// Credits of the distinct units achieved towards it.
    public var credits: Credits
    /// The qualification's credit value.
    public var requiredCredits: Credits
    /// The credits held against those required, as `explain` says it ("Credits: 16 held of the 16
    /// required on route group-1, but not in the combination the rules need (below).").
    public var creditsSentence: String
    /// The route taken (achieved) or the one closest to completion, as results name it (`group-1`).
    public var route: RouteLabel?
    /// The rules of combination as blocks, in the order the pack gives them.
    public var blocks: [WorksheetBlock]
    /// Requirements the learner does not meet outside the rules of combination (induction, tutorial
    /// hours, dates, practice hours, limits), a sentence each.
    public var otherUnmet: [String]
    /// What is still needed, in plain English: the unmet requirements' sentences, then what to achieve
    /// next (or why nothing can complete it) and the deadline. Empty when achieved.
    public var stillNeeded: [String]
    /// The smallest set of units that would complete the rules, as results give it.
    public var next: [UnitCode]?
    /// The last day the qualification can still be completed for this learner, when a limit is known.
    public var deadline: CalendarDate?
    /// The exceptions the result used, a sentence each with its reason.
    public var exceptionsApplied: [String]
    /// The result's warnings, a sentence each.
    public var warnings: [String]
    /// Checks left unchecked for want of data, with the code's meaning.
    public var unchecked: [UncheckedCheck]
    /// The whole of `qualkit explain` for this result, a line each.
    public var explanation: [String]

    /// Creates a qualification worksheet from its parts.
    public init(
        qualification: QualificationID, title: String, achieved: Bool, credits: Credits,
        requiredCredits: Credits, creditsSentence: String, route: RouteLabel?, blocks: [WorksheetBlock],
        otherUnmet: [String],
        stillNeeded: [String], next: [UnitCode]?, deadline: CalendarDate?, exceptionsApplied: [String],
        warnings: [String], unchecked: [UncheckedCheck], explanation: [String]
    ) {
        self.qualification = qualification; self.title = title; self.achieved = achieved
        self.credits = credits; self.requiredCredits = requiredCredits; self.creditsSentence = creditsSentence
        self.route = route
        self.blocks = blocks; self.otherUnmet = otherUnmet; self.stillNeeded = stillNeeded; self.next = next
        self.deadline = deadline; self.exceptionsApplied = exceptionsApplied; self.warnings = warnings
        self.unchecked = unchecked; self.explanation = explanation
    }
}

/// A check that was not made because the record lacks the data for it.
public struct UncheckedCheck: Hashable, Sendable, Codable {
    /// The check's code.
    public var code: UncheckedCode
    /// What the code means (`UncheckedCode.summary`).
    public var summary: String
    /// Creates the value.
    public init(code: UncheckedCode, summary: String) { self.code = code; self.summary = summary }
}

/// One block of a worksheet: a rule of combination, how far the learner meets it, and the blocks inside.
public struct WorksheetBlock: Hashable, Sendable, Codable {
    /// The rule's kind (`group-min-credits`); `nil` for a route of an `alternative-routes` rule.
    public var kind: RuleKind?
    /// The rule in plain English, as `qualkit describe` words it.
    public var sentence: String
    /// How far the learner meets it.
    public var status: WorksheetStatus
    /// The units the rule names or ranges over, each marked held or not (for a group: its units).
    public var units: [WorksheetUnit]
    /// Held against required (or, for a cap, against the most that may count), when the rule counts.
    public var progress: WorksheetProgress?
    /// The sentences of the unmet requirements that belong to this rule.
    public var unmet: [String]
    /// The rules inside (all of them, or a route each).
    public var children: [WorksheetBlock]

    /// Creates a block from its parts.
    public init(
        kind: RuleKind?, sentence: String, status: WorksheetStatus, units: [WorksheetUnit] = [],
        progress: WorksheetProgress? = nil, unmet: [String] = [], children: [WorksheetBlock] = []
    ) {
        self.kind = kind; self.sentence = sentence; self.status = status; self.units = units
        self.progress = progress; self.unmet = unmet; self.children = children
    }
}

/// How far a learner meets a block of the worksheet.
public enum WorksheetStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Met.
    case met
    /// Some of it held, not all.
    case partlyMet = "partly-met"
    /// Nothing of it held, or a cap or bar broken.
    case notMet = "not-met"
    /// A route other than the one the result follows: not counted.
    case notFollowed = "not-followed"

    /// The word a page shows beside the block's mark ("Met", "Partly met", "Not met", "Other route").
    public var label: String {
        switch self {
        case .met: "Met"
        case .partlyMet: "Partly met"
        case .notMet: "Not met"
        case .notFollowed: "Other route"
        }
    }
}

/// A unit in a worksheet block.
public struct WorksheetUnit: Hashable, Sendable, Codable {
    /// The unit's code.
    public var code: UnitCode
    /// The unit as `describe` names it: code, title and credits.
    public var name: String
    /// Whether it counts (or, not achieved, is held towards the qualification).
    public var held: Bool
    /// Creates the value.
    public init(code: UnitCode, name: String, held: Bool) { self.code = code; self.name = name; self.held = held }
}

/// Held against required for a block that counts credits or units.
public struct WorksheetProgress: Hashable, Sendable, Codable {
    /// What is counted.
    public enum Measure: String, Hashable, Sendable, Codable {
        /// Credits.
        case credits
        /// Units.
        case units
    }
    /// What is counted.
    public var measure: Measure
    /// How much the learner holds towards it.
    public var held: Int
    /// How much the rule asks for (a minimum), or allows (a cap: ``isMaximum``).
    public var required: Int
    /// Whether `required` is the most that may count rather than the least needed.
    public var isMaximum: Bool
    /// Creates the value.
    public init(measure: Measure, held: Int, required: Int, isMaximum: Bool = false) {
        self.measure = measure; self.held = held; self.required = required; self.isMaximum = isMaximum
    }
}
