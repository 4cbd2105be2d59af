import Testing
@testable import QualKitLearners

/// The progress line of a long run (`qualkit evaluate`, `qualkit report`), as text: no terminal needed.
@Suite("Progress line")
struct ProgressLineTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var bytes: Int
        var total: Int?
        var records: Int
        var seconds: Double
        var note: String?
        var expected: String
        var testDescription: String { expected }
    }

    static let cases: [Case] = [
        // A regular file of 1,000 bytes, a quarter read in 2 s: 617 learners a second, 6 s left.
        Case(
            bytes: 250, total: 1000, records: 1234, seconds: 2, note: nil,
            expected: "[#######.....................]  25%  1,234 learners  617/s  0:06 left"),
        Case(
            bytes: 0, total: 1000, records: 0, seconds: 0, note: nil,
            expected: "[............................]   0%  0 learners"),
        Case(
            bytes: 1000, total: 1000, records: 5000, seconds: 4, note: "12 worksheets",
            expected: "[############################] 100%  5,000 learners  1,250/s  0:00 left  12 worksheets"),
        // Past the size it had when opened (a file still growing): never over 100%.
        Case(
            bytes: 1500, total: 1000, records: 1, seconds: 1, note: nil,
            expected: "[############################] 100%  1 learner  1/s  0:00 left"),
        // An hour and more left.
        Case(
            bytes: 1 << 20, total: 4 << 30, records: 2_000_000, seconds: 1, note: nil,
            expected: "[............................]   0%  2,000,000 learners  2,000,000/s  1:08:15 left"),
        // A pipe or standard input: no size, so a running count and the rate.
        Case(
            bytes: 123_456, total: nil, records: 1_234_567, seconds: 0.5, note: nil,
            expected: "1,234,567 learners  2,469,134/s")
    ]

    @Test(arguments: cases)
    func textForByteCounts(_ example: Case) {
        let progress = ReadProgress(bytes: example.bytes, total: example.total, records: example.records)
        #expect(ProgressLine.text(progress, seconds: example.seconds, note: example.note) == example.expected)
    }

    @Test func groupsAndDurations() {
        #expect(
            [0, 7, 999, 1000, 1_234_567, -4321].map(ProgressLine.grouped)
                == ["0", "7", "999", "1,000", "1,234,567", "-4,321"])
        #expect(
            [0, 0.2, 59.2, 61, 3600, 3725].map(ProgressLine.duration)
                == ["0:00", "0:01", "1:00", "1:01", "1:00:00", "1:02:05"])
    }
}
