import ArgumentParser
import Foundation
import QualKit
import QualKitCredentials

#if canImport(Glibc)
    import Glibc
#endif

/// The most a key or issuer profile file may hold: each is a few hundred bytes.
let smallFileLimit = 1 << 20

/// Reads a whole small file (a key, an issuer profile) of at most `smallFileLimit` bytes, or says why not
/// (`/dev/zero` given as a key is an error, not a read that never ends).
func readSmallFile(_ path: String, what: String) throws -> Data {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw CLIError("cannot read the \(what) '\(path)': \(FileReadProblem.reason(path))")
    }
    defer { try? handle.close() }
    let data: Data
    do { data = try handle.read(upToCount: smallFileLimit + 1) ?? Data() } catch {
        throw CLIError("cannot read the \(what) '\(path)': \(FileReadProblem.reason(path))")
    }
    guard data.count <= smallFileLimit else {
        throw CLIError(
            "the \(what) '\(path)' holds more than 1 MiB; "
                + "a key or issuer profile is a few hundred bytes: give the right file"
        )
    }
    return data
}

enum FileReadProblem {
    /// Why `path` cannot be read, in a few words.
    static func reason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "it is a directory" }
        return "permission denied or not a readable file"
    }
}

struct Achievements: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "achievements",
        abstract: "Write each qualification as an Open Badges 3.0 Achievement (JSON), derived from the packs.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, jsonl }

    @Option(help: "json: one array, indented; jsonl: one achievement a line.")
    var format: Format = .json

    @Option(
        name: .customLong("qualification"),
        help: ArgumentHelp("Only this qualification (id or QAN); repeatable.", valueName: "ID"))
    var qualifications: [String] = []

    @OptionGroup var packs: PackOptions

    @Option(name: [.short, .long], help: "Write to FILE atomically instead of standard output.")
    var output: String?

    func run() throws {
        let catalog = try packs.registry().catalog
        var achievements = Achievement.all(in: catalog)
        if !qualifications.isEmpty {
            var ids = Set<QualificationID>()
            for key in qualifications {
                guard let q = catalog.qualification(key) else {
                    throw UsageError("\(EvaluatorError.unknownQualification(QualificationID(key)))")
                }
                ids.insert(q.id)
            }
            achievements = catalog.families.flatMap { family in
                family.qualifications.filter { ids.contains($0.id) }.map {
                    Achievement($0, in: family, units: catalog.unitsByCode)
                }
            }
        }
        let encoder = JSONEncoder()
        var bytes: [UInt8] = []
        switch format {
        case .json:
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            bytes = Array(try encoder.encode(achievements)) + [0x0A]
        case .jsonl:
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for achievement in achievements { bytes += Array(try encoder.encode(achievement)) + [0x0A] }
        }
        let out = try AtomicOutput(path: output)
        do {
            try out.write(bytes)
            try out.commit()
        } catch {
            out.abandon()
            throw error
        }
    }
}

struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract:
            "Make an Ed25519 key pair for signing credentials: a private JWK (mode 0600) and NAME.pub.jwk beside it.")

    @Option(
        name: [.short, .long],
        help: "The private key file to write (key.jwk); the public key goes beside it (key.pub.jwk).")
    var output: String

    @Flag(help: "Replace key files that exist (a replaced private key cannot sign for credentials already issued).")
    var force = false

    /// The public key's file beside the private key's: `key.jwk` → `key.pub.jwk`.
    static func publicPath(_ path: String) -> String {
        (path.hasSuffix(".jwk") ? String(path.dropLast(4)) : path) + ".pub.jwk"
    }

    func run() throws {
        let publicPath = Self.publicPath(output)
        if !force {
            for path in [output, publicPath] where FileManager.default.fileExists(atPath: path) {
                throw CLIError(
                    "'\(path)' exists; QualKit does not replace a key unless asked: give another name, or --force")
            }
        }
        let key = SigningKey.generate()
        let secret = try AtomicOutput(path: output, mode: 0o600)
        let pub = try AtomicOutput(path: publicPath)
        do {
            try secret.write(Array(key.privateJWK))
            try pub.write(Array(key.verificationKey.publicJWK))
            try secret.commit()
        } catch {
            secret.abandon()
            pub.abandon()
            throw error
        }
        do { try pub.commit() } catch {
            pub.abandon()
            unlink(output) // no private key without its public half
            throw error
        }
        Console.err(
            "qualkit: wrote \(output) (private key, mode 0600: keep it secret) and \(publicPath) (public key); "
                + "thumbprint \(key.verificationKey.thumbprint)")
    }
}

struct Credentials: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Issue a signed Open Badges 3.0 credential (VC-JWT, Ed25519) for each achieved result.",
        discussion: """
            Writes one line per achieved result: {"learner": …, "qualification": …, "credential": "<compact JWS>"}.
            validFrom is the day the last counted unit or mark sheet was achieved, so every counted unit needs a date.
            All or nothing: a rejected record, an undated achievement or a bad key or profile writes no file (exit 1).
            """)

    @Option(
        help: ArgumentHelp("The issuer: an Open Badges 3.0 Profile as JSON (id, type, name, …).", valueName: "FILE"))
    var issuer: String

    @Option(help: ArgumentHelp("The private key (a JWK from qualkit keygen).", valueName: "FILE"))
    var key: String

    @Argument(help: "Learner file (JSON Lines or CSV; - for standard input).")
    var file: String

    @Option(name: .customLong("learner"), help: ArgumentHelp("Only this learner; repeatable.", valueName: "ID"))
    var learners: [String] = []

    @Flag(name: .customLong("plain-identity"), help: "Write learner ids as they are, not hashed with a salt.")
    var plainIdentity = false

    @Option(
        name: .customLong("valid-until"),
        help: ArgumentHelp("Credentials expire at the start of this day (UTC).", valueName: "YYYY-MM-DD"),
        transform: CalendarDate.argument)
    var validUntil: CalendarDate?

    @Option(name: .customLong("input-format"), help: "Input format: auto (by file name: .csv is CSV), jsonl or csv.")
    var inputFormat: Evaluate.InputFormat = .auto

    @OptionGroup var packs: PackOptions

    @Option(name: [.short, .long], help: "Write to FILE atomically instead of standard output.")
    var output: String?

    func run() throws {
        let signingKey: SigningKey
        let profile: Profile
        do {
            signingKey = try SigningKey(jwk: try readSmallFile(key, what: "key"), file: key)
            profile = try Profile(json: try readSmallFile(issuer, what: "issuer profile"), file: issuer)
        } catch let error as CredentialError { throw CLIError(error.message) }
        let registry = try packs.registry()
        let evaluator = try Evaluator(catalog: registry.catalog, limits: packs.limits.evaluation)
        let issuing = CredentialIssuer(
            profile: profile, key: signingKey, evaluator: evaluator,
            options: .init(hashIdentity: !plainIdentity, validUntil: validUntil))
        let reader = LearnerReader(
            lines: try LearnerInput.open(file),
            format: LearnerInput.isCSV(file, inputFormat) ? .csv : .jsonLines)
        let wanted = Set(learners)
        var found = Set<String>()
        let workspace = evaluator.makeWorkspace()
        // A file is written as credentials are issued and renamed into place only if all went well; standard
        // output gets nothing until then.
        let toFile = output != nil && output != "-"
        let out = try AtomicOutput(path: toFile ? output : nil)
        var held: [UInt8] = []
        var failures = 0
        var issued = 0
        var learnersIssued = 0
        do {
            for record in reader {
                switch record.learner {
                case .failure(let error):
                    failures += 1
                    Console.err(error.description)
                case .success(let learner):
                    if !wanted.isEmpty {
                        guard wanted.contains(learner.id.rawValue) else { continue }
                        found.insert(learner.id.rawValue)
                    }
                    let credentials: [IssuedCredential]
                    do { credentials = try issuing.credentials(for: learner, in: workspace) } catch {
                        failures += 1
                        Console.err("\(reader.name):\(record.line): error: \(error.message)")
                        continue
                    }
                    if !credentials.isEmpty { learnersIssued += 1 }
                    for credential in credentials where failures == 0 {
                        if toFile { try out.write(Array(credential.jsonLine)) } else { held += credential.jsonLine }
                    }
                    issued += credentials.count
                }
            }
            for id in learners where !found.contains(id) {
                failures += 1
                Console.err("qualkit: no learner of '\(file)' has the id '\(id)'")
            }
            if failures > 0 {
                Console.err(
                    "qualkit: \(failures) error\(failures == 1 ? "" : "s") above; "
                        + "no credentials written (fix them and run again)"
                )
                throw ExitCode(1)
            }
            if issued == 0 {
                throw CLIError(
                    "no learner of '\(file)' has an achieved result; there is nothing to issue, and no file was written"
                )
            }
            if !toFile { try out.write(held) }
            try out.commit()
        } catch {
            out.abandon()
            throw error
        }
        Console.err(
            "qualkit: issued \(issued) credential\(issued == 1 ? "" : "s") "
                + "for \(learnersIssued) learner\(learnersIssued == 1 ? "" : "s")"
        )
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Verify credentials: signature, Open Badges 3.0 structure and @context, validity dates; with --learners, "
            + "that each still follows from the learner's record.",
        discussion:
            "Reads the lines qualkit credentials writes, or a file holding one token. Exit status 1 if any fails.")

    @Option(help: ArgumentHelp("The issuer's public key (key.pub.jwk).", valueName: "FILE"))
    var key: String

    @Argument(help: "The credentials file (JSON Lines from qualkit credentials), or a file holding one compact JWS.")
    var file: String

    @Option(
        name: .customLong("learners"),
        help: ArgumentHelp(
            "Also check that each credential follows from its learner's record in FILE under the packs given.",
            valueName: "FILE"))
    var learnerFile: String?

    @Option(
        name: .customLong("input-format"), help: "Format of --learners: auto (by file name: .csv is CSV), jsonl or csv."
    )
    var inputFormat: Evaluate.InputFormat = .auto

    @OptionGroup var packs: PackOptions

    func run() throws {
        let verificationKey: VerificationKey
        do { verificationKey = try VerificationKey(jwk: try readSmallFile(key, what: "key"), file: key) } catch let
            error as CredentialError
        {
            throw CLIError(error.message)
        }
        let verifier = CredentialVerifier(key: verificationKey)
        guard let stream = fopen(file, "r") else {
            throw CLIError("cannot read the credentials file '\(file)': \(FileReadProblem.reason(file))")
        }
        defer { fclose(stream) }
        var records: [String: Learner] = [:]
        var evaluator: Evaluator?
        if let learnerFile {
            evaluator = try Evaluator(catalog: try packs.registry().catalog, limits: packs.limits.evaluation)
            let reader = LearnerReader(
                lines: try LearnerInput.open(learnerFile),
                format: LearnerInput.isCSV(learnerFile, inputFormat) ? .csv : .jsonLines)
            for record in reader {
                if case .success(let learner) = record.learner, records[learner.id.rawValue] == nil {
                    records[learner.id.rawValue] = learner
                }
            }
        }
        var checked = 0
        var failed = 0
        var number = 0
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        while getline(&buffer, &capacity, stream) >= 0, let buffer {
            number += 1
            let line = Self.trimmed(String(cString: buffer))
            if line.isEmpty { continue }
            checked += 1
            func fail(_ message: String) {
                failed += 1
                Console.err("\(file):\(number): error: \(message)")
            }
            var token = line
            var learnerID: String?
            if line.hasPrefix("{") {
                guard let entry = try? JSONDecoder().decode(CredentialLine.self, from: Data(line.utf8)) else {
                    fail(
                        "[malformed-token] not a line of qualkit credentials: expected "
                            + "{\"learner\": …, \"qualification\": …, \"credential\": \"<JWS>\"}"
                    )
                    continue
                }
                token = entry.credential
                learnerID = entry.learner
            }
            do {
                let credential = try verifier.verify(token)
                if let evaluator {
                    guard let id = learnerID, let learner = records[id] else {
                        fail(
                            "[not-supported-by-record] no record in '\(learnerFile ?? "")' "
                                + "for learner '\(learnerID ?? "?")'"
                        )
                        continue
                    }
                    try verifier.check(credential, learner: learner, evaluator: evaluator)
                }
            } catch { fail(error.description) }
        }
        if ferror(stream) != 0 { throw CLIError("cannot read the credentials file '\(file)': \(systemReason())") }
        if checked == 0 { throw CLIError("'\(file)' holds no credential") }
        Console.err(
            "qualkit: \(checked - failed) of \(checked) credential\(checked == 1 ? "" : "s") verified"
                + (learnerFile == nil ? "" : " and supported by the learners' records"))
        if failed > 0 { throw ExitCode(1) }
    }

    struct CredentialLine: Decodable {
        var learner: String?
        var credential: String
    }

    /// `text` without ASCII spaces, tabs and line ends at either end.
    static func trimmed(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = bytes.firstIndex(where: { !space($0) }), let last = bytes.lastIndex(where: { !space($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
