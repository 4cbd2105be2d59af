/// Why a credential could not be issued or verified: a kind that software can switch on and a sentence that
/// names the file or member at fault and what to do. No message ever holds key material.
public struct CredentialError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The key file is missing, unreadable, not an Ed25519 JWK, or a public key where a private key is needed.
        case invalidKey = "invalid-key"
        /// The issuer profile is not an Open Badges 3.0 `Profile`.
        case invalidProfile = "invalid-profile"
        /// An achieved result whose counted units carry no date, so that `validFrom` is not known.
        case undatedAchievement = "undated-achievement"
        /// The learner file holds no achieved result to issue a credential for.
        case nothingToIssue = "nothing-to-issue"
        /// The token is not a compact JWS, or its header or payload is not the JSON expected.
        case malformedToken = "malformed-token"
        /// The token names a key other than the one given (`kid`).
        case otherKey = "other-key"
        /// The signature does not verify with the key given: the token was changed or signed by another key.
        case badSignature = "bad-signature"
        /// The payload lacks a member Open Badges 3.0 requires, or a member has the wrong value.
        case invalidStructure = "invalid-structure"
        /// `validFrom` is later than the time of verification.
        case notYetValid = "not-yet-valid"
        /// `validUntil` has passed.
        case expired = "expired"
        /// The learner's record, evaluated under the packs given, does not lead to this credential.
        case notSupportedByRecord = "not-supported-by-record"
    }

    /// What went wrong.
    public var kind: Kind
    /// The sentence.
    public var message: String

    /// An error of `kind` saying `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `[kind] message`.
    public var description: String { "[\(kind.rawValue)] \(message)" }
}
