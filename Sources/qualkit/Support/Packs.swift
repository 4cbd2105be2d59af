import ArgumentParser
import QualKit

/// Options shared by commands that read qualifications.
struct PackOptions: ParsableArguments {
    @Option(name: .customLong("specs"), help: ArgumentHelp("A further spec pack directory to load (repeatable).", valueName: "DIR"))
    var specs: [String] = []

    @Flag(name: .customLong("no-bundled"), help: "Do not load the bundled packs (8577, 8578, D3).")
    var noBundled = false

    /// The bundled packs plus `--specs`; prints diagnostics and exits 1 on errors.
    func registry() throws -> PackRegistry {
        var registry = PackRegistry()
        if !noBundled {
            do { registry = try PackRegistry.bundled() } catch {
                error.diagnostics.forEach(Console.print)
                throw ExitCode(1)
            }
        }
        for dir in specs {
            do {
                let (r, warnings) = try registry.adding(directory: dir)
                warnings.forEach(Console.print)
                registry = r
            } catch {
                error.diagnostics.forEach(Console.print)
                Console.err("qualkit: the pack in '\(dir)' was not loaded; fix the errors above")
                throw ExitCode(1)
            }
        }
        return registry
    }
}
