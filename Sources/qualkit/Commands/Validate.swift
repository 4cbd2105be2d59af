import ArgumentParser
import QualKit

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate spec packs: the bundled ones, or the pack directories and files given.",
        discussion: """
            Prints every diagnostic as FILE:LINE:COLUMN: SEVERITY: [ID] MESSAGE. Packs given as paths are \
            validated together, in order, against the bundled packs (progression targets, id and unit-code \
            clashes) unless --no-bundled; a pack with a bundled pack's id replaces it, so 'validate Specs/8577' \
            checks a new version of the bundled 8577. A file path validates the pack directory that holds it.
            Exit status: 0 when there are no errors (or no warnings with --strict), 1 otherwise.
            """)

    @Argument(help: "Pack directories or pack files. Default: the bundled packs.")
    var paths: [String] = []

    @Flag(help: "Also fail on warnings.")
    var strict = false

    @Flag(name: .customLong("no-bundled"), help: "Validate the given packs on their own, without the bundled packs.")
    var noBundled = false

    @OptionGroup var limits: LimitOptions

    /// The pack directory a path names: the path, or the directory of a pack file.
    static func packDirectory(_ path: String) -> String {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return path }
        return path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
    }

    func run() throws {
        var diagnostics: [Diagnostic] = []
        var packs = 0
        if paths.isEmpty {
            let loaded = BundledPacks.load()
            diagnostics = loaded.diagnostics
            packs = loaded.packs.count
        } else {
            let dirs = paths.map(Self.packDirectory)
            var registry = PackRegistry()
            if !noBundled {
                let replaced = Set(
                    dirs.compactMap {
                        PackLoader.declaredID(PackLoader.source(directory: $0, limits: limits.loaderLimits).source)
                    })
                let budget = limits.loaderLimits.evaluation
                do { registry = try PackRegistry.bundled(excluding: replaced, limits: budget) } catch {
                    error.diagnostics.forEach(Console.print)
                    throw ExitCode(1)
                }
            }
            var seen: [String] = []
            for dir in dirs {
                if seen.contains(dir) { continue }
                seen.append(dir)
                let r = PackLoader.load(directory: dir, context: registry.catalog, limits: limits.loaderLimits)
                diagnostics += r.diagnostics
                guard let p = r.pack else { continue }
                // The registry's budget, as every command that loads the packs checks it.
                do { registry = try registry.adding(p, limits: limits.loaderLimits.evaluation); packs += 1 } catch {
                    diagnostics += error.diagnostics
                }
            }
        }
        diagnostics.forEach(Console.print)
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let total = paths.isEmpty ? packs : Set(paths.map(Self.packDirectory)).count
        Console.err(
            """
            \(packs) of \(total) pack\(total == 1 ? "" : "s") valid; \(errors) error\(errors == 1 ? "" : "s"), \
            \(warnings) warning\(warnings == 1 ? "" : "s")
            """
        )
        if errors > 0 || (strict && warnings > 0) { throw ExitCode(1) }
    }
}
