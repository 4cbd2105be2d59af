/// Receives the pieces of a result's sentences (see ``Workspace/writeMessage(_:qualification:into:)``).
public protocol MessageSink {
    /// Fixed text (no characters that need escaping in JSON).
    mutating func literal(_ s: StaticString)
    /// Text from the packs (unit codes, group titles): may need escaping.
    mutating func text(_ s: String)
    mutating func int(_ n: Int)
    /// Hours as ``Hours`` prints them: `6`, `1.5`.
    mutating func hours(_ h: Double)
    /// A ``CalendarDate/dayNumber`` as `YYYY-MM-DD`.
    mutating func date(_ dayNumber: Int)
}

/// Builds a `String`.
public struct StringMessageSink: MessageSink {
    public var text = ""
    public init() {}
    public mutating func literal(_ s: StaticString) { text += s.description }
    public mutating func text(_ s: String) { text += s }
    public mutating func int(_ n: Int) { text += String(n) }
    public mutating func hours(_ h: Double) { text += Hours(h).description }
    public mutating func date(_ dayNumber: Int) { text += CalendarDate(dayNumber: dayNumber).description }
}
