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
    /// No more than `credits` credits from units at `level` or below may count (`max-credits-at-level`).
    case maxCreditsAtLevel(Level, Credits)
    /// At most one of these units may count (`barred-combination`).
    case barred([UnitCode])
    /// Every rule applies (`all-of`).
    case allOf([Rule])
    /// Exactly one of the routes must be met in full; units of other routes do not help (`alternative-routes`).
    case anyOf([Route])

    /// The stable id of the rule's kind.
    public var kind: RuleKind { type(of: definition).kind }

    /// Units the rule names directly (not through groups), in order of first mention.
    public var namedUnits: [UnitCode] { definition.namedUnits }

    /// Groups the rule names, in order of first mention.
    public var namedGroups: [GroupID] { definition.namedGroups }
}

// MARK: - The rule kinds

extension Rule {
    /// Every kind of rule, in the order the docs and the schema list them: the one list the loader's keys,
    /// the JSON Schema and the key tables derive from.
    package static let kinds: [any RuleDefinition.Type] = [
        MandatoryUnits.self, MinCreditsFromGroup.self, MinUnitsFromGroup.self, MaxCreditsFromGroup.self,
        MinCredits.self, MinCreditsAtLevel.self, MaxCreditsAtLevel.self, BarredCombination.self, AllOf.self,
        AlternativeRoutes.self
    ]

    /// The kind whose pack key is `key` (`min_credits_from_group`).
    package static func kind(forKey key: String) -> (any RuleDefinition.Type)? { kinds.first { $0.key == key } }
    /// The kind whose learners get unmet requirements of code `code`, which words them
    /// (``RuleDefinition/writeUnmet(_:into:)``); `nil` for a code no rule kind gives (hours, dates, limits).
    package static func kind(unmet code: UnmetCode) -> (any RuleDefinition.Type)? {
        kinds.first { $0.unmetCode == code }
    }

    /// The rule as a value of its kind's type, which answers every question about it: the one switch over
    /// the cases of `Rule`.
    package var definition: any RuleDefinition {
        switch self {
        case .mandatory(let units): MandatoryUnits(units: units)
        case .minCreditsFromGroup(let group, let credits): MinCreditsFromGroup(group: group, credits: credits)
        case .minUnitsFromGroup(let group, let count): MinUnitsFromGroup(group: group, count: count)
        case .maxCreditsFromGroup(let group, let credits): MaxCreditsFromGroup(group: group, credits: credits)
        case .minCredits(let credits): MinCredits(credits: credits)
        case .minCreditsAtLevel(let level, let credits): MinCreditsAtLevel(level: level, credits: credits)
        case .maxCreditsAtLevel(let level, let credits): MaxCreditsAtLevel(level: level, credits: credits)
        case .barred(let units): BarredCombination(units: units)
        case .allOf(let rules): AllOf(rules: rules)
        case .anyOf(let routes): AlternativeRoutes(routes: routes)
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
}
