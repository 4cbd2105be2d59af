import Foundation
import QualKitCore

/// An Open Badges 3.0 `OpenBadgeCredential` (W3C Verifiable Credentials 2.0): one learner's achievement of
/// one qualification, as ``CredentialIssuer`` makes it and ``CredentialVerifier`` reads it back.
///
/// Encoded with `JSONEncoder`, it is the credential of the spec, `@context` first. Signed, it is the payload
/// of a VC-JWT (``IssuedCredential/token``), with the registered claims `iss`, `jti`, `sub` and `nbf` beside
/// its members.
public struct OpenBadgeCredential: Hashable, Sendable, Codable {
    /// The contexts every credential starts with: VC 2.0, then Open Badges 3.0 (3.0.3).
    public static let contexts = [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    ]
    /// The types every credential has.
    public static let types = ["VerifiableCredential", "OpenBadgeCredential"]

    /// `@context`: ``contexts``.
    public var context: [String]
    /// A `urn:uuid:` URI, new for each credential.
    public var id: String
    /// ``types``.
    public var type: [String]
    /// The issuer, as `issuer.json` gives it.
    public var issuer: Profile
    /// The day the learner achieved the qualification (the day the last counted unit or mark sheet was
    /// achieved), at midnight UTC: `2013-10-01T00:00:00Z`.
    public var validFrom: String
    /// When the credential stops being valid, if the issuer said so.
    public var validUntil: String?
    /// The qualification's title, for wallets.
    public var name: String
    /// The learner and what they achieved.
    public var credentialSubject: Subject
    /// How the result was decided: the rules (QualKit's version and the packs' content hashes) and each
    /// exception applied.
    public var evidence: [Evidence]

    /// A credential with every member given; `context` and `type` are the spec's.
    public init(
        id: String, issuer: Profile, validFrom: String, validUntil: String? = nil, name: String,
        credentialSubject: Subject, evidence: [Evidence]
    ) {
        context = Self.contexts
        type = Self.types
        self.id = id
        self.issuer = issuer
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.name = name
        self.credentialSubject = credentialSubject
        self.evidence = evidence
    }

    /// The recipient and the achievement (`AchievementSubject`).
    public struct Subject: Hashable, Sendable, Codable {
        /// A `urn:uuid:` URI for this credential's subject, which says nothing about the learner; the JWT's
        /// `sub`.
        public var id: String
        /// `["AchievementSubject"]`.
        public var type: [String]
        /// Who the learner is: their id, hashed with a salt unless the issuer chose otherwise.
        public var identifier: [IdentityObject]
        /// The qualification achieved.
        public var achievement: Achievement
        /// Credits of the units counted.
        public var creditsEarned: Double?
        /// One `Completed` result per counted unit, pointing at the achievement's result description of it.
        public var result: [Result]

        /// A subject with every member given.
        public init(
            id: String, identifier: [IdentityObject], achievement: Achievement, creditsEarned: Double?, result: [Result]
        ) {
            type = ["AchievementSubject"]
            self.id = id
            self.identifier = identifier
            self.achievement = achievement
            self.creditsEarned = creditsEarned
            self.result = result
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            type = try container.decodeTypes(forKey: .type)
            identifier = try container.decodeIfPresent([IdentityObject].self, forKey: .identifier) ?? []
            achievement = try container.decode(Achievement.self, forKey: .achievement)
            creditsEarned = try container.decodeIfPresent(Double.self, forKey: .creditsEarned)
            result = try container.decodeIfPresent([Result].self, forKey: .result) ?? []
        }
    }

    /// A result asserted with the achievement (`Result`): one counted unit.
    public struct Result: Hashable, Sendable, Codable {
        /// `["Result"]`.
        public var type: [String]
        /// The id of the achievement's result description of the unit.
        public var resultDescription: String
        /// `Completed`.
        public var status: String
        /// A completed result for `resultDescription`.
        public init(resultDescription: String, status: String = "Completed") {
            type = ["Result"]
            self.resultDescription = resultDescription
            self.status = status
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decodeTypes(forKey: .type)
            resultDescription = try container.decode(String.self, forKey: .resultDescription)
            status = try container.decode(String.self, forKey: .status)
        }
    }

    /// Evidence of how the achievement was decided (`Evidence`).
    public struct Evidence: Hashable, Sendable, Codable {
        /// `["Evidence"]`.
        public var type: [String]
        /// A title: `Decided by QualKit unreleased`, `Exception: exempt`.
        public var name: String
        /// What it says, in Markdown.
        public var narrative: String
        /// `rules` or `exception`.
        public var genre: String
        /// Evidence with every member given.
        public init(name: String, narrative: String, genre: String) {
            type = ["Evidence"]
            self.name = name
            self.narrative = narrative
            self.genre = genre
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decodeTypes(forKey: .type)
            name = try container.decode(String.self, forKey: .name)
            narrative = try container.decode(String.self, forKey: .narrative)
            genre = try container.decode(String.self, forKey: .genre)
        }
    }

    // MARK: - Codable

    enum CodingKeys: String, CodingKey {
        case context = "@context"
        case id, type, issuer, validFrom, validUntil, name, credentialSubject, evidence
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        context = try container.decode([String].self, forKey: .context)
        id = try container.decode(String.self, forKey: .id)
        type = try container.decodeTypes(forKey: .type)
        issuer = try container.decode(Profile.self, forKey: .issuer)
        validFrom = try container.decode(String.self, forKey: .validFrom)
        validUntil = try container.decodeIfPresent(String.self, forKey: .validUntil)
        name = try container.decode(String.self, forKey: .name)
        credentialSubject = try container.decode(Subject.self, forKey: .credentialSubject)
        evidence = try container.decodeIfPresent([Evidence].self, forKey: .evidence) ?? []
    }
}

/// Who a credential is for (`IdentityObject`): the learner's id, hashed with a salt by default.
public struct IdentityObject: Hashable, Sendable, Codable {
    /// `IdentityObject`.
    public var type: String
    /// Whether ``identityHash`` is a hash.
    public var hashed: Bool
    /// `sha256$` and the hexadecimal SHA-256 of the learner's id followed by ``salt``; or the id itself
    /// when not hashed.
    public var identityHash: String
    /// `identifier`: the awarding body's or centre's own id for the learner.
    public var identityType: String
    /// The salt, when hashed.
    public var salt: String?

    /// An identity with every member given.
    public init(hashed: Bool, identityHash: String, identityType: String = "identifier", salt: String?) {
        type = "IdentityObject"
        self.hashed = hashed
        self.identityHash = identityHash
        self.identityType = identityType
        self.salt = salt
    }

    /// Whether this identity is the learner `id`: the hash of `id` and the salt, or `id` itself.
    public func matches(_ id: LearnerID) -> Bool {
        hashed ? identityHash.lowercased() == Self.hash(id.rawValue, salt: salt ?? "") : identityHash == id.rawValue
    }

    /// `sha256$` and the SHA-256 of `id` followed by `salt`, as Open Badges 3.0's `IdentityHash` is made.
    static func hash(_ id: String, salt: String) -> String { "sha256$" + Digest.sha256Hex(Array((id + salt).utf8)) }
}
