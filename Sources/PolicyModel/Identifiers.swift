/// UUID text handling shared by role and resource identifiers.
public enum UUIDText {
    /// The lowercase form of `text` when it is an 8-4-4-4-12 hexadecimal UUID, else `nil`.
    public static func normalize(_ text: String) -> String? {
        var alreadyLowercase = true
        var count = 0
        for byte in text.utf8 {
            switch count {
            case 8, 13, 18, 23:
                guard byte == UInt8(ascii: "-") else { return nil }
            default:
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"):
                    break
                case UInt8(ascii: "A")...UInt8(ascii: "F"):
                    alreadyLowercase = false
                default:
                    return nil
                }
            }
            count += 1
            if count > 36 { return nil }
        }
        guard count == 36 else { return nil }
        return alreadyLowercase ? text : text.lowercased()
    }

    /// Whether `text` has the look of a UUID someone mistyped: only hex digits and dashes, long enough
    /// that it cannot be meant as a short alias name.
    public static func looksLikeMalformedUUID(_ text: String) -> Bool {
        var dashes = 0
        var hex = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): dashes += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                 UInt8(ascii: "A")...UInt8(ascii: "F"):
                hex += 1
            default: return false
            }
        }
        return dashes >= 3 || hex >= 24
    }
}

/// A UUID identifier; `Kind` keeps role and resource ids apart in types.
///
/// Held as its 128 bits rather than as text: plans compare and hash hundreds of thousands of ids, and
/// a 36-character `String` is a heap object with a byte-wise hash. Its text is always the lowercase
/// 8-4-4-4-12 form, and ids order as their texts do (same length, hex digits in ASCII order).
public struct UUIDIdentifier<Kind>: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    private let high: UInt64
    private let low: UInt64

    /// Accepts any 8-4-4-4-12 hex UUID, in either case.
    public init?(_ text: String) {
        var text = text
        guard let bits = text.withUTF8(Self.parse) else { return nil }
        (high, low) = bits
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
        guard bytes.count == 36, let base = bytes.baseAddress else { return nil }
        let dash = UInt8(ascii: "-")
        guard base[8] == dash, base[13] == dash, base[18] == dash, base[23] == dash else { return nil }
        // Hex digits of both halves, skipping the dashes; any byte that is not one sets a bit of
        // `invalid` (one test at the end instead of a branch per digit).
        var invalid: UInt8 = 0
        func digits(_ range: Range<Int>, into value: inout UInt64) {
            for position in range {
                let byte = base[position]
                let decimal = byte &- UInt8(ascii: "0")
                let letter = (byte | 0x20) &- UInt8(ascii: "a")
                let nibble = decimal < 10 ? decimal : letter < 6 ? letter &+ 10 : 0x10
                invalid |= nibble & 0x10
                value = value << 4 | UInt64(nibble & 0xF)
            }
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        digits(0..<8, into: &high)
        digits(9..<13, into: &high)
        digits(14..<18, into: &high)
        digits(19..<23, into: &low)
        digits(24..<36, into: &low)
        return invalid == 0 ? (high, low) : nil
    }

    /// The lowercase 8-4-4-4-12 text.
    public var rawValue: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var position = 0
            func put(_ value: UInt64, nibbles: Int) {
                for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                    if position == 8 || position == 13 || position == 18 || position == 23 {
                        buffer[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    buffer[position] = digits.utf8Start[Int(value >> UInt64(shift) & 0xF)]
                    position += 1
                }
            }
            put(high, nibbles: 16)
            put(low, nibbles: 16)
            return 36
        }
    }

    public var description: String { rawValue }

    /// Appends the lowercase 8-4-4-4-12 text, with no `String` in between.
    public func appendText(to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var position = 0
            func put(_ value: UInt64) {
                for shift in stride(from: 60, through: 0, by: -4) {
                    if position == 8 || position == 13 || position == 18 || position == 23 {
                        buffer[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    buffer[position] = digits.utf8Start[Int(value >> UInt64(shift) & 0xF)]
                    position += 1
                }
            }
            put(high)
            put(low)
            bytes.append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }

    /// An id from the UTF-8 bytes of its text (either case), or `nil` when they are not a UUID.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let bits = Self.parse(bytes) else { return nil }
        (high, low) = bits
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = Self(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a UUID")
        }
        self = id
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

public enum RoleIDKind {}
public enum ResourceIDKind {}

/// A role's UUID.
public typealias RoleID = UUIDIdentifier<RoleIDKind>
/// A cloud resource's UUID.
public typealias ResourceID = UUIDIdentifier<ResourceIDKind>
