/// Finds secrets in text however a server or a proxy wrote them back, and replaces each with
/// `[REDACTED]`.
///
/// It works on UTF-8 bytes and Unicode scalars, never on `Character`s: Swift compares strings by
/// grapheme cluster, so `"secret\u{301}".contains("secret")` is false and `replacingOccurrences`
/// leaves such an echo alone. Redact before anything else touches the text, and cut it only
/// afterwards: a cut made first can keep the start of a secret that nothing then recognises.
///
/// An occurrence is the secret's scalars in order, each written in any of these forms:
///
/// | form            | examples for `-`                     |
/// |-----------------|--------------------------------------|
/// | as it is        | `-`                                  |
/// | percent-encoded | `%2D`, `%2d` (UTF-8 byte by byte)    |
/// | a JSON escape   | `\u002D`, `\u002d`; `\/`, `\"`, `\\` |
/// | an HTML reference | `&#45;`, `&#x2D;`, `&#X2d`, `&amp;`-style names |
///
/// with anything invisible between two of them (control and format characters, combining marks,
/// as they are or encoded) and combining marks right after the last, all swallowed by the
/// replacement.
public struct SecretRedactor: Sendable {
    public static let replacement = "[REDACTED]"

    /// A secret, as scalars for the search and as UTF-8 for the fast path.
    private struct Secret: Sendable {
        var scalars: [Unicode.Scalar]
        var bytes: [UInt8]
        /// Whether its own bytes hold `%`, `\` or `&`, which the fast path cannot tell from escapes.
        var hasEscapeByte: Bool
    }

    /// The longest first.
    private let secrets: [Secret]
    /// By byte value: whether an occurrence can start with it (a secret's first byte, `%`, `\`, `&`),
    /// so the scan passes every other byte at the cost of one load.
    private let mayStart: [Bool]

    /// Empty secrets are ignored.
    public init(secrets: [String]) {
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }.map { secret in
            Secret(scalars: Array(secret.unicodeScalars), bytes: Array(secret.utf8), hasEscapeByte: secret.utf8.contains(where: Self.isEscapeStart))
        }
        var mayStart = Array(repeating: false, count: 256)
        let starts = self.secrets.map { $0.bytes[0] } + Array("%\\&".utf8)
        for byte in starts { mayStart[Int(byte)] = true }
        self.mayStart = mayStart
    }

    /// `bytes` with every occurrence replaced.
    public func redact(_ bytes: [UInt8]) -> [UInt8] {
        guard !secrets.isEmpty else { return bytes }
        return bytes.withUnsafeBytes { buffer in
            var output: [UInt8] = []
            output.reserveCapacity(buffer.count)
            var copied = 0
            while let occurrence = nextOccurrence(in: buffer, from: copied) {
                output.append(contentsOf: buffer[copied..<occurrence.lowerBound])
                output.append(contentsOf: Self.replacement.utf8)
                copied = occurrence.upperBound
            }
            output.append(contentsOf: buffer[copied..<buffer.count])
            return output
        }
    }

    /// `text` with every occurrence replaced.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        return String(decoding: redact(Array(text.utf8)), as: UTF8.self)
    }

    /// Whether a secret occurs in these bytes, in any of the forms above.
    public func occurs(in bytes: UnsafeRawBufferPointer) -> Bool {
        !secrets.isEmpty && nextOccurrence(in: bytes, from: 0) != nil
    }

    /// Whether a secret occurs in these bytes, in any of the forms above.
    public func occurs(in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { occurs(in: $0) }
    }

    /// The first occurrence at or after `start`.
    private func nextOccurrence(in bytes: UnsafeRawBufferPointer, from start: Int) -> Range<Int>? {
        mayStart.withUnsafeBufferPointer { mayStart in
            var position = start
            while position < bytes.count {
                if mayStart[Int(bytes[position])], let end = occurrenceEnd(in: bytes, at: position) {
                    return position..<end
                }
                position += 1
            }
            return nil
        }
    }

    /// The end of the longest secret that starts at `position`, if one does.
    private func occurrenceEnd(in bytes: UnsafeRawBufferPointer, at position: Int) -> Int? {
        let byte = bytes[position]
        let escape = Self.isEscapeStart(byte)
        let text = EncodedText(bytes: bytes)
        for secret in secrets where escape || byte == secret.bytes[0] {
            switch escape ? nil : Self.plainMatch(secret, in: bytes, at: position) {
            case true?: return text.endOfTrailingMarks(from: position + secret.bytes.count)
            case false?: continue
            case nil: if let end = text.match(secret.scalars, from: position) { return end }
            }
        }
        return nil
    }

    /// Settles most starts by comparing bytes: true when the secret is there as it is, false when
    /// the bytes part where nothing but a plain printable ASCII character follows (no escape, no
    /// invisible character, so the search could not do better), nil when the search must decide.
    private static func plainMatch(_ secret: Secret, in bytes: UnsafeRawBufferPointer, at position: Int) -> Bool? {
        guard !secret.hasEscapeByte else { return nil }
        var matched = 0
        while matched < secret.bytes.count, position + matched < bytes.count, bytes[position + matched] == secret.bytes[matched] {
            matched += 1
        }
        if matched == secret.bytes.count { return true }
        guard position + matched < bytes.count else { return false }
        let next = bytes[position + matched]
        return (0x20...0x7E).contains(next) && !isEscapeStart(next) ? false : nil
    }

    private static func isEscapeStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "%") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "&")
    }
}
