import Foundation
import Testing

/// `qualkit report` end to end: the sample report kept current, hostile ids, exit status, and the pages
/// in a real browser (headless Chromium).
@Suite("qualkit report", .serialized)
struct ReportCLITests {
    /// Samples/report is the report of Samples/learners.jsonl as this build writes it
    /// (scripts/make-sample-report.sh regenerates it).
    @Test func sampleReportIsCurrent() throws {
        let dir = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report").path
        let r = try CLITests.run(["report", "-o", out, "--all", "Samples/learners.jsonl"], in: CLITests.repo)
        #expect(r.status == 0, "\(r.err)")
        let sample = CLITests.repo.appendingPathComponent("Samples/report").path
        let fm = FileManager.default
        let written = try #require(fm.subpaths(atPath: out)).filter { !$0.hasSuffix("learners") }.sorted()
        let kept = (fm.subpaths(atPath: sample) ?? []).filter { !$0.hasSuffix("learners") }.sorted()
        #expect(written == kept, "Samples/report is stale: run bash scripts/make-sample-report.sh")
        for name in written where kept.contains(name) {
            let a = fm.contents(atPath: out + "/" + name), b = fm.contents(atPath: sample + "/" + name)
            #expect(a == b, "Samples/report/\(name) is stale: run bash scripts/make-sample-report.sh")
        }
    }

    /// Learner ids with markup, quotes and `&` come out escaped; a rejected record is listed on the
    /// dashboard with its line and printed as FILE:LINE: error (exit 1); --learner names a missing id.
    @Test func hostileIdsAndRejectedRecords() throws {
        let dir = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("hostile.jsonl")
        try """
        {"id":"<script>alert('x')</script>","units":[{"code":"8577-300"}]}
        {"id":"\\"q\\" & <b>","units":[{"code":"8577-300"},{"code":"8577-301","hours":6},{"code":"8577-303"}]}
        {"id":"bad","registered":"01/02/2013"}

        """.write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("r").path
        let r = try CLITests.run([
            "report", "-o", out, "--where", "not-achieved",
            "--learner", "<script>alert('x')</script>", "--learner", "nobody", file.path
        ])
        #expect(r.status == 1)
        #expect(r.err.contains("hostile.jsonl:3: error: 'registered' is '01/02/2013'"))
        #expect(r.err.contains("no learner with id 'nobody'"))
        let dashboard = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(!dashboard.contains("<script>alert") && !dashboard.contains("<b>"))
        #expect(dashboard.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(dashboard.contains("&quot;q&quot; &amp; &lt;b&gt;"))
        #expect(dashboard.contains("<code>") && dashboard.contains(":3</code>"))
        let worksheets = try FileManager.default.contentsOfDirectory(atPath: out + "/learners").sorted()
        #expect(worksheets == ["_script_alert__x____script_-1.html", "index.html"])
        let usage = try CLITests.run(["report", "-o", out, "--limit", "-1", file.path])
        #expect(usage.status == 2)
    }

    /// Ctrl-C while a report is written: the run stops at the next record with exit status 130, and
    /// neither the report folder nor its temporary folder is left. The learners come through a FIFO, so
    /// that records arrive after the signal whatever the machine's speed.
    @Test func anInterruptedReportLeavesNothing() throws {
        let dir = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("learners.jsonl").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = ["report", "-o", dir.appendingPathComponent("r").path, "--all", fifo]
        let errors = dir.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        p.standardError = try FileHandle(forWritingTo: errors)
        try p.run()
        let writer = try #require(FileHandle(forWritingAtPath: fifo))
        let line = Data(#"{"id":"L1","units":[{"code":"8577-300"}]}"#.utf8 + [0x0A])
        // A blank line first (the reader's look at the first bytes for their encoding may use some of them).
        writer.write(Data(repeating: 0x20, count: 64) + Data([0x0A]))
        writer.write(line)
        // The temporary folder exists once the report is being written, after the handlers are installed.
        for _ in 0..<600
        where
            !(try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .contains { $0.hasPrefix(".r.qualkit-") })
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(p.processIdentifier, SIGINT)
        Thread.sleep(forTimeInterval: 0.3)
        for _ in 0..<50 { writer.write(line) }
        try writer.close()
        p.waitUntilExit()
        let said = try String(contentsOf: errors, encoding: .utf8)
        #expect(p.terminationStatus == 130, "\(said)")
        #expect(said.contains("interrupted; nothing was written"))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["learners.jsonl", "stderr.txt"])
    }

    // MARK: - Progress

    static let script: String? = ["/usr/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `command` (a shell command line) on a pseudo-terminal with util-linux `script`; returns what the
    /// terminal received.
    static func onTerminal(_ command: String, in dir: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(script))
        let typescript = dir.appendingPathComponent("typescript")
        p.arguments = ["-q", "-e", "-c", command, typescript.path]
        p.currentDirectoryURL = CLITests.repo
        p.standardInput = Pipe()
        p.standardOutput = Pipe()
        p.standardError = Pipe()
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return try String(contentsOf: typescript, encoding: .utf8)
    }

    /// On a terminal, `report` and `evaluate` draw a progress line on standard error (a bar with the
    /// percentage for a file, a running count for a pipe) and clear it before what they print next;
    /// `--no-progress`, or standard error not a terminal, draws none.
    @Test(.enabled(if: script != nil, "needs script (util-linux) for a pseudo-terminal"))
    func progressIsDrawnOnATerminalAndCleared() throws {
        let dir = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let q = try #require(CLITests.binary).path
        let clear = "\r\u{1B}[2K"
        let out = dir.appendingPathComponent("r").path
        let drawn = try Self.onTerminal("\(q) report -o \(out) Samples/learners.jsonl", in: dir)
        #expect(drawn.contains(clear + "[############################] 100%  52 learners  "), "\(drawn)")
        #expect(drawn.contains(" left" + clear + "wrote \(out)/index.html"), "\(drawn)")
        let quiet = try Self.onTerminal("\(q) report -o \(out) --no-progress Samples/learners.jsonl", in: dir)
        #expect(!quiet.contains("\u{1B}[2K") && quiet.contains("wrote \(out)/index.html"), "\(quiet)")
        let piped = try Self.onTerminal(
            "cat Samples/learners.jsonl | \(q) evaluate --format table -o \(dir.path)/t.txt -", in: dir)
        #expect(piped.contains(clear + "52 learners  ") && !piped.contains("%"), "\(piped)")
        let plain = try CLITests.run(["report", "-o", out, "Samples/learners.jsonl"], in: CLITests.repo)
        #expect(plain.status == 0 && !plain.err.contains("\u{1B}"), "\(plain.err)")
    }

    // MARK: - Chromium

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs headless Chromium on `page` with `arguments`; returns standard output and error, killed after
    /// 90 s.
    static func runChromium(_ arguments: [String], page: String, profile: URL) throws -> (out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(chromium))
        p.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0"
            ]
            + arguments + ["file://" + page]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let timer = DispatchWorkItem { p.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 90, execute: timer)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        timer.cancel()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// The lines of Chromium's log that report the page's console (a script error, a failed load).
    static func consoleLines(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
    }

    /// The pages in a real browser: no console message on the dashboard, a worksheet or the worksheet
    /// index (and a page with a broken script does give one, so the check can fail); the headings and
    /// counts are in the DOM after scripts ran; a worksheet prints to one or two A4 pages; screenshots
    /// are drawn.
    @Test(
        .enabled(
            if: chromium != nil || ProcessInfo.processInfo.environment["CI"] == "true",
            "needs Chromium (apt-get install chromium); .ci/run installs it"))
    func pagesRenderInHeadlessChromium() throws {
        let dir = try CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let profile = dir.appendingPathComponent("profile")
        let out = dir.appendingPathComponent("r").path
        let r = try CLITests.run(["report", "-o", out, "--all", "Samples/learners.jsonl"], in: CLITests.repo)
        #expect(r.status == 0, "\(r.err)")
        let worksheet = out + "/learners/S06-8578-mixed-groups-6.html"

        let dashboard = try Self.runChromium(["--dump-dom"], page: out + "/index.html", profile: profile)
        #expect(Self.consoleLines(dashboard.err).isEmpty, "\(Self.consoleLines(dashboard.err))")
        #expect(dashboard.out.contains("<h1>Cohort dashboard</h1>"))
        #expect(dashboard.out.contains("<strong>52</strong> learners evaluated"))
        #expect(dashboard.out.contains(#"<h2 id="q1-h">ILM Level 3 Award in Coaching (600/5782/8)</h2>"#))
        #expect(dashboard.out.contains("<h2 id=\"rejected\">Rejected records</h2>"))

        let sheet = try Self.runChromium(["--dump-dom"], page: worksheet, profile: profile)
        #expect(Self.consoleLines(sheet.err).isEmpty, "\(Self.consoleLines(sheet.err))")
        #expect(sheet.out.contains("<h1>Worksheet: S06-8578-mixed-groups</h1>"))
        #expect(sheet.out.contains("<h3>Still needed</h3>"))
        #expect(sheet.out.contains("7 of 10 credits from Group 1"))

        let index = try Self.runChromium(["--dump-dom"], page: out + "/learners/index.html", profile: profile)
        #expect(Self.consoleLines(index.err).isEmpty, "\(Self.consoleLines(index.err))")
        #expect(index.out.components(separatedBy: "<tr><td><a href=").count - 1 == 52)

        let broken = dir.appendingPathComponent("broken.html").path
        try "<!DOCTYPE html><html lang=\"en\"><title>x</title><script>noSuchFunction();</script></html>"
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let failing = try Self.runChromium(["--dump-dom"], page: broken, profile: profile)
        #expect(!Self.consoleLines(failing.err).isEmpty, "the console check saw no error on a broken page")

        let pdf = dir.appendingPathComponent("worksheet.pdf").path
        _ = try Self.runChromium(["--no-pdf-header-footer", "--print-to-pdf=\(pdf)"], page: worksheet, profile: profile)
        let bytes = try #require(FileManager.default.contents(atPath: pdf))
        let text = String(decoding: bytes, as: UTF8.self)
        let pages = text.matches(of: try Regex(#"/Type\s*/Page(?![s\w])"#)).count
        #expect((1...2).contains(pages), "the worksheet prints on \(pages) pages")
        let a4 = try #require(try Regex(#"/MediaBox \[0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\]"#).firstMatch(in: text))
        let width = Double(a4.output[1].substring ?? "") ?? 0, height = Double(a4.output[2].substring ?? "") ?? 0
        #expect(abs(width - 595.3) < 2 && abs(height - 841.9) < 2, "page size \(width) × \(height) points is not A4")

        for (page, name) in [(out + "/index.html", "dashboard.png"), (worksheet, "worksheet.png")] {
            let png = dir.appendingPathComponent(name).path
            _ = try Self.runChromium(["--window-size=1000,1400", "--screenshot=\(png)"], page: page, profile: profile)
            let picture = try #require(FileManager.default.contents(atPath: png))
            #expect(picture.starts(with: [0x89, 0x50, 0x4E, 0x47]) && picture.count > 20_000)
        }
    }
}
