/// A typed string identifier: a unit code, qualification id, group id, assessment id or learner id. The `Tag` keeps
/// the kinds apart at compile time (a ``UnitCode`` is not a ``GroupID``).
public struct Identifier<Tag>: Hashable, Sendable, Comparable, Codable, ExpressibleByStringLiteral,
    ExpressibleByStringInterpolation, CustomStringConvertible
{
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(rawValue)
    }
}

/// Tags for ``Identifier``.
public enum IdentifierKind {
    public enum Unit {}
    public enum Qualification {}
    public enum Group {}
    public enum Assessment {}
    public enum Route {}
    public enum Learner {}
}

/// A unit's code as its awarding organisation publishes it (`8577-300`, `D3.01`).
public typealias UnitCode = Identifier<IdentifierKind.Unit>
/// A qualification's stable id in QualKit (`8578-certificate-coaching-mentoring`).
public typealias QualificationID = Identifier<IdentifierKind.Qualification>
/// A group's id, unique within its pack (`group-1`).
public typealias GroupID = Identifier<IdentifierKind.Group>
/// An assessment's id (`d3-work-based-assignment`).
public typealias AssessmentID = Identifier<IdentifierKind.Assessment>
/// The label of an alternative route of a qualification's rules (`group-2`; `group-1+group-3` for a path
/// through several choices).
public typealias RouteLabel = Identifier<IdentifierKind.Route>
/// A learner's id, as a centre's records give it (any text but the empty string; `L0000001`). Encoded as
/// a JSON string.
public typealias LearnerID = Identifier<IdentifierKind.Learner>
