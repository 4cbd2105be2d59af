/// Receives the pieces of a result's sentences (see ``Workspace/writeMessage(_:qualification:into:)``).
@_spi(Engine) public protocol MessageSink {
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
@_spi(Engine) public struct StringMessageSink: MessageSink {
    public var text = ""
    public init() { text.reserveCapacity(96) }
    public mutating func literal(_ s: StaticString) {
        s.withUTF8Buffer { text += String(decoding: $0, as: UTF8.self) }
    }
    public mutating func text(_ s: String) { text += s }
    public mutating func int(_ n: Int) { text += String(n) }
    public mutating func hours(_ h: Double) { text += Hours(h).description }
    public mutating func date(_ dayNumber: Int) { text += CalendarDate(dayNumber: dayNumber).description }
}
