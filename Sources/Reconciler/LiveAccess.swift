import EntryGuardAPI
import Foundation
import Logging
import PolicyModel

/// How a command reaches live state: a `--live-state` file, or the EntryGuard API with the
/// credentials of the environment (README, "Configuration").
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
    /// `--password-file`: the service user's password, one line.
    public var passwordFile: String?
    /// Where stored logins are (`nil`: the default under `$XDG_CONFIG_HOME` or `~/.config`).
    public var credentialsPath: String?
    /// Asks for an MFA code on the terminal; `nil` without one.
    public var askMFACode: (@Sendable (String) async -> String?)?
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

    /// Runs `body` with the live source: the file when one was given (and no client), else an API
    /// client that lives for the duration of the call, and its source.
    public func withSource<Result>(_ body: (any LiveStateSource, EntryGuardClient?) async throws -> Result) async throws -> Result {
        if let liveStatePath {
            return try await body(early ?? LiveStateFileSource(path: liveStatePath), nil)
        }
        return try await withClient { client in try await body(APILiveStateSource(client: client), client) }
    }

    /// With a `--live-state` file, starts reading it now, while the policy loads on the other cores.
    /// Does nothing for the API: no request may go out before the policy is known to be valid.
    public mutating func readLiveStateFileEarly() {
        early = liveStatePath.map(LiveStateFileSource.readingEarly(path:))
    }

    /// Runs `body` with an API client authorized by the first credential source of README, "Credentials and logging in": a ready
    /// token, a service-user login (logged out when `body` ends, however it ends), a stored login,
    /// or an API key. Fails before any connection when no source is set, a source is set only in
    /// part or the CA file is unusable; a login that fails ends the run before `body` starts.
    public func withClient<Result>(_ body: (EntryGuardClient) async throws -> Result) async throws -> Result {
        try await withLogin { login in try await body(login.client) }
    }

    /// `withClient`, also telling `body` which source authorized it and who it is (`whoami`).
    public func withIdentity<Result>(_ body: (EntryGuardClient, String, UserProfile?) async throws -> Result) async throws -> Result {
        try await withLogin { login in try await body(login.client, login.source.label, login.profile) }
    }

    private func withLogin<Result>(_ body: (OpenedLogin) async throws -> Result) async throws -> Result {
        var configuration = try clientConfiguration()
        let source: CredentialSource
        do {
            guard let resolved = try await CredentialSource.resolve(
                apiURL: apiURL, tokenFile: tokenFile, passwordFile: passwordFile, environment: environment,
                credentialsFile: credentialsFile) else {
                throw ReconcileError.configuration(CredentialSource.missingMessage)
            }
            source = resolved
        } catch let error as CredentialError {
            throw ReconcileError.configuration(error.message)
        }
        configuration.credential = source.readyCredential
        return try await EntryGuardClient.with(configuration, logger: logger) { client in
            let login = try await OpenedLogin.open(source, apiURL: apiURL, client: client, askCode: askMFACode, now: { Date() })
            let result: Result
            do {
                result = try await body(login)
            } catch {
                await login.close()
                throw error
            }
            await login.close()
            return result
        }
    }

    /// Runs `body` with a client that sends no credential (login, logout of a stored login).
    func withAnonymousClient<Result>(_ body: (EntryGuardClient) async throws -> Result) async throws -> Result {
        try await EntryGuardClient.with(try clientConfiguration(), logger: logger, body)
    }

    /// The client's settings without a credential; fails, before any connection, on an unusable CA file.
    private func clientConfiguration() throws(ReconcileError) -> EntryGuardClient.Configuration {
        var configuration = EntryGuardClient.Configuration(baseURL: apiURL, credential: nil, retry: RetryPolicy(maxRetries: maxRetries),
                                                           requestTimeout: requestTimeout, maxConnections: maxConnections)
        if let caFile {
            do {
                configuration.certificateAuthorities = try CertificateAuthorities.load(pemFile: caFile)
            } catch {
                throw ReconcileError.configuration(error.message)
            }
        }
        return configuration
    }

    /// The stored logins: `credentialsPath`, else `$XDG_CONFIG_HOME/egpolicy/credentials.json`.
    public var credentialsFile: CredentialsFile? {
        (credentialsPath ?? CredentialsFile.defaultPath(environment: environment)).map(CredentialsFile.init(path:))
    }

    private var logger: Logger {
        var logger = Logger(label: "egpolicy", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = verbose ? .info : .warning
        return logger
    }
}
