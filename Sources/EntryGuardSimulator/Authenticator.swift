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

        /// The kind, for the request log: "bearer", "api-key" or "none".
        var kind: String {
            switch self {
            case .staticAdmin, .staticMember, .bearer: "bearer"
            case .apiKey, .unknownAPIKey: "api-key"
            case .none: "none"
            }
        }
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
        return trimmingWhitespace(parts[1])
    }

    /// `text` without the white space around it, as Foundation's `trimmingCharacters(in: .whitespaces)`
    /// reads it, in the standard library: every request comes through here, and the Foundation call
    /// was ~4 % of the simulator's CPU under load. The set is CoreFoundation's: the tab, the space,
    /// U+00A0, U+1680, U+2000–U+200B (the zero-width space too, which Unicode no longer counts as a
    /// space), U+202F, U+205F and U+3000.
    static func trimmingWhitespace(_ text: Substring) -> String {
        func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
            default: false
            }
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
