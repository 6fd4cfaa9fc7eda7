import Parallel
import Foundation
import NIOCore
import OneTimePassword

/// Everything that changes while the simulator runs, behind one actor.
///
/// Each method is short and never sleeps, so a request that waits (latency, delay faults) never holds
/// the actor while it waits.
actor SimulatorState {
    /// Set when the server is being stopped: held requests stop waiting and answer.
    nonisolated let stopping = StopFlag()
    private var organization: Organization {
        didSet { encodedLists = [:] }
    }
    /// `GET /roles` and `GET /resources` bodies, kept until the organization next changes: encoding
    /// 10,000 roles takes about 100 ms, which a benchmark of the client would otherwise measure.
    private var encodedLists: [Bool: ByteBuffer] = [:]
    private var faults: [FaultRule]
    private var generator: SplitMix64
    private var rateLimiter: RateLimiter?
    private let errorRate: Double
    private let latencyJitterMilliseconds: Int
    private var inFlight = 0
    private var log: [RequestLogEntry] = []
    private let logFile: RequestLogFile?
    /// Zero of the request log's `startMs` and `endMs`.
    nonisolated let started = ContinuousClock.now
    /// The users who may log in, and who `GET /users` lists.
    var users: UserDirectory
    /// Issued tokens and pending MFA challenges.
    var tokens: AuthTokens
    /// The organization's slug, name and id.
    let profile: OrganizationProfile
    /// Per user id, the last TOTP time step a code was accepted for: that step's code and any older
    /// one are refused (RFC 6238 §5.2).
    var acceptedSteps: [String: UInt64] = [:]
    /// Recovery codes used, as "user id NUL code".
    var usedRecoveryCodes: Set<String> = []
    /// The users' sessions (`GET /sessions/admin`).
    var sessions: SessionBook

    /// Creates the state a configuration describes; opens the request log file if one is named.
    init(_ configuration: SimulatorConfiguration) throws(SimulatorError) {
        var emails = Set<String>()
        for user in configuration.users {
            guard emails.insert(user.email.lowercased()).inserted else {
                throw SimulatorError("two users have the email \(user.email)")
            }
            guard let secret = user.mfaSecret else { continue }
            guard let bytes = try? Base32.decode(secret), !bytes.isEmpty else {
                throw SimulatorError("the mfaSecret of user \(user.id) is not base32")
            }
        }
        guard configuration.accessTokenTTL > 0, configuration.refreshTokenTTL > 0 else {
            throw SimulatorError("token lifetimes must be positive")
        }
        users = UserDirectory(configuration.users)
        sessions = try SessionBook(configuration.sessions, stopCompletionSeconds: configuration.sessionStopSeconds)
        tokens = AuthTokens(accessTTL: .seconds(configuration.accessTokenTTL),
                            refreshTTL: .seconds(configuration.refreshTokenTTL))
        profile = OrganizationProfile(slug: configuration.organizationSlug, name: configuration.organizationName)
        organization = Organization(roles: configuration.roles, resources: configuration.resources)
        faults = configuration.faults
        generator = SplitMix64(seed: configuration.seed)
        rateLimiter = RateLimiter(configuration)
        errorRate = configuration.errorRate
        latencyJitterMilliseconds = configuration.latencyJitterMilliseconds
        logFile = try configuration.requestLogPath.map { path throws(SimulatorError) in try RequestLogFile(path: path) }
    }

    // MARK: The request pipeline

    /// Counts a request in and takes the first scripted fault it matches, if any (a repeating rule stays).
    /// A cap on requests in flight checked on arrival (`capAtArrival`) comes first: its 429 is
    /// answered at once, as a gateway in front of the service would, and leaves the faults alone.
    func arrive(method: String, path: String) -> (inFlight: Int, fault: Fault?) {
        inFlight += 1
        if case .refuse(let retryAfter) = rateLimiter?.arrive(inFlight: inFlight) {
            return (inFlight, .status(429, retryAfter: retryAfter.map(String.init)))
        }
        guard let index = faults.firstIndex(where: { $0.matches(method: method, path: path) }) else {
            return (inFlight, nil)
        }
        return (inFlight, faults[index].repeats ? faults[index].fault : faults.remove(at: index).fault)
    }

    /// The extra latency for one request, uniform in 0...jitter.
    func drawJitterMilliseconds() -> Int {
        guard latencyJitterMilliseconds > 0 else { return 0 }
        return Int.random(in: 0...latencyJitterMilliseconds, using: &generator)
    }

    /// The limiter's verdict on a request arriving now (admitted when there is no limit).
    func admit(at now: ContinuousClock.Instant) -> RateLimiter.Verdict {
        let seconds = (now - started) / .seconds(1)
        return rateLimiter?.admit(at: seconds, inFlight: inFlight) ?? .admit
    }

    /// Whether this request gets an injected 500.
    func drawError() -> Bool {
        guard errorRate > 0 else { return false }
        return Double.random(in: 0..<1, using: &generator) < errorRate
    }

    /// Runs an endpoint against the organization.
    func perform(_ route: Route, timestamp: String) -> Result<Reply, APIError> {
        do throws(APIError) {
            switch route {
            case .listRoles:
                return .success(.roles(organization.roles))
            case .getRole(let id):
                return .success(.role(try organization.role(id: id)))
            case .unassign(let roleID, let resourceID):
                try organization.unassign(roleID: roleID, resourceID: resourceID, at: timestamp)
                return .success(.unassigned)
            case .assign(let roleID, let resourceID):
                try organization.assign(roleID: roleID, resourceID: resourceID, at: timestamp)
                return .success(.assigned)
            case .listResources:
                return .success(.resources(organization.resources))
            case .getResource(let id):
                return .success(.resource(try organization.resource(id: id)))
            case .listUsers:
                return .success(.json(.array(users.users.map {
                    $0.listJSON(roleNames: UserDirectory.roleNames(of: $0, roles: organization.roles))
                })))
            case .getUser(let id):
                let user = try users.existing(id: id)
                return .success(.json(user.listJSON(roleNames: UserDirectory.roleNames(of: user, roles: organization.roles))))
            case .listAdminSessions:
                return .success(listAdminSessions(now: Date()))
            case .stopSession(let id):
                return .success(try stopSession(id: id, now: Date()))
            case .login, .verifyMFA, .refresh, .logout, .me:
                // They need the request's body or caller: the responder calls them itself.
                return .failure(.noEndpoint(method: "POST", path: "the auth endpoints"))
            }
        } catch {
            return .failure(error)
        }
    }

    /// A route's answer as its JSON body's bytes (nil: 204 No Content).
    func body(of route: Route, timestamp: String) -> Result<ByteBuffer?, APIError> {
        let list: Bool? = switch route {
        case .listRoles: true
        case .listResources: false
        default: nil
        }
        if let list, let cached = encodedLists[list] { return .success(cached) }
        let encoded = perform(route, timestamp: timestamp).map { $0.jsonValue.map { ByteBuffer(string: $0.text()) } }
        if let list, case .success(let buffer?) = encoded { encodedLists[list] = buffer }
        return encoded
    }

    /// Fills the cache of the `GET /roles` and `GET /resources` bodies.
    func encodeLists() {
        _ = body(of: .listRoles, timestamp: "")
        _ = body(of: .listResources, timestamp: "")
    }

    /// Counts a request out and records it.
    func finish(_ entry: RequestLogEntry) {
        inFlight -= 1
        log.append(entry)
        logFile?.append(entry)
    }

    // MARK: The test hooks

    /// The roles, in their stored order.
    func roles() -> [SimRole] {
        organization.roles
    }

    /// The roles, sorted by id.
    func sortedRoles() -> [SimRole] {
        organization.roles.sorted { $0.id < $1.id }
    }

    /// Replaces every role.
    func setRoles(_ roles: [SimRole]) {
        organization.replaceRoles(roles)
    }

    /// Changes one role in place.
    func updateRole(id: String, _ change: @Sendable (inout SimRole) -> Void) {
        organization.updateRole(id: id, change)
    }

    /// Every request so far, in the order they completed.
    func requestLog() -> [RequestLogEntry] {
        log
    }

    /// Requests being handled now.
    func requestsInFlight() -> Int {
        inFlight
    }

    /// Queues a scripted fault.
    func inject(_ rule: FaultRule) {
        faults.append(rule)
    }

    /// The users, in their stored order.
    func allUsers() -> [SimUser] {
        users.users
    }

    /// Changes one user in place.
    func updateUser(id: String, _ change: @Sendable (inout SimUser) -> Void) {
        users.update(id: id, change)
    }

    /// Makes every issued access token expire now.
    func expireAccessTokens() {
        tokens.expireAccessTokens(now: .now)
    }

    /// Makes every pending MFA challenge expire now.
    func expireMFAChallenges() {
        tokens.expireChallenges(now: .now)
    }

    /// Revokes every refresh token, or every one of a user.
    func revokeRefreshTokens(userID: String?) {
        tokens.revokeAll(userID: userID)
    }

    /// How many refresh tokens could still be used, of everyone or of one user.
    func usableRefreshTokenCount(userID: String?) -> Int {
        tokens.usableRefreshTokenCount(userID: userID, now: .now)
    }

    /// Every token the auth endpoints issued so far.
    func issuedSecrets() -> [String] {
        tokens.issuedSecrets
    }
}

/// A flag read without awaiting the actor, polled by requests that wait.
final class StopFlag: Sendable {
    private let flag = Locked(false)

    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}
