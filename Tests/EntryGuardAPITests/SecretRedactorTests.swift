import Foundation
import NIOCore
import Testing
@testable import EntryGuardAPI

/// The redactor on bytes and scalars: each form a server or proxy may echo a secret in is found,
/// and nothing else is touched.
@Suite("SecretRedactor", .timeLimit(.minutes(10)))
struct SecretRedactorTests {
    /// Has the characters the escapes treat specially: `/`, `+`, `=`, `&`.
    static let secret = "eg-tok/en+4b=1d&9e"
    static let redactor = SecretRedactor(secrets: [secret])

    static func percent(_ text: String, upper: Bool) -> String {
        text.utf8.map { String(format: upper ? "%%%02X" : "%%%02x", UInt32($0)) }.joined()
    }

    static func decimalReferences(_ text: String) -> String {
        text.unicodeScalars.map { "&#\($0.value);" }.joined()
    }

    /// Each case: a name and the text a server sent.
    static let echoes: [(String, String)] = [
        ("as it is", "token \(secret) rejected"),
        ("a combining mark after it", "token \(secret)\u{301} rejected"),
        ("two combining marks and a variation selector after it", "token \(secret)\u{301}\u{327}\u{FE0F} rejected"),
        ("a combining mark inside it", "token eg-tok\u{301}/en+4b=1d&9e rejected"),
        ("zero-width spaces inside it", "token e\u{200B}g-tok/en\u{200B}+4b=1d&9e rejected"),
        ("an escape and a line break inside it", "token eg-t\u{1B}ok/en\n+4b=1d&9e rejected"),
        ("percent-encoded, upper-case hex", "token \(percent(secret, upper: true)) rejected"),
        ("percent-encoded, lower-case hex", "token \(percent(secret, upper: false)) rejected"),
        ("percent-encoded as a URL query value", "token eg-tok%2Fen%2B4b%3d1d%269e rejected"),
        ("JSON \\u escapes, lower-case hex", "token " + secret.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined() + " rejected"),
        ("JSON \\u escapes, upper-case hex", "token " + secret.unicodeScalars.map { String(format: "\\u%04X", $0.value) }.joined() + " rejected"),
        ("JSON \\/ and one \\u escape", "token eg-tok\\/en+4b=1d\\u00269e rejected"),
        ("HTML decimal references", "token \(decimalReferences(secret)) rejected"),
        ("HTML hex references, both cases of x", "token &#x65;&#X67;-tok&#x2f;en&#x2B;4b=1d&#x26;9e rejected"),
        ("HTML named references", "token eg-tok&sol;en&plus;4b&equals;1d&amp;9e rejected"),
        ("HTML references without semicolons, with leading zeros", "token &#101&#0000103;-tok/en+4b=1d&amp9e rejected"),
        ("mixed forms", "token %65\\u0067&#45;tok\\/en%2B4b&equals;1d&amp;9e rejected"),
    ]

    @Test("each form of the echo is replaced, and the text around it is kept", arguments: echoes)
    func eachForm(name: String, text: String) {
        #expect(Self.redactor.redact(text) == "token [REDACTED] rejected", "\(name)")
        #expect(Self.redactor.occurs(in: Array(text.utf8)), "\(name)")
    }

    @Test("a secret without %, \\ or & (compared byte by byte first): each form still found, near misses left alone")
    func plainSecret() {
        let secret = "eg-token-4b1d9e"
        let redactor = SecretRedactor(secrets: [secret])
        for text in ["a \(secret) b", "a \(secret)\u{301} b", "a eg-tok\u{200B}en-4b1d9e b", "a eg-token\n-4b1d9e b", "a eg-%74oken-4b1d9e b",
                     "a eg-token-4b1d\\u0039e b", "a eg-token-4b1d&#57;e b", "a eg-tok\u{301}en-4b1d9e b"] {
            #expect(redactor.redact(text) == "a [REDACTED] b", "\(text.debugDescription)")
        }
        for text in ["eg-token-4b1d9X", "eg-token-4b1d9", "xeg-token-4b1d9", "eg-token-4b1d%39", "eg-token 4b1d9e"] {
            #expect(redactor.redact(text) == text, "\(text.debugDescription)")
        }
    }

    @Test("Character-based search misses the combining mark; the redactor does not")
    func graphemeComparisonIsNotUsed() {
        let text = "token \(Self.secret)\u{301}"
        #expect(!text.contains(Self.secret))
        #expect(Self.redactor.redact(text) == "token [REDACTED]")
    }

    @Test("a scalar past U+FFFF, as a JSON surrogate pair and as an HTML reference")
    func surrogatePairs() {
        let redactor = SecretRedactor(secrets: ["key-😀-9"])
        #expect(redactor.redact("a key-\\ud83d\\ude00-9 b") == "a [REDACTED] b")
        #expect(redactor.redact("a key-&#x1F600;-9 b") == "a [REDACTED] b")
        #expect(redactor.redact("a key-%F0%9F%98%80-9 b") == "a [REDACTED] b")
        #expect(redactor.redact("a key-\\ud83d-9 b") == "a key-\\ud83d-9 b")
    }

    @Test("text without the whole secret is unchanged, byte for byte, also when it is not UTF-8")
    func noFalsePositives() {
        let prefix = String(Self.secret.dropLast())
        for text in ["", "token \(prefix) rejected", "café \u{301} &amp; %41 \\u0041 &#65;", "eg-tok/en+4b=1d&9", "\(prefix)&#x66;"] {
            #expect(Self.redactor.redact(text) == text)
            #expect(!Self.redactor.occurs(in: Array(text.utf8)))
        }
        let invalid: [UInt8] = [0xFF, 0xC3, 0x28, 0x25, 0x46, 0x26, 0x23, 0x5C, 0x75, 0xE2, 0x82]
        #expect(Self.redactor.redact(invalid) == invalid)
    }

    @Test("every occurrence goes, adjacent ones too; an empty secret redacts nothing")
    func everyOccurrence() {
        let text = "\(Self.secret)\(Self.secret) and \(Self.percent(Self.secret, upper: true))"
        #expect(Self.redactor.redact(text) == "[REDACTED][REDACTED] and [REDACTED]")
        #expect(SecretRedactor(secrets: [""]).redact("a b") == "a b")
        let both = SecretRedactor(secrets: ["short-1", "longer-secret-2"])
        #expect(both.redact("short-1 longer-secret-2") == "[REDACTED] [REDACTED]")
    }

    @Test("64 KiB of spaces before the echo: the server text is redacted before it is cut, so no part of the secret is shown")
    func paddingBeforeTheEcho() {
        let secrets = SecretRegistry([Self.secret])
        let padding = String(repeating: " ", count: 65_536 - (Self.secret.utf8.count - 2))
        let body = ByteBuffer(string: padding + Self.secret + " rejected")
        let message = EntryGuardClient.serverMessage(body, contentType: "text/plain", redacting: secrets)
        #expect(message.hasPrefix("non-JSON body (text/plain): [REDACTED] rej"), "\(message)")
        #expect(!message.contains(String(Self.secret.prefix(4))))
    }

    @Test("a cut after 200 characters cannot keep part of a secret: redacted first, cut after")
    func cutAfterRedacting() {
        let secrets = SecretRegistry([Self.secret])
        let text = String(repeating: "x", count: 195) + Self.secret
        let message = EntryGuardClient.printable(text, redacting: secrets)
        #expect(message == String(repeating: "x", count: 195) + "[REDA…")
    }

    @Test("a credential prints, dumps and mirrors as its kind only")
    func credentialDescription() {
        let credential = Credential(kind: .apiKey, secret: Self.secret)
        var dumped = ""
        dump(credential, to: &dumped)
        for text in ["\(credential)", String(reflecting: credential), dumped, "\(Mirror(reflecting: credential).children.map(\.value))"] {
            #expect(!text.contains(Self.secret), "\(text)")
        }
        #expect("\(credential)" == "api-key credential [REDACTED]")
    }
}
