import Foundation
import QualKitCore

/// Writes a credential's JWT payload: the same JSON object as `JSONEncoder` makes of `JWTPayload` (the
/// tests compare the two), with
/// the parts that are the same for every credential of an issuer (the issuer profile, each achievement,
/// the rules evidence, each unit's result) encoded once, when the issuer is made. Encoding the whole
/// credential with `JSONEncoder` took about five times as long as signing it.
struct PayloadWriter: Sendable {
    let head: [UInt8]
    let issuerClaim: [UInt8]
    let rulesEvidence: [UInt8]
    let achievements: [QualificationID: [UInt8]]
    let names: [QualificationID: [UInt8]]
    let results: [String: [UInt8]]

    init(profile: Profile, achievements: [QualificationID: Achievement], rulesEvidence: OpenBadgeCredential.Evidence) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json<T: Encodable>(_ value: T) -> [UInt8] {
            (try? encoder.encode(value)).map(Array.init) ?? Array("null".utf8)
        }
        head =
            Array(#"{"@context":"#.utf8) + json(OpenBadgeCredential.contexts) + Array(#","type":"#.utf8)
            + json(OpenBadgeCredential.types) + Array(#","issuer":"#.utf8) + json(profile)
        issuerClaim = Array(#","iss":"#.utf8) + json(profile.id)
        self.rulesEvidence = json(rulesEvidence)
        self.achievements = achievements.mapValues(json)
        names = achievements.mapValues { json($0.name) }
        var results: [String: [UInt8]] = [:]
        for achievement in achievements.values {
            for description in achievement.resultDescription {
                results[description.id] = json(OpenBadgeCredential.Result(resultDescription: description.id))
            }
        }
        self.results = results
    }

    /// The payload of `credential`, whose achievement is that of `qualification`.
    func payload(
        _ credential: OpenBadgeCredential, qualification: QualificationID, exceptions: [OpenBadgeCredential.Evidence]
    )
        throws(CredentialError) -> [UInt8]
    {
        guard let achievement = achievements[qualification], let name = names[qualification] else {
            throw CredentialError(.invalidStructure, "qualification \(qualification) is not in the issuer's catalog")
        }
        let subject = credential.credentialSubject
        var out = head
        out.reserveCapacity(head.count + achievement.count + rulesEvidence.count + 1024)
        out += Array(#","id":"#.utf8)
        Self.string(credential.id, into: &out)
        out += Array(#","validFrom":"#.utf8)
        Self.string(credential.validFrom, into: &out)
        if let until = credential.validUntil {
            out += Array(#","validUntil":"#.utf8)
            Self.string(until, into: &out)
        }
        out += Array(#","name":"#.utf8) + name
        out += Array(#","credentialSubject":{"type":["AchievementSubject"],"id":"#.utf8)
        Self.string(subject.id, into: &out)
        out += Array(#","identifier":["#.utf8)
        for (index, identity) in subject.identifier.enumerated() {
            if index > 0 { out.append(0x2C) }
            out += Array(#"{"type":"#.utf8)
            Self.string(identity.type, into: &out)
            out += Array(#","hashed":"#.utf8) + Array((identity.hashed ? "true" : "false").utf8)
            out += Array(#","identityHash":"#.utf8)
            Self.string(identity.identityHash, into: &out)
            out += Array(#","identityType":"#.utf8)
            Self.string(identity.identityType, into: &out)
            if let salt = identity.salt {
                out += Array(#","salt":"#.utf8)
                Self.string(salt, into: &out)
            }
            out.append(0x7D)
        }
        out += Array(#"],"achievement":"#.utf8) + achievement
        if let credits = subject.creditsEarned {
            out += Array(#","creditsEarned":"#.utf8)
            Self.number(credits, into: &out)
        }
        out += Array(#","result":["#.utf8)
        for (index, result) in subject.result.enumerated() {
            if index > 0 { out.append(0x2C) }
            guard let bytes = results[result.resultDescription] else {
                throw CredentialError(
                    .invalidStructure, "result \(result.resultDescription) is not one of the achievement's")
            }
            out += bytes
        }
        out += Array(#"]},"evidence":["#.utf8) + rulesEvidence
        if !exceptions.isEmpty {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for evidence in exceptions {
                guard let bytes = try? encoder.encode(evidence) else {
                    throw CredentialError(.invalidStructure, "the evidence of an exception could not be encoded")
                }
                out.append(0x2C)
                out += Array(bytes)
            }
        }
        out.append(0x5D)
        out += issuerClaim
        out += Array(#","jti":"#.utf8)
        Self.string(credential.id, into: &out)
        out += Array(#","sub":"#.utf8)
        Self.string(subject.id, into: &out)
        if let nbf = Timestamp.seconds(credential.validFrom) { out += Array(#","nbf":\#(nbf)"#.utf8) }
        if let until = credential.validUntil, let exp = Timestamp.seconds(until) {
            out += Array(#","exp":\#(exp)"#.utf8)
        }
        out.append(0x7D)
        return out
    }

    /// `text` as a JSON string: `"` and `\` escaped, control characters as `\u00XX`, the rest as UTF-8.
    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }

    /// A finite number: whole numbers without a fraction, as `JSONEncoder` writes them.
    static func number(_ value: Double, into out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 {
            out += Array(String(Int(value)).utf8)
        } else {
            out += Array("\(value)".utf8)
        }
    }
}
