/// Which endpoints a caller may use, as `../shared/api/authentication.md` describes them.
enum AccessArea: Sendable, Equatable {
    /// `/roles…` and `/users…`: an ORG_ADMIN access token only; API keys are refused.
    case management
    /// `/resources…`: ORG_ADMIN, or an API key with `resources:read`.
    case resources
    /// `GET /auth/me`: any user's access token.
    case session
    /// login, verify-mfa, refresh, logout: no credential.
    case `public`
    /// No such endpoint: any accepted credential gets its 404.
    case unknown
}

/// Who a request's credential turns out to be.
enum Caller: Sendable, Equatable {
    /// An ORG_ADMIN access token (static, or issued to an org admin).
    case admin
    /// A valid access token of a user who is not an org admin.
    case member
    /// A valid access token of a suspended user.
    case suspended
    /// An access token that has expired.
    case expired
    /// A known API key.
    case apiKey(resourcesScope: Bool)
    /// An API key nobody issued.
    case unknownAPIKey
    /// No credential, or a bearer token nobody issued.
    case unauthenticated

    /// The error `self` gets on `area`, or nil when the request may go on.
    func refusal(on area: AccessArea, apiKeyRefusalStatus: Int) -> APIError? {
        switch (self, area) {
        case (_, .public): nil
        case (.unauthenticated, _): .unauthenticated
        case (.unknownAPIKey, _): .unknownAPIKey
        case (.expired, _): .expiredAccessToken
        case (.suspended, _): .suspended
        case (.admin, _): nil
        case (.member, .session): nil
        case (.member, _): .notAdmin
        case (.apiKey(let scope), .resources): scope ? nil : .lacksResourcesScope
        case (.apiKey, .management), (.apiKey, .session): .apiKeyRefused(status: apiKeyRefusalStatus)
        case (.apiKey, .unknown): nil
        }
    }
}
