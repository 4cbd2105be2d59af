import Foundation
import QualKitCore

/// Verifies Open Badges 3.0 credentials signed as VC-JWTs with an Ed25519 key.
///
/// ``verify(_:at:)`` checks the signature, the structure and `@context` Open Badges 3.0 requires, the
/// registered claims against the credential, and the validity dates. ``check(_:learner:evaluator:)`` checks further
/// that the credential still follows from the learner's record under the evaluator's packs.
///
/// ```swift
/// let verifier = CredentialVerifier(key: SigningKey.generate().verificationKey)
/// do { _ = try verifier.verify("not.a.token") } catch { print(error.kind) }   // malformedToken
/// ```
public struct CredentialVerifier: Sendable {
    /// The issuer's public key.
    public let key: VerificationKey

    /// A verifier of tokens signed by the private half of `key`.
    public init(key: VerificationKey) { self.key = key }

    /// The credential of `token`, once every check has passed.
    ///
    /// - Parameters:
    ///   - token: a compact JWS (`header.payload.signature`).
    ///   - now: the time the validity dates are judged at.
    /// - Throws: ``CredentialError``: ``CredentialError/Kind/malformedToken``, ``CredentialError/Kind/otherKey``,
    ///   ``CredentialError/Kind/badSignature``, ``CredentialError/Kind/invalidStructure``,
    ///   ``CredentialError/Kind/notYetValid`` or ``CredentialError/Kind/expired``.
    /// - Complexity: O(*n*) in the token's length.
    public func verify(_ token: String, at now: Date = Date()) throws(CredentialError) -> OpenBadgeCredential {
        let parts = try CompactJWS.parse(token)
        guard case .string("EdDSA")? = parts.header["alg"] else {
            let alg: String = if case .string(let text)? = parts.header["alg"] { "'\(text)'" } else { "missing" }
            throw CredentialError(
                .malformedToken, "the token's algorithm (alg) is \(alg); QualKit credentials are signed with EdDSA")
        }
        if case .string(let kid)? = parts.header["kid"], kid != key.thumbprint {
            throw CredentialError(
                .otherKey,
                "the token was signed by the key with thumbprint \(kid), not by the key given "
                    + "(\(key.thumbprint)); verify it with its issuer's public key")
        }
        guard key.isValidSignature(parts.signature, for: parts.signingInput) else {
            throw CredentialError(
                .badSignature,
                "the signature does not match the key given: the token was changed after "
                    + "signing, or signed by another key")
        }
        let credential = try Self.credential(parts.payload)
        try Self.checkStructure(credential, claims: try Self.claims(parts.payload))
        guard let from = Timestamp.date(credential.validFrom) else {
            throw CredentialError(.invalidStructure, "'validFrom' is '\(credential.validFrom)', not a date-time")
        }
        if from > now {
            throw CredentialError(.notYetValid, "the credential is valid only from \(credential.validFrom)")
        }
        if let until = credential.validUntil {
            guard let end = Timestamp.date(until) else {
                throw CredentialError(.invalidStructure, "'validUntil' is '\(until)', not a date-time")
            }
            if end <= now { throw CredentialError(.expired, "the credential expired at \(until) (validUntil)") }
        }
        return credential
    }

    /// Checks that `credential` follows from `learner`'s record under `evaluator`'s packs: that its identity
    /// is the learner's, that the learner has achieved its qualification, on the day of its `validFrom`,
    /// counting the units of its results.
    ///
    /// - Throws: ``CredentialError/Kind/notSupportedByRecord`` naming what differs.
    /// - Complexity: one evaluation of the learner.
    public func check(_ credential: OpenBadgeCredential, learner: Learner, evaluator: Evaluator) throws(CredentialError)
    {
        func fail(_ text: String) -> CredentialError {
            CredentialError(.notSupportedByRecord, "learner '\(learner.id)': \(text)")
        }
        guard credential.credentialSubject.identifier.contains(where: { $0.matches(learner.id) }) else {
            throw fail("the credential's identity is not this learner's id")
        }
        let achievementID = credential.credentialSubject.achievement.id
        let units = evaluator.catalog.unitsByCode
        var found: (family: QualificationFamily, qualification: Qualification)?
        for family in evaluator.catalog.families {
            for qualification in family.qualifications
            where Achievement(qualification, in: family, units: units).id == achievementID {
                found = (family, qualification)
            }
        }
        guard let (family, qualification) = found else {
            throw fail("no qualification of the packs given has the credential's achievement (\(achievementID))")
        }
        guard
            let dated = evaluator.datedResults(learner, in: evaluator.makeWorkspace())
                .first(where: { $0.result.qualification == qualification.id })
        else {
            throw fail("\(qualification.id) is not decided by the packs given")
        }
        guard dated.result.achieved else {
            let codes = dated.result.unmet.map(\.code.rawValue).joined(separator: ", ")
            throw fail("the record does not achieve \(qualification.id) under the packs given (unmet: \(codes))")
        }
        if let day = dated.achievedOn, Timestamp.text(day) != credential.validFrom {
            throw fail(
                "the record says \(qualification.id) was achieved on \(day), the credential \(credential.validFrom)")
        }
        let counted = Set(
            dated.result.countedUnits.map {
                Achievement.resultDescriptionID(family: family.id, qualification: qualification.id, unit: $0)
            })
        if counted != Set(credential.credentialSubject.result.map(\.resultDescription)) {
            throw fail(
                "the units the record counts (\(dated.result.countedUnits.map(\.rawValue).joined(separator: ", "))) "
                    + "are not the credential's results")
        }
    }

    /// The credential of a token's payload, its signature not checked.
    static func unverifiedCredential(_ token: String) throws(CredentialError) -> OpenBadgeCredential {
        try credential(try CompactJWS.parse(token).payload)
    }

    static func credential(_ payload: [UInt8]) throws(CredentialError) -> OpenBadgeCredential {
        do { return try JSONDecoder().decode(OpenBadgeCredential.self, from: Data(payload)) } catch let error
            as DecodingError
        {
            throw CredentialError(
                .invalidStructure, "the credential " + DecodingProblem(error).sentence(of: "an OpenBadgeCredential"))
        } catch {
            throw CredentialError(.invalidStructure, "the credential is not JSON")
        }
    }

    struct Claims: Decodable {
        var iss: String?
        var jti: String?
        var sub: String?
        var nbf: Double?
        var exp: Double?
    }

    static func claims(_ payload: [UInt8]) throws(CredentialError) -> Claims {
        do { return try JSONDecoder().decode(Claims.self, from: Data(payload)) } catch {
            throw CredentialError(
                .invalidStructure, "the registered claims (iss, jti, sub, nbf) are not of the JWT's types")
        }
    }

    /// What Open Badges 3.0 requires of a credential beyond its members' presence.
    static func checkStructure(_ credential: OpenBadgeCredential, claims: Claims) throws(CredentialError) {
        func fail(_ text: String) -> CredentialError { CredentialError(.invalidStructure, text) }
        let context = credential.context
        guard context.count >= 2, context[0] == OpenBadgeCredential.contexts[0],
            context[1].hasPrefix("https://purl.imsglobal.org/spec/ob/v3p0/context")
        else {
            throw fail("'@context' is \(context); it must start with \(OpenBadgeCredential.contexts)")
        }
        for type in OpenBadgeCredential.types where !credential.type.contains(type) {
            throw fail("'type' is \(credential.type), without '\(type)'")
        }
        guard URIText.isAbsolute(credential.id) else { throw fail("'id' is '\(credential.id)', not a URI") }
        guard URIText.isAbsolute(credential.issuer.id), credential.issuer.type.contains("Profile") else {
            throw fail("'issuer' is not a Profile with a URI 'id'")
        }
        let subject = credential.credentialSubject
        guard subject.type.contains("AchievementSubject") else {
            throw fail("'credentialSubject.type' has no 'AchievementSubject'")
        }
        guard subject.achievement.type.contains("Achievement"), URIText.isAbsolute(subject.achievement.id) else {
            throw fail("'credentialSubject.achievement' is not an Achievement with a URI 'id'")
        }
        for identity in subject.identifier where identity.type != "IdentityObject" {
            throw fail("'credentialSubject.identifier' holds a '\(identity.type)', not an IdentityObject")
        }
        guard claims.iss == credential.issuer.id else { throw fail("the JWT's 'iss' is not the issuer's id") }
        guard claims.jti == credential.id else { throw fail("the JWT's 'jti' is not the credential's id") }
        guard claims.sub == subject.id else { throw fail("the JWT's 'sub' is not the credentialSubject's id") }
        guard let nbf = claims.nbf, let from = Timestamp.seconds(credential.validFrom), Int(nbf) == from else {
            throw fail("the JWT's 'nbf' is not the credential's validFrom")
        }
    }
}
