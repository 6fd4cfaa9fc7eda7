/// Strings and numbers: scanned once, checked as they are scanned, made into values only when read.
extension JSONReader {
    // MARK: - Strings

    public mutating func readString() throws(JSONError) -> String {
        let kind = try peekKind()
        guard kind == .string else { throw typeMismatch(expected: "a string", found: kind) }
        return try scanString(keep: true)
    }

    /// Reads a string and hands its UTF-8 bytes (escapes undone) to `body`, making no `String`:
    /// for callers that parse ids or keep one copy of text repeated across a document.
    public mutating func readString<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) throws(JSONError) -> T {
        let kind = try peekKind()
        guard kind == .string else { throw typeMismatch(expected: "a string", found: kind) }
        let (start, end, escaped) = try scanStringBody()
        let raw = UnsafeBufferPointer(start: base + start, count: end - start)
        guard escaped else { return body(raw) }
        scratch.removeAll(keepingCapacity: true)
        var index = 0
        Self.unescape(raw, from: &index, into: &scratch)
        return scratch.withUnsafeBufferPointer(body)
    }

    /// Scans the string at `position` (its opening quote); returns its value when `keep`.
    mutating func scanString(keep: Bool) throws(JSONError) -> String {
        let (start, end, escaped) = try scanStringBody()
        guard keep else { return "" }
        let raw = UnsafeBufferPointer(start: base + start, count: end - start)
        guard escaped else { return String(decoding: raw, as: UTF8.self) }
        scratch.removeAll(keepingCapacity: true)
        var index = 0
        Self.unescape(raw, from: &index, into: &scratch)
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Scans an object key at `position`.
    mutating func scanKey() throws(JSONError) -> JSONKey {
        let (start, end, escaped) = try scanStringBody()
        return JSONKey(base: base, start: start, end: end, escaped: escaped)
    }

    /// Checks the string whose opening quote is at `position` and moves past its closing quote.
    /// Returns the offsets between the quotes and whether it holds escapes.
    private mutating func scanStringBody() throws(JSONError) -> (start: Int, end: Int, escaped: Bool) {
        let start = position + 1
        var index = start
        var escaped = false
        while index < count {
            // Eight plain bytes at a time (no quote, backslash, control character or non-ASCII):
            // most of a document is UUIDs and names.
            while index + 8 <= count, Self.isPlain(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
            }
            guard index < count else { break }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return (start, index, escaped)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index = try checkEscape(at: index)
            } else if byte < 0x20 {
                throw syntaxError("bare control character U+\(hex(UInt32(byte))) in a string (it must be escaped)", at: index)
            } else if byte < 0x80 {
                index += 1
            } else {
                index = try checkUTF8(at: index)
            }
        }
        throw syntaxError("unterminated string (it starts at byte offset \(start - 1))", at: count)
    }

    /// Whether none of eight bytes ends the fast scan of a string: each is ASCII, at least 0x20,
    /// neither `"` nor `\`. (Bit tricks from "Bit Twiddling Hacks": a byte is zero exactly when
    /// `(x - 0x01…) & ~x & 0x80…` marks it.)
    @inline(__always)
    static func isPlain(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        let control = (word &- ones &* 0x20) & ~word & highs != 0
        return word & highs == 0 && !control && !hasZero(word ^ (ones &* 0x22)) && !hasZero(word ^ (ones &* 0x5C))
    }

    /// Checks the escape at `index` (its backslash); returns the offset after it.
    private func checkEscape(at index: Int) throws(JSONError) -> Int {
        guard index + 1 < count else { throw syntaxError("unterminated escape in a string", at: index) }
        switch base[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 2
        case UInt8(ascii: "u"):
            let unit = try hexUnit(at: index + 2, escapeAt: index)
            switch unit {
            case 0xD800...0xDBFF:
                guard index + 7 < count, base[index + 6] == UInt8(ascii: "\\"), base[index + 7] == UInt8(ascii: "u") else {
                    throw syntaxError("lone surrogate escape \\u\(hex(unit)): a high surrogate must be followed by a \\u low surrogate", at: index)
                }
                let low = try hexUnit(at: index + 8, escapeAt: index + 6)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw syntaxError("lone surrogate escape \\u\(hex(unit)): followed by \\u\(hex(low)), not a low surrogate", at: index)
                }
                return index + 12
            case 0xDC00...0xDFFF:
                throw syntaxError("lone surrogate escape \\u\(hex(unit)): a low surrogate without a high one before it", at: index)
            default:
                return index + 6
            }
        default:
            throw syntaxError("invalid escape '\\\(describeByte(index + 1).trimmingQuotes)' in a string", at: index)
        }
    }

    /// The four hex digits at `index` as a UTF-16 code unit.
    private func hexUnit(at index: Int, escapeAt escape: Int) throws(JSONError) -> UInt32 {
        guard index + 4 <= count else { throw syntaxError("incomplete \\u escape in a string", at: escape) }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = Self.hexValue(base[index + offset]) else {
                throw syntaxError("invalid \\u escape in a string: expected four hex digits", at: escape)
            }
            value = value << 4 | digit
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Checks the multi-byte UTF-8 sequence at `index` (RFC 3629: no overlong forms, no encoded
    /// surrogates, nothing past U+10FFFF); returns the offset after it.
    private func checkUTF8(at index: Int) throws(JSONError) -> Int {
        let lead = base[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw syntaxError("invalid UTF-8: byte 0x\(String(lead, radix: 16, uppercase: true)) cannot start a character", at: index)
        }
        guard index + length <= count else { throw syntaxError("invalid UTF-8: the text ends inside a character", at: index) }
        guard secondRange.contains(base[index + 1]) else {
            throw syntaxError("invalid UTF-8: bad sequence after byte 0x\(String(lead, radix: 16, uppercase: true))", at: index)
        }
        for offset in 2..<length where base[index + offset] & 0xC0 != 0x80 {
            throw syntaxError("invalid UTF-8: bad sequence after byte 0x\(String(lead, radix: 16, uppercase: true))", at: index)
        }
        return index + length
    }

    /// Appends the UTF-8 of a checked string body with its escapes undone.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>, from index: inout Int, into bytes: inout [UInt8]) {
        func unit(at offset: Int) -> UInt32 {
            var value: UInt32 = 0
            for digit in raw[offset..<offset + 4] { value = value << 4 | (hexValue(digit) ?? 0) }
            return value
        }
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < raw.count else {
                bytes.append(byte)
                index += 1
                continue
            }
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                guard index + 4 <= raw.count else { return }
                var scalar = unit(at: index)
                index += 4
                if (0xD800...0xDBFF).contains(scalar), index + 6 <= raw.count {
                    let low = unit(at: index + 2)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                bytes.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}")!)
            default: bytes.append(escape)  // " \ /
            }
        }
    }

    // MARK: - Numbers

    /// The parts of a number as written.
    struct NumberText {
        var start: Int
        var end: Int
        var isInteger: Bool
    }

    /// Scans the number at `position` by RFC 8259's grammar and moves past it.
    mutating func scanNumber() throws(JSONError) -> NumberText {
        let start = position
        var index = position
        func digit(_ offset: Int) -> Bool {
            offset < count && base[offset] >= UInt8(ascii: "0") && base[offset] <= UInt8(ascii: "9")
        }
        if index < count, base[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(index) else { throw syntaxError("invalid number: expected a digit after '-'", at: index) }
        if base[index] == UInt8(ascii: "0") {
            index += 1
            if digit(index) { throw syntaxError("invalid number: leading zero", at: start) }
        } else {
            while digit(index) { index += 1 }
        }
        var isInteger = true
        if index < count, base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digit(index) else { throw syntaxError("invalid number: expected a digit after '.'", at: index) }
            while digit(index) { index += 1 }
        }
        if index < count, base[index] == UInt8(ascii: "e") || base[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < count, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") { index += 1 }
            guard digit(index) else { throw syntaxError("invalid number: expected a digit in the exponent", at: index) }
            while digit(index) { index += 1 }
        }
        position = index
        return NumberText(start: start, end: index, isInteger: isInteger)
    }

    /// An integer: a number without fraction or exponent that fits `Int`.
    public mutating func readInt() throws(JSONError) -> Int {
        let kind = try peekKind()
        guard kind == .number else { throw typeMismatch(expected: "an integer", found: kind) }
        let valueStart = position
        let number = try scanNumber()
        guard number.isInteger else {
            position = valueStart
            throw shapeError("expected an integer, found a number with a fraction or an exponent")
        }
        var index = number.start
        let negative = base[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var value = 0
        while index < number.end {
            let digit = Int(base[index] - UInt8(ascii: "0"))
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else {
                position = valueStart
                throw shapeError("expected an integer, found a number too large for one")
            }
            value = next
            index += 1
        }
        return value
    }

    /// Any number as a `Double` (the nearest one).
    public mutating func readDouble() throws(JSONError) -> Double {
        let kind = try peekKind()
        guard kind == .number else { throw typeMismatch(expected: "a number", found: kind) }
        let number = try scanNumber()
        let text = String(decoding: UnsafeBufferPointer(start: base + number.start, count: number.end - number.start), as: UTF8.self)
        return Double(text) ?? .nan
    }

    /// The number's text exactly as written (for values that must not be rounded).
    public mutating func readNumberText() throws(JSONError) -> String {
        let kind = try peekKind()
        guard kind == .number else { throw typeMismatch(expected: "a number", found: kind) }
        let number = try scanNumber()
        return String(decoding: UnsafeBufferPointer(start: base + number.start, count: number.end - number.start), as: UTF8.self)
    }
}

extension String {
    /// `'x'` → `x`.
    var trimmingQuotes: String {
        hasPrefix("'") && hasSuffix("'") && count >= 3 ? String(dropFirst().dropLast()) : self
    }
}
