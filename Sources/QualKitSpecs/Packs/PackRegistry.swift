/// The loaded spec packs and the catalog they make: the entry point for a service.
///
/// An immutable value: adding a pack returns a new registry, so a registry in use by evaluations is never
/// changed under them. Share one freely between threads and tasks.
///
/// ```swift
/// let registry = try PackRegistry.bundled()                   // 8577, 8578, D3; no file paths
/// let more = try registry.adding(directory: "/srv/packs/XYZ")  // plugins at run time
/// let evaluator = try Evaluator(catalog: more.catalog)
/// ```
public struct PackRegistry: Sendable {
    public private(set) var packs: [SpecPack] = []
    public private(set) var catalog = QualificationCatalog()

    /// An empty registry.
    public init() {}

    /// A load that failed: every diagnostic, errors among them.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var diagnostics: [Diagnostic]
        public var description: String { diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n") }
    }

    /// The bundled packs (8577, 8578, D3). Throws only if the library was built with a broken pack, which
    /// its tests prevent.
    public static func bundled() throws(LoadError) -> PackRegistry {
        try bundled(excluding: [])
    }

    /// The bundled packs but those whose id is in `ids`: for a run in which packs loaded from directories
    /// replace them (a new version of a bundled pack).
    public static func bundled(excluding ids: Set<String>) throws(LoadError) -> PackRegistry {
        var r = PackRegistry()
        let (packs, diags) = BundledPacks.load()
        if diags.hasErrors { throw LoadError(diagnostics: diags) }
        for p in packs where !ids.contains(p.id) { try r.add(p) }
        return r
    }

    /// A registry with the pack in `directory` added, or the diagnostics that reject it. Warnings are
    /// returned with the registry.
    public func adding(directory: String, limits: PackLoader.Limits = .default) throws(LoadError) -> (registry: PackRegistry, warnings: [Diagnostic]) {
        let result = PackLoader.load(directory: directory, context: catalog, limits: limits)
        guard let pack = result.pack, !result.hasErrors else { throw LoadError(diagnostics: result.diagnostics) }
        var r = self
        try r.add(pack)
        return (r, result.diagnostics)
    }

    /// A registry with `pack` added; rejects a pack that would redefine anything already loaded.
    public func adding(_ pack: SpecPack) throws(LoadError) -> PackRegistry {
        var r = self
        try r.add(pack)
        return r
    }

    private mutating func add(_ pack: SpecPack) throws(LoadError) {
        do { try catalog.add(pack.family) } catch let c as QualificationCatalog.Conflict {
            let loc = pack.locations["\(c.kind):\(c.key)"] ?? pack.locations["pack"]
            throw LoadError(diagnostics: [Diagnostic(.packConflict, .error, c.description, at: loc)])
        } catch { throw LoadError(diagnostics: [Diagnostic(.packConflict, .error, "\(error)", at: pack.locations["pack"])]) }
        packs.append(pack)
    }

    /// The pack that defines qualification `id`.
    public func pack(of id: QualificationID) -> SpecPack? { packs.first { $0.family.qualifications.contains { $0.id == id } } }
}
