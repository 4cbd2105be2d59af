import QualKitEngine
import Foundation
import Testing
@testable import QualKit
import QualKitCore
@_spi(Engine) @testable import QualKitLearners

@Suite("Bulk evaluation and the SDK API")
struct BulkAndAPITests {
    static let registry = try! PackRegistry.bundled()
    static let evaluator = try! Evaluator(catalog: registry.catalog)

    func file(_ text: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qk-\(UUID().uuidString).jsonl").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    func run(
        _ text: String, format: ResultFormat = .jsonl, threads: Int = 2, batch: Int = 16384,
        duplicateLimit: Int = 1_000_000,
        messages: Bool = false, fields: [ResultField]? = nil, batchBytes: Int? = nil,
        maximumLine: Int = 64 << 20
    ) throws -> (String, [String], BatchPipeline.Report) {
        let path = file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bulk = BatchPipeline(evaluator: Self.evaluator, format: format, threads: threads)
        bulk.batchLines = batch
        bulk.duplicateCheckLimit = duplicateLimit
        bulk.messages = messages
        bulk.fields = fields
        bulk.batchBytes = batchBytes
        var out: [UInt8] = []
        var messages: [String] = []
        let report = bulk.run(
            try LineReader(path: path, maximumLineLength: maximumLine), write: { out += Array($0) },
            diagnose: { messages.append($0) })
        return (String(decoding: out, as: UTF8.self), messages, report)
    }

    /// A mapped file cut into small batches: chunk and batch boundaries fall anywhere in lines, and line
    /// numbers, order, CRLF, the byte-order mark and overlong lines come out as from a pipe.
    @Test func mappedFilesMatchStreamedInput() throws {
        let gen = LearnerGenerator(catalog: Self.registry.catalog, seed: 11)
        var text: [UInt8] = [0xEF, 0xBB, 0xBF]
        for i in 0..<1500 {
            LearnerGenerator.appendJSON(gen.learner(i), to: &text)
            if i % 97 == 0 { text.insert(0x0D, at: text.count - 1) } // a CRLF line end
            if i % 211 == 0 { text += Array("{\"id\":\"bad\(i)\",\"units\":3}\n".utf8) }
            if i % 307 == 0 {
                text += Array("{\"id\":\"long\(i)\",\"x\":\"\(String(repeating: "y", count: 3000))\"}\n".utf8)
            }
            if i % 401 == 0 { text += Array("\n".utf8) }
            if i == 700 { text += Array("{\"id\":\"L0000005\"}\n".utf8) } // a duplicate id
        }
        text += Array("{\"id\":\"last\"}".utf8) // no final line end
        let input = String(decoding: text, as: UTF8.self)
        let reference = try runPiped(input, maximumLine: 2048)
        for batch in [300, 4096, 100_000] {
            for threads in [1, 3] {
                let mapped = try run(input, threads: threads, batchBytes: batch, maximumLine: 2048)
                #expect(mapped.0 == reference.0, "batch \(batch), threads \(threads)")
                let (m, r) = (Self.withoutPaths(mapped.1), Self.withoutPaths(reference.1))
                if let k = (0..<min(m.count, r.count)).first(where: { m[$0] != r[$0] })
                    ?? (m.count == r.count ? nil : min(m.count, r.count))
                {
                    Issue.record(
                        """
                        batch \(batch), threads \(threads): message \(k): mapped \(k < m.count ? m[k] : "-") / \
                        piped \(k < r.count ? r[k] : "-")
                        """
                    )
                }
                #expect(
                    mapped.2.rejected == reference.2.rejected && mapped.2.evaluated == reference.2.evaluated
                        && mapped.2.warnings == reference.2.warnings)
            }
        }
        #expect(reference.1.contains { $0.contains(": error: the line is 30") })
        #expect(reference.1.contains { $0.contains("warning: duplicate learner id: line ") })
    }

    static func withoutPaths(_ messages: [String]) -> [String] {
        messages.map { String($0.drop(while: { $0 != ":" })) }
    }

    /// The same run reading through a pipe (batches of lines, as standard input is read).
    func runPiped(_ text: String, maximumLine: Int) throws -> (String, [String], BatchPipeline.Report) {
        var pipeFDs: [Int32] = [0, 0]
        #expect(pipe(&pipeFDs) == 0)
        let data = Array(text.utf8)
        let writeEnd = pipeFDs[1]
        let writer = Thread {
            data.withUnsafeBytes { b in
                var off = 0
                while off < b.count {
                    let n = write(writeEnd, b.baseAddress! + off, b.count - off); if n <= 0 { break }; off += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(pipeFDs[0]) }
        let bulk = BatchPipeline(evaluator: Self.evaluator, format: .jsonl, threads: 2)
        var out: [UInt8] = []
        var messages: [String] = []
        let report = bulk.run(
            LineReader(fileDescriptor: pipeFDs[0], name: "pipe", maximumLineLength: maximumLine),
            write: { out += Array($0) }, diagnose: { messages.append($0) })
        return (String(decoding: out, as: UTF8.self), messages, report)
    }

    @Test func outputKeepsInputOrderAcrossThreadsAndBatches() throws {
        let gen = LearnerGenerator(catalog: Self.registry.catalog, seed: 9)
        var text: [UInt8] = []
        for i in 0..<3000 { LearnerGenerator.appendJSON(gen.learner(i), to: &text) }
        let input = String(decoding: text, as: UTF8.self)
        let (one, _, r1) = try run(input, threads: 1)
        let (four, _, r4) = try run(input, threads: 4, batch: 700)
        #expect(one == four)
        #expect(r1.evaluated == 3000 && r4.evaluated == 3000)
        let ids = one.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }.map { $0["learner"] as! String }
        #expect(ids.count == 3000 * 7)
        let expected = (0..<3000).flatMap { i in Array(repeating: gen.learner(i).id.rawValue, count: 7) }
        #expect(ids == expected)
    }

    @Test func aBrokenRecordNeverStopsTheOthers() throws {
        let input = """
            {"id":"A","units":[{"code":"8577-300"}]}
            {"id":"B","units":[{"code":"8577-300"}
            not json
            {"id":"C","assessments":[{"id":"d3-coaching-diary","marks":[80,10]}]}

            {"id":"D","units":[{"code":"8579-300"}]}
            """
        let (out, messages, report) = try run(input)
        #expect(report.evaluated == 2 && report.rejected == 3 && report.warnings == 1)
        #expect(messages.count == 4)
        #expect(messages[0].hasSuffix("error: expected ',' or ']' in 'units', found the end of the line"))
        #expect(messages[0].contains(".jsonl:2:"))
        #expect(messages[1].contains(".jsonl:3:1: error:"))
        #expect(messages[2].contains(".jsonl:4:26: error: assessment d3-coaching-diary: mark 80 for section 1"))
        #expect(messages[3].contains(".jsonl:6: warning: learner D: unit code '8579-300'"))
        #expect(out.split(separator: "\n").count == 14)
    }

    /// The fast path (bytes → workspace → bytes) writes exactly what the readable path (parse a `Learner`,
    /// evaluate to `EvaluationResult`, encode) writes.
    @Test(arguments: [ResultFormat.jsonl, .csv])
    func fastPathMatchesTheReadablePath(format: ResultFormat) throws {
        let gen = LearnerGenerator(catalog: Self.registry.catalog, seed: 21)
        var text: [UInt8] = []
        for i in 0..<2000 { LearnerGenerator.appendJSON(gen.learner(i), to: &text) }
        let sample = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Samples/learners.jsonl"), encoding: .utf8)
        let extra =
            #"{"id":"Q\"x,y","units":[{"code":"8577-30\u0031","hours":2.5},{"code":"8577-300"}],"tutorial_hours":1.25}"#
            + "\n"
        let input = String(decoding: text, as: UTF8.self) + sample + extra
        for messages in [false, true] {
            let (fast, _, _) = try run(input, format: format, messages: messages)
            var slow: [UInt8] = format == .csv ? Array(ResultEncoding.csvHeader.utf8) : []
            let parser = LearnerJSONParser()
            for line in input.split(separator: "\n") {
                let learner = try parser.parse(Array(line.utf8)).get().learner
                for r in Self.evaluator.evaluate(learner, options: EvaluationOptions(messages: messages)) {
                    if format == .jsonl {
                        ResultEncoding.appendJSON(r, to: &slow)
                    } else {
                        ResultEncoding.appendCSV(r, to: &slow)
                    }
                }
            }
            let slowText = String(decoding: slow, as: UTF8.self)
            let a = fast.split(separator: "\n"), b = slowText.split(separator: "\n")
            #expect(a.count == b.count)
            for (x, y) in zip(a, b) where x != y {
                Issue.record("messages \(messages): fast: \(x)\nslow: \(y)")
                break
            }
        }
    }

    /// The mask-only kinds used for summaries equal the kinds of the full explanation (requirements that block
    /// each other count as unit-assignment; `BlockingRequirementsTests`).
    @Test func unmetKindsMatchTheExplanation() {
        let gen = LearnerGenerator(catalog: Self.registry.catalog, seed: 33)
        let ws = Self.evaluator.makeWorkspace()
        for i in 0..<3000 {
            Self.evaluator.evaluate(gen.learner(i), in: ws) { o in
                var expected: UInt32 = 0, blocked = false
                ws.forEachUnmet(o) { d in
                    switch d {
                    case .blockedMinimum, .blockedCap, .blockedBar: blocked = true
                    default: expected |= d.code.bit
                    }
                }
                if blocked { expected |= UnmetCode.unitAssignment.bit }
                #expect(ws.unmetKinds(o) == expected)
            }
        }
    }

    @Test func duplicateLearnerIdsAreWarningsNamingBothLines() throws {
        var lines = (0..<900).map { #"{"id":"L\#($0)"}"# }
        lines[700] = #"{"id":"L3"}"#
        lines[850] = #"{"id":"L3","units":[{"code":"8579-300"}]}"#
        let (_, messages, report) = try run(lines.joined(separator: "\n"), threads: 3, batch: 256)
        #expect(report.evaluated == 900 && report.rejected == 0)
        let dup = messages.filter { $0.contains("duplicate learner id") }
        #expect(dup.count == 2)
        #expect(dup[0].contains(".jsonl:701: warning: duplicate learner id: line 4 has the same id"))
        #expect(dup[1].contains(".jsonl:851: warning: duplicate learner id: line 4 has the same id"))
        // Messages stay in line order.
        let order = messages.compactMap { m in m.split(separator: ":").dropFirst().first.flatMap { Int($0) } }
        #expect(order == order.sorted())
        // With a small limit the check stops, once, and says so.
        let (_, limited, _) = try run(lines.joined(separator: "\n"), duplicateLimit: 100)
        #expect(limited.filter { $0.contains("duplicate-id check stopped after 100 learners") }.count == 1)
        #expect(!limited.contains { $0.contains("duplicate learner id") })
        let (_, off, _) = try run(lines.joined(separator: "\n"), duplicateLimit: 0)
        #expect(!off.contains { $0.contains("duplicate") })
    }

    @Test func eachResultLineIsJSONWithTheDocumentedFields() throws {
        let (out, _, _) = try run(
            #"{"id":"A","tutorial_hours":1,"units":[{"code":"8577-300"},{"code":"8577-301","hours":2}]}"#)
        let first = try #require(out.split(separator: "\n").first)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        for key in [
            "learner", "qualification", "achieved", "credits", "required_credits", "counted_units", "route", "unmet",
            "next", "unchecked", "warnings"
        ] {
            #expect(obj[key] != nil, "\(key)")
        }
        // The bytes match what Codable would produce for the same values.
        let decoded = try JSONDecoder().decode(EvaluationResult.self, from: Data(first.utf8))
        #expect(
            decoded
                == Self.evaluator.evaluate(
                    Learner(
                        id: "A", tutorialHours: 1, units: [.init(code: "8577-300"), .init(code: "8577-301", hours: 2)]),
                    options: EvaluationOptions(messages: false))[0])
    }

    @Test func csvAndTableFormats() throws {
        let input = #"{"id":"A","units":[{"code":"8577-300"},{"code":"8577-301"},{"code":"8577-303"}]}"#
        let (csv, _, _) = try run(input, format: .csv)
        let rows = csv.split(separator: "\n")
        let header =
            "learner,qualification,achieved,credits,counted_credits,required_credits,route,counted_units,"
            + "unmet,next,deadline"
        #expect(rows.first.map(String.init) == header)
        #expect(rows[1] == "A,8577-award-coaching,true,10,10,10,,8577-300;8577-301;8577-303,,,2018-08-31")
        let (table, _, report) = try run(input, format: .table)
        #expect(table.isEmpty)
        let text = report.summary.render()
        #expect(text.contains("8577-award-coaching"))
        #expect(report.summary.rows[0].achieved == 1)
    }

    @Test func evaluatingFromManyTasksAtOnceGivesTheSameResults() async throws {
        let gen = LearnerGenerator(catalog: Self.registry.catalog, seed: 4)
        let learners = (0..<200).map { gen.learner($0) }
        let serial = learners.map { Self.evaluator.evaluate($0) }
        let parallel = try await withThrowingTaskGroup(of: (Int, [EvaluationResult]).self) { group in
            for (i, l) in learners.enumerated() { group.addTask { (i, Self.evaluator.evaluate(l)) } }
            var out = Array(repeating: [EvaluationResult](), count: learners.count)
            for try await (i, r) in group { out[i] = r }
            return out
        }
        #expect(serial == parallel)
    }

    @Test func sequenceAndAsyncSequenceAPIs() async throws {
        let learners = [Learner(id: "A", units: [.init(code: "D3.01")]), Learner(id: "B")]
        let lazy = Array(Self.evaluator.evaluate(learners))
        #expect(lazy.map { $0.map(\.learner) } == [Array(repeating: "A", count: 7), Array(repeating: "B", count: 7)])
        let stream = AsyncStream<Learner> { c in
            learners.forEach { c.yield($0) }; c.finish()
        }
        var got: [[EvaluationResult]] = []
        // The deprecated overload, called through a protocol so that its test does not warn.
        let deprecated = Self.evaluator as any DeprecatedAsyncOverload
        for try await r in deprecated.evaluate(stream, options: .init()) { got.append(r) }
        #expect(got == lazy)
    }

    @Test func onlySelectedQualifications() throws {
        let e = try Evaluator(
            catalog: Self.registry.catalog, only: ["601/3698/4", "d3-certificate-professional-workplace-coaches"])
        #expect(
            e.qualifications.map(\.id) == [
                "8578-certificate-coaching-mentoring", "d3-certificate-professional-workplace-coaches"
            ])
        #expect(throws: EvaluatorError.self) { try Evaluator(catalog: Self.registry.catalog, only: ["nope"]) }
    }

    @Test func generatorIsDeterministic() {
        let a = LearnerGenerator(catalog: Self.registry.catalog, seed: 5)
        let b = LearnerGenerator(catalog: Self.registry.catalog, seed: 5)
        #expect((0..<500).map { a.learner($0) } == (0..<500).map { b.learner($0) })
        let c = LearnerGenerator(catalog: Self.registry.catalog, seed: 6)
        #expect((0..<50).map { a.learner($0) } != (0..<50).map { c.learner($0) })
    }

    @Test func generatedSetHasTheAdvertisedMix() {
        let g = LearnerGenerator(catalog: Self.registry.catalog, seed: 1)
        let results = (0..<4000).map { Self.evaluator.evaluate(g.learner($0)) }
        let achievedAny = results.filter { $0.contains { $0.achieved } }.count
        let codes = Set(results.flatMap { $0.flatMap { $0.unmet.map(\.code) } })
        #expect(achievedAny > 400 && achievedAny < 3600)
        for c: UnmetCode in [
            .practiceHours, .missingMandatoryUnit, .groupMinCredits, .tutorialHours, .registrationClosed
        ] {
            #expect(codes.contains(c), "\(c)")
        }
        #expect((0..<4000).contains { g.learner($0).assessments.count > 1 })
    }
}

/// `Evaluator`'s deprecated async-sequence overload, still tested while it exists.
protocol DeprecatedAsyncOverload {
    func evaluate<S: AsyncSequence & Sendable>(_ learners: S, options: EvaluationOptions)
        -> AsyncThrowingStream<[EvaluationResult], any Error> where S.Element == Learner
}

extension Evaluator: DeprecatedAsyncOverload {}
