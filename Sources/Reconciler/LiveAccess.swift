import EntryGuardAPI
import Foundation
import Logging
import PolicyModel

/// How a command reaches live state: a `--live-state` file, or the EntryGuard API with the
/// credentials of the environment (CONTRACT §3).
public struct LiveAccess: Sendable {
    public var apiURL: String
    public var liveStatePath: String?
    public var tokenFile: String?
    public var environment: [String: String]
    public var maxRetries: Int
    public var requestTimeout: Duration
    public var maxConnections: Int
    /// Log each request (method, path, status, duration) to stderr.
    public var verbose: Bool
    /// A PEM file of CA certificates trusted besides the system's (`--ca-file`).
    public var caFile: String?
    /// The `--live-state` file, already being read (`readLiveStateFileEarly`).
    private var early: LiveStateFileSource?

    public init(apiURL: String, liveStatePath: String? = nil, tokenFile: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment, maxRetries: Int = 5,
                requestTimeout: Duration = .seconds(30), maxConnections: Int = 8, verbose: Bool = false,
                caFile: String? = nil) {
        self.apiURL = apiURL
        self.liveStatePath = liveStatePath
        self.tokenFile = tokenFile
        self.environment = environment
        self.maxRetries = maxRetries
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
        self.verbose = verbose
        self.caFile = caFile
    }

    /// Runs `body` with the live source: the file when one was given, else an API client that
    /// lives for the duration of the call.
    public func withSource<Result>(_ body: (any LiveStateSource) async throws -> Result) async throws -> Result {
        if let liveStatePath {
            return try await body(early ?? LiveStateFileSource(path: liveStatePath))
        }
        return try await withClient { client in try await body(APILiveStateSource(client: client)) }
    }

    /// With a `--live-state` file, starts reading it now, while the policy loads on the other cores.
    /// Does nothing for the API: no request may go out before the policy is known to be valid.
    public mutating func readLiveStateFileEarly() {
        early = liveStatePath.map(LiveStateFileSource.readingEarly(path:))
    }

    /// Runs `body` with an API client. Fails before any connection when credentials are missing or
    /// the CA file is unusable.
    public func withClient<Result>(_ body: (EntryGuardClient) async throws -> Result) async throws -> Result {
        var authorities: CertificateAuthorities?
        if let caFile {
            do {
                authorities = try CertificateAuthorities.load(pemFile: caFile)
            } catch {
                throw PlanningFailure(.error(error.message))
            }
        }
        let credential: Credential
        do {
            guard let resolved = try Credential.resolve(tokenFile: tokenFile, environment: environment) else {
                throw PlanningFailure(.error(Credential.missingMessage))
            }
            credential = resolved
        } catch let error as CredentialError {
            throw PlanningFailure(.error(error.message))
        }
        var configuration = EntryGuardClient.Configuration(
            baseURL: apiURL, credential: credential, retry: RetryPolicy(maxRetries: maxRetries),
            requestTimeout: requestTimeout, maxConnections: maxConnections)
        configuration.certificateAuthorities = authorities
        return try await EntryGuardClient.with(configuration, logger: logger) { client in try await body(client) }
    }

    private var logger: Logger {
        var logger = Logger(label: "egpolicy", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = verbose ? .info : .warning
        return logger
    }
}
