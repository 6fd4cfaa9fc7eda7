import ArgumentParser
import EntryGuardSimulator

/// The command-line flags, and the configuration they describe.
struct SimulatorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A JSON array of roles, as GET /roles returns it.", valueName: "file"))
    var state: String?

    @Option(help: ArgumentHelp(
        "A JSON array of resources, as GET /resources returns it (default: derived from the roles).",
        valueName: "file"))
    var resources: String?

    @Flag(help: "On SIGINT/SIGTERM, write the final roles back to the --state file.")
    var save = false

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on (0 to 65535); 0 picks a free one.", valueName: "port"))
    var port = 8080

    @Option(name: .customLong("token"),
            help: ArgumentHelp("An ORG_ADMIN bearer token (repeatable).", valueName: "token"))
    var tokens: [String] = []

    @Option(name: .customLong("non-admin-token"),
            help: ArgumentHelp("A bearer token without ORG_ADMIN: 403 (repeatable).", valueName: "token"))
    var nonAdminTokens: [String] = []

    @Option(name: .customLong("api-key"),
            help: ArgumentHelp("An API key with every scope (repeatable).", valueName: "key"))
    var apiKeys: [String] = []

    @Option(name: .customLong("restricted-api-key"),
            help: ArgumentHelp("An API key without resources:read (repeatable).", valueName: "key"))
    var restrictedAPIKeys: [String] = []

    @Option(help: ArgumentHelp(
        "A JSON array of users, as GET /users returns it, each optionally with password, isOrgAdmin, mfaSecret "
            + "(base32), recoveryCodes, passwordExpired and suspended: who may log in.",
        valueName: "file"))
    var users: String?

    @Option(help: ArgumentHelp(
        "A JSON array of sessions, as GET /sessions/admin returns it: what admins may list and stop.",
        valueName: "file"))
    var sessions: String?

    @Option(name: .customLong("org"), help: ArgumentHelp("The organization slug login asks for.", valueName: "slug"))
    var organizationSlug = "acme"

    @Option(name: .customLong("access-token-ttl"), help: ArgumentHelp(
        "Seconds an access token from login or refresh lasts (fractions allowed); --token tokens never expire.",
        valueName: "seconds"))
    var accessTokenTTL = 900.0

    @Option(name: .customLong("refresh-token-ttl"),
            help: ArgumentHelp("Seconds a refresh token lasts.", valueName: "seconds"))
    var refreshTokenTTL = 7.0 * 24 * 3600

    @Option(name: .customLong("api-key-refusal"), help: ArgumentHelp(
        "The status a valid API key gets on /roles, /users and /auth/me: 401 or 403.", valueName: "status"))
    var apiKeyRefusalStatus = 403

    @Option(name: .customLong("latency-ms"),
            help: ArgumentHelp("Milliseconds added to every request (0 to 600000).", valueName: "ms"))
    var latencyMilliseconds = 0

    @Option(name: .customLong("latency-jitter-ms"),
            help: ArgumentHelp("Up to this many more milliseconds, drawn from the seed (0 to 600000).", valueName: "ms"))
    var latencyJitterMilliseconds = 0

    @Option(name: .customLong("rate-limit"),
            help: ArgumentHelp("Requests per second (1 to 1000000); past it 429 with Retry-After (see --limiter).", valueName: "n"))
    var rateLimit: Int?

    @Option(name: .customLong("limiter"), help: ArgumentHelp(
        "How --rate-limit is enforced: " + LimiterShape.allCases.map(\.rawValue).joined(separator: ", ") + ".",
        valueName: "shape"))
    var limiter: String = LimiterShape.fixedWindow.rawValue

    @Option(name: .customLong("burst"),
            help: ArgumentHelp("The token bucket's size (default: one second's worth of --rate-limit).", valueName: "n"))
    var burst: Int?

    @Option(name: .customLong("window"), help: ArgumentHelp(
        "The fixed or sliding window's length (1 to 3600, default 1); it admits --rate-limit times this many.",
        valueName: "seconds"))
    var window: Int?

    @Option(name: .customLong("max-in-flight"),
            help: ArgumentHelp("Past this many requests handled at once, 429.", valueName: "n"))
    var maxInFlight: Int?

    @Flag(name: .customLong("cap-at-arrival"),
          help: "Check --max-in-flight when a request arrives and answer its 429 at once (default: after the latency).")
    var capAtArrival = false

    @Flag(name: .customLong("no-retry-after"), help: "Send the limiter's 429s without Retry-After.")
    var noRetryAfter = false

    @Option(name: .customLong("rate-change"), help: ArgumentHelp(
        "From request N+1 on, the rate limit becomes RATE requests per second (e.g. 1000:100 halves 200).",
        valueName: "N:RATE"))
    var rateChange: String?

    @Option(name: .customLong("error-rate"),
            help: ArgumentHelp("The probability (0...1) that a request answers 500.", valueName: "p"))
    var errorRate = 0.0

    @Option(help: ArgumentHelp("The seed for jitter and the error rate.", valueName: "n"))
    var seed: UInt64 = 0

    @Option(name: .customLong("request-log"),
            help: ArgumentHelp("Append one JSON line per request to this file.", valueName: "file"))
    var requestLog: String?

    @Option(name: .customLong("hostile"), help: ArgumentHelp(
        "Answer every request that matches with a broken response (repeatable; the first match wins). MODE is one of "
            + HostileResponse.allCases.map(\.rawValue).joined(separator: ", ")
            + "; METHOD and PATH-PREFIX narrow it, e.g. wrong-types:GET:/api/v1/roles.",
        valueName: "MODE[:METHOD][:PATH-PREFIX]"))
    var hostile: [String] = []

    @Option(name: .customLong("redirect-to"),
            help: ArgumentHelp("Where the redirect mode points (the request path is appended).", valueName: "url"))
    var redirectTo = "http://elsewhere.invalid"

    func validate() throws {
        if save && state == nil {
            throw ValidationError("--save needs --state FILE")
        }
        if !(0...65535).contains(port) {
            throw ValidationError("--port must be from 0 to 65535")
        }
        if !(0...1).contains(errorRate) {
            throw ValidationError("--error-rate must be in 0...1")
        }
        if !Self.latencyRange.contains(latencyMilliseconds) || !Self.latencyRange.contains(latencyJitterMilliseconds) {
            throw ValidationError("--latency-ms and --latency-jitter-ms must be from 0 to \(Self.latencyRange.upperBound) (ten minutes)")
        }
        if !(accessTokenTTL > 0 && accessTokenTTL <= 31_536_000) || !(refreshTokenTTL > 0 && refreshTokenTTL <= 31_536_000) {
            throw ValidationError("--access-token-ttl and --refresh-token-ttl must be more than 0 and at most 31536000 seconds (a year)")
        }
        if ![401, 403].contains(apiKeyRefusalStatus) {
            throw ValidationError("--api-key-refusal must be 401 or 403")
        }
        if organizationSlug.isEmpty {
            throw ValidationError("--org cannot be empty")
        }
        if let rateLimit, !Self.rateLimitRange.contains(rateLimit) {
            throw ValidationError("--rate-limit must be from 1 to \(Self.rateLimitRange.upperBound) requests per second")
        }
        guard LimiterShape(rawValue: limiter) != nil else {
            throw ValidationError("--limiter must be one of \(LimiterShape.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let burst, !Self.rateLimitRange.contains(burst) {
            throw ValidationError("--burst must be from 1 to \(Self.rateLimitRange.upperBound)")
        }
        if let maxInFlight, !Self.rateLimitRange.contains(maxInFlight) {
            throw ValidationError("--max-in-flight must be from 1 to \(Self.rateLimitRange.upperBound)")
        }
        if capAtArrival && maxInFlight == nil {
            throw ValidationError("--cap-at-arrival needs --max-in-flight")
        }
        if burst != nil && (rateLimit == nil || limiter != LimiterShape.tokenBucket.rawValue) {
            throw ValidationError("--burst needs --rate-limit and --limiter token-bucket")
        }
        if let window {
            guard (1...3600).contains(window) else { throw ValidationError("--window must be from 1 to 3600 seconds") }
            guard rateLimit != nil, limiter != LimiterShape.tokenBucket.rawValue else {
                throw ValidationError("--window needs --rate-limit and --limiter fixed-window or sliding-window")
            }
        }
        if let rateChange {
            guard rateLimit != nil else { throw ValidationError("--rate-change needs --rate-limit") }
            _ = try Self.parseRateChange(rateChange)
        }
        for text in hostile {
            do {
                _ = try HostileResponse.rule(parsing: text)
            } catch {
                throw ValidationError("--hostile \(error.description)")
            }
        }
    }

    /// Milliseconds of latency (and of jitter) accepted: up to ten minutes, so their sum cannot overflow.
    static let latencyRange = 0...600_000
    /// Requests per second accepted by `--rate-limit`.
    static let rateLimitRange = 1...1_000_000

    /// `N:RATE` of `--rate-change`.
    static func parseRateChange(_ text: String) throws -> RateChange {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let after = Int(parts[0]), after >= 0, let rate = Int(parts[1]), rateLimitRange.contains(rate) else {
            throw ValidationError("--rate-change must be N:RATE, N requests (0 or more) and RATE from 1 to \(rateLimitRange.upperBound), e.g. 1000:100")
        }
        return RateChange(after: after, requestsPerSecond: rate)
    }

    /// The simulator configuration, with the state and resource files read.
    func configuration() throws -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(
            host: host,
            port: port,
            roles: try state.map(StateFile.loadRoles(path:)) ?? [],
            resources: try resources.map(StateFile.loadResources(path:)),
            adminTokens: tokens,
            nonAdminTokens: nonAdminTokens,
            apiKeys: apiKeys,
            restrictedAPIKeys: restrictedAPIKeys,
            latencyMilliseconds: latencyMilliseconds,
            latencyJitterMilliseconds: latencyJitterMilliseconds,
            rateLimit: rateLimit,
            errorRate: errorRate,
            seed: seed,
            requestLogPath: requestLog,
            faults: try hostile.map(HostileResponse.rule(parsing:)),
            redirectLocation: redirectTo
        )
        configuration.users = try users.map(StateFile.loadUsers(path:)) ?? []
        configuration.sessions = try sessions.map(StateFile.loadSessions(path:)) ?? []
        configuration.organizationSlug = organizationSlug
        configuration.accessTokenTTL = accessTokenTTL
        configuration.refreshTokenTTL = refreshTokenTTL
        configuration.apiKeyRefusalStatus = apiKeyRefusalStatus
        configuration.limiter = LimiterShape(rawValue: limiter) ?? .fixedWindow
        configuration.burst = burst
        configuration.windowSeconds = window ?? 1
        configuration.maxInFlight = maxInFlight
        configuration.capAtArrival = capAtArrival
        configuration.sendsRetryAfter = !noRetryAfter
        configuration.rateChange = try rateChange.map(Self.parseRateChange)
        return configuration
    }
}
