/// A spec pack: one qualification family as a directory of YAML files, loaded and validated.
///
/// A pack directory holds `pack.yaml` (the manifest), `units.yaml`, `qualifications.yaml` and optionally
/// `assessments.yaml`. See the "Writing a spec pack" article and CONTRIBUTING.md.
public struct SpecPack: Sendable, Hashable {
    /// The family the pack describes: manifest, units, qualifications, assessments.
    public var family: QualificationFamily
    /// Where the pack came from (a directory path, or `bundled:ID`).
    public var origin: String
    /// Where each item is defined, for diagnostics that later stages raise (keys like `qualification:ID`).
    public var locations: [String: SourceLocation]
    /// The steps the pack's qualifications need together for one learner at the worst, as the validator
    /// worked them out, each path charged `EvaluationLimits.stepsPerPath` (`EvaluationCost.budgetSteps`,
    /// times the ways of its classes of equivalent units, summed): what the pack takes of
    /// `EvaluationLimits.maximumCatalogSteps` in a registry.
    public var worstCaseSteps: Int

    public var id: String { family.id }
}

/// The files of one pack, as text. Build one from a directory with ``PackLoader/source(directory:limits:)`` or
/// from strings (the bundled packs, tests).
public struct PackSource: Sendable, Hashable {
    /// Where the pack came from, used as the prefix of every file name in diagnostics.
    public var origin: String
    /// File name (relative to the pack, e.g. `units.yaml`) → text.
    public var files: [String: String]
    /// Display path of each file in diagnostics (defaults to `origin/name`).
    public var displayPrefix: String

    public init(origin: String, files: [String: String], displayPrefix: String? = nil) {
        self.origin = origin; self.files = files; self.displayPrefix = displayPrefix ?? origin
    }

    func displayName(_ file: String) -> String { displayPrefix.isEmpty ? file : "\(displayPrefix)/\(file)" }
}

/// The result of loading a pack: the pack when it has no errors, and every diagnostic found.
public struct PackLoadResult: Sendable {
    /// The pack, or `nil` when any diagnostic is an error.
    public var pack: SpecPack?
    public var diagnostics: [Diagnostic]
    public var hasErrors: Bool { diagnostics.hasErrors }
}

/// A file's name and text: a starter pack's files (``PackTemplate/files(id:)``) and the like.
public struct TextFile: Sendable, Hashable {
    /// The file's name, relative to the directory it belongs in (`pack.yaml`).
    public var name: String
    /// The file's contents.
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}
