/// Everything a simulator run starts from: where it listens, its state, its credentials and its faults.
public struct SimulatorConfiguration: Sendable {
    /// The address to bind.
    public var host: String
    /// The port to bind; 0 picks a free one.
    public var port: Int
    /// The roles the organization starts with.
    public var roles: [SimRole]
    /// The resource catalog; nil derives one from every resource id the roles ever hold.
    public var resources: [SimResource]?
    /// Bearer tokens with the ORG_ADMIN role.
    public var adminTokens: [String]
    /// Valid bearer tokens without ORG_ADMIN: 403 everywhere.
    public var nonAdminTokens: [String]
    /// API keys with every scope.
    public var apiKeys: [String]
    /// API keys without `resources:read`: the role endpoints work, `/resources` answers 403.
    public var restrictedAPIKeys: [String]
    /// A delay added to every request before it is handled.
    public var latencyMilliseconds: Int
    /// A uniform extra delay in 0...jitter, drawn from the seeded generator.
    public var latencyJitterMilliseconds: Int
    /// Requests per second over all requests; past it 429 with `Retry-After`. nil: no limit.
    public var rateLimit: Int?
    /// How `rateLimit` is enforced (`RateLimiter` has the table).
    public var limiter: LimiterShape = .fixedWindow
    /// The token bucket's size; nil: one second's worth (`rateLimit`).
    public var burst: Int? = nil
    /// The length in seconds of a fixed or sliding window, which admits `rateLimit` × this many
    /// requests (`--window`: a per-minute limit is a window of 60).
    public var windowSeconds = 1
    /// Past this many requests being handled at once, 429 (with or without a rate limit).
    public var maxInFlight: Int? = nil
    /// Whether that cap is checked when a request arrives and a refusal answered at once, as a
    /// gateway in front of the service would (`--cap-at-arrival`); by default it is checked when the
    /// server gets to the request, after its latency, against the requests being handled then.
    public var capAtArrival = false
    /// Whether a 429 of the limiter carries `Retry-After` (`--no-retry-after` leaves it out).
    public var sendsRetryAfter = true
    /// A rate limit that changes after a number of requests.
    public var rateChange: RateChange? = nil
    /// The probability that a request answers 500, drawn from the seeded generator.
    public var errorRate: Double
    /// The seed of the generator behind jitter and the error rate.
    public var seed: UInt64
    /// A file that also gets one JSON line per request, appended as each request completes.
    public var requestLogPath: String?
    /// Fault rules in force from the start, before any a test injects.
    public var faults: [FaultRule]
    /// Where a `redirect` hostile answer points: another host, the request's path appended.
    public var redirectLocation: String
    /// Serve HTTPS with this certificate and key instead of plain HTTP.
    public var tls: SimulatorTLS? = nil
    /// The users `GET /users` lists and who may log in (`POST /auth/login`).
    public var users: [SimUser] = []
    /// The sessions `GET /sessions/admin` lists and `POST /sessions/admin/{id}/stop` ends.
    public var sessions: [SimSession] = []
    /// Seconds from an admin stop (EXPIRING) to the session's rules being removed (CANCELLED); 0:
    /// by the next request.
    public var sessionStopSeconds: Double = 0
    /// The organization slug login asks for.
    public var organizationSlug = "acme"
    /// The organization name login answers and `GET /auth/me` show.
    public var organizationName = "Acme Corp"
    /// Seconds an access token issued by login or refresh lasts (`expiresIn`, rounded down); may be
    /// fractional so tests can watch tokens expire. Static `adminTokens` never expire.
    public var accessTokenTTL: Double = 900
    /// Seconds a refresh token lasts (7 days, as EntryGuard's default).
    public var refreshTokenTTL: Double = 7 * 24 * 3600
    /// The status a valid API key gets on `/roles`, `/users` and `/auth/me`: 401 or 403 (the API
    /// reference leaves it open, so a client is tested against both).
    public var apiKeyRefusalStatus = 403

    /// Creates a configuration; every parameter has a default (loopback, port 0, no roles, no faults).
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        roles: [SimRole] = [],
        resources: [SimResource]? = nil,
        adminTokens: [String] = [],
        nonAdminTokens: [String] = [],
        apiKeys: [String] = [],
        restrictedAPIKeys: [String] = [],
        latencyMilliseconds: Int = 0,
        latencyJitterMilliseconds: Int = 0,
        rateLimit: Int? = nil,
        errorRate: Double = 0.0,
        seed: UInt64 = 0,
        requestLogPath: String? = nil,
        faults: [FaultRule] = [],
        redirectLocation: String = "http://elsewhere.invalid"
    ) {
        self.host = host
        self.port = port
        self.roles = roles
        self.resources = resources
        self.adminTokens = adminTokens
        self.nonAdminTokens = nonAdminTokens
        self.apiKeys = apiKeys
        self.restrictedAPIKeys = restrictedAPIKeys
        self.latencyMilliseconds = latencyMilliseconds
        self.latencyJitterMilliseconds = latencyJitterMilliseconds
        self.rateLimit = rateLimit
        self.errorRate = errorRate
        self.seed = seed
        self.requestLogPath = requestLogPath
        self.faults = faults
        self.redirectLocation = redirectLocation
    }
}
