import EntryGuardSimulator
import Foundation
import PolicyModel
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
