import Foundation
import HTTPTypes
import Hummingbird

/// Decides what a request's credentials allow; it never keeps the secret, and reports it only to
/// the hostile modes that echo it.
struct Authenticator: Sendable {
    /// What a request may do.
    enum Access: Equatable, Sendable {
        /// ORG_ADMIN bearer token or an API key with every scope.
        case full
        /// An API key without `resources:read`.
        case withoutResourcesScope
        /// A valid bearer token without ORG_ADMIN.
        case notAdmin
        /// Missing or unknown credentials.
        case unauthenticated
    }

    private let adminTokens: Set<String>
    private let nonAdminTokens: Set<String>
    private let apiKeys: Set<String>
    private let restrictedAPIKeys: Set<String>

    /// Creates an authenticator for the configuration's credentials.
    init(_ configuration: SimulatorConfiguration) {
        adminTokens = Set(configuration.adminTokens)
        nonAdminTokens = Set(configuration.nonAdminTokens)
        apiKeys = Set(configuration.apiKeys)
        restrictedAPIKeys = Set(configuration.restrictedAPIKeys)
    }

    /// The kind of credential the request sends, for the request log: "bearer", "api-key" or "none".
    static func kind(of headers: HTTPFields) -> String {
        if bearerToken(in: headers) != nil { return "bearer" }
        if headers[apiKeyField] != nil { return "api-key" }
        return "none"
    }

    /// What the request's credentials allow; a bearer token wins over an API key.
    func access(for headers: HTTPFields) -> Access {
        if let token = Self.bearerToken(in: headers) {
            if adminTokens.contains(token) { return .full }
            if nonAdminTokens.contains(token) { return .notAdmin }
            return .unauthenticated
        }
        if let key = headers[Self.apiKeyField] {
            if apiKeys.contains(key) { return .full }
            if restrictedAPIKeys.contains(key) { return .withoutResourcesScope }
        }
        return .unauthenticated
    }

    /// The bearer token or API key the request sent, for the hostile modes that echo it back (as a
    /// careless server or proxy does); nothing else reads it.
    static func presentedSecret(in headers: HTTPFields) -> String? {
        bearerToken(in: headers) ?? headers[apiKeyField]
    }

    private static let apiKeyField = HTTPField.Name("X-API-Key")!

    private static func bearerToken(in headers: HTTPFields) -> String? {
        guard let value = headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
