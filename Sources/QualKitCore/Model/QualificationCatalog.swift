/// Every loaded qualification family, with look-ups by unit code, qualification id or QAN, and assessment id.
///
/// A value type: build it once, then share it between threads. Adding a family never merges: a unit code,
/// qualification id, QAN or assessment id that another family already defines is a ``Conflict``.
public struct QualificationCatalog: Sendable, Hashable {
    public private(set) var families: [QualificationFamily] = []
    public private(set) var unitsByCode: [UnitCode: LearningUnit] = [:]
    public private(set) var qualificationsByID: [QualificationID: Qualification] = [:]
    public private(set) var assessmentsByID: [AssessmentID: Assessment] = [:]
    private var familyOfItem: [String: String] = [:]

    public init() {}

    /// A catalog of `families`; throws the first ``Conflict``.
    public init(_ families: [QualificationFamily]) throws {
        for f in families { try add(f) }
    }

    /// Something a family would define that another already does.
    public struct Conflict: Error, Hashable, Sendable, CustomStringConvertible {
        public var kind: String
        public var key: String
        public var existingFamily: String
        public var newFamily: String
        public var description: String {
            if kind == "pack" {
                return
                    """
                    a pack with id '\(key)' is already loaded; packs are never merged: give the new pack another \
                    id, or load only one of them
                    """
            }
            return
                """
                \(kind) '\(key)' of pack '\(newFamily)' is already defined by pack '\(existingFamily)'; packs are \
                never merged: rename it or load only one of the packs
                """
        }
    }

    /// Every conflict `family` would cause (empty if it can be added).
    public func conflicts(adding family: QualificationFamily) -> [Conflict] {
        var out: [Conflict] = []
        if let f = families.first(where: { $0.id == family.id }) {
            out.append(Conflict(kind: "pack", key: family.id, existingFamily: f.id, newFamily: family.id))
        }
        for key in Self.keys(of: family) {
            if let owner = familyOfItem[key.key] {
                out.append(Conflict(kind: key.kind, key: key.name, existingFamily: owner, newFamily: family.id))
            }
        }
        return out
    }

    /// Adds `family`, or throws the first conflict and leaves the catalog unchanged.
    public mutating func add(_ family: QualificationFamily) throws {
        if let c = conflicts(adding: family).first { throw c }
        families.append(family)
        for u in family.units { unitsByCode[u.code] = u }
        for q in family.qualifications { qualificationsByID[q.id] = q }
        for a in family.assessments { assessmentsByID[a.id] = a }
        for key in Self.keys(of: family) { familyOfItem[key.key] = family.id }
    }

    private static func keys(of family: QualificationFamily) -> [(key: String, kind: String, name: String)] {
        family.units.map { ("u:" + $0.code.rawValue, "unit", $0.code.rawValue) }
            + family.qualifications.map { ("q:" + $0.id.rawValue, "qualification", $0.id.rawValue) }
            + family.qualifications.compactMap { q in q.qan.map { ("n:" + $0, "QAN", $0) } }
            + family.assessments.map { ("a:" + $0.id.rawValue, "assessment", $0.id.rawValue) }
    }

    /// Qualifications in load order.
    public var qualifications: [Qualification] { families.flatMap(\.qualifications) }

    /// Units in load order.
    public var units: [LearningUnit] { families.flatMap(\.units) }

    /// The classes of equivalent units of every family, in load order.
    public var equivalentUnits: [[UnitCode]] { families.flatMap(\.equivalentUnits) }

    /// The classes of equivalent units of every family, merged where they share a unit (equivalence is
    /// transitive, also across packs): what the evaluator counts once.
    public var equivalenceClasses: [[UnitCode]] { Self.mergingEquivalenceClasses(equivalentUnits) }

    /// `declared` classes of equivalent units merged where they share a unit (equivalence is transitive,
    /// also across packs): each class once, its units in the order first named, classes in the order of
    /// their first unit.
    package static func mergingEquivalenceClasses(_ declared: [[UnitCode]]) -> [[UnitCode]] {
        var order: [UnitCode] = [], index: [UnitCode: Int] = [:]
        var parent: [Int] = []
        func root(_ unit: Int) -> Int {
            var unit = unit
            while parent[unit] != unit { parent[unit] = parent[parent[unit]]; unit = parent[unit] }
            return unit
        }
        for cls in declared {
            var first: Int?
            for code in cls {
                let unit =
                    index[code]
                    ?? {
                        index[code] = order.count; order.append(code); parent.append(order.count - 1)
                        return order.count - 1
                    }()
                if let first { parent[root(unit)] = root(first) } else { first = unit }
            }
        }
        var classes: [[UnitCode]] = [], classOf: [Int: Int] = [:]
        for unit in order.indices {
            let top = root(unit)
            if let k = classOf[top] {
                classes[k].append(order[unit])
            } else {
                classOf[top] = classes.count; classes.append([order[unit]])
            }
        }
        return classes.filter { $0.count > 1 }
    }

    /// The qualification whose id or QAN is `key` (QAN compared without spaces).
    public func qualification(_ key: String) -> Qualification? {
        if let q = qualificationsByID[QualificationID(key)] { return q }
        let k = key.filter { !$0.isWhitespace }.uppercased()
        return qualifications.first { $0.qan?.uppercased() == k }
    }

    /// The family that defines qualification `id`.
    public func family(of id: QualificationID) -> QualificationFamily? {
        families.first { $0.qualifications.contains { $0.id == id } }
    }
}
