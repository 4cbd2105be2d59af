/// How to evaluate: passed to every evaluation entry point.
///
/// By default all recorded evidence counts. With ``asOf``, the evaluation is made as it stood on that day.
/// A learner's exceptions are part of the record (``Learner/exceptions``).
public struct EvaluationOptions: Hashable, Sendable, Codable {
    /// Whether each ``UnmetRequirement`` carries its sentence (``UnmetRequirement/message``). On by
    /// default; a service evaluating a cohort that reads only codes and details can save the work.
    public var messages: Bool

    /// Evaluate as of this day (`qualkit evaluate --as-of`), or with all recorded evidence when `nil`.
    ///
    /// A unit achieved, or a mark sheet dated, after the day does not count (the record gets an
    /// `after-as-of` warning); undated evidence counts (`as-of-dates` under `unchecked`). Registration,
    /// the certification end date and the completion window are judged at the day: a window still open
    /// is not a failure; a limit passed fails a qualification not completed by it.
    public var asOf: CalendarDate?

    public init(messages: Bool = true, asOf: CalendarDate? = nil) { self.messages = messages; self.asOf = asOf }
}
