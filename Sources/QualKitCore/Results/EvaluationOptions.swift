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

    /// What-if: evaluate every learner as if they had chosen these versions (`qualkit evaluate --what-if
    /// QUALIFICATION@VERSION`), whatever their registration date or `version` exception says. Empty by
    /// default: each learner is evaluated against the version in force on their registration date, or the
    /// one their record chooses. A reference the evaluator's catalog does not have is ignored; check it
    /// first with ``QualificationCatalog/problem(with:)``.
    public var whatIf: [VersionReference]

    public init(messages: Bool = true, asOf: CalendarDate? = nil, whatIf: [VersionReference] = []) {
        self.messages = messages; self.asOf = asOf; self.whatIf = whatIf
    }

    enum CodingKeys: String, CodingKey { case messages, asOf, whatIf }

    /// Decodes options; `whatIf` may be absent (options written before versions existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            messages: try c.decode(Bool.self, forKey: .messages),
            asOf: try c.decodeIfPresent(CalendarDate.self, forKey: .asOf),
            whatIf: try c.decodeIfPresent([VersionReference].self, forKey: .whatIf) ?? [])
    }
}
