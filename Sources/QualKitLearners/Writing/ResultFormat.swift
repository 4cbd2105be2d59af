import QualKitCore
/// Output formats for evaluation results.
public enum ResultFormat: String, Sendable, CaseIterable {
    /// One JSON object per learner per qualification.
    case jsonl
    /// One CSV row per learner per qualification, with a header.
    case csv
    /// A readable summary per qualification.
    case table
}
