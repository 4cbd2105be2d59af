/// A calendar day with no time or zone, as qualification documents and learner records give dates.
///
/// Compares by day. Parses and prints ISO 8601 (`2015-08-31`).
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns `nil` when the day does not exist (e.g. 2015-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CalendarDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses `YYYY-MM-DD` exactly (ten characters), or throws an error that says what was expected and
    /// what was found: the layout, or a year, month or day out of range.
    ///
    /// ```swift
    /// let day = try CalendarDate(parsing: "2015-08-31")
    /// do { _ = try CalendarDate(parsing: "2015-02-29") } catch {
    ///     print(error)   // '2015-02-29' is not a date: the day is 29, but February 2015 has 28 days; ...
    ///     print(error.problem == .dayOutOfRange(day: 29, daysInMonth: 28))   // true
    /// }
    /// ```
    public init(parsing text: some StringProtocol) throws(ParseError) {
        var u = Array(text.utf8)
        let parsed = u.withUnsafeMutableBufferPointer { Self.fields(UnsafeBufferPointer($0)) }
        guard let (year, month, day) = parsed else {
            throw ParseError(text: String(text), problem: .format)
        }
        guard year >= 1 else { throw ParseError(text: String(text), problem: .yearOutOfRange(year)) }
        guard (1...12).contains(month) else { throw ParseError(text: String(text), problem: .monthOutOfRange(month)) }
        let days = Self.daysIn(month: month, year: year)
        guard (1...days).contains(day) else {
            throw ParseError(text: String(text), problem: .dayOutOfRange(day: day, daysInMonth: days))
        }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses `YYYY-MM-DD` exactly (ten characters), or throws an error that says whether the layout or
    /// the day is wrong. ``init(parsing:)`` says more: which field is out of range, and its range.
    public init(_ text: some StringProtocol) throws(DateError) {
        do { self = try CalendarDate(parsing: text) } catch {
            throw DateError(text: error.text, problem: error.problem == .format ? .notISO : .noSuchDay)
        }
    }

    /// Parses `YYYY-MM-DD` exactly (ten characters). Returns `nil` for anything else; use
    /// ``init(parsing:)`` to learn why.
    public init?(iso text: some StringProtocol) {
        guard let date = try? CalendarDate(parsing: text) else { return nil }
        self = date
    }

    /// Parses `YYYY-MM-DD` from ten bytes of UTF-8, without copying them.
    package init?(isoBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard let (y, m, d) = Self.fields(bytes) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses `YYYY-MM-DD` from ten bytes of UTF-8.
    public init?(isoBytes bytes: ArraySlice<UInt8>) {
        guard let d = bytes.withUnsafeBufferPointer({ CalendarDate(isoBytes: $0) }) else { return nil }
        self = d
    }

    /// The one ISO 8601 date parser: year, month and day of `YYYY-MM-DD` in ten bytes, checking the layout
    /// and digits but not the calendar (``init(year:month:day:)`` does that).
    @inline(__always)
    static func fields(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10, let p = bytes.baseAddress, p[4] == 0x2D, p[7] == 0x2D else { return nil }
        // A byte below '0' wraps around: every digit must come out below 10.
        let y0 = p[0] &- 48, y1 = p[1] &- 48, y2 = p[2] &- 48, y3 = p[3] &- 48
        let m0 = p[5] &- 48, m1 = p[6] &- 48, d0 = p[8] &- 48, d1 = p[9] &- 48
        guard y0 < 10, y1 < 10, y2 < 10, y3 < 10, m0 < 10, m1 < 10, d0 < 10, d1 < 10 else { return nil }
        return (Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3), Int(m0) * 10 + Int(m1), Int(d0) * 10 + Int(d1))
    }

    /// Why a text is not a date (``init(parsing:)``): what was expected, and what was found.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text as given.
        public var text: String
        /// What is wrong with it.
        public var problem: Problem

        public init(text: String, problem: Problem) {
            self.text = text
            self.problem = problem
        }

        /// What is wrong with a text that is not a date.
        public enum Problem: Hashable, Sendable {
            /// Not ten characters `YYYY-MM-DD`: four digits, a hyphen, two digits, a hyphen, two digits.
            case format
            /// A year outside 0001–9999 (that is, 0000).
            case yearOutOfRange(Int)
            /// A month outside 01–12.
            case monthOutOfRange(Int)
            /// A day outside 01 to the last day of its month (`daysInMonth`: 28, 29, 30 or 31).
            case dayOutOfRange(day: Int, daysInMonth: Int)
        }

        /// `'TEXT' is not a date: ` and what was found where, and what was expected.
        public var description: String {
            let found: String =
                switch problem {
                case .format:
                    "expected YYYY-MM-DD (a four-digit year, a two-digit month and a two-digit day, joined by "
                        + "hyphens), found \(Self.layoutProblem(text))"
                case .yearOutOfRange(let year): "the year is \(Self.padded(year, 4)); expected 0001 to 9999"
                case .monthOutOfRange(let month): "the month is \(Self.padded(month, 2)); expected 01 to 12"
                case .dayOutOfRange(let day, let days):
                    day < 1
                        ? "the day is 00; expected 01 to \(days)"
                        : "the day is \(day), but \(monthName) has \(days) days; expected 01 to \(days)"
                }
            return "'\(text)' is not a date: \(found)"
        }

        /// `February 2015`, from the text (only for ``Problem/dayOutOfRange(day:daysInMonth:)``).
        private var monthName: String {
            let names = [
                "January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"
            ]
            let parts = text.split(separator: "-")
            guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month) else { return "the month" }
            return "\(names[month - 1]) \(parts[0])"
        }

        private static func padded(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }

        /// What breaks the layout: the length, or the first character out of place.
        private static func layoutProblem(_ text: String) -> String {
            let characters = Array(text)
            if characters.isEmpty { return "nothing" }
            if characters.count != 10 {
                return "\(characters.count) character\(characters.count == 1 ? "" : "s")"
            }
            for (offset, character) in characters.enumerated() {
                let hyphen = offset == 4 || offset == 7
                if hyphen && character != "-" {
                    return "'\(character)' at character \(offset + 1), where a hyphen belongs"
                }
                if !hyphen && !("0"..."9").contains(character) {
                    return "'\(character)' at character \(offset + 1), where a digit belongs"
                }
            }
            return "text that is not ASCII"
        }
    }

    /// Why a text is not a date (``init(_:)``): the layout, or a day that does not exist. Superseded by
    /// ``ParseError``, which says which field is out of range.
    public struct DateError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text as given.
        public var text: String
        public var problem: Problem
        public enum Problem: Hashable, Sendable {
            /// Not ten characters `YYYY-MM-DD` of digits and hyphens.
            case notISO
            /// The layout is right but the day does not exist (2015-02-29, 2015-13-01).
            case noSuchDay
        }
        public var description: String {
            switch problem {
            case .notISO: "'\(text)' is not a date written YYYY-MM-DD"
            case .noSuchDay: "'\(text)' is not a day of the calendar"
            }
        }
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 0000-03-01 in the proleptic Gregorian calendar; differences are day counts.
    public var dayNumber: Int { Self.dayNumber(year: year, month: month, day: day) }

    /// The ``dayNumber`` of `YYYY-MM-DD` in ten bytes, or `nil` when they are not a valid date: the same as
    /// `CalendarDate(isoBytes:)?.dayNumber`, without building the date (readers call it for every unit).
    package static func dayNumber(isoBytes bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let (year, month, day) = fields(bytes),
            year >= 1, month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        return dayNumber(year: year, month: month, day: day)
    }

    @inline(__always)
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe
    }

    /// The date with ``dayNumber`` `number`.
    public init(dayNumber number: Int) {
        let era = (number >= 0 ? number : number - 146096) / 146097
        let doe = number - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0); month = m; day = d
    }

    /// The same day `years` later; 29 February becomes 28 February in a year that is not leap.
    public func adding(years: Int) -> CalendarDate {
        let y = min(9999, year + years)
        return CalendarDate(year: y, month: month, day: min(day, CalendarDate.daysIn(month: month, year: y)))!
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ number: Int, _ width: Int) -> String {
            let s = String(number); return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

extension CalendarDate: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        do { self = try CalendarDate(parsing: s) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.description)
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
