import Foundation
import Testing

/// `qualkit keygen`, `achievements`, `credentials` and `verify`, as a script runs them: exit status,
/// files written or not, and no key material in any message.
@Suite("qualkit credentials", .serialized)
struct CredentialsCLITests {
    static let samples = CLITests.repo.appendingPathComponent("Samples")

    /// A fresh folder with a key pair from `keygen`.
    static func folderWithKeys() throws -> URL {
        let dir = try CLITests.temporaryDirectory()
        let r = try CLITests.run(["keygen", "-o", "key.jwk"], in: dir)
        #expect(r.status == 0, "\(r.err)")
        return dir
    }

    static func secret(in dir: URL) throws -> String {
        let jwk = try JSONDecoder().decode(
            [String: String].self, from: Data(contentsOf: dir.appendingPathComponent("key.jwk")))
        return try #require(jwk["d"])
    }

    @Test func keygenWritesAPrivateKeyOnlyItsOwnerReadsAndRefusesToReplaceIt() throws {
        let dir = try Self.folderWithKeys()
        defer { try? FileManager.default.removeItem(at: dir) }
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("key.jwk").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let pub = try JSONDecoder().decode(
            [String: String].self, from: Data(contentsOf: dir.appendingPathComponent("key.pub.jwk")))
        #expect(pub["kty"] == "OKP" && pub["crv"] == "Ed25519" && pub["d"] == nil)
        let again = try CLITests.run(["keygen", "-o", "key.jwk"], in: dir)
        #expect(again.status == 1 && again.err.contains("exists"))
        let secret = try Self.secret(in: dir)
        #expect(!again.err.contains(secret))
        let forced = try CLITests.run(["keygen", "-o", "key.jwk", "--force"], in: dir)
        #expect(forced.status == 0)
        #expect(try Self.secret(in: dir) != secret)
    }

    @Test func achievementsAreTheSameFromRunToRun() throws {
        let first = try CLITests.run(["achievements"])
        let second = try CLITests.run(["achievements"])
        #expect(first.status == 0 && first.out == second.out)
        let array = try JSONSerialization.jsonObject(with: Data(first.out.utf8)) as? [[String: Any]]
        #expect(array?.count == 7)
        let sample = try String(contentsOf: Self.samples.appendingPathComponent("achievements.json"), encoding: .utf8)
        #expect(first.out == sample, "Samples/achievements.json is `qualkit achievements -o Samples/achievements.json`")
    }

    @Test func issuedCredentialsVerifyAndTheRecordSupportsThem() throws {
        let dir = try Self.folderWithKeys()
        defer { try? FileManager.default.removeItem(at: dir) }
        let learners = Self.samples.appendingPathComponent("learners-credentials.jsonl").path
        let issue = try CLITests.run(
            [
                "credentials", "--issuer", Self.samples.appendingPathComponent("issuer.json").path,
                "--key", "key.jwk", "-o", "credentials.jsonl", learners
            ], in: dir)
        #expect(issue.status == 0, "\(issue.err)")
        #expect(issue.err.contains("issued 4 credentials for 4 learners"))
        let lines = try String(contentsOf: dir.appendingPathComponent("credentials.jsonl"), encoding: .utf8).split(
            separator: "\n")
        #expect(lines.count == 4 && lines.allSatisfy { $0.hasPrefix(#"{"learner":""#) })
        let verify = try CLITests.run(
            ["verify", "--key", "key.pub.jwk", "--learners", learners, "credentials.jsonl"], in: dir)
        #expect(verify.status == 0, "\(verify.err)")
        // One token alone in a file.
        let line = try JSONDecoder().decode([String: String].self, from: Data(lines[0].utf8))
        try Data((line["credential"]! + "\n").utf8).write(to: dir.appendingPathComponent("one.jwt"))
        #expect(try CLITests.run(["verify", "--key", "key.pub.jwk", "one.jwt"], in: dir).status == 0)
        // One changed byte, another key, a record that no longer supports it: exit 1, each named.
        var changed = Array(line["credential"]!)
        changed[changed.count / 2] = changed[changed.count / 2] == "A" ? "B" : "A"
        try Data((String(changed) + "\n").utf8).write(to: dir.appendingPathComponent("changed.jwt"))
        let tampered = try CLITests.run(["verify", "--key", "key.pub.jwk", "changed.jwt"], in: dir)
        #expect(
            tampered.status == 1 && tampered.err.contains("changed.jwt:1: error: [bad-signature]"), "\(tampered.err)")
        _ = try CLITests.run(["keygen", "-o", "other.jwk"], in: dir)
        let other = try CLITests.run(["verify", "--key", "other.pub.jwk", "credentials.jsonl"], in: dir)
        #expect(other.status == 1 && other.err.contains("[other-key]") && other.err.contains("0 of 4"), "\(other.err)")
        let fewer = dir.appendingPathComponent("fewer.jsonl")
        try String(contentsOfFile: learners, encoding: .utf8).replacingOccurrences(
            of: #"{"code":"8577-303","achieved":"2013-10-01"}"#, with: #"{"code":"8577-303"}"#
        )
        .write(to: fewer, atomically: true, encoding: .utf8)
        let unsupported = try CLITests.run(
            ["verify", "--key", "key.pub.jwk", "--learners", fewer.path, "credentials.jsonl"], in: dir)
        #expect(unsupported.status == 1 && unsupported.err.contains("[not-supported-by-record]"), "\(unsupported.err)")
    }

    /// Each bad input of issue #27: exit 1, one clear sentence, no file written, no key material shown.
    @Test func badInputIsRefusedAndNothingIsWritten() throws {
        let dir = try Self.folderWithKeys()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = try Self.secret(in: dir)
        try Data(#"{"id":"centre","type":["Profile"]}"#.utf8).write(to: dir.appendingPathComponent("bad-issuer.json"))
        try Data(#"{"id":"N1","units":[{"code":"8577-300","achieved":"2013-06-01"}]}"#.utf8 + [0x0A])
            .write(to: dir.appendingPathComponent("none.jsonl"))
        let undated =
            #"{"id":"U1","induction_hours":1,"tutorial_hours":2,"units":[{"code":"8577-300"},"#
            + #"{"code":"8577-301","hours":6},{"code":"8577-303"}]}"#
        try Data((undated + "\n").utf8).write(to: dir.appendingPathComponent("undated.jsonl"))
        try Data(repeating: 0x20, count: 2 << 20).write(to: dir.appendingPathComponent("big.jwk"))
        let issuer = Self.samples.appendingPathComponent("issuer.json").path
        let learners = Self.samples.appendingPathComponent("learners-credentials.jsonl").path
        let cases: [(String, [String], String)] = [
            (
                "a missing key", ["--issuer", issuer, "--key", "missing.jwk", learners],
                "cannot read the key 'missing.jwk': no such file"
            ),
            ("a public key to sign with", ["--issuer", issuer, "--key", "key.pub.jwk", learners], "is a public key"),
            (
                "a malformed issuer", ["--issuer", "bad-issuer.json", "--key", "key.jwk", learners],
                "not an absolute URI"
            ),
            ("no achieved result", ["--issuer", issuer, "--key", "key.jwk", "none.jsonl"], "has an achieved result"),
            (
                "an undated achievement", ["--issuer", issuer, "--key", "key.jwk", "undated.jsonl"],
                "undated.jsonl:1: error:"
            ),
            (
                "an unknown learner", ["--issuer", issuer, "--key", "key.jwk", "--learner", "nobody", learners],
                "'nobody'"
            ),
            ("a 2 MiB key file", ["--issuer", issuer, "--key", "big.jwk", learners], "holds more than 1 MiB"),
            (
                "a directory as the issuer", ["--issuer", ".", "--key", "key.jwk", learners],
                "cannot read the issuer profile '.'"
            )
        ]
        for (name, args, expected) in cases {
            let r = try CLITests.run(["credentials"] + args + ["-o", "out.jsonl"], in: dir)
            #expect(r.status == 1, "\(name): \(r.err)")
            #expect(r.err.contains(expected), "\(name): \(r.err)")
            #expect(!r.err.contains(secret), "\(name)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.jsonl").path), "\(name)")
        }
        // Expired: issued to expire on a day gone by.
        let expiring = try CLITests.run(
            [
                "credentials", "--issuer", issuer, "--key", "key.jwk", "--valid-until", "2020-01-01",
                "--learner", "C01-award-coaching", "-o", "old.jsonl", learners
            ], in: dir)
        #expect(expiring.status == 0, "\(expiring.err)")
        let expired = try CLITests.run(["verify", "--key", "key.pub.jwk", "old.jsonl"], in: dir)
        #expect(expired.status == 1 && expired.err.contains("[expired]"), "\(expired.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(
            files == [
                "bad-issuer.json", "big.jwk", "key.jwk", "key.pub.jwk", "none.jsonl", "old.jsonl", "undated.jsonl"
            ])
    }
}
