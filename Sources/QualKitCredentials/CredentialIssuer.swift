import Crypto
import Foundation
import QualKitCore

/// Issues signed Open Badges 3.0 credentials for the qualifications learners have achieved.
///
/// It evaluates each learner with its evaluator and, for each achieved result, makes an
/// ``OpenBadgeCredential`` whose subject is the learner (an ``IdentityObject``, hashed with a fresh salt by
/// default), whose achievement is the qualification's ``Achievement``, whose `validFrom` is the day the last
/// counted unit or mark sheet was achieved, whose results are the counted units, and whose evidence names
/// the exceptions applied and the rules that decided it (QualKit's version and each pack's
/// ``PackContentHash``). It signs each as a VC-JWT with Ed25519 (EdDSA): the JWT payload is the credential,
/// with the registered claims `iss`, `jti`, `sub` and `nbf` (and `exp` with a `validUntil`).
///
/// An issuer is immutable and `Sendable`: share one between threads.
///
/// ```swift
/// let evaluator = try Evaluator(catalog: PackRegistry.bundled().catalog)
/// let issuer = CredentialIssuer(profile: Profile(id: "https://centre.example/issuer", name: "Example Centre"),
///                               key: SigningKey.generate(), evaluator: evaluator)
/// let units: [UnitAchievement] = [
///     .init(code: "8577-300", achieved: CalendarDate(iso: "2013-06-01")),
///     .init(code: "8577-301", achieved: CalendarDate(iso: "2013-09-01"), hours: 6),
///     .init(code: "8577-303", achieved: CalendarDate(iso: "2013-10-01"))]
/// let learner = Learner(id: "L1", registered: CalendarDate(iso: "2013-02-01"), inductionHours: 1,
///                       tutorialHours: 2, units: units)
/// for issued in try issuer.credentials(for: learner) {
///     print(issued.qualification, issued.credential.validFrom)   // 8577-award-coaching 2013-10-01T00:00:00Z
/// }
/// ```
public struct CredentialIssuer: Sendable {
    /// QualKit's version, as the top heading of CHANGELOG.md names it; every credential's evidence says it.
    public static let qualKitVersion = "unreleased"

    /// The issuer, the credentials' `issuer`.
    public let profile: Profile
    /// What decides the learners' results.
    public let evaluator: Evaluator
    /// How credentials are made.
    public let options: Options
    /// The content hash of each pack of the evaluator's catalog, in catalog order.
    public let packHashes: [PackContentHash]

    let key: SigningKey
    let header: String
    let achievements: [QualificationID: Achievement]
    let packOf: [QualificationID: String]
    let rulesEvidence: OpenBadgeCredential.Evidence
    let writer: PayloadWriter
    let unitCredits: [UnitCode: Int]

    /// How credentials are made.
    public struct Options: Hashable, Sendable {
        /// Whether the learner's id is hashed with a salt (the default) or written as it is.
        public var hashIdentity: Bool
        /// The day from which credentials are no longer valid (`validUntil`, midnight UTC), if any.
        public var validUntil: CalendarDate?
        /// Options; by default identities are hashed and credentials do not expire.
        public init(hashIdentity: Bool = true, validUntil: CalendarDate? = nil) {
            self.hashIdentity = hashIdentity
            self.validUntil = validUntil
        }
    }

    /// An issuer that signs with `key` as `profile`, for the results `evaluator` decides.
    ///
    /// - Complexity: O(*n*) in the size of the evaluator's catalog (each achievement and pack hash is made once).
    public init(profile: Profile, key: SigningKey, evaluator: Evaluator, options: Options = .init()) {
        self.profile = profile
        self.key = key
        self.evaluator = evaluator
        self.options = options
        header = CompactJWS.header(for: key.verificationKey)
        let catalog = evaluator.catalog
        var achievements: [QualificationID: Achievement] = [:]
        var packOf: [QualificationID: String] = [:]
        for family in catalog.families {
            for qualification in family.qualifications {
                achievements[qualification.id] = Achievement(qualification, in: family, units: catalog.unitsByCode)
                packOf[qualification.id] = family.id
            }
        }
        self.achievements = achievements
        self.packOf = packOf
        packHashes = catalog.families.map(PackContentHash.init)
        rulesEvidence = Self.rulesEvidence(packHashes)
        writer = PayloadWriter(profile: profile, achievements: achievements, rulesEvidence: rulesEvidence)
        unitCredits = catalog.unitsByCode.mapValues { $0.credits.value }
    }

    /// The evidence of the rules: QualKit's version and the content hash of each pack.
    static func rulesEvidence(_ hashes: [PackContentHash]) -> OpenBadgeCredential.Evidence {
        let lines =
            [
                "Evaluated by QualKit \(qualKitVersion) under these spec packs "
                    + "(id, version, SHA-256 of the pack's model):"
            ]
            + hashes.map { "- \($0)" }
        return .init(
            name: "Decided by QualKit \(qualKitVersion)", narrative: lines.joined(separator: "\n"), genre: "rules")
    }

    /// Evaluates `learner` and issues one signed credential per qualification achieved, in the evaluator's
    /// order; none when nothing is achieved.
    ///
    /// - Throws: ``CredentialError/Kind/undatedAchievement`` when an achieved qualification counts a unit
    ///   with no date (`validFrom` would not be known).
    /// - Complexity: one evaluation of the learner, then for each credential an encoding and one Ed25519
    ///   signature, O(*u*) for *u* units of its qualification.
    public func credentials(for learner: Learner) throws(CredentialError) -> [IssuedCredential] {
        try credentials(for: learner, in: evaluator.makeWorkspace())
    }

    /// ``credentials(for:)`` with a workspace of the evaluator's, reused from learner to learner.
    package func credentials(
        for learner: Learner, in workspace: Workspace
    ) throws(CredentialError) -> [IssuedCredential] {
        var out: [IssuedCredential] = []
        for dated in evaluator.datedResults(learner, in: workspace) where dated.result.achieved {
            out.append(try issue(dated, learner: learner.id))
        }
        return out
    }

    func issue(_ dated: DatedResult, learner: LearnerID) throws(CredentialError) -> IssuedCredential {
        let result = dated.result
        guard let day = dated.achievedOn, !dated.hasUndatedUnits else {
            let units = result.countedUnits.map(\.rawValue).joined(separator: ", ")
            throw CredentialError(
                .undatedAchievement,
                "learner '\(learner)' has achieved \(result.qualification), but "
                    + (dated.achievedOn == nil ? "none" : "not every one")
                    + " of the units counted (\(units)) has a date, "
                    + "and a credential's validFrom is the day the last of them was achieved; "
                    + "give each unit its 'achieved' "
                    + "date (or each mark sheet its 'date') in the record")
        }
        guard let achievement = achievements[result.qualification], let pack = packOf[result.qualification] else {
            throw CredentialError(
                .invalidStructure, "qualification \(result.qualification) is not in the issuer's catalog")
        }
        // 48 random bytes from BoringSSL's generator, in one call: the salt and the two ids (drawing them
        // from the system's generator a few bytes at a time cost a system call each).
        let random = SymmetricKey(size: SymmetricKeySize(bitCount: 384)).withUnsafeBytes { Array($0) }
        let identity: IdentityObject
        if options.hashIdentity {
            let salt = Hex.lower(random[0..<16])
            identity = IdentityObject(
                hashed: true, identityHash: IdentityObject.hash(learner.rawValue, salt: salt), salt: salt)
        } else {
            identity = IdentityObject(hashed: false, identityHash: learner.rawValue, salt: nil)
        }
        let counted = result.countedUnits
        let subject = OpenBadgeCredential.Subject(
            id: RandomURI.make(random[16..<32]), identifier: [identity], achievement: achievement,
            creditsEarned: Double(counted.reduce(0) { $0 + (unitCredits[$1] ?? 0) }),
            result: counted.map {
                .init(
                    resultDescription: Achievement.resultDescriptionID(
                        family: pack, qualification: result.qualification, unit: $0))
            })
        let exceptions = result.exceptionsApplied.map {
            OpenBadgeCredential.Evidence(
                name: "Exception: \($0.kind)", narrative: PlainEnglish.explain($0), genre: "exception")
        }
        let credential = OpenBadgeCredential(
            id: RandomURI.make(random[32..<48]), issuer: profile, validFrom: Timestamp.text(day),
            validUntil: options.validUntil.map(Timestamp.text), name: achievement.name, credentialSubject: subject,
            evidence: [rulesEvidence] + exceptions)
        let payload = try writer.payload(credential, qualification: result.qualification, exceptions: exceptions)
        let token = try CompactJWS.sign(header: header, payload: Data(payload), key: key)
        return IssuedCredential(
            learner: learner, qualification: result.qualification, credential: credential, token: token)
    }
}

/// A credential issued for one learner and qualification, and its signed token.
///
/// ``jsonLine`` is its line of `qualkit credentials`: `{"learner":…,"qualification":…,"credential":"<compact
/// JWS>"}`. `JSONEncoder` writes the same three keys (in its own order); decoding a line reads the credential
/// back from the token's payload, without checking the signature (``CredentialVerifier`` does that).
public struct IssuedCredential: Hashable, Sendable, Codable {
    /// The learner's id, as the record gives it.
    public var learner: LearnerID
    /// The qualification achieved.
    public var qualification: QualificationID
    /// The credential, as signed.
    public var credential: OpenBadgeCredential
    /// The VC-JWT: `header.payload.signature`, base64url.
    public var token: String

    /// An issued credential with every member given.
    public init(learner: LearnerID, qualification: QualificationID, credential: OpenBadgeCredential, token: String) {
        self.learner = learner
        self.qualification = qualification
        self.credential = credential
        self.token = token
    }

    enum CodingKeys: String, CodingKey { case learner, qualification, credential }

    /// The line `qualkit credentials` writes, its keys in this order, with a newline:
    /// `{"learner":…,"qualification":…,"credential":"<compact JWS>"}`.
    public var jsonLine: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        func text(_ value: String) -> Data { (try? encoder.encode(value)) ?? Data("\"\"".utf8) }
        var line = Data(#"{"learner":"#.utf8)
        line += text(learner.rawValue)
        line += Data(#","qualification":"#.utf8) + text(qualification.rawValue)
        line += Data(#","credential":""#.utf8) + Data(token.utf8) + Data("\"}\n".utf8)
        return line
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        learner = LearnerID(try container.decode(String.self, forKey: .learner))
        qualification = QualificationID(try container.decode(String.self, forKey: .qualification))
        token = try container.decode(String.self, forKey: .credential)
        do { credential = try CredentialVerifier.unverifiedCredential(token) } catch {
            throw DecodingError.dataCorruptedError(forKey: .credential, in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(learner.rawValue, forKey: .learner)
        try container.encode(qualification.rawValue, forKey: .qualification)
        try container.encode(token, forKey: .credential)
    }
}

/// The JWT payload of a credential: its members and the registered claims (OB 3.0, section 8.2.4.1), as
/// `JSONEncoder` writes them; the reference `PayloadWriter`'s faster bytes are tested against.
struct JWTPayload: Encodable {
    let credential: OpenBadgeCredential
    init(_ credential: OpenBadgeCredential) { self.credential = credential }

    enum Claim: String, CodingKey { case iss, jti, sub, nbf, exp }

    func encode(to encoder: any Encoder) throws {
        try credential.encode(to: encoder)
        var claims = encoder.container(keyedBy: Claim.self)
        try claims.encode(credential.issuer.id, forKey: .iss)
        try claims.encode(credential.id, forKey: .jti)
        try claims.encode(credential.credentialSubject.id, forKey: .sub)
        try claims.encodeIfPresent(Timestamp.seconds(credential.validFrom), forKey: .nbf)
        try claims.encodeIfPresent(credential.validUntil.flatMap(Timestamp.seconds), forKey: .exp)
    }

    func json() throws(CredentialError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch {
            throw CredentialError(.invalidStructure, "the credential could not be encoded: \(error)")
        }
    }
}

/// The date-times of credentials: a day at midnight UTC, `YYYY-MM-DDT00:00:00Z`.
enum Timestamp {
    static func text(_ day: CalendarDate) -> String { "\(day)T00:00:00Z" }

    /// Seconds since 1970 of a date-time `text` (`2013-10-01T00:00:00Z`, or with an offset or fractions).
    static func seconds(_ text: String) -> Int? {
        date(text).map { Int($0.timeIntervalSince1970.rounded(.down)) }
    }

    static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// `urn:uuid:` URIs of random (version 4) UUIDs, from 16 random bytes.
enum RandomURI {
    static func make(_ randomBytes: ArraySlice<UInt8>) -> String {
        var bytes = Array(randomBytes)
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return StableURI.format(bytes)
    }
}
