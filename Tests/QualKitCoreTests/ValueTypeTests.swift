import Testing
@testable import QualKitCore

@Suite("Levels, sizes and dates")
struct ValueTypeTests {
    @Test("Levels parse and order", arguments: [
        ("3", Level.level(3)), ("Level 8", .level(8)), ("E2", .entry(2)), ("entry 3", .entry(3)), ("1", .level(1)),
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

    @Test("Size band follows the credit value", arguments: [
        (1, SizeBand.award), (10, .award), (12, .award), (13, .certificate), (26, .certificate), (36, .certificate), (37, .diploma),
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
    let sheet = MarkSheet(sections: [.init(title: "A", maximum: 24, minimum: 12), .init(title: "B", maximum: 26, minimum: 13),
                                     .init(title: "C", maximum: 24, minimum: 12), .init(title: "D", maximum: 26, minimum: 13)],
                          passMark: 50)

    @Test func passNeedsEverySectionMinimumAndTheTotal() {
        #expect(sheet.outcome(of: [12, 13, 12, 13]) == .pass)
        #expect(sheet.outcome(of: [24, 26, 24, 12]) == .referral(sections: [3], total: 86))
        #expect(sheet.passes([14, 13, 12, 13]))
        #expect(!sheet.passes([11, 26, 24, 26]))   // no compensation between sections
    }

    @Test func checkRejectsWrongShapes() {
        #expect(sheet.check([1, 2, 3]) != nil)
        #expect(sheet.check([25, 13, 12, 13]) != nil)
        #expect(sheet.check([-1, 13, 12, 13]) != nil)
        #expect(sheet.check([12, 13, 12, 13]) == nil)
    }

    @Test func totalCanFailWithEverySectionMet() {
        let s = MarkSheet(sections: [.init(title: "A", maximum: 70, minimum: 20), .init(title: "B", maximum: 30, minimum: 10)], passMark: 50)
        #expect(s.outcome(of: [25, 15]) == .referral(sections: [], total: 40))
    }
}
