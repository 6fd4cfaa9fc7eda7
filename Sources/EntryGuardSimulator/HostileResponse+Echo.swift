import Foundation
import HTTPTypes
import Hummingbird

extension HostileResponse {
    /// The modes that write the request's credential back, each in another form.
    public static let echoModes: [HostileResponse] = [
        .echoCombiningMark, .echoPercentEncoded, .echoJSONEscaped, .echoHTMLEscaped, .echoAfterPadding,
    ]

    /// The spaces `echo-after-padding` puts before a secret of this many bytes: a cut at 65,536
    /// bytes falls two bytes before its end.
    public static func paddingBeforeEcho(secretBytes: Int) -> Int {
        65_536 - max(secretBytes - 2, 0)
    }

    /// The answer of an echo mode: a 400 that writes `secret` back, in this mode's form.
    func echo(_ secret: String, path: String) -> Response {
        switch self {
        case .echoCombiningMark:
            return APIError(status: 400, message: "credential \(secret)\u{301} is not valid for this request").response(path: path, now: Date())
        case .echoPercentEncoded:
            return APIError(status: 400, message: "request \(path)?access_token=\(Self.percentEncoded(secret)) rejected").response(path: path, now: Date())
        case .echoJSONEscaped:
            let body = "{\"error\":\"Bad Request\",\"detail\":\"credential \(Self.jsonEscaped(secret)) rejected\",\"path\":\"\(path)\"}"
            return Self.badRequest(contentType: "application/json", body: body)
        case .echoHTMLEscaped:
            let page = "<html><head><title>400 Bad Request</title></head><body><p>Credential <code>\(Self.htmlEscaped(secret))</code> rejected</p></body></html>"
            return Self.badRequest(contentType: "text/html", body: page)
        case .echoAfterPadding:
            let padding = String(repeating: " ", count: Self.paddingBeforeEcho(secretBytes: secret.utf8.count))
            return Self.badRequest(contentType: "text/plain", body: padding + secret + " rejected")
        default:
            return Self.badRequest(contentType: "text/plain", body: "\(rawValue) echoes nothing")
        }
    }

    private static func badRequest(contentType: String, body: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        return Response(status: .badRequest, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// Every UTF-8 byte as `%XX`, upper-case hex for even bytes, lower-case for odd ones.
    static func percentEncoded(_ text: String) -> String {
        text.utf8.enumerated().map { index, byte in
            "%" + String(format: index % 2 == 0 ? "%02X" : "%02x", UInt32(byte))
        }.joined()
    }

    /// Every scalar as `\uXXXX` (a surrogate pair past U+FFFF), alternating the case of the hex
    /// digits; `/` as `\/`.
    static func jsonEscaped(_ text: String) -> String {
        var index = 0
        return text.unicodeScalars.map { scalar -> String in
            if scalar == "/" { return "\\/" }
            return String(scalar).utf16.map { unit -> String in
                index += 1
                return String(format: index % 2 == 0 ? "\\u%04X" : "\\u%04x", UInt32(unit))
            }.joined()
        }.joined()
    }

    /// Every scalar as an HTML character reference: the named one where HTML has one for it
    /// (`&amp;`), else decimal and hex in turn (`&#101;`, `&#x67;`).
    static func htmlEscaped(_ text: String) -> String {
        let named: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&apos;", "/": "&sol;",
                                               "+": "&plus;", "=": "&equals;", ".": "&period;", "_": "&lowbar;", ":": "&colon;"]
        return text.unicodeScalars.enumerated().map { index, scalar in
            named[scalar] ?? (index % 2 == 0 ? "&#\(scalar.value);" : String(format: "&#x%X;", scalar.value))
        }.joined()
    }
}
