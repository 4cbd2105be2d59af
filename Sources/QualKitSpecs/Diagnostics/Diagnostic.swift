@_exported import QualKitCore

/// A position in a source file: 1-based line and column.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) { self.file = file; self.line = line; self.column = column }
    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}

/// How serious a diagnostic is. Errors fail a load; warnings and notes do not.
public enum Severity: String, Hashable, Sendable, Codable, Comparable {
    case note, warning, error
    public static func < (a: Severity, b: Severity) -> Bool {
        let order: [Severity] = [.note, .warning, .error]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// A problem found in a spec pack, with where it is and what to do about it.
///
/// Printed like a compiler's: `Specs/D3/units.yaml:12:5: error: [unknown-key] …`.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Stable kebab-case id (``DiagnosticID``).
    public var id: DiagnosticID
    public var severity: Severity
    /// What is wrong: the item, what was expected, what was found, what to do.
    public var message: String
    public var location: SourceLocation?
    /// Further lines (e.g. the other place of a duplicate).
    public var notes: [String]

    public init(
        _ id: DiagnosticID, _ severity: Severity, _ message: String, at location: SourceLocation?, notes: [String] = []
    ) {
        self.id = id; self.severity = severity; self.message = message; self.location = location; self.notes = notes
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): [\(id.rawValue)] \(message)" + notes.map { "\n    note: \($0)" }.joined()
    }
}

/// Stable ids of diagnostics, used in messages, docs and tests.
public struct DiagnosticID: Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let yamlSyntax: DiagnosticID = "yaml-syntax"
    public static let duplicateKey: DiagnosticID = "duplicate-key"
    public static let unreadableFile: DiagnosticID = "unreadable-file"
    public static let missingFile: DiagnosticID = "missing-file"
    public static let unknownKey: DiagnosticID = "unknown-key"
    public static let wrongType: DiagnosticID = "wrong-type"
    public static let missingField: DiagnosticID = "missing-field"
    public static let invalidValue: DiagnosticID = "invalid-value"
    public static let duplicateID: DiagnosticID = "duplicate-id"
    public static let unknownUnit: DiagnosticID = "unknown-unit"
    public static let unknownGroup: DiagnosticID = "unknown-group"
    public static let unknownAssessment: DiagnosticID = "unknown-assessment"
    public static let unknownQualification: DiagnosticID = "unknown-qualification"
    public static let creditValueMismatch: DiagnosticID = "credit-value-mismatch"
    public static let mandatoryExceedsCreditValue: DiagnosticID = "mandatory-exceeds-credit-value"
    public static let unsatisfiableRules: DiagnosticID = "unsatisfiable-rules"
    public static let sizeBandMismatch: DiagnosticID = "size-band-mismatch"
    public static let glhTotalMismatch: DiagnosticID = "glh-total-mismatch"
    public static let tqtMismatch: DiagnosticID = "tqt-mismatch"
    public static let datesOutOfOrder: DiagnosticID = "dates-out-of-order"
    public static let markSheetInconsistent: DiagnosticID = "mark-sheet-inconsistent"
    public static let emptyGroup: DiagnosticID = "empty-group"
    public static let unusedUnit: DiagnosticID = "unused-unit"
    /// A unit named in more than one `mandatory` list of one qualification (a warning: it counts once).
    public static let repeatedUnit: DiagnosticID = "repeated-unit"
    public static let packConflict: DiagnosticID = "pack-conflict"
    public static let limitExceeded: DiagnosticID = "limit-exceeded"
    public static let equivalenceMismatch: DiagnosticID = "equivalence-mismatch"
    /// Versions of a qualification whose registration windows overlap, leave a gap the pack does not
    /// allow, or are out of order.
    public static let versionWindows: DiagnosticID = "version-windows"
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
