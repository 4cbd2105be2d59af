/// The spec packs that ship inside the library: 8577, 8578 and D3.
///
/// Their YAML is compiled into the binary (see `scripts/embed-specs.py`), so a service or a copied
/// `qualkit` executable needs no file path or resource bundle.
public enum BundledPacks {
    /// The bundled packs' sources, with file names shown as `Specs/DIR/FILE` in diagnostics.
    public static var packSources: [PackSource] {
        sources.map { dir, files in
            PackSource(
                origin: "bundled:\(dir)", files: Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.text) }),
                displayPrefix: "Specs/\(dir)")
        }
    }

    /// The bundled packs that loaded, and every diagnostic of loading them.
    public struct Loaded: Sendable {
        /// The packs without errors, in load order.
        public var packs: [SpecPack]
        /// Every diagnostic, of every pack.
        public var diagnostics: [Diagnostic]
    }

    /// Loads and validates every bundled pack, each in the context of those before it.
    public static func load() -> Loaded {
        var catalog = QualificationCatalog()
        var packs: [SpecPack] = []
        var diags: [Diagnostic] = []
        for src in packSources {
            let r = PackLoader.load(src, context: catalog)
            diags += r.diagnostics
            if let p = r.pack, (try? catalog.add(p.family)) != nil { packs.append(p) }
        }
        return Loaded(packs: packs, diagnostics: diags)
    }
}
