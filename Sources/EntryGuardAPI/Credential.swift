import Foundation

/// How egpolicy authenticates to EntryGuard (CONTRACT §3). The secret is never printed: use
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

    public init(kind: Kind, secret: String) {
        self.kind = kind
        self.secret = secret
    }

    public static let tokenVariable = "ENTRYGUARD_TOKEN"
    public static let apiKeyVariable = "ENTRYGUARD_API_KEY"

    /// `--token-file`, else `ENTRYGUARD_TOKEN`, else `ENTRYGUARD_API_KEY`; `nil` when none is set.
    public static func resolve(tokenFile: String?, environment: [String: String]) throws(CredentialError) -> Credential? {
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw CredentialError(message: "cannot read the token file \(tokenFile)")
            }
            var token = String(decoding: data, as: UTF8.self)
            while let last = token.last, last.isNewline { token.removeLast() }
            guard !token.isEmpty, !token.contains(where: { $0.isNewline }) else {
                throw CredentialError(message: "the token file \(tokenFile) must hold one token on one line")
            }
            return Credential(kind: .bearer, secret: token)
        }
        if let token = environment[tokenVariable], !token.isEmpty {
            return Credential(kind: .bearer, secret: token)
        }
        if let key = environment[apiKeyVariable], !key.isEmpty {
            return Credential(kind: .apiKey, secret: key)
        }
        return nil
    }

    /// The error for commands that need the API and found no credential.
    public static let missingMessage =
        "no EntryGuard credentials: set \(tokenVariable) (a bearer token) or \(apiKeyVariable) (an API key), or pass --token-file FILE"

    var headerName: String { kind == .bearer ? "Authorization" : "X-API-Key" }
    var headerValue: String { kind == .bearer ? "Bearer \(secret)" : secret }

    /// Whether the secret occurs in these bytes.
    func isContained(in data: Data) -> Bool {
        !secret.isEmpty && data.range(of: Data(secret.utf8)) != nil
    }

    /// Whether the secret occurs in a string of `value`, once JSON escapes (`\u0041`) are undone.
    func isContained(inStringsOf value: some Encodable) -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(value)).map { isContained(in: $0) } ?? false
    }

    /// `text` with every occurrence of the secret replaced, for messages that echo server output.
    public func redact(_ text: String) -> String {
        guard !secret.isEmpty, text.contains(secret) else { return text }
        return text.replacingOccurrences(of: secret, with: "[REDACTED]")
    }
}

/// A credential that was given but cannot be used.
public struct CredentialError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
