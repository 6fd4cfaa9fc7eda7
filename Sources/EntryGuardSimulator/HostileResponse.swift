/// A broken answer, as a failing server or a hostile one (or a proxy in front of it) gives it.
///
/// A hostile answer replaces the endpoint: a write it lands on is not performed. The JSON modes
/// start from what a read would have answered (the current roles, say) and break it; on a write they
/// break the POST's success body.
public enum HostileResponse: String, CaseIterable, Sendable {
    /// 200 with the JSON cut in half (a complete HTTP message; the JSON ends mid-value).
    case truncatedJSON = "truncated-json"
    /// 200 with the right shape and the wrong types: strings as numbers, arrays as strings.
    case wrongTypes = "wrong-types"
    /// 200 with objects that lack `id`, `name`, `resourceIds` and `message`.
    case missingFields = "missing-fields"
    /// 200 with a JSON array of about 50 MB (`hugeArrayBytes`), streamed without a Content-Length.
    case hugeArray = "huge-array"
    /// 502 with an HTML page, as a load balancer answers when the service behind it is down.
    case htmlError = "html-error"
    /// 200, the headers and half the body, then nothing until the server stops.
    case stall
    /// 200, the headers and half the body, then the connection is closed.
    case reset
    /// 200, the body one byte every `trickleIntervalMilliseconds`: every read makes progress, the whole never arrives in time.
    case trickle
    /// 307 to the same path on another host (`SimulatorConfiguration.redirectLocation`).
    case redirect
    /// 200 with `{"message":"Resource unassigned from role successfully"}` whatever was asked: a
    /// DELETE, documented as 204 No Content, answered this way has removed nothing; a read gets a
    /// body of the wrong shape.
    case okWithBody = "ok-with-body"
    /// 400 whose `message` holds the credential the request sent, a combining mark (U+0301) after it.
    case echoCombiningMark = "echo-combining-mark"
    /// 400 whose `message` holds the credential percent-encoded byte by byte, upper- and lower-case hex.
    case echoPercentEncoded = "echo-percent-encoded"
    /// 400 with a JSON body without `message` that holds the credential as `\uXXXX` escapes (and `\/`).
    case echoJSONEscaped = "echo-json-escaped"
    /// 400 with an HTML page that holds the credential as character references (`&#NN;`, `&#xNN;`, `&amp;`).
    case echoHTMLEscaped = "echo-html-escaped"
    /// 400 with a text body: about 64 KiB of spaces, then the credential, placed so that a cut at
    /// 65,536 bytes keeps all of it but the last two bytes.
    case echoAfterPadding = "echo-after-padding"
    /// 200 with a comma before the answer's last closing bracket (`[…,]` or `{…,}`).
    case trailingComma = "trailing-comma"
    /// 200 with a member `"note":-01` (a leading zero) put into the first object.
    case leadingZero = "leading-zero"
    /// 200 with a member whose string holds a raw tab (`"note":"a<TAB>b"`) in the first object.
    case controlCharacter = "control-character"
    /// 200 with a member whose string holds an unknown escape (`"note":"\x41"`).
    case badEscape = "bad-escape"
    /// 200 with a member whose string is a lone high surrogate escape (`"note":"\ud800"`).
    case loneSurrogate = "lone-surrogate"
    /// 200 with a member whose string holds an overlong UTF-8 form (bytes C0 AF).
    case invalidUTF8 = "invalid-utf8"
    /// 200 with text after the JSON value (`<!-- cached -->`, as a proxy might add).
    case trailingGarbage = "trailing-garbage"
    /// 200 with a member nested 600 arrays deep.
    case deepNesting = "deep-nesting"

    /// The modes whose body breaks RFC 8259 (most of them in ways Foundation's decoder accepts).
    public static let malformedJSONModes: [HostileResponse] = [
        .truncatedJSON, .trailingComma, .leadingZero, .controlCharacter, .badEscape, .loneSurrogate, .invalidUTF8,
        .trailingGarbage, .deepNesting,
    ]

    /// The size of the `huge-array` body: 50 MB.
    public static let hugeArrayBytes = 50_000_000
    /// How often `trickle` sends its next byte.
    public static let trickleIntervalMilliseconds = 200

    /// Parses the `--hostile` value `MODE[:METHOD][:PATH-PREFIX]`, e.g. `wrong-types:GET:/api/v1/roles`;
    /// the rule fires for every request it matches.
    public static func rule(parsing text: String) throws(SimulatorError) -> FaultRule {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard let mode = HostileResponse(rawValue: parts[0]) else {
            throw SimulatorError("unknown hostile mode '\(parts[0])'; one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var rest = parts.dropFirst()
        var method: String?
        if let first = rest.first, !first.hasPrefix("/") {
            guard !first.isEmpty, first.allSatisfy({ $0.isASCII && $0.isLetter }) else { throw usage(text) }
            method = first.uppercased()
            rest.removeFirst()
        }
        var prefix = "/"
        if let first = rest.first {
            guard first.hasPrefix("/") else { throw usage(text) }
            prefix = first
            rest.removeFirst()
        }
        guard rest.isEmpty else { throw usage(text) }
        return FaultRule(method: method, pathPrefix: prefix, fault: .hostile(mode), repeats: true)
    }

    private static func usage(_ text: String) -> SimulatorError {
        SimulatorError("'\(text)': expected MODE[:METHOD][:PATH-PREFIX], e.g. wrong-types:GET:/api/v1/roles")
    }
}
