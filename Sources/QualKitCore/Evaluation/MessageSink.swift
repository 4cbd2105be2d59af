/// Receives the pieces of a result's sentences (see ``Workspace/writeMessage(_:qualification:into:)``).
package protocol MessageSink {
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
package struct StringMessageSink: MessageSink {
    package var text = ""
    package init() { text.reserveCapacity(96) }
    package mutating func literal(_ s: StaticString) {
        s.withUTF8Buffer { text += String(decoding: $0, as: UTF8.self) }
    }
    package mutating func text(_ s: String) { text += s }
    package mutating func int(_ n: Int) { text += String(n) }
    package mutating func hours(_ h: Double) { text += Hours(h).description }
    package mutating func date(_ dayNumber: Int) { text += CalendarDate(dayNumber: dayNumber).description }
}
