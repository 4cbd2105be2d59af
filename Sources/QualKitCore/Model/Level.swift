/// A level of the Regulated Qualifications Framework (RQF) / Qualifications and Credit Framework (QCF).
///
/// Levels are ordered: `.entry1 < .entry2 < .entry3 < .level(1) < … < .level(8)`.
///
/// ```swift
/// let level = Level(parsing: "3")      // .level(3)
/// print(level! >= .level(2))            // true
/// ```
public enum Level: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Entry level 1–3.
    case entry(Int)
    /// Levels 1–8.
    case level(Int)

    /// Creates a level from its usual spelling: `"3"`, `"level 3"`, `"E2"`, `"entry 2"`, `"Entry 3"`.
    /// Returns `nil` for anything else, including numbers outside 1–8 (or 1–3 at entry).
    public init?(parsing text: String) {
        let t = text.lowercased().filter { !$0.isWhitespace }
        if t.hasPrefix("entry"), let n = Int(t.dropFirst(5)) {
            self.init(entry: n)
        } else if t.hasPrefix("e"), let n = Int(t.dropFirst(1)) {
            self.init(entry: n)
        } else if t.hasPrefix("level"), let n = Int(t.dropFirst(5)) {
            self.init(number: n)
        } else if let n = Int(t) {
            self.init(number: n)
        } else {
            return nil
        }
    }

    /// Level `count` (1–8), or `nil`.
    public init?(number count: Int) {
        guard (1...8).contains(count) else { return nil }
        self = .level(count)
    }

    /// Entry level `count` (1–3), or `nil`.
    public init?(entry count: Int) {
        guard (1...3).contains(count) else { return nil }
        self = .entry(count)
    }

    /// A total order: entry levels 1–3 are ranks 0–2, level n is rank n + 2.
    public var rank: Int {
        switch self {
        case .entry(let n): n - 1
        case .level(let n): n + 2
        }
    }

    public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }

    public var description: String {
        switch self {
        case .entry(let n): "Entry \(n)"
        case .level(let n): "Level \(n)"
        }
    }

    /// The compact spelling used in spec packs: `"3"`, `"E2"`.
    public var code: String {
        switch self {
        case .entry(let n): "E\(n)"
        case .level(let n): "\(n)"
        }
    }
}

extension Level: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self), let l = Level(number: n) { self = l; return }
        let s = try c.decode(String.self)
        guard let l = Level(parsing: s) else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "expected a level such as 3 or E2, found '\(s)'")
        }
        self = l
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(code)
    }
}
