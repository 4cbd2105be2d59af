import ArgumentParser
import QualKit

/// Options shared by commands that read qualifications.
struct PackOptions: ParsableArguments {
    @Option(
        name: .customLong("specs"),
        help: ArgumentHelp("A further spec pack directory to load (repeatable).", valueName: "DIR"))
    var specs: [String] = []

    @Flag(
        name: .customLong("no-bundled"),
        help:
            """
            Do not load the bundled packs (8577, 8578, D3). A pack given with --specs that has a bundled pack's \
            id replaces it either way.
            """
    )
    var noBundled = false

    @OptionGroup var limits: LimitOptions

    /// The bundled packs plus `--specs`; prints diagnostics and exits 1 on errors.
    func registry() throws -> PackRegistry {
        if noBundled && specs.isEmpty {
            throw UsageError("--no-bundled leaves no qualifications to work with; give packs with --specs DIR")
        }
        return try Self.registry(specs: specs, bundled: !noBundled, limits: limits)
    }

    /// The packs of the directories `specs`, after the bundled packs when `bundled` (a pack with a bundled
    /// pack's id replaces it); prints diagnostics (`file:line:column: …`) and exits 1 on errors.
    static func registry(specs: [String], bundled: Bool, limits: LimitOptions) throws -> PackRegistry {
        var registry = PackRegistry()
        if bundled {
            let replaced = Set(
                specs.compactMap {
                    PackLoader.declaredID(PackLoader.source(directory: $0, limits: limits.loaderLimits).source)
                })
            let budget = limits.loaderLimits.evaluation
            do { registry = try PackRegistry.bundled(excluding: replaced, limits: budget) } catch {
                error.diagnostics.forEach(Console.print)
                throw ExitCode(1)
            }
        }
        for dir in specs {
            do {
                let loaded = try registry.adding(directory: dir, limits: limits.loaderLimits)
                loaded.warnings.forEach(Console.print)
                registry = loaded.registry
            } catch {
                error.diagnostics.forEach(Console.print)
                Console.err("qualkit: the pack in '\(dir)' was not loaded; fix the errors above")
                throw ExitCode(1)
            }
        }
        return registry
    }
}

/// The evaluation limits (``EvaluationLimits``): how much work one qualification may ask for one learner.
struct LimitOptions: ParsableArguments {
    @Option(
        name: .customLong("max-steps"),
        help: ArgumentHelp(
            """
            Most steps the exact assignment may take for one learner and qualification (default \
            \(EvaluationLimits.default.maximumSteps)).
            """,
            valueName: "N"))
    var maxSteps: Int = EvaluationLimits.default.maximumSteps

    @Option(
        name: .customLong("max-states"),
        help: ArgumentHelp(
            "Most states it may hold at once (default \(EvaluationLimits.default.maximumStates)).", valueName: "N"))
    var maxStates: Int = EvaluationLimits.default.maximumStates

    @Option(
        name: .customLong("max-paths"),
        help: ArgumentHelp(
            """
            Most alternative-route combinations one qualification may have (default \
            \(EvaluationLimits.default.maximumPaths)).
            """,
            valueName: "N"))
    var maxPaths: Int = EvaluationLimits.default.maximumPaths

    @Option(
        name: .customLong("max-choices"),
        help: ArgumentHelp(
            """
            Most choices one learner's substitutions and equivalent units may offer for one qualification, 0 to \
            16; each doubles the decisions (default \(EvaluationLimits.default.maximumChoices)).
            """,
            valueName: "N"))
    var maxChoices: Int = EvaluationLimits.default.maximumChoices

    @Option(
        name: .customLong("max-pack-steps"),
        help: ArgumentHelp(
            """
            Most steps one pack's qualifications may need together for one learner (default \
            \(EvaluationLimits.default.maximumPackSteps)).
            """,
            valueName: "N"))
    var maxPackSteps: Int = EvaluationLimits.default.maximumPackSteps

    @Option(
        name: .customLong("max-catalog-steps"),
        help: ArgumentHelp(
            """
            Most steps every loaded qualification may need together for one learner (default \
            \(EvaluationLimits.default.maximumCatalogSteps)).
            """,
            valueName: "N"))
    var maxCatalogSteps: Int = EvaluationLimits.default.maximumCatalogSteps

    @Option(
        name: .customLong("max-learner-steps"),
        help: ArgumentHelp(
            """
            Most steps one learner's substitutions and equivalent units may add over every qualification (default \
            \(EvaluationLimits.default.maximumLearnerSteps)).
            """,
            valueName: "N"))
    var maxLearnerSteps: Int = EvaluationLimits.default.maximumLearnerSteps

    func validate() throws {
        for (name, v) in [
            ("--max-steps", maxSteps), ("--max-states", maxStates), ("--max-paths", maxPaths),
            ("--max-pack-steps", maxPackSteps), ("--max-catalog-steps", maxCatalogSteps)
        ] where v < 1 {
            throw ValidationError("\(name) must be 1 or more; it was \(v)")
        }
        if !(0...16).contains(maxChoices) {
            throw ValidationError("--max-choices must be from 0 to 16; it was \(maxChoices)")
        }
        if maxLearnerSteps < 0 {
            throw ValidationError("--max-learner-steps must be 0 or more; it was \(maxLearnerSteps)")
        }
    }

    var evaluation: EvaluationLimits {
        EvaluationLimits(
            maximumPaths: maxPaths, maximumSteps: maxSteps, maximumStates: maxStates, maximumChoices: maxChoices,
            maximumPackSteps: maxPackSteps, maximumCatalogSteps: maxCatalogSteps,
            maximumLearnerSteps: maxLearnerSteps)
    }

    var loaderLimits: PackLoader.Limits {
        var l = PackLoader.Limits()
        l.evaluation = evaluation
        return l
    }
}
