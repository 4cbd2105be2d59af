import Foundation
import QualKit
import QualKitCredentials
import Testing

/// QualKit's credentials checked by a verifier QualKit did not write: openbadgeslib 4.x (PyPI), through
/// `scripts/verify-credentials.py`, which also checks each member the Open Badges 3.0 data model requires
/// and that a credential changed by one byte, or checked with another key, is rejected.
///
/// `.ci/run` installs openbadgeslib in a virtual environment (`.build/openbadgeslib-venv`) and names its
/// Python in `QUALKIT_OPENBADGES_PYTHON`. Without it the test is skipped, unless CI=true.
@Suite("Credentials, independently verified")
struct IndependentVerifierTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A Python that imports openbadgeslib.ob3: the one CI names, the venv `.ci/run` makes, or python3.
    static let python: String? = {
        var candidates: [String] = []
        if let named = ProcessInfo.processInfo.environment["QUALKIT_OPENBADGES_PYTHON"] { candidates.append(named) }
        candidates.append(repo.appendingPathComponent(".build/openbadgeslib-venv/bin/python").path)
        candidates.append("python3")
        for candidate in candidates {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [candidate, "-c", "import openbadgeslib.ob3, cryptography"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { continue }
            p.waitUntilExit()
            if p.terminationStatus == 0 { return candidate }
        }
        return nil
    }()
    static let runsInCI = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(
        .enabled(
            if: python != nil || runsInCI,
            """
            needs openbadgeslib 4.x (pip install 'openbadgeslib>=4,<5', or bash .ci/run); \
            with CI=true it runs and fails without it
            """
        ))
    func openbadgeslibVerifiesEachBundledQualificationsCredentialAndRejectsChangedOnes() throws {
        let python = try #require(Self.python, "openbadgeslib 4.x is needed: pip install 'openbadgeslib>=4,<5'")
        let catalog = CredentialsTests.catalog
        let key = SigningKey.generate()
        let issuer = CredentialIssuer(
            profile: try Profile(
                json: Data(contentsOf: Self.repo.appendingPathComponent("Samples/issuer.json")),
                file: "Samples/issuer.json"),
            key: key, evaluator: CredentialsTests.evaluator)
        var lines = Data()
        for qualification in catalog.qualifications {
            let (learner, _) = try CredentialsTests.completer(of: qualification)
            for issued in try issuer.credentials(for: learner) where issued.qualification == qualification.id {
                lines += issued.jsonLine
            }
        }
        // One with an exception applied, for the evidence it carries.
        let exempt = Learner(
            id: "X", registered: CalendarDate(iso: "2013-02-01"), inductionHours: 1, tutorialHours: 2,
            units: [
                .init(code: "8577-300", achieved: CalendarDate(iso: "2013-06-01")),
                .init(code: "8577-303", achieved: CalendarDate(iso: "2013-10-01"))
            ], exceptions: [.exempt("8577-301", reason: "RPL: portfolio 2014-03")])
        for issued in try issuer.credentials(for: exempt) { lines += issued.jsonLine }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-ob3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let credentials = dir.appendingPathComponent("credentials.jsonl")
        let pub = dir.appendingPathComponent("key.pub.jwk")
        try lines.write(to: credentials)
        try key.verificationKey.publicJWK.write(to: pub)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            python, Self.repo.appendingPathComponent("scripts/verify-credentials.py").path, pub.path, credentials.path
        ]
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let summary = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        struct Summary: Decodable {
            var verified: Int
            var rejected: Int
            var failures: [String]
        }
        let result = try JSONDecoder().decode(Summary.self, from: summary)
        let count = lines.split(separator: 0x0A).count
        #expect(count >= 8)
        #expect(result.failures == [], "\(errors)")
        #expect(result.verified == count)
        #expect(result.rejected == 3 * count, "a changed payload, a changed signature and another key, for each")
        #expect(p.terminationStatus == 0, "\(errors)")
    }
}
