import StrictJSON
import Testing

/// The reader against each class of malformed input RFC 8259 forbids, and the valid edge cases.
@Suite("StrictJSON")
struct StrictJSONTests {
    static func value(_ text: String) throws(JSONError) -> JSONValue {
        try JSONReader.decode(JSONValue.self, from: Array(text.utf8))
    }

    static func error(_ bytes: [UInt8]) -> JSONError? {
        do {
            _ = try JSONReader.decode(JSONValue.self, from: bytes)
            return nil
        } catch {
            return error
        }
    }

    static func error(_ text: String) -> JSONError? { error(Array(text.utf8)) }

    /// Malformed input, with the reason's start, line and column and path.
    struct Malformed: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var reason: String
        var line: Int
        var column: Int
        var path: String
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ reason: String, line: Int = 1, column: Int, path: String = "$") {
            self.init(name, Array(text.utf8), reason, line: line, column: column, path: path)
        }

        init(_ name: String, _ bytes: [UInt8], _ reason: String, line: Int = 1, column: Int, path: String = "$") {
            self.name = name
            self.bytes = bytes
            self.reason = reason
            self.line = line
            self.column = column
            self.path = path
        }
    }

    static let malformed: [Malformed] = [
        Malformed("trailing comma in an array", "[1,2,]", "trailing comma in an array", column: 5, path: "$[1]"),
        Malformed("trailing comma in an object", "{\"a\":1,\n  }", "trailing comma in an object", column: 7),
        Malformed("trailing comma, nested", "{\"roles\":[{\"resourceIds\":[\"x\",]}]}", "trailing comma in an array",
                  column: 30, path: "$.roles[0].resourceIds[0]"),
        Malformed("leading zero", "[01]", "invalid number: leading zero", column: 2, path: "$[0]"),
        Malformed("negative leading zero", "{\"n\": -01}", "invalid number: leading zero", column: 7, path: "$.n"),
        Malformed("leading zero at the top", "00", "invalid number: leading zero", column: 1),
        Malformed("bare tab in a string", "[\"a\tb\"]", "bare control character U+0009 in a string", column: 4, path: "$[0]"),
        Malformed("bare newline in a string", "[\"a\nb\"]", "bare control character U+000A in a string", column: 4, path: "$[0]"),
        Malformed("bare NUL in a key", "{\"a\u{0}\":1}", "bare control character U+0000 in a string", column: 4),
        Malformed("bad escape", "[\"\\x41\"]", "invalid escape '\\x' in a string", column: 3, path: "$[0]"),
        Malformed("short \\u escape", "[\"\\u12\"]", "invalid \\u escape in a string", column: 3, path: "$[0]"),
        Malformed("lone high surrogate", "[\"\\ud800\"]", "lone surrogate escape \\uD800", column: 3, path: "$[0]"),
        Malformed("high surrogate then a non-surrogate", "[\"\\uD83D\\u0041\"]", "lone surrogate escape \\uD83D", column: 3, path: "$[0]"),
        Malformed("high surrogate then text", "[\"\\ud800abcdef\"]", "lone surrogate escape \\uD800", column: 3, path: "$[0]"),
        Malformed("lone low surrogate", "[\"\\udc00\"]", "lone surrogate escape \\uDC00: a low surrogate", column: 3, path: "$[0]"),
        Malformed("invalid UTF-8 byte", [0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D], "invalid UTF-8: byte 0xFF", column: 4, path: "$[0]"),
        Malformed("overlong UTF-8", [0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D], "invalid UTF-8: byte 0xC0", column: 3, path: "$[0]"),
        Malformed("UTF-8 encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8: bad sequence after byte 0xED", column: 2),
        Malformed("UTF-8 past U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8: bad sequence after byte 0xF4", column: 2),
        Malformed("truncated UTF-8", [0x22, 0xE2, 0x82], "invalid UTF-8: the text ends inside a character", column: 2),
        Malformed("UTF-8 outside a string", [0x5B, 0xC3, 0xA9, 0x5D], "unexpected byte 0xC3, expected a value", column: 2, path: "$[0]"),
        Malformed("trailing garbage", "{\"a\":1} x", "unexpected 'x' after the JSON value", column: 9),
        Malformed("two values", "[1]\n[2]", "unexpected '[' after the JSON value", line: 2, column: 1),
        Malformed("empty text", "  \n", "no JSON value", line: 2, column: 1),
        Malformed("unterminated string", "[\"abc", "unterminated string", column: 6, path: "$[0]"),
        Malformed("unterminated array", "[1, 2", "unexpected end of the text in an array", column: 6, path: "$[1]"),
        Malformed("missing colon", "{\"a\" 1}", "unexpected '1' after a key, expected ':'", column: 6, path: "$.a"),
        Malformed("single quotes", "{'a':1}", "unexpected ''', expected a string key", column: 2),
        Malformed("bare word", "[nul]", "unexpected 'n', expected a value", column: 2, path: "$[0]"),
        Malformed("plus sign", "[+1]", "unexpected '+', expected a value", column: 2, path: "$[0]"),
        Malformed("fraction without digits", "[1.]", "invalid number: expected a digit after '.'", column: 4, path: "$[0]"),
        Malformed("exponent without digits", "[1e+]", "invalid number: expected a digit in the exponent", column: 5, path: "$[0]"),
        Malformed("NaN", "[NaN]", "unexpected 'N', expected a value", column: 2, path: "$[0]"),
        Malformed("byte order mark", [0xEF, 0xBB, 0xBF, 0x5B, 0x5D], "unexpected byte 0xEF, expected a value", column: 1),
        Malformed("column counts characters, not bytes", "[\"é\",]", "trailing comma in an array", column: 5, path: "$[0]"),
        Malformed("quoted path for an odd key", "{\"a b\":[1,]}", "trailing comma in an array", column: 10, path: "$[\"a b\"][0]"),
    ]

    @Test("malformed input is a syntax error with its reason, line, column and path", arguments: malformed)
    func refused(_ sample: Malformed) throws {
        let error = try #require(Self.error(sample.bytes))
        #expect(error.kind == .syntax)
        #expect(error.reason.hasPrefix(sample.reason), "\(error)")
        #expect(error.line == sample.line, "\(error)")
        #expect(error.column == sample.column, "\(error)")
        #expect(error.path == sample.path, "\(error)")
        #expect(error.description.hasPrefix("invalid JSON at line \(sample.line), column \(sample.column) (at \(sample.path)): "))
    }

    @Test("nesting is limited (512 by default); the limit itself is allowed")
    func depth() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try Self.value(deepest)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = try #require(Self.error(tooDeep))
        #expect(error.reason == "nesting deeper than 512 arrays and objects")
        #expect(error.column == 513)
        let small = try #require(throws: JSONError.self) { try JSONReader.read(Array("{\"a\":{\"b\":{}}}".utf8), maxDepth: 2) { (r: inout JSONReader) throws(JSONError) in try r.skipValue() } }
        #expect(small.path == "$.a.b")
        // Far past the limit: an error, not a stack overflow.
        #expect(Self.error(String(repeating: "[", count: 100_000)) != nil)
    }

    @Test("duplicate keys are refused in JSONValue objects")
    func duplicateKeys() throws {
        let error = try #require(Self.error("{\"a\":1,\"b\":2,\"a\":3}"))
        #expect(error.kind == .shape)
        #expect(error.description == "$.a: duplicate key 'a' (line 1, column 18)")
    }

    @Test("escapes of every kind and surrogate pairs decode to the right text")
    func escapes() throws {
        let value = try Self.value(#"["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u20AC", "\ud83d\ude00", "\uD834\uDD1E", "é😀", ""]"#)
        #expect(value == .array([
            .string("\"\\/\u{8}\u{C}\n\r\t"), .string("Aé€"), .string("😀"), .string("𝄞"), .string("é😀"), .string(""),
        ]))
        #expect(try Self.value(#"{"k\u0065y": 1}"#)["key"] == .number("1"))
        #expect(try Self.value(#""\u0000""#) == .string("\u{0}"))
    }

    @Test("numbers: zero, negatives, fractions, exponents in every form")
    func numbers() throws {
        let text = "[0, -0, 1, -1, 10, 0.5, -0.25, 1e3, 1E3, 1e+3, 1e-3, 2.5E-10, 0e0, 123456789012345678901234567890]"
        guard case .array(let elements) = try Self.value(text) else {
            Issue.record("not an array")
            return
        }
        #expect(elements.map { $0 } == ["0", "-0", "1", "-1", "10", "0.5", "-0.25", "1e3", "1E3", "1e+3", "1e-3", "2.5E-10", "0e0",
                                         "123456789012345678901234567890"].map(JSONValue.number))
        #expect(try JSONReader.decode([Double].self, from: Array("[1e3, -2.5E-1]".utf8)) == [1000, -0.25])
        #expect(try JSONReader.decode([Int].self, from: Array("[0, -7, 9223372036854775807, -9223372036854775808]".utf8))
            == [0, -7, .max, .min])
        let overflow = try #require(throws: JSONError.self) { try JSONReader.decode([Int].self, from: Array("[1, 9223372036854775808]".utf8)) }
        #expect(overflow.description == "$[1]: expected an integer, found a number too large for one (line 1, column 5)")
        let fraction = try #require(throws: JSONError.self) { try JSONReader.decode(Int.self, from: Array("1.5".utf8)) }
        #expect(fraction.reason == "expected an integer, found a number with a fraction or an exponent")
    }

    @Test("empty containers, literals and white space of all four kinds")
    func containersAndWhitespace() throws {
        #expect(try Self.value(" \t\r\n[ \t\r\n] \t\r\n") == .array([]))
        #expect(try Self.value("{}") == .object([]))
        #expect(try Self.value("{ }") == .object([]))
        #expect(try Self.value("[[], {}, [[]]]") == .array([.array([]), .object([]), .array([.array([])])]))
        #expect(try Self.value("[true,false,null]") == .array([.bool(true), .bool(false), .null]))
        #expect(try Self.value(" \"top\" ") == .string("top"))
        #expect(try Self.value("{\n  \"a\" : [ 1 , 2 ] ,\r\n  \"b\":{}\n}") == .object([("a", .array([.number("1"), .number("2")])), ("b", .object([]))]))
        // A form feed or a no-break space is not JSON white space.
        #expect(Self.error("[\u{C}]") != nil)
        #expect(Self.error("[\u{A0}1]") != nil)
    }

    /// A type read straight from the text, as the API client reads roles.
    struct Pair: JSONReadable, Equatable {
        var name: String
        var tags: [String]

        init(name: String, tags: [String]) {
            self.name = name
            self.tags = tags
        }

        init(json reader: inout JSONReader) throws(JSONError) {
            let start = reader.offset
            var name: String?
            var tags: [String] = []
            try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
                if key == "name" {
                    guard name == nil else { throw reader.duplicateKey(key) }
                    name = try reader.readString()
                } else if key == "tags" {
                    tags = try [String](json: &reader)
                } else {
                    try reader.skipValue()
                }
            }
            guard let name else { throw reader.missingKey("name", objectAt: start) }
            self.init(name: name, tags: tags)
        }
    }

    @Test("typed reading: values, skipped keys still checked, shape errors name the JSON path and types")
    func typed() throws {
        let text = "[{\"name\":\"a\",\"extra\":{\"x\":[1,{}]},\"tags\":[\"t\"]},\n {\"tags\":[],\"name\":\"b\"}]"
        #expect(try JSONReader.decode([Pair].self, from: Array(text.utf8)) == [Pair(name: "a", tags: ["t"]), Pair(name: "b", tags: [])])
        func failure(_ text: String) -> String {
            do {
                _ = try JSONReader.decode([Pair].self, from: Array(text.utf8))
                return "no error"
            } catch {
                return error.description
            }
        }
        #expect(failure("[{\"name\":\"a\",\"tags\":[\"x\", 7]}]") == "$[0].tags[1]: expected a string, found a number (line 1, column 27)")
        #expect(failure("[{\"name\":\"a\"},\n{\"tags\":[]}]") == "$[1]: missing key 'name' (line 2, column 1)")
        #expect(failure("[{\"name\":\"a\",\"name\":\"b\"}]") == "$[0].name: duplicate key 'name' (line 1, column 21)")
        #expect(failure("{\"name\":\"a\"}") == "$: expected an array, found an object (line 1, column 1)")
        #expect(failure("[{\"name\":null}]") == "$[0].name: expected a string, found null (line 1, column 10)")
        // A skipped value is still read strictly.
        #expect(failure("[{\"name\":\"a\",\"extra\":[1,]}]") == "invalid JSON at line 1, column 24 (at $[0].extra[0]): trailing comma in an array")
        #expect(failure("[{\"name\":\"a\",\"extra\":\"\\q\"}]") == "invalid JSON at line 1, column 23 (at $[0].extra): invalid escape '\\q' in a string")
    }

    @Test("a key compared with a literal: escapes are undone first")
    func keys() throws {
        let pairs = try JSONReader.decode([Pair].self, from: Array(#"[{"n\u0061me":"x"}]"#.utf8))
        #expect(pairs == [Pair(name: "x", tags: [])])
    }
}
