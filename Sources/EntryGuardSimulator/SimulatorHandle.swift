/// A running simulator as a test sees it: where it listens, and hooks into its state.
public final class SimulatorHandle: Sendable {
    /// The port the server is bound to.
    public let port: Int
    /// The host the server is bound to.
    public let host: String
    /// Whether it serves HTTPS (`SimulatorConfiguration.tls`).
    public let usesTLS: Bool
    let state: SimulatorState

    init(host: String, port: Int, state: SimulatorState, usesTLS: Bool = false) {
        self.host = host
        self.port = port
        self.state = state
        self.usesTLS = usesTLS
    }

    /// The API base URL, e.g. `http://127.0.0.1:PORT/api/v1` (`https://` when serving TLS).
    public var baseURL: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "\(usesTLS ? "https" : "http")://\(bracketed):\(port)\(Route.basePath)"
    }

    /// The current roles, sorted by id.
    public func roles() async -> [SimRole] {
        await state.sortedRoles()
    }

    /// Replaces every role; a derived resource catalog learns their resource ids.
    public func setRoles(_ roles: [SimRole]) async {
        await state.setRoles(roles)
    }

    /// Changes one role in place (matched case-insensitively); an unknown id changes nothing.
    public func updateRole(id: String, _ change: @Sendable (inout SimRole) -> Void) async {
        await state.updateRole(id: id, change)
    }

    /// Every request so far, in the order they completed.
    public func requestLog() async -> [RequestLogEntry] {
        await state.requestLog()
    }

    /// Requests being handled now (a held one included): lets a test send a request while another is
    /// known to be in flight.
    public func requestsInFlight() async -> Int {
        await state.requestsInFlight()
    }

    /// Queues a one-shot fault: rules fire in order, each for the first request it matches.
    public func inject(_ rule: FaultRule) async {
        await state.inject(rule)
    }

    // MARK: Users and tokens

    /// The users, in their stored order, login fields included.
    public func users() async -> [SimUser] {
        await state.allUsers()
    }

    /// Changes one user in place (matched case-insensitively): suspend them, expire their password,
    /// take away org admin (tokens already issued keep what they were issued with). An unknown id
    /// changes nothing.
    public func updateUser(id: String, _ change: @Sendable (inout SimUser) -> Void) async {
        await state.updateUser(id: id, change)
    }

    /// Makes every access token login or refresh issued expire now; static tokens are untouched.
    public func expireAccessTokens() async {
        await state.expireAccessTokens()
    }

    /// Makes every pending MFA challenge expire now.
    public func expireMFAChallenges() async {
        await state.expireMFAChallenges()
    }

    /// Revokes every refresh token, or only those of one user: the next refresh with one gets 401.
    public func revokeRefreshTokens(userID: String? = nil) async {
        await state.revokeRefreshTokens(userID: userID)
    }

    /// How many refresh tokens could still be used (current and unexpired), of everyone or of one
    /// user: 0 after every session logged out.
    public func usableRefreshTokenCount(userID: String? = nil) async -> Int {
        await state.usableRefreshTokenCount(userID: userID)
    }

    /// Every access token, refresh token and MFA challenge token the auth endpoints issued so far,
    /// rotated, revoked and expired ones included: for tests that check no output shows one.
    public func issuedTokens() async -> [String] {
        await state.issuedSecrets()
    }
}
