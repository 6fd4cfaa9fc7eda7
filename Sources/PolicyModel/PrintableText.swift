/// Text from the policy or the API made safe to print on one line: a quoted YAML scalar or a role
/// name can hold line breaks and terminal escape sequences. The one escaper of diagnostics and of
/// every rendered plan (`TerminalText.sanitize`).
public enum PrintableText {
    /// `message` with control characters and line separators written as escapes (`\n`, `\u{1B}`).
    public static func escaped(_ message: String) -> String {
        guard message.unicodeScalars.contains(where: needsEscape) else { return message }
        var result = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where needsEscape(scalar): result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}

extension Diagnostic {
    /// The diagnostic with its message escaped by `PrintableText`.
    public var printable: Diagnostic {
        var copy = self
        copy.message = PrintableText.escaped(message)
        return copy
    }
}
