import Foundation
import Testing
import QualKitCore

/// `CalendarDate(parsing:)` says what it expected and what it found; `CalendarDate(iso:)` is the same
/// parser without the reason.
@Suite("Date parsing")
struct DateParsingTests {
    static func problem(_ text: String) -> CalendarDate.ParseError? {
        do { _ = try CalendarDate(parsing: text); return nil } catch { return error }
    }

    @Test func validDatesParse() throws {
        #expect(try CalendarDate(parsing: "2015-08-31") == CalendarDate(year: 2015, month: 8, day: 31))
        #expect(try CalendarDate(parsing: "2016-02-29").description == "2016-02-29") // a leap year
        #expect(try CalendarDate(parsing: "2000-02-29").day == 29) // divisible by 400
        #expect(try CalendarDate(parsing: "0001-01-01").year == 1)
        #expect(try CalendarDate(parsing: "9999-12-31").year == 9999)
        #expect(CalendarDate(iso: "2015-08-31") == CalendarDate(year: 2015, month: 8, day: 31))
    }

    @Test(arguments: [
        (
            "2025-3-01", CalendarDate.ParseError.Problem.format,
            "expected YYYY-MM-DD (a four-digit year, a two-digit "
                + "month and a two-digit day, joined by hyphens), found 9 characters"
        ),
        ("", .format, "found nothing"),
        ("2015/08/31", .format, "found '/' at character 5, where a hyphen belongs"),
        ("2015-O8-31", .format, "found 'O' at character 6, where a digit belongs"),
        ("0000-01-01", .yearOutOfRange(0), "the year is 0000; expected 0001 to 9999"),
        ("2015-13-01", .monthOutOfRange(13), "the month is 13; expected 01 to 12"),
        ("2015-00-10", .monthOutOfRange(0), "the month is 00; expected 01 to 12"),
        (
            "2015-02-29", .dayOutOfRange(day: 29, daysInMonth: 28),
            "the day is 29, but February 2015 has 28 days; expected 01 to 28"
        ),
        ("2015-04-31", .dayOutOfRange(day: 31, daysInMonth: 30), "the day is 31, but April 2015 has 30 days"),
        ("1900-02-29", .dayOutOfRange(day: 29, daysInMonth: 28), "February 1900 has 28 days"),
        ("2015-08-00", .dayOutOfRange(day: 0, daysInMonth: 31), "the day is 00; expected 01 to 31")
    ])
    func badDatesSayWhatIsWrong(_ text: String, _ problem: CalendarDate.ParseError.Problem, _ says: String) throws {
        let error = try #require(Self.problem(text))
        #expect(error.text == text)
        #expect(error.problem == problem)
        #expect(error.description.hasPrefix("'\(text)' is not a date: "))
        #expect(error.description.contains(says), "\(error.description)")
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func theOlderThrowingParserAgrees() {
        for (text, problem) in [("2015-13-01", CalendarDate.DateError.Problem.noSuchDay), ("15-1-1", .notISO)] {
            do { _ = try CalendarDate(text); Issue.record("parsed \(text)") } catch {
                #expect(error.problem == problem && error.text == text)
            }
        }
    }

    @Test func decodingADateGivesTheReason() throws {
        let json = Data(#"["2015-02-29"]"#.utf8)
        do {
            _ = try JSONDecoder().decode([CalendarDate].self, from: json)
            Issue.record("decoded a day that does not exist")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("February 2015 has 28 days"), "\(context.debugDescription)")
        }
    }
}
