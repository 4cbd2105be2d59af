import Foundation
import QualKit
import Testing

@testable import QualKitCredentials

/// Achievements derived from the model, and credentials issued, verified and refused.
@Suite("Open Badges 3.0 credentials")
struct CredentialsTests {
    static let registry = try! PackRegistry.bundled()
    static let catalog = registry.catalog
    static let evaluator = try! Evaluator(catalog: catalog)
    static let key = SigningKey.generate()
    static let profile = Profile(id: "https://centre.example/issuer", name: "Example Training Centre")
    static let issuer = CredentialIssuer(profile: profile, key: key, evaluator: evaluator)
    static let verifier = CredentialVerifier(key: key.verificationKey)

    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// A learner who completes `qualification` by the cheapest route the evaluator names for an empty
    /// record, each unit dated a month after the last, with the practice and delivery hours to spare.
    static func completer(of qualification: Qualification) throws -> (Learner, CalendarDate) {
        let empty = Learner(id: "probe")
        let next = try #require(evaluator.evaluate(empty, against: qualification.id)?.next)
        let start = qualification.validity.operationalStart ?? day("2013-01-01")
        var units: [UnitAchievement] = []
        var last = start
        for (index, code) in next.enumerated() {
            last = CalendarDate(dayNumber: start.dayNumber + 30 * (index + 1))
            units.append(UnitAchievement(code: code, achieved: last, hours: 100))
        }
        let learner = Learner(
            id: LearnerID("C-" + qualification.id.rawValue), registered: start, inductionHours: 10,
            tutorialHours: 10, units: units)
        return (learner, last)
    }

    // MARK: - Achievements

    @Test func everyAchievementMemberComesFromTheModel() throws {
        let achievements = Achievement.all(in: Self.catalog)
        #expect(achievements.count == Self.catalog.qualifications.count)
        #expect(achievements.count == 7)
        for (achievement, family) in zip(
            achievements, Self.catalog.families.flatMap { f in f.qualifications.map { _ in f } })
        {
            let q = try #require(family.qualifications.first { $0.title == achievement.name })
            #expect(achievement.type == ["Achievement"])
            #expect(achievement.description.hasPrefix(q.title))
            if let purpose = q.purpose { #expect(achievement.description.hasSuffix(purpose)) }
            #expect(achievement.creditsAvailable == Double(q.creditValue.value))
            #expect(achievement.humanCode == q.qan)
            #expect(achievement.otherIdentifier.map(\.identifier) == (q.qan.map { [$0] } ?? []))
            #expect(achievement.achievementType == q.size.map(Achievement.achievementType(of:)))
            for line in PlainEnglish.rules(of: q, units: Self.catalog.unitsByCode) {
                #expect(achievement.criteria.narrative.contains(line), "\(q.id): \(line)")
            }
            #expect(achievement.creator?.name == family.awardingOrganisation)
            #expect(achievement.resultDescription.count == q.units.count)
            // The bundled packs state no field of study or language for a qualification (see pack notes).
            #expect(achievement.fieldOfStudy == q.fieldOfStudy && achievement.inLanguage == q.language)
        }
        #expect(Set(achievements.map(\.id)).count == achievements.count)
        #expect(Achievement.all(in: try PackRegistry.bundled().catalog) == achievements, "stable across loads")
    }

    /// From the seeds: 001 names 600/5782/8 an Award of 10 credits; 002 says learners "must gain 16 credits"
    /// for the Certificate 601/3698/4.
    @Test(arguments: [("600/5782/8", "Award", 10.0), ("601/3698/4", "Certificate", 16.0)])
    func seedFacts(qan: String, type: String, credits: Double) throws {
        let achievement = try #require(Achievement.all(in: Self.catalog).first { $0.humanCode == qan })
        #expect(achievement.achievementType == type)
        #expect(achievement.creditsAvailable == credits)
    }

    @Test func sizeBandsMapToTheSpecsVocabulary() {
        #expect(Achievement.achievementType(of: .award) == "Award")
        #expect(Achievement.achievementType(of: .certificate) == "Certificate")
        #expect(Achievement.achievementType(of: .diploma) == "Diploma")
    }

    // MARK: - Issuing and verifying

    @Test func eachQualificationsCredentialVerifiesAndCarriesTheRecord() throws {
        for qualification in Self.catalog.qualifications {
            let (learner, last) = try Self.completer(of: qualification)
            let issued = try #require(
                try Self.issuer.credentials(for: learner).first { $0.qualification == qualification.id })
            let credential = try Self.verifier.verify(issued.token)
            #expect(credential == issued.credential)
            #expect(credential.validFrom == "\(last)T00:00:00Z", "\(qualification.id)")
            let result = try #require(Self.evaluator.evaluate(learner, against: qualification.id))
            #expect(credential.credentialSubject.result.count == result.countedUnits.count)
            let described = Set(credential.credentialSubject.achievement.resultDescription.map(\.id))
            #expect(
                credential.credentialSubject.result.allSatisfy {
                    described.contains($0.resultDescription) && $0.status == "Completed"
                })
            let identity = try #require(credential.credentialSubject.identifier.first)
            #expect(identity.hashed && identity.matches(learner.id) && !identity.matches("someone-else"))
            #expect(!issued.token.contains(learner.id.rawValue))
            let rules = try #require(credential.evidence.first)
            #expect(rules.narrative.contains(CredentialIssuer.qualKitVersion))
            for family in Self.catalog.families { #expect(rules.narrative.contains(PackContentHash(family).hash)) }
            try Self.verifier.check(credential, learner: learner, evaluator: Self.evaluator)
        }
    }

    /// The members Open Badges 3.0 requires (cardinality 1 or 1..* in the spec's data model,
    /// common_credentials.lines), named one by one, in the signed payload as a JSON object.
    @Test func thePayloadHasEveryMemberTheSpecRequires() throws {
        let token = try Self.token().token
        let payload = try #require(Base64URL.decode(token.split(separator: ".")[1]))
        let vc = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
        func object(_ value: Any?, _ name: String) throws -> [String: Any] {
            try #require(value as? [String: Any], "\(name)")
        }
        func has(_ members: [String], _ value: [String: Any], _ name: String) {
            for member in members { #expect(value[member] != nil, "\(name).\(member)") }
        }
        has(
            ["@context", "id", "type", "issuer", "validFrom", "credentialSubject", "iss", "jti", "sub", "nbf"], vc,
            "credential")
        #expect((vc["@context"] as? [String])?.first == "https://www.w3.org/ns/credentials/v2")
        #expect(Set(vc["type"] as? [String] ?? []).isSuperset(of: ["VerifiableCredential", "OpenBadgeCredential"]))
        has(["id", "type"], try object(vc["issuer"], "issuer"), "issuer")
        let subject = try object(vc["credentialSubject"], "credentialSubject")
        has(["type", "achievement", "id", "identifier"], subject, "credentialSubject")
        let achievement = try object(subject["achievement"], "achievement")
        has(["id", "type", "criteria", "description", "name"], achievement, "achievement")
        has(["narrative"], try object(achievement["criteria"], "criteria"), "criteria")
        for identity in subject["identifier"] as? [[String: Any]] ?? [] {
            has(["type", "hashed", "identityHash", "identityType"], identity, "identifier")
        }
        for description in achievement["resultDescription"] as? [[String: Any]] ?? [] {
            has(["id", "type", "name", "resultType"], description, "resultDescription")
        }
        for entry in achievement["otherIdentifier"] as? [[String: Any]] ?? [] {
            has(["type", "identifier", "identifierType"], entry, "otherIdentifier")
        }
        for result in subject["result"] as? [[String: Any]] ?? [] { has(["type"], result, "result") }
        for evidence in vc["evidence"] as? [[String: Any]] ?? [] { has(["type"], evidence, "evidence") }
        #expect((subject["result"] as? [Any])?.count == 3)
    }

    /// The payload bytes the issuer writes are the JSON object `JSONEncoder` makes of the credential and its
    /// claims: with an exception, a plain identity that needs escaping, and an expiry.
    @Test func thePayloadIsWhatJSONEncoderWouldWrite() throws {
        let issuer = CredentialIssuer(
            profile: Self.profile, key: Self.key, evaluator: Self.evaluator,
            options: .init(hashIdentity: false, validUntil: Self.day("2040-01-01")))
        let exemption = LearnerException.exempt("8577-301", reason: "RPL: \"portfolio\"\n2014-03 \u{1}é")
        let learner = Learner(
            id: "Q\"uote\\d\tid\u{7}é", registered: Self.day("2013-02-01"), inductionHours: 1, tutorialHours: 2,
            units: [
                .init(code: "8577-300", achieved: Self.day("2013-06-01")),
                .init(code: "8577-303", achieved: Self.day("2013-10-01"))
            ],
            exceptions: [exemption])
        let issued = try #require(try issuer.credentials(for: learner).first)
        let written = try #require(Base64URL.decode(issued.token.split(separator: ".")[1]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let reference = try encoder.encode(JWTPayload(issued.credential))
        let left = try JSONSerialization.jsonObject(with: Data(written)) as? NSDictionary
        let right = try JSONSerialization.jsonObject(with: reference) as? NSDictionary
        #expect(left != nil && left == right)
        #expect(
            try Self.verifier.verify(issued.token).credentialSubject.identifier.first?.identityHash
                == learner.id.rawValue)
    }

    /// Ids and salts are fresh for each credential: random version 4 UUIDs, 16-byte salts.
    @Test func idsAndSaltsAreFreshEachTime() throws {
        let first = try Self.token().credential
        let second = try Self.token().credential
        let uuid = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
        for credential in [first, second] {
            #expect(
                credential.id.wholeMatch(of: uuid) != nil && credential.credentialSubject.id.wholeMatch(of: uuid) != nil
            )
            #expect(credential.credentialSubject.identifier.first?.salt?.count == 32)
        }
        #expect(first.id != second.id && first.credentialSubject.id != second.credentialSubject.id)
        #expect(first.credentialSubject.identifier != second.credentialSubject.identifier)
    }

    @Test func aMarkSheetsDateIsTheAchievementDate() throws {
        let learner = Learner(
            id: "D3", registered: Self.day("2016-03-01"),
            assessments: [
                .init(id: "d3-work-based-assignment", marks: [24, 26, 24, 12], date: Self.day("2016-06-01")),
                .init(id: "d3-work-based-assignment", marks: [15, 15, 15, 15], date: Self.day("2016-07-15")),
                .init(id: "d3-coaching-diary", marks: [40, 18], date: Self.day("2016-09-30")),
                .init(id: "d3-reflective-log", marks: [45, 20], date: Self.day("2016-08-20"))
            ])
        let issued = try Self.issuer.credentials(for: learner)
        #expect(issued.map(\.credential.validFrom) == ["2016-09-30T00:00:00Z"])
    }

    @Test func exceptionsAppliedAreNamedInTheEvidence() throws {
        let exemption = LearnerException.exempt("8577-301", reason: "RPL: portfolio 2014-03")
        let learner = Learner(
            id: "X", registered: Self.day("2013-02-01"), inductionHours: 1, tutorialHours: 2,
            units: [
                .init(code: "8577-300", achieved: Self.day("2013-06-01")),
                .init(code: "8577-303", achieved: Self.day("2013-10-01"))
            ], exceptions: [exemption])
        let issued = try #require(
            try Self.issuer.credentials(for: learner).first { $0.qualification == "8577-award-coaching" })
        let evidence = issued.credential.evidence.filter { $0.genre == "exception" }
        #expect(evidence.map(\.narrative) == [PlainEnglish.explain(exemption)])
        #expect(issued.credential.validFrom == "2013-10-01T00:00:00Z", "an exempt unit has no date to count")
    }

    @Test func anUndatedAchievementIsAnError() throws {
        let learner = Learner(
            id: "U", registered: Self.day("2013-02-01"), inductionHours: 1, tutorialHours: 2,
            units: [
                .init(code: "8577-300", achieved: Self.day("2013-06-01")), .init(code: "8577-301", hours: 6),
                .init(code: "8577-303")
            ])
        let error = #expect(throws: CredentialError.self) { try Self.issuer.credentials(for: learner) }
        #expect(error?.kind == .undatedAchievement)
        #expect(error?.message.contains("'U'") == true && error?.message.contains("8577-award-coaching") == true)
    }

    @Test func aPlainIdentityAndAnExpiryAreWrittenWhenAsked() throws {
        let issuer = CredentialIssuer(
            profile: Self.profile, key: Self.key, evaluator: Self.evaluator,
            options: .init(hashIdentity: false, validUntil: Self.day("2020-01-01")))
        let (learner, _) = try Self.completer(of: try #require(Self.catalog.qualification("8577-award-coaching")))
        let issued = try #require(try issuer.credentials(for: learner).first)
        let identity = try #require(issued.credential.credentialSubject.identifier.first)
        #expect(!identity.hashed && identity.identityHash == learner.id.rawValue && identity.salt == nil)
        let error = #expect(throws: CredentialError.self) { try Self.verifier.verify(issued.token) }
        #expect(error?.kind == .expired)
        #expect(
            try Self.verifier.verify(issued.token, at: Date(timeIntervalSince1970: 1_500_000_000)).id
                == issued.credential.id)
    }

    // MARK: - Refused

    static func token() throws -> IssuedCredential {
        let (learner, _) = try completer(of: try #require(catalog.qualification("8577-award-coaching")))
        return try #require(try issuer.credentials(for: learner).first)
    }

    static func changed(_ token: String, part: Int) -> String {
        var pieces = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var chars = Array(pieces[part])
        let i = chars.count / 2
        chars[i] = chars[i] == "A" ? "B" : "A"
        pieces[part] = String(chars)
        return pieces.joined(separator: ".")
    }

    @Test func changedOrForeignTokensAreRefused() throws {
        let token = try Self.token().token
        let cases: [(String, String, CredentialError.Kind)] = [
            ("a changed payload byte", Self.changed(token, part: 1), .badSignature),
            ("a changed signature byte", Self.changed(token, part: 2), .badSignature),
            ("two parts", "abc.def", .malformedToken),
            ("empty", "", .malformedToken),
            (
                "alg none",
                Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + token.split(separator: ".")[1] + ".",
                .malformedToken
            )
        ]
        for (name, text, kind) in cases {
            let error = #expect(throws: CredentialError.self, "\(name)") { try Self.verifier.verify(text) }
            #expect(error?.kind == kind, "\(name): \(error?.description ?? "")")
        }
        let other = CredentialVerifier(key: SigningKey.generate().verificationKey)
        #expect((#expect(throws: CredentialError.self) { try other.verify(token) })?.kind == .otherKey)
        // Signed by another key that names no kid: the signature alone refuses it.
        let stranger = CredentialIssuer(profile: Self.profile, key: SigningKey.generate(), evaluator: Self.evaluator)
        let (learner, _) = try Self.completer(of: try #require(Self.catalog.qualification("8577-award-coaching")))
        let foreign = try #require(try stranger.credentials(for: learner).first).token
        let header = Base64URL.encode(Array(#"{"alg":"EdDSA","typ":"JWT"}"#.utf8))
        let unnamed = ([header] + foreign.split(separator: ".").dropFirst().map(String.init)).joined(separator: ".")
        #expect((#expect(throws: CredentialError.self) { try Self.verifier.verify(unnamed) })?.kind == .badSignature)
        // Not yet valid: judged before the achievement date.
        let early = Date(timeIntervalSince1970: 0)
        #expect(
            (#expect(throws: CredentialError.self) { try Self.verifier.verify(token, at: early) })?.kind == .notYetValid
        )
    }

    @Test func aCredentialTheRecordDoesNotSupportIsNamed() throws {
        let qualification = try #require(Self.catalog.qualification("8577-award-coaching"))
        let (learner, _) = try Self.completer(of: qualification)
        let issued = try #require(try Self.issuer.credentials(for: learner).first)
        var fewer = learner
        fewer.units.removeLast()
        let cases: [(String, Learner)] = [
            ("a unit fewer", fewer), ("another learner", Learner(id: "other", units: learner.units))
        ]
        for (name, record) in cases {
            let error = #expect(throws: CredentialError.self, "\(name)") {
                try Self.verifier.check(issued.credential, learner: record, evaluator: Self.evaluator)
            }
            #expect(error?.kind == .notSupportedByRecord, "\(name)")
        }
    }

    static let secret: String = {
        let jwk = try! JSONDecoder().decode([String: String].self, from: key.privateJWK)
        return jwk["d"]!
    }()

    @Test(arguments: [
        ("empty", "", "is empty"),
        ("not JSON", "hello", "is not a JWK"),
        ("RSA", #"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#, "kty 'RSA'"),
        ("no kty", #"{"crv":"Ed25519"}"#, "has no 'kty'"),
        ("P-256", #"{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"#, "crv 'P-256'"),
        ("short d", #"{"kty":"OKP","crv":"Ed25519","x":"AA","d":"AAAA"}"#, "'d' is not")
    ])
    func badKeysAreRefusedWithoutShowingThem(name: String, text: String, expected: String) {
        let error = #expect(throws: CredentialError.self) { try SigningKey(jwk: Data(text.utf8), file: "key.jwk") }
        #expect(error?.kind == .invalidKey)
        #expect(error?.message.contains(expected) == true, "\(name): \(error?.message ?? "")")
        #expect(error?.message.hasPrefix("key.jwk") == true)
    }

    @Test func keysRoundTripAndNeverShowTheSecret() throws {
        let again = try SigningKey(jwk: Self.key.privateJWK, file: "key.jwk")
        #expect(again.verificationKey == Self.key.verificationKey)
        #expect(
            try VerificationKey(jwk: Self.key.verificationKey.publicJWK, file: "key.pub.jwk")
                == Self.key.verificationKey)
        #expect(!"\(Self.key)".contains(Self.secret))
        // A public key where the private key is needed; a private key whose x is another key's.
        let pub = #expect(throws: CredentialError.self) {
            try SigningKey(jwk: Self.key.verificationKey.publicJWK, file: "k")
        }
        #expect(pub?.message.contains("public key") == true)
        var fields = try JSONDecoder().decode([String: String].self, from: Self.key.privateJWK)
        fields["x"] = try JSONDecoder().decode(
            [String: String].self, from: SigningKey.generate().verificationKey.publicJWK)["x"]
        let mixed = #expect(throws: CredentialError.self) {
            try SigningKey(jwk: try JSONEncoder().encode(fields), file: "k")
        }
        #expect(mixed?.message.contains("'x' is not the public key of 'd'") == true)
        for error in [pub, mixed].compactMap({ $0 }) { #expect(!error.message.contains(Self.secret)) }
    }

    @Test(arguments: [
        ("not JSON", "{", "is not valid JSON"),
        ("an array", "[]", "is not a JSON object"),
        ("no id", #"{"type":["Profile"]}"#, "has no 'id'"),
        ("no type", #"{"id":"https://a.example"}"#, "has no 'type'"),
        ("id not a URI", #"{"id":"centre","type":["Profile"]}"#, "not an absolute URI"),
        ("not a Profile", #"{"id":"https://a.example","type":["Issuer"]}"#, "does not include 'Profile'"),
        ("name a number", #"{"id":"https://a.example","type":"Profile","name":3}"#, "'name' is not a string")
    ])
    func malformedProfilesAreRefused(name: String, text: String, expected: String) {
        let error = #expect(throws: CredentialError.self) { try Profile(json: Data(text.utf8), file: "issuer.json") }
        #expect(error?.kind == .invalidProfile)
        #expect(error?.message.contains(expected) == true, "\(name): \(error?.message ?? "")")
        #expect(error?.message.hasPrefix("issuer.json: ") == true)
    }

    @Test func aProfilesOtherMembersAreKept() throws {
        let text =
            #"{"id":"did:example:123","type":"Profile","address":{"type":["Address"],"addressLocality":"Leeds"}}"#
        let profile = try Profile(json: Data(text.utf8), file: "issuer.json")
        #expect(
            profile.otherMembers["address"]
                == .object(["type": .array([.string("Address")]), "addressLocality": .string("Leeds")]))
        #expect(try JSONDecoder().decode(Profile.self, from: JSONEncoder().encode(profile)) == profile)
    }

    @Test func anIssuedLineDecodesToTheSameCredential() throws {
        let issued = try Self.token()
        let line = issued.jsonLine
        #expect(
            String(decoding: line, as: UTF8.self).hasPrefix(#"{"learner":"C-8577-award-coaching","qualification":"#))
        #expect(line.last == 0x0A)
        #expect(try JSONDecoder().decode(IssuedCredential.self, from: line) == issued)
        #expect(try JSONDecoder().decode(IssuedCredential.self, from: JSONEncoder().encode(issued)) == issued)
    }

    @Test func theVersionIsTheChangelogsTopHeading() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let changelog = try String(contentsOf: repo.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let heading = try #require(changelog.split(separator: "\n").first { $0.hasPrefix("## [") })
        let version = heading.dropFirst(4).prefix { $0 != "]" }
        #expect(version.lowercased() == CredentialIssuer.qualKitVersion)
    }
}

/// Base64url against Foundation's base64, on every length up to 64 and every byte value.
@Suite("Base64url")
struct Base64URLTests {
    @Test func encodesAndDecodesAsFoundationsBase64Does() {
        for length in 0...64 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ length &* 31) }
            let standard = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == standard, "\(length)")
            #expect(Base64URL.decode(standard) == bytes, "\(length)")
        }
        #expect(Base64URL.encode(Array(0...255)).count == 342)
        #expect(Base64URL.decode(Base64URL.encode(Array(0...255))) == Array(0...255))
        for bad in ["A", "AB=", "a+b/", "AB", "AAB"] { #expect(Base64URL.decode(bad) == nil, "\(bad)") }
        #expect(Base64URL.decode("AA") == [0])
    }
}
