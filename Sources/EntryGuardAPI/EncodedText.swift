/// Bytes read one Unicode scalar at a time, in each form `SecretRedactor` recognises: as they are
/// (UTF-8), percent-encoded, as a JSON escape or as an HTML character reference.
struct EncodedText {
    let bytes: UnsafeRawBufferPointer

    /// One scalar and the index just after its written form.
    typealias Unit = (scalar: Unicode.Scalar, end: Int)

    /// The end of `secret` written from `start`, in any mix of forms, with invisible scalars allowed
    /// between two of its scalars and combining marks swallowed after the last; nil if it is not there.
    ///
    /// A search over (position, scalars matched): a `%`, `\` or `&` can be read both as itself and as
    /// the start of an escape, and either may be the one that leads to the whole secret. Each state
    /// is visited once, so the work is bounded by the text after `start` times the secret's length.
    func match(_ secret: [Unicode.Scalar], from start: Int) -> Int? {
        let first = units(at: start)
        guard first.plain?.scalar == secret[0] || first.escaped?.scalar == secret[0] else { return nil }
        // (position, scalars of the secret matched so far)
        var pending: [(Int, Int)] = [(start, 0)]
        var visited = Set<Int>()
        while let (position, matched) = pending.popLast() {
            if matched == secret.count { return endOfTrailingMarks(from: position) }
            guard position < bytes.count, visited.insert(position &* (secret.count + 1) &+ matched).inserted else { continue }
            let (plain, escaped) = units(at: position)
            let readings = [plain, escaped].compactMap { $0 }
            var next: [(Int, Int)] = readings.filter { $0.scalar == secret[matched] }.map { ($0.end, matched + 1) }
            if matched > 0 {
                next += readings.filter { $0.scalar != secret[matched] && Self.isInvisible($0.scalar) }.map { ($0.end, matched) }
            }
            // The stack pops the last first: push the preferred readings last.
            pending += next.reversed()
        }
        return nil
    }

    /// Past combining marks and format characters (not line breaks or other controls) after a secret,
    /// so `secret\u{301}` goes whole.
    func endOfTrailingMarks(from start: Int) -> Int {
        var position = start
        while position < bytes.count {
            let (plain, escaped) = units(at: position)
            guard let mark = [plain, escaped].compactMap({ $0 }).first(where: { Self.isInvisible($0.scalar) && !Self.isControl($0.scalar) })
            else { break }
            position = mark.end
        }
        return position
    }

    /// Control and format characters, combining marks and other default-ignorable code points:
    /// what a reader does not see, or sees as part of the character before.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .nonspacingMark, .spacingMark, .enclosingMark: true
        default: scalar.properties.isDefaultIgnorableCodePoint
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }

    /// The scalar at `position` read as it is, and the one an escape starting there stands for.
    func units(at position: Int) -> (plain: Unit?, escaped: Unit?) {
        guard position < bytes.count else { return (nil, nil) }
        let plain = utf8Scalar(at: position, percentLead: false)
        switch bytes[position] {
        case UInt8(ascii: "%"): return (plain, utf8Scalar(at: position, percentLead: true))
        case UInt8(ascii: "\\"): return (plain, jsonEscape(at: position))
        case UInt8(ascii: "&"): return (plain, htmlReference(at: position))
        default: return (plain, nil)
        }
    }

    // MARK: - UTF-8, plain or percent-encoded

    /// One scalar in UTF-8. With `percentLead`, its first byte is `%XX` and each following byte is
    /// `%XX` or itself.
    private func utf8Scalar(at position: Int, percentLead: Bool) -> Unit? {
        let leadRead: (UInt8, Int)? = percentLead ? percentByte(at: position) : (bytes[position], position + 1)
        guard let (lead, afterLead) = leadRead else { return nil }
        let length: Int
        switch lead {
        case 0..<0x80: return (Unicode.Scalar(lead), afterLead)
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        var value = UInt32(lead) & (0x7F >> length)
        var end = afterLead
        for _ in 1..<length {
            guard end < bytes.count else { return nil }
            var byte = bytes[end]
            end += 1
            if percentLead, let (decoded, after) = percentByte(at: end - 1) {
                byte = decoded
                end = after
            }
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, end) }
    }

    /// `%XX` (either case) at `position`.
    private func percentByte(at position: Int) -> (UInt8, Int)? {
        guard position + 2 < bytes.count, bytes[position] == UInt8(ascii: "%"),
              let high = Self.hexValue(bytes[position + 1]), let low = Self.hexValue(bytes[position + 2])
        else { return nil }
        return (UInt8(high << 4 | low), position + 3)
    }

    // MARK: - JSON

    /// `\uXXXX` (a surrogate pair for scalars past U+FFFF) or a one-letter escape (`\/`, `\"` …).
    private func jsonEscape(at position: Int) -> Unit? {
        guard position + 1 < bytes.count else { return nil }
        if let scalar = Self.jsonShortEscapes[bytes[position + 1]] { return (scalar, position + 2) }
        guard let high = utf16Escape(at: position) else { return nil }
        if (0xD800...0xDBFF).contains(high) {
            guard let low = utf16Escape(at: position + 6), (0xDC00...0xDFFF).contains(low) else { return nil }
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(value).map { ($0, position + 12) }
        }
        return Unicode.Scalar(high).map { ($0, position + 6) }
    }

    /// The letter after `\` → the scalar it stands for.
    private static let jsonShortEscapes: [UInt8: Unicode.Scalar] = [
        UInt8(ascii: "\""): "\"", UInt8(ascii: "\\"): "\\", UInt8(ascii: "/"): "/", UInt8(ascii: "b"): "\u{8}",
        UInt8(ascii: "f"): "\u{C}", UInt8(ascii: "n"): "\n", UInt8(ascii: "r"): "\r", UInt8(ascii: "t"): "\t",
    ]

    /// The code unit of `\uXXXX` at `position`.
    private func utf16Escape(at position: Int) -> UInt32? {
        guard position + 5 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else { return nil }
        var value: UInt32 = 0
        for index in position + 2..<position + 6 {
            guard let digit = Self.hexValue(bytes[index]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    // MARK: - HTML

    /// `&#NN;`, `&#xHH;` (the `;` optional, as browsers read them), or a named reference.
    private func htmlReference(at position: Int) -> Unit? {
        var index = position + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            let hex = index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "x")
            if hex { index += 1 }
            var value: UInt32 = 0
            let digitsStart = index
            while index < bytes.count, let digit = hex ? Self.hexValue(bytes[index]) : Self.decimalValue(bytes[index]) {
                // Leading zeros are allowed, so the number of digits is not bounded; the value is.
                value = min(value * (hex ? 16 : 10) + UInt32(digit), 0x110000)
                index += 1
            }
            guard index > digitsStart, let scalar = Unicode.Scalar(value) else { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ";") { index += 1 }
            return (scalar, index)
        }
        var name: [UInt8] = []
        while index < bytes.count, name.count < 32, Self.isAlphanumeric(bytes[index]) {
            name.append(bytes[index])
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ";"), let scalar = Self.namedReferences[String(decoding: name, as: UTF8.self)] {
            return (scalar, index + 1)
        }
        // The few names HTML also reads without the semicolon (`&amp` in old pages).
        for legacy in ["amp", "AMP", "lt", "LT", "gt", "GT", "quot", "QUOT"] where name.starts(with: legacy.utf8) {
            return (Self.namedReferences[legacy]!, position + 1 + legacy.utf8.count)
        }
        return nil
    }

    /// HTML's named references for ASCII characters (a secret of a bearer token or an API key is
    /// ASCII in practice; any other scalar is still caught in its numeric forms).
    static let namedReferences: [String: Unicode.Scalar] = [
        "Tab": "\t", "NewLine": "\n", "excl": "!", "quot": "\"", "QUOT": "\"", "num": "#", "dollar": "$",
        "percnt": "%", "amp": "&", "AMP": "&", "apos": "'", "lpar": "(", "rpar": ")", "ast": "*", "midast": "*",
        "plus": "+", "comma": ",", "period": ".", "sol": "/", "colon": ":", "semi": ";", "lt": "<", "LT": "<",
        "equals": "=", "gt": ">", "GT": ">", "quest": "?", "commat": "@", "lsqb": "[", "lbrack": "[", "bsol": "\\",
        "rsqb": "]", "rbrack": "]", "Hat": "^", "lowbar": "_", "UnderBar": "_", "grave": "`", "DiacriticalGrave": "`",
        "lcub": "{", "lbrace": "{", "verbar": "|", "vert": "|", "VerticalLine": "|", "rcub": "}", "rbrace": "}",
        "nbsp": "\u{A0}", "shy": "\u{AD}", "zwj": "\u{200D}", "zwnj": "\u{200C}",
    ]

    // MARK: - Digits

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func decimalValue(_ byte: UInt8) -> UInt8? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? byte - UInt8(ascii: "0") : nil
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        decimalValue(byte) != nil || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }
}
