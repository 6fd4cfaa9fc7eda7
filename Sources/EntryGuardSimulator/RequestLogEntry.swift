/// One request as the simulator saw it; secrets never appear here.
///
/// Tokens are named by numbers instead: an access token by its serial (1 for the first one login or
/// refresh issued), a refresh token by its family (1 for the first login that issued tokens) and its
/// generation in the family (1 from the login, +1 per refresh).
public struct RequestLogEntry: Codable, Sendable, Equatable {
    /// When the request arrived: RFC 3339 UTC with milliseconds.
    public var time: String
    /// The HTTP method.
    public var method: String
    /// The request path, without the query.
    public var path: String
    /// The status the simulator answered with.
    public var status: Int
    /// Milliseconds from arrival to the response being ready.
    public var durationMs: Double
    /// Requests being handled when this one arrived, itself included.
    public var inFlight: Int
    /// The kind of credential sent: "bearer", "api-key" or "none".
    public var credential: String
    /// When the request arrived, in milliseconds on the simulator's monotonic clock (0 when it started):
    /// with `endMs`, shows whether two requests (two refreshes, say) overlapped.
    public var startMs: Double
    /// When the response was ready, on the same clock as `startMs`.
    public var endMs: Double
    /// The auth details of the request: for auth calls, and for requests with a bearer token that got
    /// as far as the credential check (a scripted fault answers before it).
    public var auth: AuthNote?

    /// Creates an entry.
    public init(time: String, method: String, path: String, status: Int, durationMs: Double, inFlight: Int,
                credential: String, startMs: Double = 0, endMs: Double = 0, auth: AuthNote? = nil) {
        self.time = time
        self.method = method
        self.path = path
        self.status = status
        self.durationMs = durationMs
        self.inFlight = inFlight
        self.credential = credential
        self.startMs = startMs
        self.endMs = endMs
        self.auth = auth
    }
}

/// What the simulator knew of a request's tokens and login, without any secret.
public struct AuthNote: Codable, Sendable, Equatable {
    /// The user the request logged in as or acted as (tokens issued by login only).
    public var userId: String?
    /// For the auth endpoints, what happened: "ok", "wrong-credentials", "wrong-organization",
    /// "mfa-required", "password-expired", "suspended", "missing-fields", "malformed-body",
    /// "missing-code", "malformed-code", "challenge-invalid", "wrong-code", "reused-code",
    /// "used-recovery-code", "too-many-attempts", "unknown", "revoked", "reuse-detected", "expired",
    /// "logged-out", "already-unusable".
    public var outcome: String?
    /// The bearer token's state when the request arrived: "valid", "expired" or "unknown" (static
    /// `--token` tokens are "valid" and have no serial).
    public var accessToken: String?
    /// The serial of the issued access token the request sent.
    public var accessTokenSerial: Int?
    /// Milliseconds the access token had left when the request arrived (negative: expired that long ago).
    public var accessTokenRemainingMs: Double?
    /// The family of the refresh token a refresh or logout sent.
    public var refreshFamily: Int?
    /// The generation of that refresh token.
    public var refreshGeneration: Int?
    /// That refresh token's state when it arrived: "current", "rotated" (a reuse), "revoked",
    /// "expired" or "unknown".
    public var refreshToken: String?
    /// The serial of the access token this answer issued.
    public var issuedAccessTokenSerial: Int?
    /// The family of the refresh token this answer issued.
    public var issuedRefreshFamily: Int?
    /// The generation of the refresh token this answer issued.
    public var issuedRefreshGeneration: Int?

    /// An empty note.
    public init() {}

    /// Whether nothing was noted.
    var isEmpty: Bool { self == AuthNote() }
}
