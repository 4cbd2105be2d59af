import Foundation

// The library's errors describe themselves (`description`: what is wrong and what to do). As
// `LocalizedError`s, `localizedDescription`, which services often log, gives the same text.

extension CalendarDate.ParseError: LocalizedError {
    public var errorDescription: String? { description }
}

extension CalendarDate.DateError: LocalizedError {
    public var errorDescription: String? { description }
}

extension EvaluatorError: LocalizedError {
    public var errorDescription: String? { description }
}

extension LimitExceeded: LocalizedError {
    public var errorDescription: String? { description }
}

extension LearnerRecordError: LocalizedError {
    public var errorDescription: String? { description }
}

extension PackRegistry.LoadError: LocalizedError {
    public var errorDescription: String? { description }
}
