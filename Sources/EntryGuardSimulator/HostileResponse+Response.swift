import HTTPTypes
import Hummingbird

extension HostileResponse {
    /// Why a stalled or reset response ends: the body writer throws, and Hummingbird closes the connection.
    struct ConnectionDropped: Error {}

    /// The HTTP answer for this mode. `original` is what the endpoint would have answered; `wait`
    /// sleeps the given milliseconds and says whether the server is still running.
    /// `credential` is the secret the request presented, for the echo modes.
    func response(
        breaking original: JSONValue, path: String, redirectLocation: String, credential: String,
        wait: @escaping @Sendable (Int) async -> Bool
    ) -> Response {
        let json = Array(original.text().utf8)
        switch self {
        case .okWithBody:
            return Self.json(Array(JSONValue.object([("message", .string("Resource unassigned from role successfully"))]).text().utf8))
        case .echoCombiningMark, .echoPercentEncoded, .echoJSONEscaped, .echoHTMLEscaped, .echoAfterPadding:
            return echo(credential, path: path)
        case .truncatedJSON:
            return Self.json(Array(json.prefix(json.count / 2)))
        case .trailingComma, .leadingZero, .controlCharacter, .badEscape, .loneSurrogate, .invalidUTF8, .trailingGarbage, .deepNesting:
            return Self.json(malformed(json))
        case .wrongTypes:
            return Self.json(Array(original.withWrongTypes.text().utf8))
        case .missingFields:
            return Self.json(Array(original.withoutRequiredFields.text().utf8))
        case .hugeArray:
            return Self.hugeArray(element: original)
        case .htmlError:
            var fields = HTTPFields()
            fields[.contentType] = "text/html"
            let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
            return Response(status: .badGateway, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
        case .stall, .reset:
            let stalls = self == .stall
            return Self.json(contentLength: json.count) { writer in
                try await writer.write(ByteBuffer(bytes: json.prefix(json.count / 2)))
                if stalls {
                    while await wait(1000) {}
                }
                throw ConnectionDropped()
            }
        case .trickle:
            return Self.json(contentLength: json.count) { writer in
                for byte in json {
                    try await writer.write(ByteBuffer(bytes: [byte]))
                    guard await wait(Self.trickleIntervalMilliseconds) else { throw ConnectionDropped() }
                }
                try await writer.finish(nil)
            }
        case .redirect:
            var fields = HTTPFields()
            fields[.location] = redirectLocation + path
            return Response(status: .temporaryRedirect, headers: fields)
        }
    }

    /// `json` broken the way this mode says.
    func malformed(_ json: [UInt8]) -> [UInt8] {
        let quote: [UInt8] = [0x22]
        let value: [UInt8]
        switch self {
        case .trailingComma:
            guard let last = json.lastIndex(where: { $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "}") }) else { return json + [0x2C] }
            return Array(json[..<last]) + Array(",".utf8) + Array(json[last...])
        case .trailingGarbage:
            return json + Array("<!-- cached -->".utf8)
        case .leadingZero: value = Array("-01".utf8)
        case .controlCharacter: value = Array("\"a\tb\"".utf8)
        case .badEscape: value = Array(#""\x41""#.utf8)
        case .loneSurrogate: value = Array(#""\ud800""#.utf8)
        case .invalidUTF8: value = quote + [0xC0, 0xAF] + quote
        case .deepNesting: value = Array((String(repeating: "[", count: 600) + String(repeating: "]", count: 600)).utf8)
        default: return json
        }
        // Into the first object as its first member; an answer without one becomes `[value]`.
        guard let brace = json.firstIndex(of: UInt8(ascii: "{")) else { return Array("[".utf8) + value + Array("]".utf8) }
        let closesAtOnce = json.index(after: brace) < json.endIndex && json[json.index(after: brace)] == UInt8(ascii: "}")
        return Array(json[...brace]) + Array("\"note\":".utf8) + value + (closesAtOnce ? [] : Array(",".utf8)) + Array(json[(brace + 1)...])
    }

    private static func json(_ bytes: [UInt8]) -> Response {
        json(contentLength: bytes.count) { writer in
            try await writer.write(ByteBuffer(bytes: bytes))
            try await writer.finish(nil)
        }
    }

    private static func json(contentLength: Int?, _ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        return Response(status: .ok, headers: fields, body: ResponseBody(contentLength: contentLength, write))
    }

    /// `[element,element,…]` up to `hugeArrayBytes`, in chunks of about 1 MiB (few writes, little CPU),
    /// with no Content-Length: the client must count. The element is the first of an array answer,
    /// else the answer itself.
    private static func hugeArray(element original: JSONValue) -> Response {
        var element = original
        if case .array(let elements) = original {
            element = elements.first ?? .string("00000000-0000-0000-0000-000000000000")
        }
        let one = element.text()
        let perChunk = max(1, (1 << 20) / (one.utf8.count + 1))
        let chunk = ByteBuffer(string: Array(repeating: one, count: perChunk).joined(separator: ","))
        return json(contentLength: nil) { writer in
            try await writer.write(ByteBuffer(string: "["))
            var written = 1
            while written + chunk.readableBytes + 1 < Self.hugeArrayBytes {
                if written > 1 { try await writer.write(ByteBuffer(string: ",")) }
                try await writer.write(chunk)
                written += chunk.readableBytes + 1
            }
            try await writer.write(ByteBuffer(string: "]"))
            try await writer.finish(nil)
        }
    }
}

extension JSONValue {
    /// Each object member's value as another type: strings as numbers, numbers as strings, arrays as
    /// strings, null as true. Arrays are broken element by element.
    var withWrongTypes: JSONValue {
        switch self {
        case .array(let elements):
            return .array(elements.map(\.withWrongTypes))
        case .object(let members):
            return .object(members.map { ($0.key, $0.value.wrongType) })
        default:
            return wrongType
        }
    }

    private var wrongType: JSONValue {
        switch self {
        case .string(let text): .integer(text.count)
        case .integer(let value): .string(String(value))
        case .number(let value): .string(String(value))
        case .bool(let value): .string(String(value))
        case .null: .bool(true)
        case .array(let elements): .string(elements.map { $0.text() }.joined(separator: " "))
        case .object: .array([])
        }
    }

    /// Objects without the members a client needs; arrays are broken element by element.
    var withoutRequiredFields: JSONValue {
        switch self {
        case .array(let elements):
            return .array(elements.map(\.withoutRequiredFields))
        case .object(let members):
            let required: Set = ["id", "name", "resourceIds", "message"]
            return .object(members.filter { !required.contains($0.key) })
        default:
            return self
        }
    }
}
