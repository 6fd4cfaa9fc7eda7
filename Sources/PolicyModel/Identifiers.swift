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

/// A role's UUID, normalized to lowercase.
public struct RoleID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// Accepts any 8-4-4-4-12 hex UUID, in either case.
    public init?(_ text: String) {
        guard let normalized = UUIDText.normalize(text) else { return nil }
        rawValue = normalized
    }
    public var description: String { rawValue }
    public static func < (lhs: RoleID, rhs: RoleID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A cloud resource's UUID, normalized to lowercase.
public struct ResourceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// Accepts any 8-4-4-4-12 hex UUID, in either case.
    public init?(_ text: String) {
        guard let normalized = UUIDText.normalize(text) else { return nil }
        rawValue = normalized
    }
    public var description: String { rawValue }
    public static func < (lhs: ResourceID, rhs: ResourceID) -> Bool { lhs.rawValue < rhs.rawValue }
}
