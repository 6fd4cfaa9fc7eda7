import AsyncHTTPClient
import EventLoopExecutor
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Parallel
import PolicyModel
import StrictJSON

/// The EntryGuard REST client: the five endpoints egpolicy uses, each with the retry policy of
/// README, "Configuration". Identifiers arrive as `RoleID` / `ResourceID`, so only validated UUIDs reach a URL.
public struct EntryGuardClient: Sendable {
    public struct Configuration: Sendable {
        /// Checked base URL without a trailing slash (`https://…/api/v1`).
        public var baseURL: String
        /// A ready credential (a token or an API key); `nil` for a client that logs in first.
        public var credential: Credential?
        public var retry: RetryPolicy
        /// Per attempt.
        public var requestTimeout: Duration
        /// `GET /roles` and `GET /resources` answers larger than this are refused; any other answer
        /// (one role, a write's) is also capped at 4 MiB.
        public var maxResponseBytes: Int
        /// 32 MiB: `GET /roles` of 100,000 bindings (10,100 roles of 10 resources and a few users, as
        /// `scripts/generate-policy` makes them) is 7.3 MB of compact JSON; this leaves room for four
        /// times that, and stops reading a runaway body early.
        public static let defaultMaxResponseBytes = 32 << 20
        /// Connections kept per host; at least the number of requests meant to be in flight.
        public var maxConnections: Int
        /// Trusted in addition to the system's roots (`--ca-file`); verification is always on.
        public var certificateAuthorities: CertificateAuthorities? = nil

        public init(baseURL: String, credential: Credential?, retry: RetryPolicy = RetryPolicy(),
                    requestTimeout: Duration = .seconds(30), maxResponseBytes: Int = defaultMaxResponseBytes, maxConnections: Int = 8) {
            self.baseURL = baseURL
            self.credential = credential
            self.retry = retry
            self.requestTimeout = requestTimeout
            self.maxResponseBytes = maxResponseBytes
            self.maxConnections = maxConnections
        }
    }

    /// The clock, the sleep and the jitter, injectable so retry timing is testable without waiting.
    public struct Timing: Sendable {
        public var now: @Sendable () -> Date
        public var sleep: @Sendable (Duration) async throws -> Void
        public var jitter: @Sendable () -> Double

        public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void,
                    jitter: @escaping @Sendable () -> Double) {
            self.now = now
            self.sleep = sleep
            self.jitter = jitter
        }

        /// The clock and sleep of a real run. The sleep has no tolerance: without one, the Linux
        /// executor may end a wait late by libdispatch's default leeway (a tenth of it, at least
        /// 1 ms), and a pacer spacing requests 5 ms apart could lose up to a fifth of its rate.
        /// (No difference was measured on this project's runs; the setting only removes the risk.)
        public static let live = Timing(now: { Date() }, sleep: { try await Task.sleep(for: $0, tolerance: .zero) },
                                        jitter: { Double.random(in: 0..<1) })
    }

    let http: HTTPClient
    public let configuration: Configuration
    let timing: Timing
    /// Paces every request of this client once the server has answered 429.
    let pacer: RequestPacer

    /// The pace learned from 429s, in requests per second, not counting a probe's climb past what
    /// the server was measured to let through (`PacingState.followedRate`); nil while unpaced.
    public var pace: Double? { pacer.followedRate }

    /// Runs `body`, and the tasks it starts, on the event loops of this client's connections
    /// (`EventLoopExecutor`): with many small requests in flight, a response, the task it wakes and
    /// the request that task sends next stay on one thread. Only for work that is short between
    /// requests, as an apply's is.
    public func onConnectionThreads<Result>(_ body: () async -> Result) async -> Result {
        await withTaskExecutorPreference(EventLoopExecutor(group: http.eventLoopGroup)) { await body() }
    }

    /// The reads are done and the changes begin: the pace measures what the server lets through
    /// from now on, not across the reads (`PacingState.startMeasuring`).
    public func startChanges() {
        pacer.startMeasuring(now: clockSeconds())
    }

    /// Stops probing for a higher rate for the rest of the run (`PacingState.settle`).
    public func settlePace() {
        pacer.settle(now: clockSeconds())
    }
    /// Each request is logged at `.info` (method, path, status, duration); never headers or bodies.
    public let logger: Logger
    public let basePath: String
    /// Every secret seen so far, redacted from whatever a server sends back.
    public let secrets: SecretRegistry
    /// The login whose access tokens authorize requests, once there is one (`authenticated(by:)`).
    public let session: LoginSession?

    init(http: HTTPClient, configuration: Configuration, timing: Timing, logger: Logger,
         secrets: SecretRegistry? = nil, session: LoginSession? = nil, pacer: RequestPacer? = nil) {
        self.http = http
        self.pacer = pacer ?? RequestPacer(wireLimit: configuration.maxConnections)
        self.configuration = configuration
        self.timing = timing
        self.logger = logger
        self.secrets = secrets ?? SecretRegistry(configuration.credential.map { [$0.secret] } ?? [])
        self.session = session
        basePath = URL(string: configuration.baseURL)?.path ?? ""
    }

    /// The same client (connections, pace, secrets), its requests authorized by `session`'s tokens.
    public func authenticated(by session: LoginSession) -> EntryGuardClient {
        var configuration = configuration
        configuration.credential = nil
        return EntryGuardClient(http: http, configuration: configuration, timing: timing, logger: logger, secrets: secrets,
                                session: session, pacer: pacer)
    }

    /// Runs `body` with a client whose HTTP connections live exactly as long as the call.
    public static func with<Result>(_ configuration: Configuration, timing: Timing = .live,
                                    logger: Logger = Logger(label: "egpolicy.api", factory: { _ in SwiftLogNoOpLogHandler() }),
                                    _ body: (EntryGuardClient) async throws -> Result) async throws -> Result {
        let seconds = Int64(configuration.requestTimeout.components.seconds) + 1
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(configuration.maxConnections, 1))
        // The retry policy decides about failed connections; the pool must not retry them silently
        // until the deadline.
        pool.retryConnectionEstablishment = false
        var httpConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: .seconds(min(seconds, 10)), read: .seconds(seconds)),
            connectionPool: pool)
        httpConfiguration.decompression = .disabled
        httpConfiguration.tlsConfiguration = CertificateAuthorities.clientTLS(adding: configuration.certificateAuthorities)
        return try await HTTPClient.withHTTPClient(configuration: httpConfiguration) { http in
            try await body(EntryGuardClient(http: http, configuration: configuration, timing: timing, logger: logger))
        }
    }

    // MARK: - Endpoints

    /// `GET /roles`: every role of the organization.
    public func listRoles() async throws(APIError) -> [RoleObject] {
        try await getJSON("/roles", as: [RoleObject].self)
    }

    /// `GET /roles` read straight into live roles, as a `--live-state` file is (`LiveRolesReader`:
    /// no string is made of a resource id, one of each distinct user id). Of its errors the first
    /// that applies is thrown: an `APIError` (the answer is not the JSON expected, or it holds the
    /// credential), then the first role that cannot be trusted, an `InvalidRoleObject`.
    public func liveRoles() async throws -> [LiveRole] {
        let roles = try await get("/roles", searchBeside: true, LiveRolesReader.read)
        if let invalid = roles.invalid { throw invalid }
        return roles.roles
    }

    /// `GET /roles/{id}`.
    public func role(_ id: RoleID) async throws(APIError) -> RoleObject {
        try await getJSON("/roles/\(id.rawValue)", as: RoleObject.self)
    }

    /// `DELETE /roles/{id}/resources/{resourceId}`; returns the number of attempts it took. Only the
    /// documented 204 No Content counts as done: a 200 with a body (from a proxy, or an API that
    /// changed) may have removed nothing.
    @discardableResult
    public func unassign(_ resource: ResourceID, from role: RoleID) async throws(APIError) -> Int {
        let path = "/roles/\(role.rawValue)/resources/\(resource.rawValue)"
        return try await write(.DELETE, path, documented: 204, "204 No Content", otherwise: "the binding may still be there")
    }

    /// `POST /roles/{id}/resources/{resourceId}`; returns the number of attempts it took. Only the
    /// documented 200 counts as done.
    @discardableResult
    public func assign(_ resource: ResourceID, to role: RoleID) async throws(APIError) -> Int {
        let path = "/roles/\(role.rawValue)/resources/\(resource.rawValue)"
        return try await write(.POST, path, documented: 200, "200 OK", otherwise: "the binding may not have been added")
    }

    /// A write whose success is `documented` alone; any other 2xx is an error, final.
    private func write(_ method: HTTPMethod, _ path: String, documented status: Int, _ statusText: String,
                       otherwise consequence: String) async throws(APIError) -> Int {
        let response = try await send(method, path)
        guard response.status == status else {
            throw APIError.unexpectedStatus(response.status, endpoint: endpoint(method, path), documented: statusText,
                                            consequence: consequence, attempts: response.attempts)
        }
        return response.attempts
    }

    /// `GET /resources`: the organization's cloud resources (names for display).
    public func listResources() async throws(APIError) -> [ResourceObject] {
        try await getJSON("/resources", as: [ResourceObject].self)
    }

    /// `GET /resources` read straight into what a plan uses of it (`ResourceCatalogReader`: the ids
    /// and names, no string made of the other members).
    public func resourceCatalog() async throws(APIError) -> ResourceCatalog {
        try await get("/resources", searchBeside: true, ResourceCatalogReader.read)
    }

    func getJSON<Value: JSONReadable>(_ path: String, as type: Value.Type) async throws(APIError) -> Value {
        try await get(path, searchBeside: false) { (reader: inout JSONReader) throws(JSONError) in try Value(json: &reader) }
    }

    /// A `GET` answer read strictly by `body`, and refused if it holds the credential; an answer
    /// that is not the JSON expected is reported first. With `searchBeside`, for answers that are
    /// megabytes in a large organization (`GET /roles` of 10,000 roles, `GET /resources` of
    /// thousands), the search runs on a second core beside the reading (`bothAtOnce`); a small
    /// answer is not worth the thread.
    private func get<Value>(_ path: String, searchBeside: Bool,
                            _ body: (inout JSONReader) throws(JSONError) -> Value) async throws(APIError) -> Value {
        let response = try await send(.GET, path)
        let endpoint = endpoint(.GET, path)
        func reading() -> Result<Value, APIError> {
            Result { () throws(APIError) in try read(from: response, endpoint: endpoint, body) }
        }
        let (result, echoed) = searchBeside ? bothAtOnce(reading, { echoesSecret(response) }) : (reading(), echoesSecret(response))
        let value = try result.get()
        if echoed { throw echoedSecret(response, path: path) }
        return value
    }

    /// `getJSON` for the small answers still decoded by Foundation (after the strict check).
    func getDecodable<Value: Decodable>(_ path: String, as type: Value.Type) async throws(APIError) -> Value {
        let response = try await send(.GET, path)
        let value = try decode(Value.self, from: response, endpoint: endpoint(.GET, path))
        try refuseEchoedSecret(in: response, path: path)
        return value
    }

    /// A role name or any other value that holds the secret would carry it into plans and reports.
    private func refuseEchoedSecret(in response: Response, path: String) throws(APIError) {
        if echoesSecret(response) { throw echoedSecret(response, path: path) }
    }

    private func echoesSecret(_ response: Response) -> Bool {
        response.body.withUnsafeReadableBytes { secrets.occurs(in: $0) }
    }

    private func echoedSecret(_ response: Response, path: String) -> APIError {
        APIError.invalidResponse(endpoint: endpoint(.GET, path), status: response.status,
                                 message: "the body holds the credential this request sent; refusing to use it")
    }

    /// An answer's body read strictly (RFC 8259) by `body`, or the error that names the endpoint
    /// and where (line, column, JSON path) the body is not JSON or not of the expected shape.
    func read<Value>(from response: Response, endpoint: String,
                     _ body: (inout JSONReader) throws(JSONError) -> Value) throws(APIError) -> Value {
        let result = response.body.withUnsafeReadableBytes { bytes in
            Result { () throws(JSONError) -> Value in try JSONReader.read(bytes, body) }
        }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            throw APIError.invalidResponse(endpoint: endpoint, status: response.status,
                                           message: "the body is not the JSON expected: \(secrets.redact(error.description))")
        }
    }

    /// An answer's body as a `Decodable` value: first checked strictly (RFC 8259), then decoded.
    func decode<Value: Decodable>(_ type: Value.Type, from response: Response, endpoint: String) throws(APIError) -> Value {
        let strict = response.body.withUnsafeReadableBytes { bytes in
            Result { () throws(JSONError) in try JSONReader.validate(bytes) }
        }
        if case .failure(let error) = strict {
            throw APIError.invalidResponse(endpoint: endpoint, status: response.status,
                                           message: "the body is not the JSON expected: \(secrets.redact(error.description))")
        }
        do {
            return try JSONDecoder().decode(Value.self, from: Data(response.body.readableBytesView))
        } catch {
            throw APIError.invalidResponse(endpoint: endpoint, status: response.status,
                                           message: "the body is not the JSON expected: \(LiveStateFile.describe(error))")
        }
    }

    func endpoint(_ method: HTTPMethod, _ path: String) -> String {
        "\(method.rawValue) \(basePath)\(path)"
    }
}
