import Foundation
import Synchronization
import QualKitCore
import QualKitLearners
#if canImport(Glibc)
    import Glibc
#endif

/// Which learners get a worksheet (`qualkit report --learner`, `--where`, `--limit`, `--all`).
package struct WorksheetSelection: Sendable {
    /// Only these learner ids (empty: any).
    package var learners: Set<String> = []
    /// Only learners with at least one qualification not achieved.
    package var notAchievedOnly = false
    /// At most this many worksheets, the first in input order.
    package var limit: Int?
    /// Every learner (with no other criterion).
    package var all = false

    package init(learners: Set<String> = [], notAchievedOnly: Bool = false, limit: Int? = nil, all: Bool = false) {
        self.learners = learners; self.notAchievedOnly = notAchievedOnly; self.limit = limit; self.all = all
    }

    /// Whether any worksheet is asked for.
    package var isEmpty: Bool { learners.isEmpty && !notAchievedOnly && limit == nil && !all }

    /// Whether a learner with the results `results` gets a worksheet, after `written` others.
    func selects(_ results: [EvaluationResult], written: Int) -> Bool {
        guard let first = results.first, mayChoose(learner: first.learner.rawValue, chosen: written) else {
            return false
        }
        return !notAchievedOnly || !results.allSatisfy(\.achieved)
    }

    /// Whether learner `learner` may get a worksheet after `chosen` others, before their results are known
    /// (`learner` is asked only when worksheets are asked for by id).
    func mayChoose(learner: @autoclosure () -> String, chosen: Int) -> Bool {
        guard !isEmpty else { return false }
        if let limit, chosen >= limit { return false }
        return learners.isEmpty || learners.contains(learner())
    }
}

/// Writes a report folder: the dashboard (`index.html`), a worksheet per selected learner under
/// `learners/`, and a paged index of the worksheets (`learners/index.html`, `index-2.html`, …), from one
/// streaming pass over the learner file.
///
/// Everything is written into a temporary folder beside the destination (`.NAME.qualkit-XXXXXX`) and
/// renamed into place at the end, so the destination is either the old report or the whole new one,
/// never half of one. A destination that exists must be empty or an earlier report (it holds the marker
/// file `.qualkit-report`), so that no other folder is ever replaced.
package struct ReportWriter {
    /// Set (to the signal's number) by a SIGINT, SIGTERM or SIGHUP handler (``stopOnSignals()``): the run
    /// stops at the next record, removes its temporary folder and throws.
    package static let interruption = Atomic<Int32>(0)

    /// Installs handlers for SIGINT, SIGTERM and SIGHUP that ask a running ``write(_:file:to:)`` to stop,
    /// so that an interrupted run leaves no temporary folder behind (the CLI calls it).
    package static func stopOnSignals() {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { received in ReportWriter.interruption.store(received, ordering: .relaxed) }
            sigaddset(&blocked, signalNumber)
        }
        // A parent may start us with them blocked (the mask is inherited): take them, so that a run can stop.
        pthread_sigmask(SIG_UNBLOCK, &blocked, nil)
    }

    /// The marker file that says a folder is a QualKit report (and may be replaced by a newer one).
    package static let marker = ".qualkit-report"

    package var evaluator: Evaluator
    package var templates: ReportTemplates
    package var asOf: CalendarDate?
    package var selection = WorksheetSelection()
    package var threads: Int?
    package var listLimit = 20
    /// Worksheets listed on each page of the worksheet index.
    package var pageSize = 500
    /// Called now and then (after each batch of records) with how far the file has been read and the
    /// worksheets written so far.
    package var progress: (_ read: ReadProgress, _ worksheets: Int) -> Void = { _, _ in }

    package init(evaluator: Evaluator, templates: ReportTemplates) {
        self.evaluator = evaluator
        self.templates = templates
    }

    /// What a run wrote.
    package struct Summary: Sendable {
        package var statistics: CohortStatistics
        package var worksheets: Int
        /// Learner ids given with `--learner` that no record has.
        package var missingLearners: [String]
    }

    /// A problem writing the report: one sentence, naming the path.
    package struct Failure: Error, CustomStringConvertible, Sendable {
        package var description: String
        init(_ description: String) { self.description = description }
    }

    /// Reads `reader` (named `file` on the pages), evaluates every record and writes the report to
    /// `directory`.
    package func write(_ reader: LearnerReader, file: String, to directory: String) throws -> Summary {
        let target = try Destination(directory)
        let folder = try target.makeTemporaryFolder()
        do {
            let summary = try fill(folder, reader: reader, file: file)
            try target.install(folder)
            return summary
        } catch {
            Destination.remove(folder)
            throw error
        }
    }

    private func fill(_ folder: String, reader: LearnerReader, file: String) throws -> Summary {
        let learnersFolder = folder + "/learners"
        guard mkdir(learnersFolder, 0o777) == 0 else { throw Failure("cannot create '\(learnersFolder)': \(reason())") }
        var builder = CohortStatisticsBuilder(evaluator: evaluator, asOf: asOf, listLimit: listLimit)
        var written = 0
        var worksheetLines = Set<Int>()
        var seenLearners = Set<String>()
        var index = IndexPager(folder: learnersFolder, templates: templates, pageSize: pageSize)
        let catalog = evaluator.catalog
        func stopIfInterrupted() throws {
            if ReportWriter.interruption.load(ordering: .relaxed) != 0 {
                throw Failure("interrupted; nothing was written (the report folder is as it was)")
            }
        }
        func writeWorksheet(_ results: [EvaluationResult], line: Int) throws {
            let sheet = LearnerWorksheet(results: results, catalog: catalog, line: line, asOf: asOf)
            let name = Self.fileName(learner: sheet.learner.rawValue, line: line)
            let page = templates.render(
                "worksheet",
                ReportContext.worksheet(
                    sheet, file: file, dashboardHref: "../index.html", indexHref: "index.html"))
            try Self.writeFile(learnersFolder + "/" + name, page)
            try index.add(
                .init(
                    learner: sheet.learner.rawValue, line: line, href: name,
                    achieved: sheet.qualifications.filter(\.achieved).count,
                    total: sheet.qualifications.count))
            written += 1
            worksheetLines.insert(line)
            if !selection.learners.isEmpty { seenLearners.insert(sheet.learner.rawValue) }
        }
        // Counted from the engine's outcomes (JSON Lines on every core, CSV on the calling thread); results are
        // built only for the learners a worksheet may be written for.
        try countInWorkers(reader, builder: &builder, worksheets: { written }) { counter, linesBefore in
            try stopIfInterrupted()
            for candidate in counter.candidates where selection.selects(candidate.results, written: written) {
                try writeWorksheet(candidate.results, line: candidate.line + linesBefore)
            }
        } progress: {
            progress($0, written)
        }
        try stopIfInterrupted()
        try index.finish()
        let statistics = builder.statistics
        let dashboard = templates.render(
            "dashboard",
            ReportContext.dashboard(
                statistics, file: file,
                link: { who in
                    guard worksheetLines.contains(who.line) else { return nil }
                    return "learners/" + Self.fileName(learner: who.learner.rawValue, line: who.line)
                },
                worksheetIndexHref: written > 0 ? "learners/index.html" : nil, worksheetCount: written))
        try Self.writeFile(folder + "/index.html", dashboard)
        try Self.writeFile(
            folder + "/" + Self.marker,
            "A report written by qualkit report; it may be replaced by the next.\n")
        if written == 0 { rmdir(learnersFolder) }
        let missing = selection.learners.subtracting(seenLearners).sorted()
        return Summary(statistics: statistics, worksheets: written, missingLearners: missing)
    }

    /// Evaluates the records of `reader` in a ``BatchPipeline`` whose workers count the dashboard's figures
    /// (``CohortCounter``; CSV is read and counted on the calling thread), adding each chunk's counts to
    /// `builder` in input order and handing the counter to `each` with the lines before its chunk, on the
    /// calling thread; `worksheets` says how many have been written, so that workers stop building results
    /// past the selection's limit.
    private func countInWorkers(
        _ reader: LearnerReader, builder: inout CohortStatisticsBuilder,
        worksheets: () -> Int, each: (CohortCounter, _ linesBefore: Int) throws -> Void,
        progress: @escaping (ReadProgress) -> Void
    ) throws {
        var pipeline = BatchPipeline(evaluator: evaluator, format: .table, threads: threads)
        pipeline.asOf = asOf
        if selection.all || (selection.notAchievedOnly && selection.limit == nil) {
            // Results are kept for a batch of learners: batches as small as when writing results.
            pipeline.batchBytes = 512 << 10
            pipeline.batchLines = 2048
        }
        let (evaluator, asOf, listLimit, selection) = (evaluator, asOf, listLimit, selection)
        let written = WorksheetCount()
        pipeline.makeCounter = {
            CohortCounter(
                evaluator: evaluator, asOf: asOf, listLimit: listLimit, selection: selection,
                messages: !selection.isEmpty, written: written)
        }
        var records = 0
        func counted(_ counter: any OutcomeCounter, linesBefore: Int) throws {
            guard let counter = counter as? CohortCounter else { preconditionFailure("a counter of another kind") }
            builder.merge(counter, linesBefore: linesBefore)
            records += counter.evaluated + counter.rejected.count
            let before = worksheets()
            try each(counter, linesBefore)
            written.add(worksheets() - before)
        }
        switch reader.format {
        case .jsonLines:
            _ = try pipeline.run(reader.lineReader, counted: counted, diagnose: { _ in }, progress: progress)
        case .csv:
            let lines = reader.lineReader
            _ = try pipeline.run(
                reader.csvItems(), file: reader.name,
                counted: { counter, linesBefore in
                    try counted(counter, linesBefore: linesBefore)
                    progress(ReadProgress(bytes: lines.bytesRead, total: lines.fileSize, records: records))
                }, diagnose: { _ in })
        }
    }

    /// A worksheet's file name: the id's letters, digits, `.`, `-` and `_` (others as `_`, at most 64),
    /// then the record's line, which makes it unique even for ids that differ only in other characters.
    package static func fileName(learner: String, line: Int) -> String {
        var safe = String(
            learner.unicodeScalars.prefix(64).map { scalar -> Character in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            })
        if safe.hasPrefix(".") { safe = "_" + safe.dropFirst() }
        return "\(safe)-\(line).html"
    }

    static func writeFile(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure("cannot write '\(path)': \(reason())") }
        defer { close(fd) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure("cannot write '\(path)': \(reason())") }
            bytes = bytes.dropFirst(n)
        }
    }

    /// The worksheet index, written a page at a time: a page is written once the next one is known to
    /// exist (for its "next" link), so memory holds one page.
    struct IndexPager {
        let folder: String
        let templates: ReportTemplates
        let pageSize: Int
        var page = 1
        var entries: [ReportContext.IndexEntry] = []
        var numbered = 0

        init(folder: String, templates: ReportTemplates, pageSize: Int) {
            self.folder = folder; self.templates = templates; self.pageSize = max(1, pageSize)
        }

        static func name(_ page: Int) -> String { page == 1 ? "index.html" : "index-\(page).html" }

        mutating func add(_ entry: ReportContext.IndexEntry) throws {
            if entries.count == pageSize { try flush(last: false) }
            entries.append(entry)
        }

        mutating func finish() throws { if !entries.isEmpty { try flush(last: true) } }

        private mutating func flush(last: Bool) throws {
            let context = ReportContext.learnerIndex(
                page: page, entries: entries, firstNumber: numbered + 1,
                previousHref: page > 1 ? Self.name(page - 1) : nil, nextHref: last ? nil : Self.name(page + 1),
                dashboardHref: "../index.html")
            try ReportWriter.writeFile(folder + "/" + Self.name(page), templates.render("learners", context))
            numbered += entries.count
            entries.removeAll(keepingCapacity: true)
            page += 1
        }
    }
}

func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

/// The report's folder: checked before anything is written, filled in a temporary folder beside it, and
/// put in place by renames.
struct Destination {
    let path: String
    let parent: String
    let base: String
    let exists: Bool

    init(_ directory: String) throws {
        guard !directory.isEmpty else { throw ReportWriter.Failure("no output folder given; give one with -o DIR") }
        let trimmed = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let slash = trimmed.lastIndex(of: "/")
        parent = slash.map { String(trimmed[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        base = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        path = trimmed
        guard base != "." && base != ".." else {
            throw ReportWriter.Failure("cannot write a report to '\(directory)'; name the folder itself")
        }
        var st = stat()
        guard lstat(parent, &st) == 0 else {
            throw ReportWriter.Failure(
                "cannot write '\(directory)': the folder '\(parent)' does not exist; create it first")
        }
        if lstat(trimmed, &st) == 0 {
            if st.st_mode & S_IFMT == S_IFLNK {
                throw ReportWriter.Failure("'\(directory)' is a symbolic link; give the folder it points to")
            }
            guard st.st_mode & S_IFMT == S_IFDIR else {
                throw ReportWriter.Failure("'\(directory)' is a file, not a folder; give a new or empty folder")
            }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: trimmed)) ?? []
            if !entries.isEmpty && !entries.contains(ReportWriter.marker) {
                throw ReportWriter.Failure(
                    "'\(directory)' holds files and is not a QualKit report (no "
                        + "\(ReportWriter.marker)); give a new or empty folder")
            }
            exists = true
        } else {
            exists = false
        }
    }

    func makeTemporaryFolder() throws -> String {
        var template = Array("\(parent)/.\(base).qualkit-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw ReportWriter.Failure("cannot write into '\(parent)': \(reason())")
        }
        let folder = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let mask = umask(0); umask(mask)
        chmod(folder, 0o777 & ~mask)
        return folder
    }

    /// Puts `folder` in place: renamed to the destination (replacing an empty one), or, over an earlier
    /// report, the old one renamed aside first and removed once the new one is in place.
    func install(_ folder: String) throws {
        if rename(folder, path) == 0 { return }
        guard exists, errno == ENOTEMPTY || errno == EEXIST else {
            throw ReportWriter.Failure("cannot put the report in '\(path)': \(reason())")
        }
        let aside = try makeTemporaryFolder() // an empty folder that the old report replaces
        guard rename(path, aside) == 0 else {
            let why = reason()
            rmdir(aside)
            throw ReportWriter.Failure("cannot replace the report in '\(path)': \(why)")
        }
        guard rename(folder, path) == 0 else {
            let why = reason()
            rename(aside, path)
            throw ReportWriter.Failure("cannot put the report in '\(path)': \(why)")
        }
        Self.remove(aside)
    }

    /// Removes a folder this writer made, with everything in it.
    static func remove(_ folder: String) {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
