import Crypto
import Foundation

/// An Ed25519 private key that signs credentials, read from or written as a JWK (RFC 8037:
/// `{"kty":"OKP","crv":"Ed25519","x":…,"d":…}`).
///
/// Its `description` never shows the key: only its thumbprint.
///
/// ```swift
/// let key = SigningKey.generate()
/// let again = try SigningKey(jwk: key.privateJWK, file: "key.jwk")
/// print(again.verificationKey == key.verificationKey)   // true
/// ```
public struct SigningKey: Sendable, CustomStringConvertible {
    let key: Curve25519.Signing.PrivateKey

    init(_ key: Curve25519.Signing.PrivateKey) { self.key = key }

    /// A new key from the system's secure random source.
    public static func generate() -> SigningKey { SigningKey(Curve25519.Signing.PrivateKey()) }

    /// Reads the private JWK `data`, the contents of the file `file` (named in errors).
    ///
    /// - Throws: ``CredentialError/Kind/invalidKey`` when `data` is not an Ed25519 private JWK (a public key,
    ///   another kind of key, a `d` of the wrong length, an `x` that is not `d`'s public key).
    public init(jwk data: Data, file: String) throws(CredentialError) {
        let fields = try JWKFields(data, file: file)
        guard let secret = fields.d else {
            throw CredentialError(
                .invalidKey,
                "\(file) is a public key (it has no 'd'); signing needs the private key "
                    + "that qualkit keygen wrote (key.jwk, not key.pub.jwk)")
        }
        guard let bytes = Base64URL.decode(secret), bytes.count == 32,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
        else {
            throw CredentialError(.invalidKey, "\(file): 'd' is not a base64url Ed25519 private key of 32 bytes")
        }
        guard Base64URL.encode(key.publicKey.rawRepresentation) == fields.x else {
            throw CredentialError(
                .invalidKey,
                "\(file): 'x' is not the public key of 'd'; the file was changed "
                    + "or put together from two keys: make a new pair with qualkit keygen")
        }
        self.key = key
    }

    /// The public key that checks this key's signatures.
    public var verificationKey: VerificationKey { VerificationKey(key.publicKey) }

    /// The private JWK, as `qualkit keygen` writes it: `{"crv":"Ed25519","d":…,"kid":…,"kty":"OKP","x":…}`.
    /// Keep it secret.
    public var privateJWK: Data {
        let pub = verificationKey
        return JWKFields(
            kty: "OKP", crv: "Ed25519", publicKey: pub.x, privateKey: Base64URL.encode(key.rawRepresentation),
            kid: pub.thumbprint
        ).json
    }

    /// Signs `message` (EdDSA, Ed25519).
    func signature<D: DataProtocol>(for message: D) throws(CredentialError) -> [UInt8] {
        do { return Array(try key.signature(for: message)) } catch {
            throw CredentialError(.invalidKey, "the key could not sign (\(type(of: error)))")
        }
    }

    /// `Ed25519 signing key <thumbprint>`: never the key itself.
    public var description: String { "Ed25519 signing key \(verificationKey.thumbprint)" }
}

/// An Ed25519 public key that verifies credentials, read from or written as a JWK
/// (`{"kty":"OKP","crv":"Ed25519","x":…}`).
public struct VerificationKey: Hashable, Sendable, CustomStringConvertible {
    let key: Curve25519.Signing.PublicKey

    init(_ key: Curve25519.Signing.PublicKey) { self.key = key }

    /// Reads the JWK `data`, the contents of file `file`; a private JWK is accepted, and its public half used.
    ///
    /// - Throws: ``CredentialError/Kind/invalidKey`` when `data` is not an Ed25519 JWK.
    public init(jwk data: Data, file: String) throws(CredentialError) {
        let fields = try JWKFields(data, file: file)
        if fields.d != nil {
            self = try SigningKey(jwk: data, file: file).verificationKey
            return
        }
        guard let bytes = Base64URL.decode(fields.x), bytes.count == 32,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)
        else {
            throw CredentialError(.invalidKey, "\(file): 'x' is not a base64url Ed25519 public key of 32 bytes")
        }
        self.key = key
    }

    /// `x`: the key, base64url.
    var x: String { Base64URL.encode(key.rawRepresentation) }

    /// The JWK thumbprint (RFC 7638, SHA-256, base64url): the `kid` of the tokens this key's private half
    /// signs.
    public var thumbprint: String {
        let canonical = #"{"crv":"Ed25519","kty":"OKP","x":""# + x + #""}"#
        return Base64URL.encode(Array(SHA256.hash(data: Array(canonical.utf8))))
    }

    /// The public JWK, as `qualkit keygen` writes it beside the private key.
    public var publicJWK: Data {
        JWKFields(kty: "OKP", crv: "Ed25519", publicKey: x, privateKey: nil, kid: thumbprint).json
    }

    /// Whether `signature` is this key's signature of `message`.
    func isValidSignature<S: DataProtocol, D: DataProtocol>(_ signature: S, for message: D) -> Bool {
        key.isValidSignature(signature, for: message)
    }

    /// `Ed25519 verification key <thumbprint>`.
    public var description: String { "Ed25519 verification key \(thumbprint)" }

    public static func == (lhs: VerificationKey, rhs: VerificationKey) -> Bool {
        lhs.key.rawRepresentation == rhs.key.rawRepresentation
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(key.rawRepresentation) }
}

/// The members of an Ed25519 JWK. Errors name the file and the member, never a value.
struct JWKFields: Codable {
    var kty: String
    var crv: String
    var x: String
    var d: String?
    var kid: String?

    init(kty: String, crv: String, publicKey: String, privateKey: String?, kid: String?) {
        self.kty = kty
        self.crv = crv
        self.x = publicKey
        self.d = privateKey
        self.kid = kid
    }

    init(_ data: Data, file: String) throws(CredentialError) {
        guard !data.isEmpty else {
            throw CredentialError(.invalidKey, "\(file) is empty; give the JWK file that qualkit keygen wrote")
        }
        let object: [String: JSONValue]
        do { object = try JSONDecoder().decode([String: JSONValue].self, from: data) } catch {
            throw CredentialError(
                .invalidKey, "\(file) is not a JWK (a JSON object); give the file that qualkit keygen wrote")
        }
        func text(_ member: String) throws(CredentialError) -> String? {
            switch object[member] {
            case nil: return nil
            case .string(let value)?: return value
            default: throw CredentialError(.invalidKey, "\(file): '\(member)' is not a string")
            }
        }
        guard let kty = try text("kty") else {
            throw CredentialError(.invalidKey, "\(file) has no 'kty'; it is not a JWK")
        }
        let crv = try text("crv")
        guard kty == "OKP", crv == "Ed25519" else {
            throw CredentialError(
                .invalidKey,
                "\(file) is a key of kty '\(kty)'" + (crv.map { ", crv '\($0)'" } ?? "")
                    + "; QualKit signs with Ed25519 (kty OKP, crv Ed25519): make a key with qualkit keygen")
        }
        guard let x = try text("x") else { throw CredentialError(.invalidKey, "\(file) has no 'x' (the public key)") }
        self.init(kty: kty, crv: "Ed25519", publicKey: x, privateKey: try text("d"), kid: try text("kid"))
    }

    /// Sorted keys, one line, a newline at the end.
    var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(self)) ?? Data()
        data.append(0x0A)
        return data
    }
}
