/// The access tokens, refresh tokens and MFA challenges the auth endpoints issued.
///
/// Refresh tokens come in families: a login starts one (generation 1), each refresh rotates it (the
/// presented token becomes `rotated`, a new one of the next generation is `current`). The families
/// and generations are what the request log shows instead of the tokens.
struct AuthTokens: Sendable {
    /// What became of a refresh token.
    enum RefreshState: String, Sendable {
        /// The newest of its family, usable once.
        case current
        /// Used by a refresh: a second use is a reuse and revokes the family.
        case rotated
        /// Logged out, revoked by a test, or in a family revoked for reuse.
        case revoked
    }

    /// An issued access token.
    struct AccessGrant: Sendable {
        /// 1 for the first access token issued, 2 for the next, …
        var serial: Int
        var userID: String
        /// Whether the user was an org admin when the token was issued (a JWT's claims do not change).
        var isOrgAdmin: Bool
        var expiresAt: ContinuousClock.Instant
    }

    /// An issued refresh token.
    struct RefreshGrant: Sendable {
        var family: Int
        var generation: Int
        var userID: String
        var state: RefreshState
        var expiresAt: ContinuousClock.Instant
    }

    /// A pending MFA challenge of a login.
    struct Challenge: Sendable {
        var userID: String
        var expiresAt: ContinuousClock.Instant
        var failures: Int = 0
    }

    /// A login's or a refresh's new tokens.
    struct Issued: Sendable {
        var accessToken: String
        var refreshToken: String
        var accessSerial: Int
        var family: Int
        var generation: Int
    }

    let accessTTL: Duration
    let refreshTTL: Duration
    /// How long a challenge lasts (`mfaChallengeExpiresIn`).
    static let challengeSeconds = 300

    private var accessGrants: [String: AccessGrant] = [:]
    private var refreshGrants: [String: RefreshGrant] = [:]
    private var familyTokens: [Int: [String]] = [:]
    private var challenges: [String: Challenge] = [:]
    private var nextAccessSerial = 1
    private var nextFamily = 1

    init(accessTTL: Duration, refreshTTL: Duration) {
        self.accessTTL = accessTTL
        self.refreshTTL = refreshTTL
    }

    // MARK: Access tokens

    /// Issues an access token and a refresh token: of a new family (a login), or of the generation
    /// after `rotating`'s (a refresh).
    mutating func issue(userID: String, isOrgAdmin: Bool, rotating previous: RefreshGrant? = nil,
                        now: ContinuousClock.Instant) -> Issued {
        let accessToken = Self.newSecret(prefix: "eg_at_")
        let serial = nextAccessSerial
        nextAccessSerial += 1
        accessGrants[accessToken] = AccessGrant(serial: serial, userID: userID, isOrgAdmin: isOrgAdmin,
                                                expiresAt: now + accessTTL)
        let family: Int
        if let previous {
            family = previous.family
        } else {
            family = nextFamily
            nextFamily += 1
        }
        let generation = (previous?.generation ?? 0) + 1
        let refreshToken = Self.newSecret(prefix: "eg_rt_")
        refreshGrants[refreshToken] = RefreshGrant(family: family, generation: generation, userID: userID,
                                                   state: .current, expiresAt: now + refreshTTL)
        familyTokens[family, default: []].append(refreshToken)
        return Issued(accessToken: accessToken, refreshToken: refreshToken, accessSerial: serial, family: family,
                      generation: generation)
    }

    /// The grant of an access token, expired or not; nil when nobody issued it.
    func accessGrant(_ token: String) -> AccessGrant? {
        accessGrants[token]
    }

    /// Makes every issued access token expire at `now` (the test hook `expireAccessTokens`).
    mutating func expireAccessTokens(now: ContinuousClock.Instant) {
        for token in accessGrants.keys where accessGrants[token]!.expiresAt > now {
            accessGrants[token]!.expiresAt = now
        }
    }

    // MARK: Refresh tokens

    /// The grant of a refresh token; nil when nobody issued it.
    func refreshGrant(_ token: String) -> RefreshGrant? {
        refreshGrants[token]
    }

    /// Marks a current refresh token used by a refresh.
    mutating func markRotated(_ token: String) {
        refreshGrants[token]?.state = .rotated
    }

    /// Revokes one refresh token (logout); nothing happens to an unknown one.
    mutating func revoke(_ token: String) {
        refreshGrants[token]?.state = .revoked
    }

    /// Revokes every token of a family: what a server does when a rotated token comes back.
    mutating func revokeFamily(_ family: Int) {
        for token in familyTokens[family] ?? [] {
            refreshGrants[token]?.state = .revoked
        }
    }

    /// Revokes every refresh token, or every one of a user.
    mutating func revokeAll(userID: String? = nil) {
        for (token, grant) in refreshGrants where userID == nil || grant.userID == userID {
            refreshGrants[token]?.state = .revoked
        }
    }

    /// How many refresh tokens could still be used, of everyone or of one user.
    func usableRefreshTokenCount(userID: String? = nil, now: ContinuousClock.Instant) -> Int {
        refreshGrants.values.filter {
            $0.state == .current && $0.expiresAt > now && (userID == nil || $0.userID == userID)
        }.count
    }

    /// Every access and refresh token issued so far, whatever became of it, and the MFA challenge
    /// tokens: what a test checks no output shows.
    var issuedSecrets: [String] {
        Array(accessGrants.keys) + Array(refreshGrants.keys) + Array(challenges.keys)
    }

    // MARK: MFA challenges

    /// Starts an MFA challenge for a user whose password was right.
    mutating func newChallenge(userID: String, now: ContinuousClock.Instant) -> String {
        let token = Self.newSecret(prefix: "eg_mfa_")
        challenges[token] = Challenge(userID: userID, expiresAt: now + .seconds(Self.challengeSeconds))
        return token
    }

    /// The live challenge of a token; an expired one is dropped and nil.
    mutating func challenge(_ token: String, now: ContinuousClock.Instant) -> Challenge? {
        guard let challenge = challenges[token] else { return nil }
        guard challenge.expiresAt > now else {
            challenges[token] = nil
            return nil
        }
        return challenge
    }

    /// Counts a wrong code against a challenge; returns the failures so far.
    mutating func recordFailure(challenge token: String) -> Int {
        challenges[token]?.failures += 1
        return challenges[token]?.failures ?? 0
    }

    /// Ends a challenge: answered, or tried too often.
    mutating func endChallenge(_ token: String) {
        challenges[token] = nil
    }

    /// Makes every pending challenge expire (the test hook `expireMFAChallenges`).
    mutating func expireChallenges(now: ContinuousClock.Instant) {
        for token in challenges.keys {
            challenges[token]!.expiresAt = now
        }
    }

    // MARK: Secrets

    /// A fresh unguessable token: a prefix and 32 random bytes in hex.
    static func newSecret(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = prefix
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            text += String(repeating: "0", count: 16 - hex.count) + hex
        }
        return text
    }
}
