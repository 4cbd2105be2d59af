/// The loaded spec packs and the catalog they make: the entry point for a service.
///
/// An immutable value: adding a pack returns a new registry, so a registry in use by evaluations is never
/// changed under them. Share one freely between threads and tasks.
///
/// ```swift
/// let registry = try PackRegistry.bundled()                            // 8577, 8578, D3; no file paths
/// let more = try registry.adding(directory: "/srv/packs/XYZ").registry  // plugins at run time
/// let evaluator = try Evaluator(catalog: more.catalog)
/// ```
///
/// ``replacing(directory:limits:)`` loads a new version of a loaded pack in its place, and
/// ``removing(packID:)`` takes one out; both check, as adding does, that no identifier clashes and that
/// every unit, assessment and progression target another pack names is still defined.
public struct PackRegistry: Sendable {
    public private(set) var packs: [SpecPack] = []
    public private(set) var catalog = QualificationCatalog()

    /// An empty registry.
    public init() {}

    /// A load that failed: every diagnostic, errors among them.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var diagnostics: [Diagnostic]
        public var description: String {
            diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
        }
    }

    /// The bundled packs (8577, 8578, D3). Throws only if the library was built with a broken pack, which
    /// its tests prevent.
    public static func bundled() throws(LoadError) -> PackRegistry {
        try bundled(excluding: [])
    }

    /// The bundled packs but those whose id is in `ids`: for a run in which packs loaded from directories
    /// replace them (a new version of a bundled pack).
    ///
    /// - Parameter ids: the ids of the bundled packs to leave out.
    /// - Parameter limits: the budget the packs are checked against, as ``adding(_:limits:)`` checks each
    ///   pack (`EvaluationLimits.maximumCatalogSteps`): the bundled packs fit the default budget with room
    ///   to spare, so this throws only under a budget lowered below what they need.
    public static func bundled(excluding ids: Set<String>, limits: EvaluationLimits = .default) throws(LoadError)
        -> PackRegistry
    {
        var r = PackRegistry()
        let loaded = BundledPacks.load()
        if loaded.diagnostics.hasErrors { throw LoadError(diagnostics: loaded.diagnostics) }
        for p in loaded.packs where !ids.contains(p.id) { r = try r.adding(p, limits: limits) }
        return r
    }

    /// A registry and the warnings of loading the pack added to it (``adding(directory:limits:)``).
    public struct Loaded: Sendable {
        /// The registry with the pack.
        public var registry: PackRegistry
        /// The warnings of loading the pack (its errors throw instead).
        public var warnings: [Diagnostic]
    }

    /// A registry with the pack in `directory` added, or the diagnostics that reject it. Warnings are
    /// returned with the registry.
    public func adding(directory: String, limits: PackLoader.Limits = .default) throws(LoadError) -> Loaded {
        let result = PackLoader.load(directory: directory, context: catalog, limits: limits)
        guard let pack = result.pack, !result.hasErrors else { throw LoadError(diagnostics: result.diagnostics) }
        var r = self
        try r.add(pack)
        try r.checkBudget(pack, limits.evaluation)
        return Loaded(registry: r, warnings: result.diagnostics)
    }

    /// The steps every loaded qualification needs together for one learner at the worst
    /// (``SpecPack/worstCaseSteps``, summed): what `EvaluationLimits.maximumCatalogSteps`
    /// bounds.
    public var worstCaseSteps: Int { packs.reduce(0) { $0 + $1.worstCaseSteps } }

    /// Rejects the registry when `pack`, just added, takes it over `EvaluationLimits.maximumCatalogSteps`.
    private func checkBudget(_ pack: SpecPack, _ limits: EvaluationLimits) throws(LoadError) {
        let total = worstCaseSteps
        guard total > limits.maximumCatalogSteps else { return }
        let e = LimitExceeded(.catalogSteps, maximum: limits.maximumCatalogSteps, needed: total)
        throw LoadError(diagnostics: [
            Diagnostic(
                .limitExceeded, .error,
                """
                pack '\(pack.id)' takes the loaded packs over their budget: \(e) (\(total) with this pack's \
                \(pack.worstCaseSteps)); load fewer packs, or raise the limit (PackLoader.Limits.evaluation, or \
                --max-catalog-steps)
                """,
                at: pack.locations["pack"])
        ])
    }

    /// A registry with `pack` added; rejects a pack that would redefine anything already loaded, and one
    /// that takes the registry over `EvaluationLimits.maximumCatalogSteps` of `limits` (the default
    /// budget unless the caller gives its own, as every other way of adding a pack checks it).
    public func adding(_ pack: SpecPack, limits: EvaluationLimits = .default) throws(LoadError) -> PackRegistry {
        var r = self
        try r.add(pack)
        try r.checkBudget(pack, limits)
        return r
    }

    /// A registry in which the pack in `directory` takes the place of the loaded pack with the id its
    /// `pack.yaml` declares (a new version of it), or the diagnostics that reject it.
    ///
    /// The new version is validated in the context of every other loaded pack, as
    /// ``adding(directory:limits:)`` validates a pack, and is then checked as ``replacing(_:)`` checks it.
    public func replacing(directory: String, limits: PackLoader.Limits = .default) throws(LoadError) -> Loaded {
        let read = PackLoader.source(directory: directory, limits: limits)
        let place = SourceLocation(file: read.source.displayName("pack.yaml"), line: 1, column: 1)
        guard let id = PackLoader.declaredID(read.source) else {
            // Let the loader say what is wrong with the pack.
            let result = PackLoader.load(directory: directory, context: catalog, limits: limits)
            throw LoadError(
                diagnostics: result.hasErrors
                    ? result.diagnostics
                    : [
                        Diagnostic(
                            .missingField, .error, "the pack declares no 'id', so it replaces no loaded pack", at: place
                        )
                    ])
        }
        guard packs.contains(where: { $0.id == id }) else { throw Self.notLoaded(id, at: place) }
        let others = try removing(packID: id, checkingReferences: false)
        let result = PackLoader.load(directory: directory, context: others.catalog, limits: limits)
        guard let pack = result.pack, !result.hasErrors else { throw LoadError(diagnostics: result.diagnostics) }
        let replaced = try replacing(pack)
        try replaced.checkBudget(pack, limits.evaluation)
        return Loaded(registry: replaced, warnings: result.diagnostics)
    }

    /// A registry in which `pack` takes the place (in load order) of the loaded pack with the same id.
    ///
    /// Rejects, with diagnostics, a pack whose id no loaded pack has, one that would redefine a unit,
    /// qualification, QAN or assessment of another pack, one that names a unit, assessment or progression
    /// target no pack defines, and one that drops something another pack names.
    public func replacing(_ pack: SpecPack) throws(LoadError) -> PackRegistry {
        guard let index = packs.firstIndex(where: { $0.id == pack.id }) else {
            throw Self.notLoaded(pack.id, at: pack.locations["pack"])
        }
        var list = packs
        list[index] = pack
        let rebuilt = try Self.rebuilt(list)
        var problems = Self.danglingReferences(of: pack, in: rebuilt.catalog, among: nil)
        let dropped = Self.definitions(of: packs[index]).subtracting(Self.definitions(of: pack))
        for other in rebuilt.packs where other.id != pack.id {
            problems += Self.danglingReferences(of: other, in: rebuilt.catalog, among: dropped, droppedBy: pack.id)
        }
        if !problems.isEmpty { throw LoadError(diagnostics: problems) }
        return rebuilt
    }

    /// A registry without the pack whose id is `packID`.
    ///
    /// Rejects, with diagnostics, an id no loaded pack has, and the removal of a pack whose units,
    /// assessments or qualifications another pack names (in its rules, groups, assessments, equivalent
    /// units or progression routes): remove that pack first, or replace it with one that does not.
    public func removing(packID: String) throws(LoadError) -> PackRegistry {
        try removing(packID: packID, checkingReferences: true)
    }

    private func removing(packID: String, checkingReferences: Bool) throws(LoadError) -> PackRegistry {
        guard let index = packs.firstIndex(where: { $0.id == packID }) else { throw Self.notLoaded(packID, at: nil) }
        var list = packs
        let removed = list.remove(at: index)
        let rebuilt = try Self.rebuilt(list)
        guard checkingReferences else { return rebuilt }
        let dropped = Self.definitions(of: removed)
        let problems = rebuilt.packs.flatMap {
            Self.danglingReferences(of: $0, in: rebuilt.catalog, among: dropped, droppedBy: removed.id)
        }
        if !problems.isEmpty { throw LoadError(diagnostics: problems) }
        return rebuilt
    }

    private mutating func add(_ pack: SpecPack) throws(LoadError) {
        do { try catalog.add(pack.family) } catch let c as QualificationCatalog.Conflict {
            let loc = pack.locations["\(c.kind):\(c.key)"] ?? pack.locations["pack"]
            throw LoadError(diagnostics: [Diagnostic(.packConflict, .error, c.description, at: loc)])
        } catch {
            throw LoadError(diagnostics: [Diagnostic(.packConflict, .error, "\(error)", at: pack.locations["pack"])])
        }
        packs.append(pack)
    }

    /// A registry of `packs`, added in order.
    private static func rebuilt(_ packs: [SpecPack]) throws(LoadError) -> PackRegistry {
        var registry = PackRegistry()
        for pack in packs { try registry.add(pack) }
        return registry
    }

    private static func notLoaded(_ id: String, at location: SourceLocation?) -> LoadError {
        LoadError(diagnostics: [
            Diagnostic(
                .packConflict, .error,
                "no loaded pack has id '\(id)'; the loaded packs are "
                    + "listed by `qualkit list` (PackRegistry.packs); add a new pack with adding(directory:)",
                at: location)
        ])
    }

    /// An item a pack defines or names: a unit, an assessment or a qualification.
    private enum Item: Hashable {
        case unit(UnitCode), assessment(AssessmentID), qualification(QualificationID)
    }

    private static func definitions(of pack: SpecPack) -> Set<Item> {
        let family = pack.family
        return Set(
            family.units.map { .unit($0.code) } + family.assessments.map { .assessment($0.id) }
                + family.qualifications.map { .qualification($0.id) })
    }

    /// Errors for the items `pack` names that `catalog` does not define: all of them, or (with `among`)
    /// only those in `among`, which the pack `droppedBy` no longer defines.
    private static func danglingReferences(
        of pack: SpecPack, in catalog: QualificationCatalog, among: Set<Item>?,
        droppedBy: String? = nil
    ) -> [Diagnostic] {
        func defined(_ item: Item) -> Bool {
            switch item {
            case .unit(let code): catalog.unitsByCode[code] != nil
            case .assessment(let id): catalog.assessmentsByID[id] != nil
            case .qualification(let id): catalog.qualificationsByID[id] != nil
            }
        }
        var out: [Diagnostic] = []
        var seen = Set<Item>()
        func check(_ item: Item, _ what: String, _ key: String) {
            guard among.map({ $0.contains(item) }) ?? true, !defined(item), seen.insert(item).inserted else { return }
            let (id, noun, name): (DiagnosticID, String, String) =
                switch item {
                case .unit(let code): (.unknownUnit, "unit", code.rawValue)
                case .assessment(let id): (.unknownAssessment, "assessment", id.rawValue)
                case .qualification(let id): (.unknownQualification, "qualification", id.rawValue)
                }
            let why =
                droppedBy.map {
                    "which pack '\($0)' no longer defines; remove or replace pack '\(pack.id)' first"
                } ?? "which no loaded pack defines"
            out.append(
                Diagnostic(
                    id, .error, "\(what) of pack '\(pack.id)' names \(noun) '\(name)', \(why)",
                    at: pack.locations[key] ?? pack.locations["pack"]))
        }
        let family = pack.family
        for q in family.qualifications {
            let key = "qualification:\(q.id)"
            for code in q.groups.flatMap(\.units) + q.rules.flatMap(\.namedUnits) {
                check(.unit(code), "qualification '\(q.id)'", key)
            }
            for a in q.assessments { check(.assessment(a), "qualification '\(q.id)'", key) }
            for case .qualification(let target) in q.progression {
                check(.qualification(target), "a progression route of qualification '\(q.id)'", key)
            }
        }
        for a in family.assessments {
            let units = a.covers + (a.markSheet?.sections.flatMap { $0.criteria.map(\.unit) } ?? [])
            for code in units { check(.unit(code), "assessment '\(a.id)'", "assessment:\(a.id)") }
        }
        for code in family.equivalentUnits.joined() { check(.unit(code), "'equivalent_units'", "pack") }
        return out
    }

    /// The pack that defines qualification `id`.
    public func pack(of id: QualificationID) -> SpecPack? {
        packs.first { $0.family.qualifications.contains { $0.id == id } }
    }
}
