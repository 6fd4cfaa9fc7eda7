/// What `POST /auth/login`, `/auth/verify-mfa` and `/auth/refresh` grant.
public struct TokenGrant: Sendable {
    public var accessToken: String
    public var refreshToken: String
    /// Seconds the access token lives, from the answer's `expiresIn`.
    public var expiresIn: Double

    public init(accessToken: String, refreshToken: String, expiresIn: Double) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
    }
}

/// The tokens of one login, shared by every request of a run (README, "Credentials and logging in").
///
/// | moment                                            | what the session does                          |
/// |---------------------------------------------------|------------------------------------------------|
/// | a request is about to be sent                     | hands out the access token, unless it expires  |
/// |                                                   | within the margin: then refreshes first        |
/// | a request was answered 401 with token generation g | refreshes, unless a newer token exists already |
/// | a refresh is running                              | every caller waits for that one refresh        |
///
/// Refresh tokens rotate: each refresh returns a new one and invalidates the old, so two refreshes
/// at once would log the run out. Being an actor with one stored refresh task makes the refresh
/// single-flight however many requests wait, and each refresh uses the newest refresh token.
/// The margin is a quarter of the token's lifetime, at most 60 seconds: 60 s for EntryGuard's
/// 15-minute and 1-hour tokens, half a second for a simulator's 2-second ones.
public actor LoginSession {
    /// Turns a refresh token into a new grant (`POST /auth/refresh`, or the same under the lock of
    /// the credentials file for a stored login).
    public typealias Renewal = @Sendable (_ refreshToken: String) async throws -> TokenGrant

    private var grant: TokenGrant
    /// When the access token stops being handed out (its expiry less the margin), in clock seconds.
    private var renewAt: Double
    /// Counts access tokens: a 401 names the generation it was sent with.
    private(set) var generation = 1
    private var refreshing: Task<Void, Error>?
    private let renew: Renewal
    private let now: @Sendable () -> Double

    public init(grant: TokenGrant, now: @escaping @Sendable () -> Double, renew: @escaping Renewal) {
        self.grant = grant
        self.now = now
        self.renew = renew
        renewAt = Self.renewalTime(grant, at: now())
    }

    /// The current refresh token (for logout at the end of the run).
    public var refreshToken: String { grant.refreshToken }

    /// An access token that will not expire within the margin, and its generation.
    public func accessToken() async throws -> (token: String, generation: Int) {
        if now() >= renewAt { try await refresh(replacing: generation) }
        return (grant.accessToken, generation)
    }

    /// After a 401 answered to `generation`: a newer token when one exists, else one refresh.
    public func refresh(after rejected: Int) async throws -> (token: String, generation: Int) {
        try await refresh(replacing: rejected)
        return (grant.accessToken, generation)
    }

    private func refresh(replacing stale: Int) async throws {
        if let refreshing {
            try await refreshing.value
            return
        }
        guard stale == generation else { return }
        // The renewal holds no change's place of `--concurrency`: it runs in a task of its own
        // (see `Admission.held`).
        let task = Task { [renew, grant] in
            let renewed = try await renew(grant.refreshToken)
            self.install(renewed)
        }
        refreshing = task
        defer { refreshing = nil }
        try await task.value
    }

    private func install(_ renewed: TokenGrant) {
        grant = renewed
        renewAt = Self.renewalTime(renewed, at: now())
        generation += 1
    }

    /// The token's expiry less the margin: a quarter of its lifetime, at most 60 seconds.
    private static func renewalTime(_ grant: TokenGrant, at time: Double) -> Double {
        let lifetime = max(grant.expiresIn, 0)
        return time + lifetime - min(60, lifetime / 4)
    }
}
