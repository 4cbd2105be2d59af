import Foundation
import Testing

/// The documentation's command lines are checked like its code: every command of a ```sh (or ```bash)
/// block of README and the DocC articles is run with the built `qualkit`, against copies of the samples and
/// the packs, and must succeed; and every `qualkit …` written inline in an article names a subcommand and
/// options that exist.
@Suite("Documented commands", .serialized)
struct DocumentedCommandTests {
    static let repo = CLITests.repo

    /// README and every DocC article.
    static let documents: [String] = {
        let sources = repo.appendingPathComponent("Sources")
        let fm = FileManager.default
        var out = ["README.md"]
        for module in ((try? fm.contentsOfDirectory(atPath: sources.path)) ?? []).sorted() {
            for catalogue in ((try? fm.contentsOfDirectory(atPath: sources.appendingPathComponent(module).path)) ?? [])
                .sorted()
            where catalogue.hasSuffix(".docc") {
                let dir = "Sources/\(module)/\(catalogue)"
                for file in ((try? fm.contentsOfDirectory(atPath: repo.appendingPathComponent(dir).path)) ?? [])
                    .sorted()
                where file.hasSuffix(".md") { out.append("\(dir)/\(file)") }
            }
        }
        return out
    }()

    /// The commands of a document's shell blocks, with the line each starts on: continuation lines joined,
    /// comments removed.
    static func shellCommands(_ markdown: String) -> [(line: Int, text: String)] {
        var out: [(line: Int, text: String)] = []
        var inBlock = false
        var pending: (line: Int, text: String)?
        for (i, raw) in markdown.components(separatedBy: "\n").enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if !inBlock {
                if ["```sh", "```bash", "```shell"].contains(trimmed) { inBlock = true }
                continue
            }
            if trimmed == "```" { inBlock = false; continue }
            var line = withoutComment(raw).trimmingCharacters(in: .whitespaces)
            let continues = line.hasSuffix("\\")
            if continues { line = String(line.dropLast()).trimmingCharacters(in: .whitespaces) }
            if var p = pending { p.text += " " + line; pending = p } else if !line.isEmpty { pending = (i + 1, line) }
            if !continues, let p = pending { out.append(p); pending = nil }
        }
        return out
    }

    /// `line` without a comment: from a `#` that follows a space, outside quotes.
    static func withoutComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (offset, c) in line.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#", previous == " " {
                return String(line.prefix(offset))
            }
            previous = c
        }
        return line
    }

    /// Commands that build or test QualKit itself: this test runs on what they built, so they are not run.
    static let buildCommands = ["swift build", "swift test", "swift package", "bash .ci/run"]

    /// The command as the sandbox runs it, or nil for a build command. `swift run [-c release] qualkit` is
    /// the built `qualkit` (on the sandbox's PATH, and `$Q`); a million generated learners become a
    /// thousand, which shows the same.
    static func prepared(_ command: String) -> String? {
        if buildCommands.contains(where: { command.hasPrefix($0) }) { return nil }
        return
            command
            .replacingOccurrences(of: "swift run -c release qualkit", with: "qualkit")
            .replacingOccurrences(of: "swift run qualkit", with: "qualkit")
            .replacingOccurrences(of: "--learners 1000000", with: "--learners 1000")
    }

    /// A directory holding copies of `Samples/` and `Specs/`, `learners.jsonl` (the sample learners) and
    /// `edited/` (a copy of `Specs/` for the diff examples), with `qualkit` on its PATH.
    static func sandbox(_ binary: URL) throws -> URL {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("qk-commands-\(UUID().uuidString)")
        try fm.createDirectory(at: dir.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: dir.appendingPathComponent("bin/qualkit"), withDestinationURL: binary)
        for folder in ["Samples", "Specs"] {
            try fm.copyItem(at: repo.appendingPathComponent(folder), to: dir.appendingPathComponent(folder))
        }
        try fm.copyItem(at: repo.appendingPathComponent("Specs"), to: dir.appendingPathComponent("edited"))
        try fm.copyItem(
            at: repo.appendingPathComponent("Samples/learners.jsonl"), to: dir.appendingPathComponent("learners.jsonl"))
        return dir
    }

    static func shell(_ command: String, in dir: URL) throws -> CLITests.Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        let bin = dir.appendingPathComponent("bin").path
        env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["Q"] = bin + "/qualkit"
        env["EDITOR"] = "true" // README's "$EDITOR edited/…": the edit itself is the reader's
        p.environment = env
        let out = Pipe()
        let errFile = dir.appendingPathComponent(".stderr")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let err = try FileHandle(forWritingTo: errFile)
        defer { try? err.close() }
        p.standardOutput = out
        p.standardError = err // a file, so that a large error output cannot stall the command
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let e = (try? Data(contentsOf: errFile)) ?? Data()
        return CLITests.Run(
            status: p.terminationStatus, out: String(decoding: o, as: UTF8.self),
            err: String(decoding: e, as: UTF8.self))
    }

    @Test(arguments: documents)
    func shellCommandsRun(_ document: String) throws {
        let text = try String(contentsOf: Self.repo.appendingPathComponent(document), encoding: .utf8)
        let commands = Self.shellCommands(text)
        guard !commands.isEmpty else { return }
        let binary = try #require(CLITests.binary, "build the qualkit product first (swift build)")
        let dir = try Self.sandbox(binary)
        defer { try? FileManager.default.removeItem(at: dir) }
        var ran = 0
        for (line, command) in commands {
            guard let prepared = Self.prepared(command) else { continue }
            let r = try Self.shell(prepared, in: dir)
            ran += 1
            #expect(r.status == 0, "\(document):\(line): `\(command)` exited with \(r.status):\n\(r.err.suffix(2000))")
        }
        #expect(ran > 0, "\(document): every command was a build command")
    }

    /// Inline code of the articles that starts with `qualkit `: its subcommand and each `--option`.
    static func inlineCommands(_ markdown: String) -> [(line: Int, subcommand: String, options: [String])] {
        var out: [(line: Int, subcommand: String, options: [String])] = []
        for (i, line) in markdown.components(separatedBy: "\n").enumerated() {
            let spans = line.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            for span in spans where span.hasPrefix("qualkit ") {
                let words = span.split(separator: " ").map(String.init)
                guard words.count >= 2, words[1].first?.isLetter == true else { continue }
                let options = words.dropFirst(2).filter { $0.hasPrefix("--") }.map { String($0.prefix { $0 != "=" }) }
                out.append((i + 1, words[1], options))
            }
        }
        return out
    }

    @Test(arguments: documents)
    func inlineCommandsNameRealOptions(_ document: String) throws {
        let text = try String(contentsOf: Self.repo.appendingPathComponent(document), encoding: .utf8)
        var help: [String: CLITests.Run] = [:]
        for (line, subcommand, options) in Self.inlineCommands(text) {
            if help[subcommand] == nil { help[subcommand] = try CLITests.run([subcommand, "--help"]) }
            let h = help[subcommand]!
            #expect(h.status == 0, "\(document):\(line): 'qualkit \(subcommand)' is not a command")
            for option in options {
                #expect(
                    h.out.contains(option + " ") || h.out.contains(option + "\n") || h.out.contains(option + ","),
                    "\(document):\(line): 'qualkit \(subcommand)' has no option \(option)")
            }
        }
    }

    /// The extraction itself: continuation lines, comments, and what is not run.
    @Test func commandsAreReadAsAShellReadsThem() {
        let md =
            """
            ```sh\n$Q validate   # the packs\nswift package x \\\n  --target A\necho '#not a \
            comment'\n```\n```swift\nlet x = 1\n```\n
            """
        let commands = Self.shellCommands(md)
        #expect(commands.map(\.text) == ["$Q validate", "swift package x --target A", "echo '#not a comment'"])
        #expect(commands.map(\.line) == [2, 3, 5])
        #expect(Self.prepared("swift package x --target A") == nil)
        #expect(Self.prepared("swift run -c release qualkit evaluate x") == "qualkit evaluate x")
        #expect(Self.inlineCommands("`qualkit validate --specs DIR` and `--x`").map(\.options) == [["--specs"]])
    }
}
