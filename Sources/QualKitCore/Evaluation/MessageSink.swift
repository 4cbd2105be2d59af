/// Receives the pieces of a result's sentences (see ``Workspace/writeMessage(_:qualification:into:)``).
package protocol MessageSink {
    /// Fixed text (no characters that need escaping in JSON).
    mutating func literal(_ text: StaticString)
    /// Text from the packs (unit codes, group titles): may need escaping.
    mutating func text(_ text: String)
    mutating func int(_ count: Int)
    /// Hours as ``Hours`` prints them: `6`, `1.5`.
    mutating func hours(_ hours: Double)
    /// A ``CalendarDate/dayNumber`` as `YYYY-MM-DD`.
    mutating func date(_ dayNumber: Int)
}

/// Builds a `String`.
package struct StringMessageSink: MessageSink {
    package var text = ""
    package init() { text.reserveCapacity(96) }
    package mutating func literal(_ string: StaticString) {
        string.withUTF8Buffer { text += String(decoding: $0, as: UTF8.self) }
    }
    package mutating func text(_ string: String) { text += string }
    package mutating func int(_ count: Int) { text += String(count) }
    package mutating func hours(_ hours: Double) { text += Hours(hours).description }
    package mutating func date(_ dayNumber: Int) { text += CalendarDate(dayNumber: dayNumber).description }
}
