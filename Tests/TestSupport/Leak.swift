import Foundation

/// An oracle independent of the redactor: whether text shows a secret once the escapes a server
/// may use are undone the simple way (percent, JSON `\uXXXX` and `\/`, HTML references) and
/// invisible scalars are dropped. All of the secret but its last two characters counts as shown,
/// so a secret cut short is caught too. For ASCII secrets, as the tests use.
public enum Leak {
    public static func shows(_ secret: String, in text: String) -> Bool {
        let needle = Array(String(secret.unicodeScalars.dropLast(2)).utf8)
        return Array(visible(text).utf8).firstRange(of: needle) != nil
    }

    /// Whether text shows a short numeric secret (an MFA code) whole, decoded as `shows` decodes,
    /// and not as part of a longer number: all but two of six digits would match by chance.
    public static func showsCode(_ code: String, in text: String) -> Bool {
        let digits = Array(visible(text).utf8)
        let needle = Array(code.utf8)
        let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
        var start = digits.startIndex
        while let range = digits[start...].firstRange(of: needle) {
            let before = range.lowerBound > digits.startIndex && isDigit(digits[range.lowerBound - 1])
            let after = range.upperBound < digits.endIndex && isDigit(digits[range.upperBound])
            if !before && !after { return true }
            start = range.lowerBound + 1
        }
        return false
    }

    /// The text with the escapes undone and the invisible scalars dropped.
    private static func visible(_ text: String) -> String {
        var decoded = text
        decoded = decoded.replacing(/%([0-9A-Fa-f]{2})/) { scalar(UInt32($0.1, radix: 16)) }
        decoded = decoded.replacing(/\\u([0-9A-Fa-f]{4})/) { scalar(UInt32($0.1, radix: 16)) }
        decoded = decoded.replacing(/\\\//) { _ in "/" }
        decoded = decoded.replacing(/&#[xX]([0-9A-Fa-f]+);?/) { scalar(UInt32($0.1, radix: 16)) }
        decoded = decoded.replacing(/&#([0-9]+);?/) { scalar(UInt32($0.1)) }
        for (name, character) in [("amp", "&"), ("sol", "/"), ("plus", "+"), ("equals", "="), ("lt", "<"), ("gt", ">"), ("quot", "\"")] {
            decoded = decoded.replacingOccurrences(of: "&\(name);", with: character)
        }
        let visible = decoded.unicodeScalars.filter { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .nonspacingMark, .spacingMark, .enclosingMark: false
            default: true
            }
        }
        return String(String.UnicodeScalarView(visible))
    }

    private static func scalar(_ value: UInt32?) -> String {
        value.flatMap(Unicode.Scalar.init).map { String($0) } ?? "?"
    }
}
