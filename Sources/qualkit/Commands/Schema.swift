import ArgumentParser
import Foundation
import QualKit

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the JSON Schema of each pack file and of a learner record, for editor completion and checks.",
        discussion: """
            Writes pack.schema.json, units.schema.json, qualifications.schema.json and assessments.schema.json \
            (JSON Schema 2020-12) to DIR. Packs point at them with a first line such as \
            '# yaml-language-server: $schema=../schema/units.schema.json' (the YAML extension of VS Code and \
            other editors reads it). The schema comes from the same table as the loader's keys. Beside them, \
            learner.schema.json describes one record (one line) of a JSON Lines learner file, from the table \
            the learner readers use.
            """)

    @Option(name: [.short, .long], help: ArgumentHelp("Where to write the schema files.", valueName: "DIR"))
    var output: String = "schema"

    @Flag(help: "Print every key of every pack file as Markdown tables instead (CONTRIBUTING.md shows them).")
    var markdown = false

    @Flag(help: "Print every key of a learner record as Markdown tables instead (LearnerFiles.md shows them).")
    var learnerMarkdown = false

    func run() throws {
        if markdown { Console.outText(PackSchema.markdownKeyTable); return }
        if learnerMarkdown { Console.raw(1, LearnerRecordSchema.markdownKeyTable); return }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let files = PackSchema.schemaFiles + [TextFile(name: LearnerRecordSchema.schemaFileName, text: LearnerRecordSchema.jsonSchema)]
        for file in files {
            let path = (output as NSString).appendingPathComponent(file.name)
            do { try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                Console.err("qualkit: cannot write '\(path)': \(error.localizedDescription)")
                throw ExitCode(1)
            }
            Console.out(path)
        }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a spec pack: a valid pack with one of each construct, commented, to edit.",
        discussion: """
            Writes pack.yaml, units.yaml, qualifications.yaml and assessments.yaml to DIR (which must not \
            hold pack files yet) and the JSON Schema beside it (DIR/../schema) for editor completion. \
            Then edit the facts and run 'qualkit validate DIR'.
            """)

    @Argument(help: "The new pack's directory.")
    var directory: String

    @Option(help: "The pack's id (default: the directory's name).")
    var id: String?

    func run() throws {
        let fm = FileManager.default
        let packID = id ?? URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        guard !packID.isEmpty, packID.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }), packID != ".", packID != ".." else {
            throw UsageError("'\(packID)' cannot be a pack id (letters, digits, '-', '_' and '.'); give one with --id")
        }
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let files = PackTemplate.files(id: packID)
        if let clash = files.first(where: { fm.fileExists(atPath: (directory as NSString).appendingPathComponent($0.name)) }) {
            throw UsageError("'\(directory)' already holds \(clash.name); give an empty or new directory")
        }
        let schemaDir = (directory as NSString).appendingPathComponent(PackTemplate.schemaBase)
        try fm.createDirectory(atPath: schemaDir, withIntermediateDirectories: true)
        for schema in PackSchema.schemaFiles {
            let path = (schemaDir as NSString).appendingPathComponent(schema.name)
            if !fm.fileExists(atPath: path) { try Data(schema.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) }
        }
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file.name)
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        let shown = URL(fileURLWithPath: schemaDir).standardizedFileURL.path
        Console.err("wrote a starter pack to \(directory) (the JSON Schema for editors is in \(shown)); edit it, then run: qualkit validate \(directory)")
    }
}
