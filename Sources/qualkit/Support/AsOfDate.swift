import ArgumentParser
import QualKitCore

extension CalendarDate {
    /// `--as-of YYYY-MM-DD`: a day, read by the one ISO date parser, whose error says what is wrong.
    static func argument(_ text: String) throws -> CalendarDate {
        do { return try CalendarDate(parsing: text) } catch { throw ValidationError(error.description) }
    }
}

extension VersionReference {
    /// `--what-if QUALIFICATION@VERSION`, read by the one parser of references, whose error says what is wrong.
    static func argument(_ text: String) throws -> VersionReference {
        do { return try VersionReference(parsing: text) } catch { throw ValidationError(error.description) }
    }
}

/// `references` when the catalog has each, else a usage error naming the first it lacks.
func checkedWhatIf(_ references: [VersionReference], _ catalog: QualificationCatalog, option: String = "--what-if")
    throws -> [VersionReference]
{
    for r in references { if let p = catalog.problem(with: r) { throw UsageError("\(option) \(r): \(p)") } }
    return references
}
