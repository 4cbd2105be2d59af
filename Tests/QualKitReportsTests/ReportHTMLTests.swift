import Foundation
import Testing
import QualKit
@testable import QualKitReports

@Suite("HTML report", .serialized)
struct ReportHTMLTests {
    static let hostile = #"<script>alert("x")</script> & 'quoted' "double""#
    static let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &quot;double&quot;"

    static func temporaryFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// A worksheet and a dashboard whose every text (ids, titles, sentences, units, file name) is hostile.
    static func hostilePages() -> (worksheet: String, dashboard: String) {
        let who = LearnerReference(learner: LearnerID(hostile), line: 3)
        let list = CappedList(count: 2, items: [who])
        let block = WorksheetBlock(
            kind: RuleKind("mandatory-units"), sentence: hostile, status: .partlyMet,
            units: [WorksheetUnit(code: UnitCode(hostile), name: hostile, held: false)],
            progress: WorksheetProgress(measure: .credits, held: 1, required: 3),
            unmet: [hostile],
            children: [WorksheetBlock(kind: nil, sentence: hostile, status: .notFollowed)])
        let q = QualificationWorksheet(
            qualification: QualificationID(hostile), title: hostile, achieved: false, credits: 1, requiredCredits: 3,
            creditsSentence: hostile, route: RouteLabel(hostile), blocks: [block], otherUnmet: [hostile],
            stillNeeded: [hostile], next: [UnitCode(hostile)], deadline: CalendarDate(year: 2030, month: 1, day: 1),
            exceptionsApplied: [hostile], warnings: [hostile],
            unchecked: [UncheckedCheck(code: .tutorialHours, summary: hostile)], explanation: [hostile])
        let sheet = LearnerWorksheet(learner: LearnerID(hostile), line: 3, qualifications: [q])
        let statistics = CohortStatistics(
            learnersEvaluated: 2,
            rejected: CappedList(count: 1, items: [RejectedRecord(file: hostile, line: 9, message: hostile)]),
            asOf: CalendarDate(year: 2029, month: 12, day: 1),
            qualifications: [
                QualificationStatistics(
                    qualification: QualificationID(hostile), title: hostile, evaluated: 2, achieved: list,
                    blocking: [
                        BlockingRequirement(
                            code: .missingMandatoryUnit, subjectID: hostile, subject: hostile,
                            learners: list)
                    ],
                    completingUnits: [CompletingUnit(unit: UnitCode(hostile), name: hostile, learners: list)],
                    oneUnitAway: list, deadlines: [DeadlineWindow(days: 30, learners: list)])
            ],
            exceptionsUsed: [ExceptionUse(kind: .exempt, learners: list)], listLimit: 1)
        let templates = ReportTemplates.builtIn()
        let worksheet = templates.render(
            "worksheet",
            ReportContext.worksheet(
                sheet, file: hostile, dashboardHref: "../index.html", indexHref: "index.html"))
        let dashboard = templates.render(
            "dashboard",
            ReportContext.dashboard(
                statistics, file: hostile, link: { _ in "learners/x.html" }, worksheetIndexHref: nil, worksheetCount: 0)
        )
        return (worksheet, dashboard)
    }

    /// Every id, title and message is escaped: no `<script>` element, no raw quote to break an attribute,
    /// and the text shows as written.
    @Test func everyTextIsEscaped() {
        let pages = Self.hostilePages()
        for page in [pages.worksheet, pages.dashboard] {
            #expect(!page.contains("<script>alert"))
            #expect(!page.contains(#"alert("x")"#))
            #expect(!page.contains("'quoted'"))
            #expect(page.contains(Self.escaped))
        }
        #expect(pages.worksheet.components(separatedBy: Self.escaped).count > 10)
        #expect(pages.dashboard.components(separatedBy: Self.escaped).count > 8)
    }

    /// The built-in templates are the files of Sources/QualKitReports/Templates (embedded by
    /// scripts/embed-report-templates.py), and every name of the contract is there.
    @Test func builtInTemplatesAreTheTemplateFiles() throws {
        let folder = Fixtures.repo.appendingPathComponent("Sources/QualKitReports/Templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ReportTemplates.fileNames.sorted())
        for name in files {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(
                ReportTemplates.defaultFiles[name].map { $0 + "\n" } == text,
                "\(name) differs from the embedded copy: run python3 scripts/embed-report-templates.py")
        }
    }

    /// A centre's template folder: a file replaces the default of its name; a template that does not parse
    /// is named with its line and column; a file that is no template, and a stylesheet that would close
    /// `<style>`, are errors naming the file.
    @Test func templateFolderErrorsNameTheFile() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "body { color: #000000; } /* centre branding */"
            .write(toFile: dir + "/style.css", atomically: true, encoding: .utf8)
        let branded = try ReportTemplates(folder: dir)
        #expect(branded.render("learners", ["page": 1]).contains("centre branding"))

        try "<p>\n{{#open}}\n</p>\n".write(toFile: dir + "/worksheet.mustache", atomically: true, encoding: .utf8)
        #expect { try ReportTemplates(folder: dir) } throws: { error in
            let failure = error as? ReportTemplates.Failure
            return failure?.file == dir + "/worksheet.mustache" && failure?.line != nil
                && failure?.description.contains("does not parse") == true
        }
        try FileManager.default.removeItem(atPath: dir + "/worksheet.mustache")
        try "x".write(toFile: dir + "/dashbord.mustache", atomically: true, encoding: .utf8)
        #expect { try ReportTemplates(folder: dir) } throws: { error in
            "\(error)".contains("dashbord.mustache: error: not a report template")
        }
        try FileManager.default.removeItem(atPath: dir + "/dashbord.mustache")
        try "p {} </style><script>x</script>".write(toFile: dir + "/style.css", atomically: true, encoding: .utf8)
        #expect { try ReportTemplates(folder: dir) } throws: { error in "\(error)".contains("'</style'") }
        #expect { try ReportTemplates(folder: dir + "/none") } throws: { error in
            "\(error)".contains("no such template folder")
        }
    }

    /// A worksheet's file name holds only safe characters, is unique by line, and never starts with a dot.
    @Test(arguments: [
        ("L1", 2, "L1-2.html"), ("../../etc/passwd", 5, "_._.._etc_passwd-5.html"),
        (#"<script>"&'"#, 7, "_script____-7.html"), (".hidden", 1, "_hidden-1.html"),
        ("é", 3, "_-3.html")
    ])
    func worksheetFileNamesAreSafe(id: String, line: Int, expected: String) {
        #expect(ReportWriter.fileName(learner: id, line: line) == expected)
    }

    /// The report folder: written whole; an earlier report replaced; a folder that is not a report
    /// refused and left as it was; nothing temporary left beside it either way.
    @Test func theReportFolderIsWrittenWholeOrNotAtAll() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = #"{"id":"A&B","units":[{"code":"8577-300"}]}"# + "\n" + #"{"id":"<b>","units":[]}"# + "\n"
        var writer = ReportWriter(evaluator: Fixtures.evaluator, templates: .builtIn())
        writer.selection = WorksheetSelection(all: true)
        let out = dir + "/report"
        let first = try writer.write(LearnerReader(text: text), file: "x.jsonl", to: out)
        #expect(first.worksheets == 2)
        let learners = try FileManager.default.contentsOfDirectory(atPath: out + "/learners").sorted()
        #expect(learners == ["A_B-1.html", "_b_-2.html", "index.html"])
        let dashboard = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(dashboard.contains(#"<a href="learners/A_B-1.html">A&amp;B</a>"#))

        writer.selection = WorksheetSelection(learners: ["<b>"])
        let second = try writer.write(LearnerReader(text: text), file: "x.jsonl", to: out)
        #expect(second.worksheets == 1)
        let kept = try FileManager.default.contentsOfDirectory(atPath: out + "/learners").sorted()
        #expect(kept == ["_b_-2.html", "index.html"])

        let foreign = dir + "/mine"
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try "keep".write(toFile: foreign + "/notes.txt", atomically: true, encoding: .utf8)
        #expect { try writer.write(LearnerReader(text: text), file: "x.jsonl", to: foreign) } throws: { error in
            "\(error)".contains("is not a QualKit report")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: foreign) == ["notes.txt"])
        let nowhere = dir + "/no/such/parent"
        #expect { try writer.write(LearnerReader(text: text), file: "x.jsonl", to: nowhere) } throws: { error in
            "\(error)".contains("does not exist")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["mine", "report"])
    }

    /// The worksheet index is paged: page 1 links to page 2 and back, and lists the learners in order.
    @Test func theWorksheetIndexIsPaged() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let count = 7
        let text = (1...count).map { #"{"id":"L\#($0)"}"# }.joined(separator: "\n")
        var writer = ReportWriter(evaluator: Fixtures.evaluator, templates: .builtIn())
        writer.pageSize = 5
        writer.selection = WorksheetSelection(limit: count)
        _ = try writer.write(LearnerReader(text: text), file: "x.jsonl", to: dir + "/r")
        let page1 = try String(contentsOfFile: dir + "/r/learners/index.html", encoding: .utf8)
        let page2 = try String(contentsOfFile: dir + "/r/learners/index-2.html", encoding: .utf8)
        #expect(page1.contains(#"href="index-2.html" rel="next""#) && !page1.contains(#"rel="prev""#))
        #expect(page2.contains(#"href="index.html" rel="prev""#) && !page2.contains(#"rel="next""#))
        #expect(page2.contains("Learners 6 to 7"))
        #expect(page1.contains(#"<a href="L5-5.html">L5</a>"#) && !page1.contains("L6-6.html"))
    }

    /// Whether python3 can import html5lib: without it the parser test is skipped, unless CI=true.
    static let html5libAvailable: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import html5lib"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// An independent HTML5 parser (Python's html5lib, strict) finds no error in any page: the report of
    /// the sample learners (dashboard, every worksheet, the index) and the hostile pages.
    @Test(
        .enabled(
            if: html5libAvailable || ProcessInfo.processInfo.environment["CI"] == "true",
            "needs python3 with html5lib (pip install html5lib); .ci/run installs it"))
    func everyPageParsesAsHTML5() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var writer = ReportWriter(evaluator: Fixtures.evaluator, templates: .builtIn())
        writer.selection = WorksheetSelection(all: true)
        writer.asOf = CalendarDate(year: 2015, month: 6, day: 30)
        let samples = Fixtures.repo.appendingPathComponent("Samples/learners.jsonl").path
        _ = try writer.write(LearnerReader(path: samples), file: "Samples/learners.jsonl", to: dir + "/r")
        let pages = Self.hostilePages()
        try pages.worksheet.write(toFile: dir + "/r/hostile-worksheet.html", atomically: true, encoding: .utf8)
        try pages.dashboard.write(toFile: dir + "/r/hostile-dashboard.html", atomically: true, encoding: .utf8)
        let script = """
            import glob, sys, html5lib
            files = sorted(glob.glob(sys.argv[1] + "/**/*.html", recursive=True))
            bad = 0
            for f in files:
                parser = html5lib.HTMLParser(strict=False)
                parser.parse(open(f, "rb").read())
                for (line, col), code, data in parser.errors:
                    bad += 1
                    print("%s:%d:%d: %s %s" % (f, line, col, code, data))
            print("parsed", len(files))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir + "/r"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(text == "parsed 56\n", "\(text)")
    }
}
