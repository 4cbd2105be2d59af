import Testing
@testable import QualKitLearners
@testable import QualKitCore
import QualKitEngine
import QualKitSpecs

/// CSV rows grouped as they come are loaded straight into the engine's workspace (the fast path); the
/// general path builds a `Learner` for each. Both must give the same bytes, diagnostics and counts.
@Suite("CSV into the workspace")
struct CSVWorkspaceTests {
    static let evaluator = try! Evaluator(catalog: PackRegistry.bundled().catalog)

    /// Everything observable about evaluating `csv`: the output, the diagnostics and the counts.
    func observe(
        _ csv: String, format: ResultFormat, loadsWorkspace: Bool, asOf: CalendarDate? = nil,
        fields: [ResultField]? = nil
    ) -> String {
        var pipeline = BatchPipeline(evaluator: Self.evaluator, format: format, threads: 1)
        pipeline.asOf = asOf
        pipeline.fields = fields
        let reader = LearnerCSVReader(maximumRowBytes: 4096)
        let items = reader.items(LineReader(bytes: Array(csv.utf8), name: "l.csv", maximumLineLength: 4096))
        var out: [UInt8] = []
        var diagnostics: [String] = []
        let report = pipeline.run(
            items, file: "l.csv", write: { out += Array($0) }, diagnose: { diagnostics.append($0) },
            loadsWorkspace: loadsWorkspace)
        return "\(report.evaluated) evaluated, \(report.rejected) rejected, \(report.warnings) warnings\n"
            + "\(report.summary.render())\n\(diagnostics.joined(separator: "\n"))\n"
            + String(decoding: out, as: UTF8.self)
    }

    static let header =
        "learner,unit,achieved,hours,exception_kind,exception_unit,exception_for,exception_requirement,"
        + "exception_until,exception_qualification,exception_version,exception_reason\n"

    static let files: [String] = [
        "learner,unit,achieved,hours\nL1,8577-300,2013-06-01,\nL1,8577-301,,6\nL1,8577-303,2013-07-01,2\nL2,8578-300,,\n",
        "unit,learner\n8577-300, L1 \n8577-301,L1\n\n8577-300,L2\n",
        "learner,unit,hours\nA,8577-300,x\nA,8577-301,\nB,,\n,8577-300,\nC,8577-300,1e308\nD,8577-301,6.5\n",
        "learner,unit\nA,8577-300\nB,8577-300\nA,8577-301\nA,8577-303\nC,8578-300\n",
        "learner,unit\nA,\"8577-300\nB,8577-301\nC,8577-300\n",
        "learner,unit\n\"A\nB\",8577-300\n\"=cmd,\"\"x\"\"\",8577-301\n\"q\\\\\",X999-000\n+1,8577-300\n",
        "learner,unit,achieved\nÉcole,8577-300,2013-01-01\nE\u{301}cole,8577-301,June\n\u{1F600},8577-300,\n",
        "learner,unit\nA,8577-300\nA,8577-300,extra\nB,8577-301\nB\n",
        header
            + "L1,8577-300,2013-06-01,,,,,,,,,\nL1,,,,exempt,8577-301,,,,,,RPL\nL1,,,,waive,,,tutorial-hours,,,,adjusted\n"
            + "L2,,,,exempt,8577-999,,,,,,typo\nL2,8577-300,,,,,,,,,,\nL3,8577-300,,,substitute,8578-300,8577-301,,,,,x\n"
            + "L4,,,,exempt,8577-301,,,,nope,,\nL5,8577-301,,,,,,,,,,\nL5,,,,extend,,,completion-window,2030-01-01,8577-award-coaching,,ok\n"
            + "L6,,,,exempt,8577-300,,,,,,unused\n"
    ]

    @Test(arguments: [ResultFormat.jsonl, .csv, .table])
    func theWorkspacePathAgreesWithLearnerValues(format: ResultFormat) {
        for csv in Self.files {
            let fast = observe(csv, format: format, loadsWorkspace: true)
            let general = observe(csv, format: format, loadsWorkspace: false)
            #expect(fast == general, "\(csv)")
        }
    }

    /// The generator's learners, with dates, as of a day and with every field.
    @Test func onGeneratedLearnersBothPathsAgree() {
        let gen = LearnerGenerator(catalog: PackRegistry.bundledCatalogForTests, seed: 7)
        var bytes = Array(LearnerGenerator.csvHeader.utf8)
        for i in 0..<400 { gen.appendCSV(gen.learner(i), to: &bytes) }
        let csv = String(decoding: bytes, as: UTF8.self)
        for format in [ResultFormat.jsonl, .csv] {
            for asOf in [nil, CalendarDate(year: 2015, month: 6, day: 30)] {
                let fields: [ResultField]? = format == .csv ? ResultField.allCases : nil
                #expect(
                    observe(csv, format: format, loadsWorkspace: true, asOf: asOf, fields: fields)
                        == observe(csv, format: format, loadsWorkspace: false, asOf: asOf, fields: fields))
            }
        }
    }
}
