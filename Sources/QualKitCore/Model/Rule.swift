/// A rule of combination: a condition on the set of units a learner counts towards a qualification.
///
/// Rules compose: a qualification's rules all apply (``allOf(_:)``), and ``anyOf(_:)`` offers alternative
/// routes of which one must be met in full, with no mixing between routes.
///
/// Counting is exact and each unit counts once: a unit that sits in several groups contributes its credits
/// to at most one group requirement, and the evaluator searches for an assignment of units to requirements
/// that meets every rule whenever one exists.
///
/// Each kind has a stable kebab-case id (``kind``) used in spec packs, results and diagnostics.
public indirect enum Rule: Hashable, Sendable, Codable {
    /// Every listed unit must be achieved (`mandatory-units`).
    case mandatory([UnitCode])
    /// At least `credits` credits from units of `group` (`group-min-credits`).
    case minCreditsFromGroup(GroupID, Credits)
    /// At least `count` units of `group` (`group-min-units`).
    case minUnitsFromGroup(GroupID, Int)
    /// No more than `credits` credits from `group` may count (`group-max-credits`).
    case maxCreditsFromGroup(GroupID, Credits)
    /// At least `credits` credits overall (`min-credits`).
    case minCredits(Credits)
    /// At least `credits` credits from units at `level` or above (`min-credits-at-level`).
    case minCreditsAtLevel(Level, Credits)
    /// At most one of these units may count (`barred-combination`).
    case barred([UnitCode])
    /// Every rule applies (`all-of`).
    case allOf([Rule])
    /// Exactly one of the routes must be met in full; units of other routes do not help (`alternative-routes`).
    case anyOf([Route])

    /// The stable id of the rule's kind.
    public var kind: RuleKind {
        switch self {
        case .mandatory: .mandatoryUnits
        case .minCreditsFromGroup: .groupMinCredits
        case .minUnitsFromGroup: .groupMinUnits
        case .maxCreditsFromGroup: .groupMaxCredits
        case .minCredits: .minCredits
        case .minCreditsAtLevel: .minCreditsAtLevel
        case .barred: .barredCombination
        case .allOf: .allOf
        case .anyOf: .alternativeRoutes
        }
    }

    /// Units the rule names directly (not through groups), in order of first mention.
    public var namedUnits: [UnitCode] {
        switch self {
        case .mandatory(let u), .barred(let u): u
        case .allOf(let rs): rs.flatMap(\.namedUnits)
        case .anyOf(let routes): routes.flatMap { $0.rules.flatMap(\.namedUnits) }
        default: []
        }
    }

    /// Groups the rule names, in order of first mention.
    public var namedGroups: [GroupID] {
        switch self {
        case .minCreditsFromGroup(let g, _), .maxCreditsFromGroup(let g, _), .minUnitsFromGroup(let g, _): [g]
        case .allOf(let rs): rs.flatMap(\.namedGroups)
        case .anyOf(let routes): routes.flatMap { $0.rules.flatMap(\.namedGroups) }
        default: []
        }
    }
}

/// One of several alternative routes to a qualification: a named set of rules met together.
public struct Route: Hashable, Sendable, Codable {
    /// Stable id within the qualification (`group-1`).
    public var id: String
    /// How a centre names the route ("10 credits from Group 1").
    public var title: String
    public var rules: [Rule]
    public init(id: String, title: String, rules: [Rule]) { self.id = id; self.title = title; self.rules = rules }
}

/// Stable ids of rule kinds.
public struct RuleKind: Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let mandatoryUnits = RuleKind("mandatory-units")
    public static let groupMinCredits = RuleKind("group-min-credits")
    public static let groupMinUnits = RuleKind("group-min-units")
    public static let groupMaxCredits = RuleKind("group-max-credits")
    public static let minCredits = RuleKind("min-credits")
    public static let minCreditsAtLevel = RuleKind("min-credits-at-level")
    public static let barredCombination = RuleKind("barred-combination")
    public static let allOf = RuleKind("all-of")
    public static let alternativeRoutes = RuleKind("alternative-routes")
}
