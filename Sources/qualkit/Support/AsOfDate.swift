import ArgumentParser
import QualKitCore

/// `--as-of YYYY-MM-DD`: a calendar date on the command line, checked by the one ISO date parser.
extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(argument) }
}
