/// RFC 4648 base32 (the alphabet `A`–`Z`, `2`–`7`), as authenticator apps show TOTP secrets.
public enum Base32 {
    /// The bytes `text` encodes.
    ///
    /// Letters may be in either case, spaces anywhere are ignored (apps show secrets in groups of four),
    /// and trailing `=` padding is optional. Anything else is an error that gives the offending
    /// character's offset, never the character: the text is a secret.
    public static func decode(_ text: String) throws(Base32Error) -> [UInt8] {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        var paddingStart: Int?
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: " "):
                continue
            case UInt8(ascii: "="):
                paddingStart = paddingStart ?? offset
            default:
                guard paddingStart == nil else { throw .characterAfterPadding(offset: offset) }
                guard let value = value(of: byte) else { throw .invalidCharacter(offset: offset) }
                values.append(value)
            }
        }
        // Each 8 characters carry 5 bytes; a final group of 1, 3 or 6 characters ends inside a byte.
        guard ![1, 3, 6].contains(values.count % 8) else { throw .invalidLength(values.count) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for value in values {
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return bytes
    }

    /// The 5-bit value of one character, either case; nil when it is not in the alphabet.
    private static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): byte - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}

/// Why a text is not base32. Says where, never what: the text is usually a secret.
public enum Base32Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// A character outside `A`–`Z`, `a`–`z`, `2`–`7`, space and `=`, at this UTF-8 offset.
    case invalidCharacter(offset: Int)
    /// Something other than `=` or a space after the padding began, at this UTF-8 offset.
    case characterAfterPadding(offset: Int)
    /// A count of base32 characters that cannot end on a byte boundary (1, 3 or 6 past a multiple of 8).
    case invalidLength(Int)

    public var description: String {
        switch self {
        case .invalidCharacter(let offset):
            "not base32: the character at offset \(offset) is not a letter, a digit 2-7, a space or '='"
        case .characterAfterPadding(let offset):
            "not base32: a character at offset \(offset) follows the '=' padding"
        case .invalidLength(let count):
            "not base32: \(count) characters cannot encode whole bytes"
        }
    }
}
