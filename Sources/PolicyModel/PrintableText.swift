/// Text from the policy or the API made safe to print on one line: a quoted YAML scalar or a role
/// name can hold line breaks, terminal escape sequences, and characters that show as nothing (a
/// zero-width space) or reorder what follows (a right-to-left override), so that two different
/// names look the same. The one escaper of diagnostics, paths and every rendered plan but JSON,
/// applied at the sinks (the CLI's `Console`, the renderers, GitHub annotations), never earlier.
public enum PrintableText {
    /// `message` with control and invisible characters written as escapes (`\n`, `\u{1B}`, `\u{202E}`).
    public static func escaped(_ message: String) -> String {
        // Ids, names and paths are mostly printable ASCII: one pass over the bytes settles them
        // (over the stored bytes themselves, not through the view's indices, where they are stored).
        func printable(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F }
        if message.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(printable) }) ?? message.utf8.allSatisfy(printable) {
            return message
        }
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

    /// Whether `scalar` is shown escaped: controls (C0, C1, DEL), format characters (general
    /// category Cf: bidi embeddings, overrides and isolates, zero-width space, joiners, word joiner,
    /// invisible operators, the BOM, tag characters), line and paragraph separators, every space
    /// but U+0020 (a no-break space looks like a space), and the rest of Unicode's default-ignorable
    /// code points (Hangul fillers, variation selectors, the combining grapheme joiner), which
    /// render as nothing.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value >= 0x20 && scalar.value < 0x7F { return false }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator: return true
        default: return properties.isDefaultIgnorableCodePoint
        }
    }
}

extension Diagnostic {
    /// The diagnostic with its message and path escaped by `PrintableText`.
    public var printable: Diagnostic {
        var copy = self
        copy.message = PrintableText.escaped(message)
        if let path = location?.path { copy.location?.path = PrintableText.escaped(path) }
        copy.path = copy.path.map(PrintableText.escaped)
        return copy
    }
}
