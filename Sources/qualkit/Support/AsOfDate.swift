import ArgumentParser
import QualKitCore

extension CalendarDate {
    /// `--as-of YYYY-MM-DD`: a day, read by the one ISO date parser, whose error says what is wrong.
    static func argument(_ text: String) throws -> CalendarDate {
        do { return try CalendarDate(parsing: text) } catch { throw ValidationError(error.description) }
    }
}
