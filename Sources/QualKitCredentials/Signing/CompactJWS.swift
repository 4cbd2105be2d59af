import Foundation

/// JWS Compact Serialization (RFC 7515) with EdDSA over Ed25519 (RFC 8037), the form of a VC-JWT.
enum CompactJWS {
    /// The protected header of every token a key signs: `{"alg":"EdDSA","kid":…,"typ":"JWT"}`, base64url.
    static func header(for key: VerificationKey) -> String {
        Base64URL.encode(
            Array(#"{"alg":"EdDSA","kid":""#.utf8) + Array(key.thumbprint.utf8) + Array(#"","typ":"JWT"}"#.utf8))
    }

    /// `header.payload.signature`, with `header` from ``header(for:)`` and `payload` the JSON to sign.
    static func sign(header: String, payload: Data, key: SigningKey) throws(CredentialError) -> String {
        let input = header + "." + Base64URL.encode(payload)
        let signature = try key.signature(for: Array(input.utf8))
        return input + "." + Base64URL.encode(signature)
    }

    /// A token taken apart, its signature not yet checked.
    struct Parts {
        var header: [String: JSONValue]
        var payload: [UInt8]
        var signingInput: [UInt8]
        var signature: [UInt8]
    }

    static func parse(_ token: String) throws(CredentialError) -> Parts {
        let pieces = token.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count == 3 else {
            throw CredentialError(
                .malformedToken,
                "the token is not a compact JWS: it has \(pieces.count) part"
                    + (pieces.count == 1 ? "" : "s") + " where three, joined by '.', were expected")
        }
        guard let headerBytes = Base64URL.decode(pieces[0]) else {
            throw CredentialError(.malformedToken, "the token's header is not base64url")
        }
        guard let header = try? JSONDecoder().decode([String: JSONValue].self, from: Data(headerBytes)) else {
            throw CredentialError(.malformedToken, "the token's header is not a JSON object")
        }
        guard let payload = Base64URL.decode(pieces[1]) else {
            throw CredentialError(.badSignature, "the token's payload is not base64url: it was changed after signing")
        }
        guard let signature = Base64URL.decode(pieces[2]) else {
            throw CredentialError(.badSignature, "the token's signature is not base64url: it was changed after signing")
        }
        return Parts(
            header: header, payload: payload, signingInput: Array(pieces[0].utf8) + [0x2E] + Array(pieces[1].utf8),
            signature: signature)
    }
}
