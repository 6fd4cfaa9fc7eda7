import Foundation
import HTTPTypes
import Hummingbird

/// Sorts a request's credential into what the configuration's static credentials say about it; it
/// never keeps the secret, and reports it only to the hostile modes that echo it. Tokens issued by
/// login are looked up in the state.
struct Authenticator: Sendable {
    /// The credential a request presents.
    enum Presented: Equatable, Sendable {
        /// A `--token` bearer token: ORG_ADMIN, never expires.
        case staticAdmin
        /// A `--non-admin-token` bearer token: valid, not ORG_ADMIN, never expires.
        case staticMember
        /// Any other bearer token: perhaps one login issued.
        case bearer(String)
        /// A known API key; `resourcesScope` false for a `--restricted-api-key`.
        case apiKey(resourcesScope: Bool)
        /// An API key nobody issued.
        case unknownAPIKey
        /// No credential.
        case none
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

    /// The request's credential; a bearer token wins over an API key.
    func presented(in headers: HTTPFields) -> Presented {
        if let token = Self.bearerToken(in: headers) {
            if adminTokens.contains(token) { return .staticAdmin }
            if nonAdminTokens.contains(token) { return .staticMember }
            return .bearer(token)
        }
        if let key = headers[Self.apiKeyField] {
            if apiKeys.contains(key) { return .apiKey(resourcesScope: true) }
            if restrictedAPIKeys.contains(key) { return .apiKey(resourcesScope: false) }
            return .unknownAPIKey
        }
        return .none
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
