import ArgumentParser
import Foundation
import QualKit

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
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
        let files =
            PackSchema.schemaFiles + [
                TextFile(name: LearnerRecordSchema.schemaFileName, text: LearnerRecordSchema.jsonSchema)
            ]
        try AtomicOutput.writeFiles(
            files.map { .init(name: $0.name, bytes: Array($0.text.utf8)) }, into: output, replacing: true)
        for file in files { Console.out((output as NSString).appendingPathComponent(file.name)) }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
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
        guard !packID.isEmpty, packID.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }), packID != ".",
            packID != ".."
        else {
            throw UsageError("'\(packID)' cannot be a pack id (letters, digits, '-', '_' and '.'); give one with --id")
        }
        let files = PackTemplate.files(id: packID)
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CLIError(
                "cannot write a pack into '\(directory)': it is a file, not a directory; give a new directory")
        }
        if let clash = files.first(where: {
            fm.fileExists(atPath: (directory as NSString).appendingPathComponent($0.name))
        }) {
            throw UsageError("'\(directory)' already holds \(clash.name); give an empty or new directory")
        }
        // The schema first (only the files not there yet), then the pack as one set: a failure at any point
        // leaves no pack file, so that running init again works.
        let schemaDir = URL(fileURLWithPath: (directory as NSString).appendingPathComponent(PackTemplate.schemaBase))
            .standardizedFileURL.path
        let schemas = PackSchema.schemaFiles.filter {
            !fm.fileExists(atPath: (schemaDir as NSString).appendingPathComponent($0.name))
        }
        if !schemas.isEmpty {
            try AtomicOutput.writeFiles(
                schemas.map { .init(name: $0.name, bytes: Array($0.text.utf8)) }, into: schemaDir, replacing: false)
        }
        try AtomicOutput.writeFiles(
            files.map { .init(name: $0.name, bytes: Array($0.text.utf8)) }, into: directory, replacing: false)
        let shown = schemaDir
        Console.err(
            """
            wrote a starter pack to \(directory) (the JSON Schema for editors is in \(shown)); edit it, then run: \
            qualkit validate \(directory)
            """
        )
    }
}
