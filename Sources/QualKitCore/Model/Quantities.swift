/// A number of credits (one credit is ten hours of total learning time).
public struct Credits: Hashable, Sendable, Comparable, Codable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var value: Int
    public init(_ value: Int) { self.value = value }
    public init(integerLiteral value: Int) { self.value = value }
    public static func < (a: Credits, b: Credits) -> Bool { a.value < b.value }
    public static func + (lhs: Credits, rhs: Credits) -> Credits { Credits(lhs.value + rhs.value) }
    public static let zero = Credits(0)
    public var description: String { "\(value)" }
    public init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(value) }
}

/// Guided learning hours: time a learner spends under the direction of a tutor or assessor.
public struct GuidedLearningHours: Hashable, Sendable, Comparable, Codable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var value: Int
    public init(_ value: Int) { self.value = value }
    public init(integerLiteral value: Int) { self.value = value }
    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }
    public static func + (lhs: Self, rhs: Self) -> Self { Self(lhs.value + rhs.value) }
    public var description: String { "\(value)" }
    public init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(value) }
}

/// A duration in hours that may be fractional (induction, tutorial support, supervised practice).
///
/// Learner records give such durations in halves of an hour (`1.5`), so this is a `Double`.
public struct Hours: Hashable, Sendable, Comparable, Codable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    CustomStringConvertible
{
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public init(integerLiteral value: Int) { self.value = Double(value) }
    public init(floatLiteral value: Double) { self.value = value }
    public static func < (a: Hours, b: Hours) -> Bool { a.value < b.value }
    public static func + (lhs: Hours, rhs: Hours) -> Hours { Hours(lhs.value + rhs.value) }
    /// `6`, `1.5`: whole hours without a decimal point.
    public var description: String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
    public init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(Double.self) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(value) }
}

/// The size of a qualification that its credit value implies.
///
/// Award: 1–12 credits; Certificate: 13–36; Diploma: 37 or more.
public enum SizeBand: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case award, certificate, diploma

    /// The band that `credits` falls in, or `nil` for zero or negative credits.
    public init?(credits: Credits) {
        switch credits.value {
        case 1...12: self = .award
        case 13...36: self = .certificate
        case 37...: self = .diploma
        default: return nil
        }
    }

    /// The credit range of the band.
    public var creditRange: ClosedRange<Int> {
        switch self {
        case .award: 1...12
        case .certificate: 13...36
        case .diploma: 37...Int.max
        }
    }

    public var description: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}
