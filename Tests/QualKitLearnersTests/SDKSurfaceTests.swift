import Foundation
import Testing
import QualKit
import QualKitCore
import QualKitLearners

/// The public API a service uses: the reader, bulk evaluation of values, typed codes and ids.
@Suite("SDK surface")
struct SDKSurfaceTests {
    static let registry = try! PackRegistry.bundled()
    static let evaluator = try! Evaluator(catalog: registry.catalog)

    @Test func codeIndexesFollowDeclarationOrder() {
        // The engine's bit sets use the position of each case; it must be its place in allCases.
        #expect(UnmetCode.allCases.enumerated().allSatisfy { $0.offset == $0.element.index })
        #expect(UncheckedCode.allCases.enumerated().allSatisfy { $0.offset == $0.element.index })
        #expect(ResultField.allCases.enumerated().allSatisfy { $0.offset == $0.element.index })
        #expect(Set(UnmetCode.allCases.map(\.rawValue)).count == UnmetCode.allCases.count)
        #expect(UncheckedCode.allCases.allSatisfy { UncheckedCode(rawValue: $0.rawValue) == $0 })
        #expect(UnmetCode.allCases.count <= 32) // bits of a UInt32
        #expect(UnmetRequirement.CodingKeys.allCases.enumerated().allSatisfy { $0.offset == $0.element.index })
        // The record-key enums: the compact scanner's bit per key (2 to 32 cases, payload-free).
        func pinned<K: RecordKey>(_: K.Type) -> Bool {
            K.allCases.count >= 2 && K.allCases.count <= 32 && MemoryLayout<K>.size == 1
                && K.allCases.enumerated().allSatisfy { Int(unsafeBitCast($0.element, to: UInt8.self)) == $0.offset }
        }
        #expect(
            pinned(Learner.Field.self) && pinned(UnitAchievement.Field.self) && pinned(AssessmentAttempt.Field.self))
    }

    @Test func datesSayWhatIsWrong() throws {
        #expect(try CalendarDate("2015-08-31") == CalendarDate(year: 2015, month: 8, day: 31))
        #expect(throws: CalendarDate.DateError.self) { try CalendarDate("2025-3-01") }
        do { _ = try CalendarDate("2025-3-01"); Issue.record("accepted") } catch {
            #expect(error.problem == .notISO && error.description.contains("YYYY-MM-DD"))
        }
        do { _ = try CalendarDate("2015-02-29"); Issue.record("accepted") } catch {
            #expect(error.problem == .noSuchDay)
        }
        #expect(CalendarDate(iso: "2025-3-01") == nil)
    }

    @Test func errorsDescribeThemselvesAsLocalizedErrors() {
        do { _ = try CalendarDate("2015-02-29"); Issue.record("accepted") } catch {
            #expect((error as any Error).localizedDescription == "'2015-02-29' is not a day of the calendar")
        }
        do { _ = try LearnerReader(path: "/nonexistent/learners.jsonl"); Issue.record("opened") } catch {
            #expect(
                error.description
                    == "/nonexistent/learners.jsonl: error: cannot read the learner file: No such file or directory")
            #expect((error as any Error).localizedDescription == error.description)
        }
        do { _ = try Evaluator(catalog: Self.registry.catalog, only: ["nope"]); Issue.record("built") } catch {
            #expect((error as any Error).localizedDescription.contains("no loaded qualification has id or QAN 'nope'"))
        }
        let bad = Array(LearnerReader(text: #"{"id":"A","registered":"2015-02-29"}"#))
        if case .failure(let e) = bad.first?.learner {
            #expect(e.message == "'registered' is '2015-02-29', which is not a day of the calendar")
        } else {
            Issue.record("accepted")
        }
    }

    @Test func typedIdsAndQANsAreAccepted() throws {
        let qid: QualificationID = "8578-certificate-coaching-mentoring"
        let byQAN = try Evaluator(catalog: Self.registry.catalog, only: ["601/3698/4"])
        #expect(byQAN.qualifications.map(\.id) == [qid])
        let learner = Learner(id: "L1", units: [.init(code: "8578-300")])
        let r = try #require(Self.evaluator.evaluate(learner, against: qid))
        #expect(r.qualification == qid)
        // A result's id goes straight back in.
        #expect(Self.evaluator.evaluate(learner, against: r.qualification) == r)
        #expect(throws: EvaluatorError.unknownQualification("nope")) {
            try Evaluator(catalog: Self.registry.catalog, only: ["nope"])
        }
    }

    @Test func unmetCodesAreSwitchable() throws {
        let learner = Learner(id: "L1", units: [.init(code: "8577-300")])
        let r = try #require(Self.evaluator.evaluate(learner, against: "8577-award-coaching"))
        var missing: [UnitCode] = []
        for u in r.unmet {
            switch u.code {
            case .missingMandatoryUnit: missing.append(u.unit!)
            default: break
            }
        }
        #expect(!missing.isEmpty)
    }

    @Test func unknownKeysWarnWithASuggestion() throws {
        let reader = LearnerReader(
            text: #"{"id":"A","registerd":"2013-01-01","units":[{"code":"8577-300","hour":3}],"zzzz":1}"#)
        let records = Array(reader)
        #expect(records.count == 1)
        let w = records[0].warnings
        #expect(w.map(\.kind) == [.unknownField, .unknownField, .unknownField])
        #expect(w.map(\.subject) == ["registerd", "hour", "zzzz"])
        #expect(w[0].message.contains("did you mean 'registered'"))
        #expect(w[1].message.contains("did you mean 'hours'"))
        #expect(!w[2].message.contains("did you mean"))
        // The record is still evaluated, and its results carry the warnings.
        var seen: [EvaluatedRecord] = []
        Self.evaluator.evaluate(LearnerReader(text: #"{"id":"A","registerd":"2013-01-01"}"#)) { seen.append($0) }
        let results = try seen[0].results.get()
        #expect(results.allSatisfy { $0.warnings.map(\.subject) == ["registerd"] })
    }

    /// A record read by a `LearnerReader` and evaluated alone gives what the bulk API gives for it: its
    /// reading warnings in every result, in the record's order, and the same rejections.
    @Test func aRecordEvaluatedAloneGivesWhatTheBulkAPIGives() throws {
        let text = #"""
            {"assessments":[{"id":"nope","marks":[1]}],"id":"A","uz":1,"units":[{"code":"XX"},{"code":"8577-300","hr":3}]}
            {"id":"B","assessments":[{"id":"d3-coaching-diary","marks":[80,0,0,0]}]}
            {"id":"C","exceptions":[{"kind":"exempt","unit":"NOPE","reason":"r"}]}
            {"id":"D","registered":"2013-01-01","units":[{"code":"8577-301","achieved":"2014-01-01"}]}
            """#
        let asOf = EvaluationOptions(messages: false, asOf: CalendarDate(iso: "2013-06-30"))
        for options in [EvaluationOptions(), asOf] {
            var bulk: [EvaluatedRecord] = []
            Self.evaluator.evaluate(LearnerReader(text: text, name: "l.jsonl"), options: options) { bulk.append($0) }
            let alone = LearnerReader(text: text, name: "l.jsonl").map { Self.evaluator.evaluate($0, options: options) }
            #expect(alone.count == bulk.count)
            for (a, b) in zip(alone, bulk) {
                switch (a, b.results) {
                case (.success(let x), .success(let y)): #expect(x == y)
                case (.failure(let x), .failure(let y)): #expect(x == y)
                default: Issue.record("line \(b.line): \(a) against \(b.results)")
                }
            }
            let first = try alone[0].get()
            let kinds: [EvaluationWarning.Kind] = [.unknownAssessment, .unknownField, .unknownUnit, .unknownField]
            #expect(first.allSatisfy { $0.warnings.map(\.kind) == kinds })
        }
        // Changed, a record is evaluated as its learner; a CSV record as read.
        var record = try #require(Array(LearnerReader(text: text)).first)
        record.warnings = []
        let learner = try record.learner.get()
        #expect(try Self.evaluator.evaluate(record).get() == Self.evaluator.evaluate(learner))
        let csv = try #require(Array(LearnerReader(text: "learner,unit\nA,8577-300\n", format: .csv)).first)
        let same = Self.evaluator.evaluate(Learner(id: "A", units: [.init(code: "8577-300")]))
        #expect(try Self.evaluator.evaluate(csv).get() == same)
    }

    @Test func recordErrorsNameTheirField() throws {
        let text = """
            {"id":"A","units":[{"code":"8577-300"},{"code":"8577-301","hours":-1}]}
            {"id":"B","assessments":[{"id":"x"}]}
            {"id":"C","registered":"2013-2-1"}
            """
        let records = Array(LearnerReader(text: text, name: "l.jsonl"))
        let errors = records.compactMap { if case .failure(let e) = $0.learner { e } else { nil } }
        #expect(errors.map(\.line) == [1, 2, 3])
        #expect(errors.map(\.field) == ["units[1].hours", "assessments[0]", "registered"])
        #expect(errors[0].column == 67) // the "-1"
        #expect(errors[0].description.hasPrefix("l.jsonl:1:67: error: "))
    }

    @Test func readsPathsHandlesBytesAndCSV() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let jsonl = dir.appendingPathComponent("l.jsonl").path, csv = dir.appendingPathComponent("l.csv").path
        try Data("{\"id\":\"A\",\"units\":[{\"code\":\"8577-300\"}]}\n\n{\"id\":\"B\"}\n".utf8).write(
            to: URL(fileURLWithPath: jsonl))
        try Data("learner,unit\nA,8577-300\nA,8577-301\nB,8577-301\n".utf8).write(to: URL(fileURLWithPath: csv))
        let a = try Array(LearnerReader(path: jsonl)).map { try $0.learner.get().id }
        #expect(a == ["A", "B"])
        let c = try LearnerReader(path: csv)
        #expect(c.format == .csv)
        #expect(try Array(c).map { try $0.learner.get().units.count } == [2, 1])
        let handle = try #require(FileHandle(forReadingAtPath: jsonl))
        #expect(Array(LearnerReader(fileHandle: handle, name: "h")).map(\.line) == [1, 3])
        var lines: [Int] = []
        for await r in LearnerReader(bytes: Array("{\"id\":\"A\"}\n{\"id\":\"B\"}".utf8)).records {
            lines.append(r.line)
        }
        #expect(lines == [1, 2])
        #expect(throws: LearnerRecordError.self) {
            try LearnerReader(path: dir.appendingPathComponent("missing.jsonl").path)
        }
    }

    @Test func bulkValuesMatchOneByOneInInputOrder() throws {
        let gen = LearnerGenerator(catalog: Self.registry.catalog, seed: 4)
        var text: [UInt8] = []
        var learners: [Learner] = []
        for i in 0..<3000 {
            let l = gen.learner(i)
            learners.append(l)
            LearnerGenerator.appendJSON(l, to: &text)
            if i == 1000 { text += Array("{\"id\":\"bad\",\"units\":7}\n".utf8) }
            if i == 2000 { text += Array("{ \"id\" : \"spaced\" , \"units\" : [ {\"code\":\"8577-300\"} ] }\n".utf8) }
        }
        for threads in [1, 2] {
            var got: [EvaluatedRecord] = []
            let report = Self.evaluator.evaluate(LearnerReader(bytes: text), threads: threads) { got.append($0) }
            #expect(report.evaluated == 3001 && report.rejected == 1)
            #expect(got.map(\.line) == Array(1...3002))
            var k = 0
            for record in got {
                switch record.results {
                case .failure(let e):
                    #expect(e.line == 1002 && e.field == "units")
                case .success(let results):
                    let l = record.line == 2003 ? Learner(id: "spaced", units: [.init(code: "8577-300")]) : learners[k]
                    if record.line != 2003 { k += 1 }
                    #expect(results == Self.evaluator.evaluate(l), "line \(record.line)")
                }
            }
        }
    }

    @Test func bulkValuesReportRepeatedIds() {
        var got: [EvaluatedRecord] = []
        Self.evaluator.evaluate(LearnerReader(text: "{\"id\":\"A\"}\n{\"id\":\"\\u0041\"}\n")) { got.append($0) }
        #expect(got.count == 2 && got[0].warnings.isEmpty)
        #expect(got[1].warnings.map(\.kind) == [.duplicateLearner] && got[1].warnings[0].subject == "1")
    }

    @Test func resultsEncodeWithStableKeys() throws {
        let l = Learner(id: "L1", units: [.init(code: "8577-300"), .init(code: "X1")])
        let r = try #require(Self.evaluator.evaluate(l, against: "8577-award-coaching"))
        let data = try JSONEncoder().encode(r)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        // Every key but `counted_as`, there only when a unit counted as an equivalent one.
        #expect(Set(object.keys) == Set(ResultField.allCases.filter { $0 != .countedAs }.map(\.rawValue)))
        #expect(try JSONDecoder().decode(EvaluationResult.self, from: data) == r)
        #expect(r.warnings.map(\.kind) == [.unknownUnit])
    }
}
