import Foundation

/// How egpolicy authenticates to EntryGuard (README, "Configuration"). The secret is never printed: use
/// `redact(_:)` on any text that might contain it.
public struct Credential: Sendable {
    public enum Kind: String, Sendable {
        /// `Authorization: Bearer …` (an ORG_ADMIN access token).
        case bearer
        /// `X-API-Key: …` (the credential meant for CI).
        case apiKey = "api-key"
    }

    public let kind: Kind
    let secret: String
    /// Finds the secret in any form a server may echo it in.
    let redactor: SecretRedactor

    public init(kind: Kind, secret: String) {
        self.kind = kind
        self.secret = secret
        redactor = SecretRedactor(secrets: [secret])
    }

    public static let tokenVariable = "ENTRYGUARD_TOKEN"
    public static let apiKeyVariable = "ENTRYGUARD_API_KEY"

    /// `--token-file`, else `ENTRYGUARD_TOKEN`, else `ENTRYGUARD_API_KEY`; `nil` when none is set (an
    /// empty variable counts as unset). A value that cannot go into a header is refused here, before
    /// any request, by a message that names where it came from and never shows it.
    public static func resolve(tokenFile: String?, environment: [String: String]) throws(CredentialError) -> Credential? {
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw CredentialError(message: "cannot read the token file \(tokenFile)")
            }
            let token = try checked(String(decoding: data, as: UTF8.self), from: "the token file \(tokenFile)")
            return Credential(kind: .bearer, secret: token)
        }
        if let token = environment[tokenVariable], !token.isEmpty {
            return Credential(kind: .bearer, secret: try checked(token, from: tokenVariable))
        }
        if let key = environment[apiKeyVariable], !key.isEmpty {
            return Credential(kind: .apiKey, secret: try checked(key, from: apiKeyVariable))
        }
        return nil
    }

    /// `value` without its trailing line breaks (`\n` or `\r\n`: a file's last line, a pasted CI
    /// secret); refused when nothing is left or when it still holds a control character, which no
    /// HTTP header may carry.
    public static func checked(_ value: String, from source: String) throws(CredentialError) -> String {
        var scalars = Substring(value).unicodeScalars
        while scalars.last == "\n" {
            scalars.removeLast()
            if scalars.last == "\r" { scalars.removeLast() }
        }
        guard !scalars.isEmpty else {
            throw CredentialError(message: "\(source) is empty (or holds only a line break); it must hold the credential on one line")
        }
        if scalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            throw CredentialError(message: "\(source) holds a line break inside the credential; it must hold the credential on one line (the value is not shown)")
        }
        if scalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw CredentialError(message: "\(source) holds a control character (a tab, an escape or another); a credential is printable characters only (the value is not shown)")
        }
        return String(scalars)
    }

    /// The error for commands that need the API and found no credential.

    var headerName: String { kind == .bearer ? "Authorization" : "X-API-Key" }
    var headerValue: String { kind == .bearer ? "Bearer \(secret)" : secret }

    /// Whether the secret occurs in these bytes, as it is or encoded (see `SecretRedactor`).
    func isContained(in data: Data) -> Bool {
        data.withUnsafeBytes { redactor.occurs(in: $0) }
    }

    /// `text` with every occurrence of the secret replaced, in any form a server may echo it in
    /// (`SecretRedactor`), for messages that show server output or an HTTP client's error.
    public func redact(_ text: String) -> String {
        redactor.redact(text)
    }

    /// `bytes` with every occurrence of the secret replaced (`SecretRedactor`).
    public func redact(_ bytes: [UInt8]) -> [UInt8] {
        redactor.redact(bytes)
    }
}

/// Printing a credential, dumping it or mirroring it shows its kind, never the secret.
extension Credential: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "\(kind.rawValue) credential \(SecretRedactor.replacement)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["kind": kind]) }
}

/// A credential that was given but cannot be used.
public struct CredentialError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
