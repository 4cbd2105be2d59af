import Foundation

/// Base64url without padding (RFC 7515, section 2), the encoding of JWS parts and JWK members.
enum Base64URL {
    static func encode<C: Collection<UInt8>>(_ bytes: C) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// The bytes of `text`, or `nil` when it is not base64url (padding is refused, as RFC 7515 asks).
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard text.utf8.allSatisfy({ byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x5F
        }), text.utf8.count % 4 != 1 else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.utf8.count % 4 != 0 { standard += "=" }
        guard let data = Data(base64Encoded: standard) else { return nil }
        // Only the canonical encoding: unused low bits of the last character must be zero.
        guard encode(data) == text else { return nil }
        return Array(data)
    }
}
