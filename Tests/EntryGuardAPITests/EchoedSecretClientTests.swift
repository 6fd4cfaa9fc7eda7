import TestSupport
import EntryGuardSimulator
import Foundation
import Logging
import PolicyModel
import Parallel
import Testing
@testable import EntryGuardAPI

/// A server or proxy that writes the credential back, in each form the simulator's echo modes use,
/// over real HTTP: the error shows `[REDACTED]` and no part of the secret. And a credential no
/// header can carry fails at once, without a retry and without the value.
@Suite("EntryGuard client and echoed credentials", .timeLimit(.minutes(1)))
struct EchoedSecretClientTests {
    typealias F = SimulatorFixture
    static let apiKey = "ci-api-key-5e2f81c4"

    static let credentials = [Credential(kind: .bearer, secret: F.token), Credential(kind: .apiKey, secret: apiKey)]

    /// What each echo mode's error says after the endpoint.
    static func expectedMessage(_ mode: HostileResponse, path: String) -> String {
        switch mode {
        case .echoCombiningMark: "HTTP 400 Bad Request: credential [REDACTED] is not valid for this request"
        case .echoPercentEncoded: "HTTP 400 Bad Request: request /api/v1\(path)?access_token=[REDACTED] rejected"
        case .echoJSONEscaped: "HTTP 400 Bad Request: non-JSON body (application/json): {\"error\":\"Bad Request\",\"detail\":\"credential [REDACTED] rejected\""
        case .echoHTMLEscaped: "HTTP 400 Bad Request: non-JSON body (text/html): <html><head><title>400 Bad Request</title></head><body><p>Credential <code>[REDACTED]</code> rejected"
        case .echoAfterPadding: "HTTP 400 Bad Request: non-JSON body (text/plain): [REDACTED] rej"
        default: "?"
        }
    }

    @Test("each echo mode, on GET /roles and GET /roles/{id}, with a bearer token and an API key: redacted, nothing of the secret shown",
          arguments: HostileResponse.echoModes)
    func echoRedacted(mode: HostileResponse) async throws {
        for credential in Self.credentials {
            let simulator = F.configuration { $0.faults = [FaultRule(method: "GET", pathPrefix: "/api/v1/roles", fault: .hostile(mode), repeats: true)] }
            try await F.withClient(simulator: simulator, credential: credential, maxRetries: 0) { client, _, _ in
                for single in [false, true] {
                    let path = single ? "/roles/\(F.roleID)" : "/roles"
                    let error = try #require(await expectAPIError {
                        if single { _ = try await client.role(RoleID(F.roleID)!) } else { _ = try await client.listRoles() }
                    })
                    #expect(error.description.hasPrefix("GET /api/v1\(path): \(Self.expectedMessage(mode, path: path))"), "\(error)")
                    #expect(!Leak.shows(credential.secret, in: error.description), "\(error)")
                    #expect(error.attempts == 1)
                }
            }
        }
    }

    /// Keeps every line the client logs.
    struct CapturingLogHandler: LogHandler {
        final class Lines: Sendable {
            let value = Locked<[String]>([])
        }
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            lines.value.withLock { $0.append(event.message.description) }
        }
    }

    @Test("the --verbose retry lines redact an echo too, and never print a Retry-After text")
    func retryLinesRedacted() async throws {
        let lines = CapturingLogHandler.Lines()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        try await EntryGuardSimulator.withRunning(F.configuration()) { handle in
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(503, message: "session \(F.token)\u{301} gone", retryAfter: "0"), repeats: true))
            let configuration = EntryGuardClient.Configuration(baseURL: handle.baseURL, credential: Credential(kind: .bearer, secret: F.token),
                                                               retry: RetryPolicy(maxRetries: 2))
            let recorder = F.SleepRecorder()
            try await EntryGuardClient.with(configuration, timing: F.timing(recorder), logger: logger) { client in
                let error = try #require(await expectAPIError { try await client.listRoles() })
                #expect(error.attempts == 3)
            }
        }
        let logged = lines.value.withLock { $0 }
        // The wait in seconds to the millisecond (`Retry-After: 0`, nothing to spread), not a Duration's description.
        #expect(logged.filter { $0 == "retrying GET /api/v1/roles in 0.000 s after: session [REDACTED] gone" }.count == 2, "\(logged)")
        #expect(!logged.contains { Leak.shows(F.token, in: $0) }, "\(logged)")
        #expect(EntryGuardClient.summary(.status(503, retryAfter: F.token)) == "HTTP 503")
    }

    @Test("a credential with a control character that got past resolve: a final error, no retry, no request, no value shown")
    func unsendableCredential() async throws {
        for secret in ["\(F.token)\n", "\(F.token)\u{7}x", "\r\n\(F.token)"] {
            try await F.withClient(credential: Credential(kind: .bearer, secret: secret), maxRetries: 5) { client, handle, recorder in
                let error = try #require(await expectAPIError { try await client.listRoles() })
                #expect(error.isInvalidRequest, "\(error)")
                #expect(error.description == "GET /api/v1/roles: the request could not be built (invalid header field values); nothing was sent")
                #expect(error.attempts == 1)
                #expect(await recorder.sleeps.isEmpty)
                #expect(await handle.requestLog().isEmpty)
                #expect(!Leak.shows(F.token, in: error.description))
            }
        }
    }
}
