import Testing
@_spi(Engine) @testable import QualKitLearners
@testable import QualKitCore

/// CSV input found wanting in the third round of hostile input (#24).
@Suite("Hostile CSV input")
struct HostileCSVTests {
    func rejections(_ items: [LearnerCSVReader.Item]) -> [(Int, String)] {
        items.compactMap { if case .rejected(let line, let m) = $0 { (line, m) } else { nil } }
    }

    func learners(_ items: [LearnerCSVReader.Item]) -> [Learner] {
        items.compactMap { if case .learner(let l, _) = $0 { l } else { nil } }
    }

    /// A column named twice: the first would win silently, so the header is rejected, as a repeated JSON key is.
    @Test(arguments: [
        "learner,unit,unit\nA,8577-300,8577-301\n",
        "learner,unit,hours,hours\nA,8577-301,2,8\n",
        "learner,unit,achieved,Achieved\nA,8577-301,2013-01-01,2014-01-01\n",
        "learner,learner,unit\nA,B,8577-300\n",
        "learner,exception_kind,exception_unit,exception_reason,exception_reason,unit\nA,exempt,8577-300,a,b,\n"
    ])
    func aRepeatedHeaderColumnIsRejected(csv: String) throws {
        let items = LearnerCSVReader().read(Array(csv.utf8))
        #expect(learners(items).isEmpty, "\(items)")
        let r = try #require(rejections(items).first)
        #expect(r.0 == 1 && r.1.contains("appears twice"), "\(r.1)")
    }

    @Test func aFileWithCROnlyLineEndingsSaysSo() throws {
        let items = LearnerCSVReader().read(Array("learner,unit\rA,8577-300\rB,8577-301\r".utf8))
        let r = try #require(rejections(items).first)
        #expect(r.1.contains("end in CR alone") && !r.1.contains("unknown column"), "\(r.1)")
    }

    /// One learner's rows are capped as one JSON Lines record is: past the cap the learner is rejected once,
    /// its further rows not kept; the next learner is read.
    @Test(arguments: [LearnerCSVReader.Grouping.contiguous, .anyOrder])
    func oneLearnersRowsAreCapped(grouping: LearnerCSVReader.Grouping) {
        var reader = LearnerCSVReader(grouping: grouping)
        reader.maximumLearnerBytes = 1000
        let rows = String(repeating: "A,8577-300\n", count: 500) // 5,500 bytes
        let items = reader.read(Array(("learner,unit\n" + rows + "B,8577-301\n").utf8))
        let r = rejections(items)
        #expect(r.count == 1 && r.first?.1.contains("more than 1000 bytes") == true, "\(r)")
        #expect(learners(items).map(\.id) == ["B"])
        // Under the cap, nothing changes.
        let small = reader.read(Array("learner,unit\nA,8577-300\nA,8577-301\n".utf8))
        #expect(learners(small).first?.units.count == 2)
    }
}
