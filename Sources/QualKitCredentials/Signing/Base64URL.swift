/// Base64url without padding (RFC 7515, section 2), the encoding of JWS parts and JWK members, on bytes
/// (Foundation's base64 followed by character replacement took most of the time of issuing a credential).
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    static func encode<C: Collection<UInt8>>(_ bytes: C) -> String {
        let input = Array(bytes)
        let count = input.count / 3 * 4 + [0, 2, 3][input.count % 3]
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, written in
            alphabet.withUnsafeBufferPointer { table in
                input.withUnsafeBufferPointer { source in
                    var at = 0
                    var index = 0
                    while index + 3 <= source.count {
                        let chunk =
                            UInt32(source[index]) << 16 | UInt32(source[index + 1]) << 8 | UInt32(source[index + 2])
                        buffer[at] = table[Int(chunk >> 18 & 63)]
                        buffer[at + 1] = table[Int(chunk >> 12 & 63)]
                        buffer[at + 2] = table[Int(chunk >> 6 & 63)]
                        buffer[at + 3] = table[Int(chunk & 63)]
                        at += 4
                        index += 3
                    }
                    if source.count - index == 1 {
                        let chunk = UInt32(source[index]) << 16
                        buffer[at] = table[Int(chunk >> 18 & 63)]
                        buffer[at + 1] = table[Int(chunk >> 12 & 63)]
                    } else if source.count - index == 2 {
                        let chunk = UInt32(source[index]) << 16 | UInt32(source[index + 1]) << 8
                        buffer[at] = table[Int(chunk >> 18 & 63)]
                        buffer[at + 1] = table[Int(chunk >> 12 & 63)]
                        buffer[at + 2] = table[Int(chunk >> 6 & 63)]
                    }
                }
            }
            written = count
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `text`, or `nil` when it is not canonical base64url without padding (a character
    /// outside the alphabet, a length that leaves one character over, or unused low bits that are not zero).
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in input {
            let value = values[Int(byte)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        guard accumulator == 0 else { return nil } // unused low bits must be zero
        return out
    }
}
