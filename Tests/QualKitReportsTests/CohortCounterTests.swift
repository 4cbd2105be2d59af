import Foundation
import Testing
import QualKit
@testable import QualKitReports

/// The dashboard counted in the pipeline's workers (`CohortCounter`, merged by
/// `CohortStatisticsBuilder.merge`) against the general path (`CohortStatisticsBuilder.add` over
/// `EvaluationResult` values): the same statistics, and the same results for the worksheets selected.
@Suite("Cohort counter")
struct CohortCounterTests {
    /// A generated cohort (a fixture: `LearnerGenerator`, seed 7, a fifth with exceptions) with rejected
    /// records and blank lines among the learners.
    static func cohortFile(learners: Int) throws -> URL {
        let generator = LearnerGenerator(catalog: Fixtures.registry.catalog, seed: 7, exceptionRate: 0.2)
        var bytes: [UInt8] = []
        for index in 0..<learners {
            if index % 211 == 3 {
                bytes += Array(#"{"id":"bad\#(index)","registered":"01/02/2013"}"#.utf8) + [0x0A]
            }
            if index % 503 == 0 { bytes += [0x20, 0x0A] }
            if index % 997 == 1 { bytes += Array(#"{"id":"#.utf8) + [0x0A] }
            LearnerGenerator.appendJSON(generator.learner(index), to: &bytes)
        }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("qualkit-cohort-\(UUID().uuidString).jsonl")
        try Data(bytes).write(to: file)
        return file
    }

    /// The worksheets the general path would write: the records that `selection` selects, in order.
    static func selected(_ records: [EvaluatedRecord], _ selection: WorksheetSelection) -> [CohortCounter.Candidate] {
        var chosen: [CohortCounter.Candidate] = []
        for record in records {
            guard case .success(let results) = record.results,
                selection.selects(results, written: chosen.count)
            else { continue }
            chosen.append(CohortCounter.Candidate(line: record.line, results: results))
        }
        return chosen
    }

    /// Counts the records of `reader` in the workers, in small batches (so that line numbers count from
    /// several batches and chunks), merging as `qualkit report` does; returns the statistics and the
    /// worksheets chosen.
    static func counted(
        _ reader: LearnerReader, asOf: CalendarDate?, selection: WorksheetSelection,
        listLimit: Int
    ) -> (CohortStatistics, [CohortCounter.Candidate]) {
        let evaluator = Fixtures.evaluator
        var builder = CohortStatisticsBuilder(evaluator: evaluator, asOf: asOf, listLimit: listLimit)
        var pipeline = BatchPipeline(evaluator: evaluator, format: .table, threads: 2)
        pipeline.asOf = asOf
        pipeline.batchBytes = 64 << 10
        pipeline.batchLines = 300
        pipeline.makeCounter = {
            CohortCounter(evaluator: evaluator, asOf: asOf, listLimit: listLimit, selection: selection, messages: true)
        }
        var chosen: [CohortCounter.Candidate] = []
        _ = pipeline.run(
            reader.lineReader,
            counted: { counter, linesBefore in
                let counter = counter as! CohortCounter
                builder.merge(counter, linesBefore: linesBefore)
                for candidate in counter.candidates where selection.selects(candidate.results, written: chosen.count) {
                    chosen.append(
                        CohortCounter.Candidate(line: candidate.line + linesBefore, results: candidate.results))
                }
            }, diagnose: { _ in })
        return (builder.statistics, chosen)
    }

    /// Every figure is the same by both paths, with and without an as-of day, for a mapped file and for a
    /// pipe (whose lines are numbered by the reader, not per chunk); the learners selected for worksheets
    /// get the results the general path gives them.
    @Test(arguments: [nil, CalendarDate(year: 2016, month: 6, day: 30)])
    func theWorkerCountsAgreeWithTheGeneralPath(asOf: CalendarDate?) throws {
        let file = try Self.cohortFile(learners: 6000)
        defer { try? FileManager.default.removeItem(at: file) }
        let listLimit = 7
        let selection = WorksheetSelection(notAchievedOnly: true, limit: 40)
        var general = CohortStatisticsBuilder(evaluator: Fixtures.evaluator, asOf: asOf, listLimit: listLimit)
        var records: [EvaluatedRecord] = []
        Fixtures.evaluator.evaluate(try LearnerReader(path: file.path), options: EvaluationOptions(asOf: asOf)) {
            general.add($0)
            records.append($0)
        }
        let expected = general.statistics
        // The cohort has every kind of figure.
        #expect(expected.rejected.count > 20)
        #expect(!expected.exceptionsUsed.isEmpty)
        #expect(expected.qualifications.allSatisfy { $0.achieved.count > 0 && !$0.blocking.isEmpty })
        #expect(expected.qualifications.contains { !$0.oneUnitAway.items.isEmpty })
        if asOf != nil { #expect(expected.qualifications.contains { $0.deadlines.contains { $0.learners.count > 0 } }) }
        let worksheets = Self.selected(records, selection)
        #expect(worksheets.count == 40)

        let mapped = Self.counted(
            try LearnerReader(path: file.path), asOf: asOf, selection: selection,
            listLimit: listLimit)
        #expect(mapped.0 == expected)
        #expect(mapped.1.map(\.line) == worksheets.map(\.line))
        #expect(mapped.1.map(\.results) == worksheets.map(\.results))

        let pipe = Pipe()
        let bytes = try Data(contentsOf: file)
        let writer = pipe.fileHandleForWriting
        DispatchQueue.global().async {
            writer.write(bytes)
            try? writer.close()
        }
        let piped = Self.counted(
            LearnerReader(fileHandle: pipe.fileHandleForReading, format: .jsonLines),
            asOf: asOf, selection: selection, listLimit: listLimit)
        #expect(piped.0.qualifications == expected.qualifications)
        #expect(piped.0.exceptionsUsed == expected.exceptionsUsed)
        #expect(piped.0.rejected.items.map(\.line) == expected.rejected.items.map(\.line))
        #expect(piped.0.rejected.count == expected.rejected.count)
        #expect(piped.1.map(\.line) == worksheets.map(\.line))
    }

    /// Records that hold nothing of some or all of the qualifications, with and without the figures the
    /// failed checks report (hours, registration dates inside and outside the windows, a late unit of
    /// another qualification, hours short of a unit), each many times.
    static let holdingNothing = [
        #"{"id":"N1"}"#,
        #"{"id":"N2","registered":"2013-02-01"}"#,
        #"{"id":"N3","registered":"2019-01-01","induction_hours":0.5,"tutorial_hours":0}"#,
        #"{"id":"N4","registered":"2010-01-01","induction_hours":2}"#,
        #"{"id":"N5","units":[{"code":"8577-300"}]}"#,
        #"{"id":"N6","registered":"2013-02-01","units":[{"code":"8577-301","hours":2}]}"#,
        #"{"id":"N7","registered":"2013-02-01","units":[{"code":"8578-300","achieved":"2030-01-01"}]}"#,
        #"{"id":"N8","registered":"2016-03-01","tutorial_hours":9,"units":[{"code":"8577-399"}]}"#
    ]

    /// Learners who hold nothing of a qualification are counted under the requirements named once per set
    /// (`FlatBlocking`'s sets): every figure is still the general path's, whatever else the learner's
    /// record holds, with and without an as-of day (which decides whether an expired deadline is named).
    @Test(arguments: [nil, CalendarDate(year: 2016, month: 6, day: 30), CalendarDate(year: 2031, month: 1, day: 1)])
    func learnersHoldingNothingAgreeWithTheGeneralPath(asOf: CalendarDate?) throws {
        let generator = LearnerGenerator(catalog: Fixtures.registry.catalog, seed: 11, exceptionRate: 0.1)
        var bytes: [UInt8] = []
        for index in 0..<1500 {
            let record = Self.holdingNothing[index % Self.holdingNothing.count]
                .replacingOccurrences(of: #""id":"N"#, with: #""id":"N\#(index)-"#)
            bytes += Array(record.utf8) + [0x0A]
            if index % 5 == 0 { LearnerGenerator.appendJSON(generator.learner(index), to: &bytes) }
        }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("qualkit-nothing-\(UUID().uuidString).jsonl")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let listLimit = 5
        var general = CohortStatisticsBuilder(evaluator: Fixtures.evaluator, asOf: asOf, listLimit: listLimit)
        Fixtures.evaluator.evaluate(try LearnerReader(path: file.path), options: EvaluationOptions(asOf: asOf)) {
            general.add($0)
        }
        let expected = general.statistics
        #expect(expected.qualifications.allSatisfy { !$0.blocking.isEmpty })
        let counted = Self.counted(
            try LearnerReader(path: file.path), asOf: asOf, selection: WorksheetSelection(), listLimit: listLimit)
        #expect(counted.0 == expected)
    }

    /// Outcomes of one qualification that share a `Workspace.unmetKey` name the same requirements (code and
    /// subject) in the same order, whether they hold nothing of it or some of its units, and whether the
    /// evaluator keeps the units held (`Workspace.keepsMasks`, as the report's counter asks) or the key
    /// works them out, and as of a day past date limits with the units counted achieved in time; adjusted
    /// outcomes have no key.
    @Test func outcomesWithOneUnmetKeyNameTheSameRequirements() throws {
        let evaluator = Fixtures.evaluator
        let generator = LearnerGenerator(catalog: Fixtures.registry.catalog, seed: 3, exceptionRate: 0.2)
        var learners = (0..<1500).map { generator.learner($0) }
        for record in LearnerReader(bytes: Array(Self.holdingNothing.joined(separator: "\n").utf8)) {
            learners.append(try record.learner.get())
        }
        typealias Named = [CohortStatisticsBuilder.BlockingKey]
        for (asOf, keepsMasks) in [(nil, false), (CalendarDate(year: 2016, month: 6, day: 30), false), (nil, true)] {
            let workspace = evaluator.makeWorkspace()
            workspace.asOf = asOf
            workspace.keepsMasks = keepsMasks
            var seen: [Int: [(key: [UInt64], named: Named)]] = [:]
            var nothing = 0, holding = 0, repeated = 0, pastLimitInTime = 0
            for learner in learners {
                evaluator.evaluate(learner, in: workspace) { outcome in
                    guard !outcome.achieved else { return }
                    let result = workspace.result(outcome, messages: false)
                    let named = result.unmet.map {
                        CohortStatisticsBuilder.BlockingKey(
                            code: $0.code, subject: CohortStatisticsBuilder.subject(of: $0))
                    }
                    let words = evaluator.unitMaskWords(qualification: outcome.qualificationIndex)
                    var key = [UInt64](repeating: 0, count: Workspace.unmetKeyLength(words: words))
                    let keyed = key.withUnsafeMutableBufferPointer {
                        workspace.unmetKey(outcome, words: words, into: $0.baseAddress!)
                    }
                    guard keyed else {
                        #expect(outcome.adjusted || !outcome.counted.isEmpty)
                        return
                    }
                    #expect(!outcome.adjusted)
                    let dateLimits = UnmetCode.certificationClosed.bit | UnmetCode.completionWindow.bit
                    if outcome.failedChecks & dateLimits != 0 && !outcome.counted.isEmpty { pastLimitInTime += 1 }
                    if result.countedUnits.isEmpty { nothing += 1 } else { holding += 1 }
                    if let earlier = seen[outcome.qualificationIndex]?.first(where: { $0.key == key }) {
                        repeated += 1
                        #expect(named == earlier.named, "\(learner.id) against \(result.qualification)")
                    } else {
                        seen[outcome.qualificationIndex, default: []].append((key, named))
                    }
                }
            }
            #expect(nothing > 1000 && holding > 1000 && repeated > 2000)
            #expect(asOf == nil || pastLimitInTime > 100)
        }
    }

    /// With fewer sets of requirements kept than the combinations a cohort holds, the outcomes past them are
    /// counted one requirement at a time: the same statistics as the general path's.
    @Test(arguments: [0, 1, 5])
    func countsPastTheSetsKeptAgreeWithTheGeneralPath(maximumSets: Int) throws {
        let file = try Self.cohortFile(learners: 2500)
        defer { try? FileManager.default.removeItem(at: file) }
        let listLimit = 4
        var general = CohortStatisticsBuilder(evaluator: Fixtures.evaluator, listLimit: listLimit)
        Fixtures.evaluator.evaluate(try LearnerReader(path: file.path)) { general.add($0) }
        let evaluator = Fixtures.evaluator
        var builder = CohortStatisticsBuilder(evaluator: evaluator, listLimit: listLimit)
        var pipeline = BatchPipeline(evaluator: evaluator, format: .table, threads: 2)
        pipeline.batchBytes = 64 << 10
        pipeline.makeCounter = {
            CohortCounter(
                evaluator: evaluator, asOf: nil, listLimit: listLimit, selection: WorksheetSelection(),
                messages: false, maximumSets: maximumSets)
        }
        _ = pipeline.run(
            try LearnerReader(path: file.path).lineReader,
            counted: { counter, linesBefore in builder.merge(counter as! CohortCounter, linesBefore: linesBefore) },
            diagnose: { _ in })
        #expect(builder.statistics == general.statistics)
    }

    /// A CSV learner file is counted from the engine's outcomes as JSON Lines is (`qualkit report` on CSV):
    /// the dashboard and the worksheets written are the general path's, for rows grouped as they come and in
    /// any order, with rejected rows, learners holding nothing of most qualifications, ids that need
    /// quoting, and more records than one hand-over of the counter.
    @Test(arguments: [nil, CalendarDate(year: 2016, month: 6, day: 30)])
    func aCSVFileIsCountedAsTheGeneralPathCountsIt(asOf: CalendarDate?) throws {
        let generator = LearnerGenerator(catalog: Fixtures.registry.catalog, seed: 5)
        var bytes = Array(LearnerGenerator.csvHeader.utf8)
        if bytes.last != 0x0A { bytes.append(0x0A) }
        for index in 0..<2600 {
            if index % 97 == 5 { bytes += Array("bad\(index),8577-300,31/31/2013,\n".utf8) }
            if index % 131 == 7 { bytes += Array("\"q,\"\"\(index)\"\"\",8578-300,,\n".utf8) }
            generator.appendCSV(generator.learner(index), to: &bytes)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qualkit-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("learners.csv")
        try Data(bytes).write(to: file)
        let selection = WorksheetSelection(notAchievedOnly: true, limit: 30)
        for grouping in [LearnerReader.CSVGrouping.contiguous, .anyOrder] {
            var general = CohortStatisticsBuilder(evaluator: Fixtures.evaluator, asOf: asOf, listLimit: 6)
            var records: [EvaluatedRecord] = []
            let options = EvaluationOptions(messages: true, asOf: asOf)
            let reader = try LearnerReader(path: file.path, csvGrouping: grouping)
            Fixtures.evaluator.evaluate(reader, options: options) {
                general.add($0)
                records.append($0)
            }
            let expected = general.statistics
            #expect(expected.learnersEvaluated > 2000 && expected.rejected.count > 20)
            let chosen = Self.selected(records, selection).map {
                ReportWriter.fileName(learner: $0.results[0].learner.rawValue, line: $0.line)
            }
            #expect(chosen.count == 30)

            var writer = ReportWriter(evaluator: Fixtures.evaluator, templates: .builtIn())
            writer.asOf = asOf
            writer.listLimit = 6
            writer.selection = selection
            let out = folder.appendingPathComponent("report-\(grouping)").path
            let summary = try writer.write(
                try LearnerReader(path: file.path, csvGrouping: grouping), file: "learners.csv", to: out)
            #expect(summary.statistics == expected)
            #expect(summary.worksheets == 30)
            let written = try FileManager.default.contentsOfDirectory(atPath: out + "/learners")
            #expect(Set(written) == Set(chosen + ["index.html"]))

            // Handed over every 300 records: the lists merged from several hand-overs.
            var builder = CohortStatisticsBuilder(evaluator: Fixtures.evaluator, asOf: asOf, listLimit: 6)
            var pipeline = BatchPipeline(evaluator: Fixtures.evaluator, format: .table, threads: 1)
            pipeline.asOf = asOf
            pipeline.batchLines = 300
            pipeline.makeCounter = {
                CohortCounter(
                    evaluator: Fixtures.evaluator, asOf: asOf, listLimit: 6, selection: selection, messages: true)
            }
            var handOvers = 0
            let csv = try LearnerReader(path: file.path, csvGrouping: grouping)
            _ = pipeline.run(
                csv.csvItems(), file: csv.name,
                counted: { counter, linesBefore in
                    builder.merge(counter as! CohortCounter, linesBefore: linesBefore)
                    handOvers += 1
                }, diagnose: { _ in })
            #expect(handOvers > 5)
            #expect(builder.statistics == expected)
        }
    }

    /// Lists merged from parts keep the learners of the lowest lines, whatever the order of merging.
    @Test func mergedListsKeepTheFirstLines() {
        func list(_ lines: [Int]) -> CappedList<LearnerReference> {
            CappedList(
                count: lines.count,
                items: lines.map { LearnerReference(learner: LearnerID("L\($0)"), line: $0) })
        }
        var forward = list([1, 4]), backward = list([20, 30, 40])
        forward.merge(list([2, 3, 9]), linesBefore: 10, limit: 4)
        #expect(forward.items.map(\.line) == [1, 4, 12, 13] && forward.count == 5)
        backward.merge(list([1, 5]), linesBefore: 0, limit: 3)
        #expect(backward.items.map(\.line) == [1, 5, 20] && backward.count == 5)
        var rejected = CappedList<RejectedRecord>()
        for line in [9, 3, 7, 1] { rejected.insert(RejectedRecord(file: "f", line: line, message: "m"), limit: 3) }
        #expect(rejected.items.map(\.line) == [1, 3, 7] && rejected.count == 4)
    }
}
