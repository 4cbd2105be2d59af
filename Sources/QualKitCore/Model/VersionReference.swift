/// One version of one qualification's rules, named as `QUALIFICATION@VERSION` (`8577-award-coaching@2`): what
/// a what-if evaluation (``EvaluationOptions/whatIf``, `qualkit evaluate --what-if`) moves every learner to.
///
/// ```swift
/// let move = try VersionReference(parsing: "8577-award-coaching@2")
/// let options = EvaluationOptions(whatIf: [move])
/// ```
public struct VersionReference: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The qualification's id (a QAN is accepted where the reference is resolved against a catalog).
    public var qualification: QualificationID
    /// The version's label, as the pack gives it (`"2"`).
    public var version: String

    /// The version labelled `version` of qualification `qualification`.
    public init(qualification: QualificationID, version: String) {
        self.qualification = qualification
        self.version = version
    }

    /// Reads `QUALIFICATION@VERSION`, split at the last `@`.
    ///
    /// - Throws: ``ParseError`` when either side is empty or there is no `@`.
    public init(parsing text: String) throws(ParseError) {
        guard let at = text.lastIndex(of: "@") else { throw ParseError(text: text) }
        let id = String(text[..<at]), label = String(text[text.index(after: at)...])
        guard !id.isEmpty, !label.isEmpty else { throw ParseError(text: text) }
        self.init(qualification: QualificationID(id), version: label)
    }

    /// `QUALIFICATION@VERSION`.
    public var description: String { "\(qualification)@\(version)" }

    /// A reference that is not of the form `QUALIFICATION@VERSION`.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text read.
        public var text: String
        /// The error for `text`.
        public init(text: String) { self.text = text }
        public var description: String {
            "'\(text)' is not QUALIFICATION@VERSION; write the qualification's id, '@' and a version label, "
                + "e.g. 8577-award-coaching@2"
        }
    }
}

extension QualificationCatalog {
    /// What is wrong with `reference` for this catalog: an unknown qualification, or a version the
    /// qualification does not have (with the versions it has); `nil` when it names a loaded version.
    public func problem(with reference: VersionReference) -> String? {
        guard let q = qualification(reference.qualification.rawValue) else {
            let ids = qualifications.map(\.id.rawValue)
            let hint =
                Suggestion.closest(to: reference.qualification.rawValue, among: ids)
                .map { "; did you mean '\($0)'?" } ?? ""
            return "qualification '\(reference.qualification)' is not defined in any loaded pack\(hint)"
        }
        guard q.version(reference.version) == nil else { return nil }
        let labels = q.allVersions.map(\.version).joined(separator: ", ")
        return "qualification \(q.id) has no version '\(reference.version)'; its versions are \(labels)"
    }
}
