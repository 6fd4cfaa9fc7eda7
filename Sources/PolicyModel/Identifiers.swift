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

/// A UUID identifier, normalized to lowercase; `Kind` keeps role and resource ids apart in types.
public struct UUIDIdentifier<Kind>: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: String

    /// Accepts any 8-4-4-4-12 hex UUID, in either case.
    public init?(_ text: String) {
        guard let normalized = UUIDText.normalize(text) else { return nil }
        rawValue = normalized
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

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
