import Crypto
import Foundation
import QualKitCore

enum Digest {
    /// The SHA-256 of `bytes` in lower-case hexadecimal.
    static func sha256Hex(_ bytes: [UInt8]) -> String { Hex.lower(Array(SHA256.hash(data: bytes))) }
}

/// The content hash of a spec pack: `sha256:` and the SHA-256 of its model (`QualificationFamily`) encoded
/// as JSON with sorted keys. Any change to a fact of the pack changes it; comments and layout of its YAML
/// do not.
public struct PackContentHash: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The pack's id (`ilm-8577`).
    public var pack: String
    /// The pack's own version (`1.0.0`).
    public var version: String
    /// `sha256:` and 64 hexadecimal digits.
    public var hash: String

    /// The content hash of `family`.
    ///
    /// - Complexity: O(*n*) in the size of the pack's model.
    public init(_ family: QualificationFamily) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(family)).map(Array.init) ?? []
        self.init(pack: family.id, version: family.version, hash: "sha256:" + Digest.sha256Hex(bytes))
    }

    /// A hash with every member given.
    public init(pack: String, version: String, hash: String) {
        self.pack = pack
        self.version = version
        self.hash = hash
    }

    /// `ilm-8577 1.0.0 sha256:…`.
    public var description: String { "\(pack) \(version) \(hash)" }
}
