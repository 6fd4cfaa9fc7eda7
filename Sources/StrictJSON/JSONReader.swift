/// A strict RFC 8259 pull reader: callers decode their own types straight from the bytes, with no
/// tree in between, and every byte is checked whether it is read or skipped.
///
/// Why hand-written rather than Foundation or a C library:
/// - Foundation's `JSONDecoder` / `JSONSerialization` accept what RFC 8259 forbids — trailing commas,
///   leading zeros (`-01`), raw control characters in strings — so a malformed `--live-state` file or
///   API answer would be planned on as if it were valid. Their errors give neither line nor column.
/// - Among Debian's packages there is no `yajl`, and `jansson` (runtime only, no -dev package here)
///   builds a whole tree and reports line/column but no JSON path; neither lets a caller decode its
///   own types directly. A focused reader of ~500 lines does all of it and is faster than Foundation.
///
/// Refused as `syntax` errors: trailing commas, leading zeros, bare control characters (U+0000…U+001F)
/// in strings, unknown escapes, lone surrogate escapes (`\ud800` without a low surrogate after it, or
/// a lone low one), invalid UTF-8 (overlong forms, encoded surrogates, past U+10FFFF, truncated),
/// anything but white space after the value, nesting deeper than `maxDepth`. Duplicate keys are legal
/// RFC 8259; readers of known object types report a duplicate *known* key as a `shape` error
/// (`duplicateKey(_:)`), and `JSONValue` refuses duplicates in any object.
///
/// The reader holds a pointer into the caller's bytes: use it only inside `JSONReader.read`.
public struct JSONReader {
    let base: UnsafePointer<UInt8>
    let count: Int
    /// Offset of the next unread byte.
    var position = 0
    /// Containers entered and not yet left.
    var depth = 0
    public let maxDepth: Int
    /// Where the reader is, for error messages: one component per container being read.
    var path: [PathComponent] = []
    /// Unescaped bytes of the string being read, reused between strings.
    var scratch: [UInt8] = []

    enum PathComponent {
        case index(Int)
        /// The key's bytes as written (between the quotes, escapes undone only when printed).
        case key(start: Int, end: Int)
    }

    /// The default nesting limit.
    public static let defaultMaxDepth = 512

    init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        // An empty buffer may have no base address; any valid pointer does, since nothing is read.
        base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!
        count = bytes.count
        self.maxDepth = maxDepth
    }

    /// Reads one JSON document: `body` reads the value, then only white space may follow.
    public static func read<T>(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth,
                               _ body: (inout JSONReader) throws(JSONError) -> T) throws(JSONError) -> T {
        var reader = JSONReader(bytes, maxDepth: maxDepth)
        reader.skipWhitespace()
        guard reader.position < reader.count else {
            throw reader.syntaxError("no JSON value (the text is empty or only white space)")
        }
        let value = try body(&reader)
        reader.skipWhitespace()
        guard reader.position == reader.count else {
            throw reader.syntaxError("unexpected \(reader.describeByte(reader.position)) after the JSON value")
        }
        return value
    }

    /// `read` over an array's bytes.
    public static func read<T>(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth,
                               _ body: (inout JSONReader) throws(JSONError) -> T) throws(JSONError) -> T {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONError) -> T in try read(buffer, maxDepth: maxDepth, body) }
        }.get()
    }

    /// Decodes a whole document as `T`.
    public static func decode<T: JSONReadable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer,
                                               maxDepth: Int = defaultMaxDepth) throws(JSONError) -> T {
        try read(bytes, maxDepth: maxDepth) { (reader: inout JSONReader) throws(JSONError) -> T in try T(json: &reader) }
    }

    /// Decodes a whole document as `T`.
    public static func decode<T: JSONReadable>(_ type: T.Type, from bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONError) -> T {
        try read(bytes, maxDepth: maxDepth) { (reader: inout JSONReader) throws(JSONError) -> T in try T(json: &reader) }
    }

    /// Checks that the bytes are one valid JSON document, reading nothing out of them.
    public static func validate(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(JSONError) {
        try read(bytes, maxDepth: maxDepth) { (reader: inout JSONReader) throws(JSONError) in try reader.skipValue() }
    }

    // MARK: - What comes next

    /// The JSON types, named as messages name them.
    public enum ValueKind: String, Sendable {
        case object = "an object", array = "an array", string = "a string", number = "a number"
        case boolean = "a boolean", null = "null"
    }

    /// The kind of the next value, after white space; a syntax error when no value can start here.
    public mutating func peekKind() throws(JSONError) -> ValueKind {
        skipWhitespace()
        guard position < count else { throw syntaxError("unexpected end of the text, expected a value") }
        switch base[position] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .boolean
        case UInt8(ascii: "n"): return .null
        default: throw syntaxError("unexpected \(describeByte(position)), expected a value")
        }
    }

    /// Consumes a `null` and returns true, or leaves anything else unread and returns false.
    public mutating func readNull() throws(JSONError) -> Bool {
        guard try peekKind() == .null else { return false }
        try literal("null")
        return true
    }

    public mutating func readBool() throws(JSONError) -> Bool {
        let kind = try peekKind()
        guard kind == .boolean else { throw typeMismatch(expected: "a boolean", found: kind) }
        if base[position] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    // MARK: - Containers

    /// Reads an array, calling `element` once per element (with the reader at it; it must read or
    /// skip exactly one value).
    public mutating func readArray(_ element: (inout JSONReader) throws(JSONError) -> Void) throws(JSONError) {
        let kind = try peekKind()
        guard kind == .array else { throw typeMismatch(expected: "an array", found: kind) }
        try enterContainer()
        skipWhitespace()
        if position < count, base[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return
        }
        var index = 0
        path.append(.index(0))
        while true {
            try element(&self)
            skipWhitespace()
            guard position < count else { throw syntaxError("unexpected end of the text in an array, expected ',' or ']'") }
            let comma = position
            let byte = base[position]
            position += 1
            if byte == UInt8(ascii: ",") {
                skipWhitespace()
                if position < count, base[position] == UInt8(ascii: "]") { throw syntaxError("trailing comma in an array", at: comma) }
                index += 1
                path[path.count - 1] = .index(index)
            } else if byte == UInt8(ascii: "]") {
                break
            } else {
                position -= 1
                throw syntaxError("unexpected \(describeByte(position)) after an array element, expected ',' or ']'")
            }
        }
        path.removeLast()
        depth -= 1
    }

    /// Reads an object, calling `member` once per member with its key (the reader at the value; it
    /// must read or skip exactly one value).
    public mutating func readObject(_ member: (inout JSONReader, JSONKey) throws(JSONError) -> Void) throws(JSONError) {
        let kind = try peekKind()
        guard kind == .object else { throw typeMismatch(expected: "an object", found: kind) }
        try enterContainer()
        skipWhitespace()
        if position < count, base[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard position < count, base[position] == UInt8(ascii: "\"") else {
                throw syntaxError(position < count ? "unexpected \(describeByte(position)), expected a string key" : "unexpected end of the text, expected a string key")
            }
            let key = try scanKey()
            path.append(.key(start: key.start, end: key.end))
            skipWhitespace()
            guard position < count, base[position] == UInt8(ascii: ":") else {
                throw syntaxError(position < count ? "unexpected \(describeByte(position)) after a key, expected ':'" : "unexpected end of the text, expected ':'")
            }
            position += 1
            try member(&self, key)
            skipWhitespace()
            guard position < count else { throw syntaxError("unexpected end of the text in an object, expected ',' or '}'") }
            path.removeLast()
            let comma = position
            let byte = base[position]
            position += 1
            if byte == UInt8(ascii: ",") {
                skipWhitespace()
                if position < count, base[position] == UInt8(ascii: "}") { throw syntaxError("trailing comma in an object", at: comma) }
            } else if byte == UInt8(ascii: "}") {
                break
            } else {
                position -= 1
                throw syntaxError("unexpected \(describeByte(position)) after an object member, expected ',' or '}'")
            }
        }
        depth -= 1
    }

    mutating func enterContainer() throws(JSONError) {
        guard depth < maxDepth else { throw syntaxError("nesting deeper than \(maxDepth) arrays and objects") }
        depth += 1
        position += 1
    }

    /// Reads and checks the next value, whatever it is, keeping nothing.
    public mutating func skipValue() throws(JSONError) {
        switch try peekKind() {
        case .object: try readObject { (reader: inout JSONReader, _: JSONKey) throws(JSONError) in try reader.skipValue() }
        case .array: try readArray { (reader: inout JSONReader) throws(JSONError) in try reader.skipValue() }
        case .string: _ = try scanString(keep: false)
        case .number: _ = try scanNumber()
        case .boolean: _ = try readBool()
        case .null: try literal("null")
        }
    }

    // MARK: - White space and literals

    @inline(__always)
    mutating func skipWhitespace() {
        while position < count {
            switch base[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let length = word.utf8CodeUnitCount
        let start = position
        for index in 0..<length {
            guard start + index < count, base[start + index] == word.utf8Start[index] else {
                position = start
                throw syntaxError("unexpected \(describeByte(start)), expected a value")
            }
        }
        position += length
    }

    // MARK: - Errors

    /// The current location for messages: the path of the value being read.
    public var currentPath: String { render(path) }

    /// A shape error at the next value: it is `found`, not what the caller expected.
    public func typeMismatch(expected: String, found: ValueKind) -> JSONError {
        error(.shape, "expected \(expected), found \(found.rawValue)", at: position)
    }

    /// A shape error for an object that ended without a required key; `start` is the object's
    /// offset (`offset` before reading it).
    public func missingKey(_ key: String, objectAt start: Int) -> JSONError {
        error(.shape, "missing key '\(key)'", at: start)
    }

    /// A shape error for a known key given twice in one object (reported at its second value).
    public func duplicateKey(_ key: JSONKey) -> JSONError {
        error(.shape, "duplicate key '\(key.string)'", at: position)
    }

    /// Throws `duplicateKey(key)` when `seen` says the key was read already in this object.
    @inlinable
    public func checkFirst(_ key: JSONKey, seen: Bool) throws(JSONError) {
        if seen { throw duplicateKey(key) }
    }

    /// Reads the value of `key` into `slot`, refusing a key given twice in one object. A nullable
    /// member is a `T??` slot: `nil` absent, `.some(nil)` null.
    @inlinable  // specialized where it is called: no generic metadata looked up per member
    public mutating func read<T: JSONReadable>(_ key: JSONKey, into slot: inout T?) throws(JSONError) {
        try checkFirst(key, seen: slot != nil)
        slot = try T(json: &self)
    }

    /// A shape error at the next value with any reason.
    public func shapeError(_ reason: String) -> JSONError {
        error(.shape, reason, at: position)
    }

    /// The offset of the next value (white space skipped by the caller's last read).
    public var offset: Int {
        var probe = position
        while probe < count, base[probe] == 0x20 || base[probe] == 0x0A || base[probe] == 0x0D || base[probe] == 0x09 { probe += 1 }
        return probe
    }

    func syntaxError(_ reason: String, at offset: Int? = nil) -> JSONError {
        error(.syntax, reason, at: offset ?? position)
    }

    func error(_ kind: JSONError.Kind, _ reason: String, at offset: Int) -> JSONError {
        let offset = min(max(offset, 0), count)
        var line = 1
        var column = 1
        for index in 0..<offset {
            let byte = base[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONError(kind: kind, line: line, column: column, offset: offset, path: render(path), reason: reason)
    }

    /// `$[3].resourceIds[0]`; a key that is not a plain identifier is quoted: `$["a b"]`. A path
    /// deeper than 24 shows its first 16 and last 4 components around `…`.
    func render(_ components: [PathComponent]) -> String {
        var text = "$"
        for (position, component) in components.enumerated() {
            if components.count > 24, position >= 16, position < components.count - 4 {
                if position == 16 { text += "…" }
                continue
            }
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let start, let end):
                // A long key (a hostile server's, say) is cut: the message must stay readable.
                var key = JSONKey(base: base, start: start, end: end, escaped: true).string
                if key.count > 40 { key = key.prefix(40) + "…" }
                let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
                if plain {
                    text += ".\(key)"
                } else {
                    var quoted = ""
                    for scalar in key.unicodeScalars {
                        switch scalar {
                        case "\"": quoted += "\\\""
                        case "\\": quoted += "\\\\"
                        case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                            quoted += "\\u" + hex(scalar.value)
                        default: quoted.unicodeScalars.append(scalar)
                        }
                    }
                    text += "[\"\(quoted)\"]"
                }
            }
        }
        return text
    }

    /// `'x'`, `U+0009`, `byte 0xFF`, `the end of the text`.
    func describeByte(_ offset: Int) -> String {
        guard offset < count else { return "end of the text" }
        let byte = base[offset]
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte < 0x80 { return "character U+\(hex(UInt32(byte)))" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// An object's key as it appears in the text; compare it with `==` against a literal without
/// making a `String`.
public struct JSONKey {
    let base: UnsafePointer<UInt8>
    let start: Int
    let end: Int
    /// The key holds escapes (rare): comparisons decode it first.
    let escaped: Bool

    /// The key's text, escapes undone.
    public var string: String {
        let raw = UnsafeBufferPointer(start: base + start, count: end - start)
        guard escaped else { return String(decoding: raw, as: UTF8.self) }
        var bytes: [UInt8] = []
        var index = 0
        JSONReader.unescape(raw, from: &index, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func == (key: JSONKey, literal: StaticString) -> Bool {
        if key.escaped { return key.string == literal.description }
        let length = key.end - key.start
        guard length == literal.utf8CodeUnitCount else { return false }
        let text = literal.utf8Start
        for index in 0..<length where key.base[key.start + index] != text[index] { return false }
        return true
    }
}

/// A type read straight from JSON text.
public protocol JSONReadable {
    init(json reader: inout JSONReader) throws(JSONError)
}

extension Array: JSONReadable where Element: JSONReadable {
    @inlinable
    public init(json reader: inout JSONReader) throws(JSONError) {
        var elements: [Element] = []
        try reader.readArray { (reader: inout JSONReader) throws(JSONError) in elements.append(try Element(json: &reader)) }
        self = elements
    }
}

extension String: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) { self = try reader.readString() }
}

extension Int: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) { self = try reader.readInt() }
}

extension Double: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) { self = try reader.readDouble() }
}

extension Bool: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) { self = try reader.readBool() }
}

extension Optional: JSONReadable where Wrapped: JSONReadable {
    @inlinable
    public init(json reader: inout JSONReader) throws(JSONError) {
        self = try reader.readNull() ? nil : try Wrapped(json: &reader)
    }
}
