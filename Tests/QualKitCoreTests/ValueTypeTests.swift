import Testing
@testable import QualKitCore
import QualKitCore

@Suite("Levels, sizes and dates")
struct ValueTypeTests {
    @Test(
        "Levels parse and order",
        arguments: [
            ("3", Level.level(3)), ("Level 8", .level(8)), ("E2", .entry(2)), ("entry 3", .entry(3)), ("1", .level(1))
        ])
    func levelParsing(text: String, expected: Level) {
        #expect(Level(parsing: text) == expected)
    }

    @Test func levelRejectsOutOfRange() {
        #expect(Level(parsing: "9") == nil)
        #expect(Level(parsing: "E4") == nil)
        #expect(Level(parsing: "0") == nil)
        #expect(Level.entry(3) < .level(1))
        #expect(Level.level(2) < .level(3))
    }

    @Test(
        "Size band follows the credit value",
        arguments: [
            (1, SizeBand.award), (10, .award), (12, .award), (13, .certificate), (26, .certificate), (36, .certificate),
            (37, .diploma)
        ])
    func sizeBand(credits: Int, band: SizeBand) {
        #expect(SizeBand(credits: Credits(credits)) == band)
    }

    @Test func zeroCreditsHaveNoBand() { #expect(SizeBand(credits: 0) == nil) }

    @Test func datesParseCompareAndAddYears() throws {
        let d = try #require(CalendarDate(iso: "2015-08-31"))
        #expect(d.description == "2015-08-31")
        #expect(CalendarDate(iso: "2015-02-29") == nil)
        #expect(CalendarDate(iso: "2016-02-29") != nil)
        #expect(CalendarDate(iso: "2015-8-31") == nil)
        #expect(try #require(CalendarDate(iso: "2016-02-29")).adding(years: 3).description == "2019-02-28")
        #expect(try #require(CalendarDate(iso: "2015-09-01")).dayNumber - d.dayNumber == 1)
        #expect(d < CalendarDate(iso: "2015-09-01")!)
    }

    @Test func dayNumbersRoundTrip() throws {
        for s in ["2000-02-29", "2012-09-01", "2018-08-31", "1999-12-31", "2024-03-01"] {
            let d = try #require(CalendarDate(iso: s))
            #expect(CalendarDate(dayNumber: d.dayNumber).description == s)
        }
    }

    @Test func hoursPrintWithoutNeedlessDecimals() {
        #expect(Hours(6).description == "6")
        #expect(Hours(1.5).description == "1.5")
    }
}

@Suite("Mark sheets")
struct MarkSheetTests {
    let sheet = MarkSheet(
        sections: [
            .init(title: "A", maximum: 24, minimum: 12), .init(title: "B", maximum: 26, minimum: 13),
            .init(title: "C", maximum: 24, minimum: 12), .init(title: "D", maximum: 26, minimum: 13)
        ],
        passMark: 50)

    @Test func passNeedsEverySectionMinimumAndTheTotal() {
        #expect(sheet.outcome(of: [12, 13, 12, 13]) == .pass)
        #expect(sheet.outcome(of: [24, 26, 24, 12]) == .referral(sections: [3], total: 86))
        #expect(sheet.passes([14, 13, 12, 13]))
        #expect(!sheet.passes([11, 26, 24, 26])) // no compensation between sections
    }

    @Test func checkRejectsWrongShapes() {
        #expect(sheet.check([1, 2, 3]) != nil)
        #expect(sheet.check([25, 13, 12, 13]) != nil)
        #expect(sheet.check([-1, 13, 12, 13]) != nil)
        #expect(sheet.check([12, 13, 12, 13]) == nil)
    }

    @Test func totalCanFailWithEverySectionMet() {
        let s = MarkSheet(
            sections: [.init(title: "A", maximum: 70, minimum: 20), .init(title: "B", maximum: 30, minimum: 10)],
            passMark: 50)
        #expect(s.outcome(of: [25, 15]) == .referral(sections: [], total: 40))
    }
}

@Suite("Day numbers straight from bytes")
struct DayNumberFromBytesTests {
    /// The fused parser agrees with parsing a date and taking its day number, for valid and invalid text.
    @Test func agreesWithParsingADate() {
        var texts = [
            "2013-02-01", "2000-02-29", "1900-02-29", "2015-02-29", "2016-02-29", "0000-01-01", "0001-01-01",
            "9999-12-31", "2015-13-01", "2015-00-10", "2015-04-31", "2015-04-30", "2015-4-30", "2015/04/30",
            "2015-04-3a", "2015-04-30 ", "２015-04-30", "", "2015-04-00", ":015-04-30", "2015-0:-30"
        ]
        for y in stride(from: 1996, through: 2004, by: 1) {
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            for m in 0...13 { for d in [0, 1, 28, 29, 30, 31, 32] { texts.append("\(y)-\(two(m))-\(two(d))") } }
        }
        for t in texts {
            let bytes = Array(t.utf8)
            let fused = bytes.withUnsafeBufferPointer { CalendarDate.dayNumber(isoBytes: $0) }
            let viaDate = bytes.withUnsafeBufferPointer { CalendarDate(isoBytes: $0)?.dayNumber }
            #expect(fused == viaDate, "\(t)")
        }
    }
}
