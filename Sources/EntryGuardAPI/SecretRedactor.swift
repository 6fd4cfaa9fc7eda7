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

    /// Each secret's scalars, the longest first, and the first byte of its literal form.
    private let secrets: [(scalars: [Unicode.Scalar], firstByte: UInt8)]

    /// Empty secrets are ignored.
    public init(secrets: [String]) {
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }
            .map { (Array($0.unicodeScalars), $0.utf8.first!) }
    }

    /// `bytes` with every occurrence replaced.
    public func redact(_ bytes: [UInt8]) -> [UInt8] {
        guard !secrets.isEmpty else { return bytes }
        return bytes.withUnsafeBytes { buffer in
            var output: [UInt8] = []
            output.reserveCapacity(buffer.count)
            var position = 0
            var copied = 0
            while position < buffer.count {
                if let end = occurrenceEnd(in: buffer, at: position) {
                    output.append(contentsOf: buffer[copied..<position])
                    output.append(contentsOf: Self.replacement.utf8)
                    position = end
                    copied = end
                } else {
                    position += 1
                }
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
        guard !secrets.isEmpty else { return false }
        for position in bytes.indices where occurrenceEnd(in: bytes, at: position) != nil {
            return true
        }
        return false
    }

    /// Whether a secret occurs in these bytes, in any of the forms above.
    public func occurs(in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { occurs(in: $0) }
    }

    /// The end of the longest secret that starts at `position`, if one does.
    private func occurrenceEnd(in bytes: UnsafeRawBufferPointer, at position: Int) -> Int? {
        let byte = bytes[position]
        // Most bytes start neither a secret nor an escape: skip them without decoding.
        let escape = byte == UInt8(ascii: "%") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "&")
        let text = EncodedText(bytes: bytes)
        for secret in secrets where escape || byte == secret.firstByte {
            if let end = text.match(secret.scalars, from: position) { return end }
        }
        return nil
    }
}
