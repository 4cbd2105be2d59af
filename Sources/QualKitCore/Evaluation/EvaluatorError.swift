/// Errors creating an ``Evaluator``.
public enum EvaluatorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `only` names a qualification the catalog does not have.
    case unknownQualification(QualificationID)
    /// The qualification's rules cannot be compiled (a pack that passed validation always compiles).
    case cannotCompile(QualificationID, String)
    /// Deciding the qualification could take more work than ``EvaluationLimits`` allow: which limit, and
    /// what the qualification needs.
    case limitExceeded(QualificationID, LimitExceeded)
    /// The catalog's `equivalentUnits` cannot be used: a unit no family defines, or units of different
    /// level or credit value in one class, after merging classes that share a unit (a pack that passed
    /// validation never has these).
    case invalidEquivalence(String)

    /// The error for a qualification that failed to compile.
    init(_ qualificationID: QualificationID, _ error: any Error) {
        if case CompiledQualification.CompileError.limitExceeded(let e) = error {
            self = .limitExceeded(qualificationID, e)
        } else {
            self = .cannotCompile(qualificationID, "\(error)")
        }
    }
    public var description: String {
        switch self {
        case .limitExceeded(let q, let e):
            """
            qualification '\(q)' cannot be evaluated within the limits: \(e); split overlapping groups, lower \
            their minimums or raise the limit
            """

        case .unknownQualification(let k):
            """
            no loaded qualification has id or QAN '\(k)'; the catalog's qualifications list them (`qualkit list` \
            on the command line)
            """
        case .cannotCompile(let q, let why): "qualification '\(q)' cannot be evaluated: \(why)"
        case .invalidEquivalence(let why): "the equivalent units cannot be used: \(why)"
        }
    }
}
