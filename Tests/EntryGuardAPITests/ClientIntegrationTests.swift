import EntryGuardSimulator
import Foundation
import PolicyModel
import Testing
@testable import EntryGuardAPI

/// The client over real HTTP on loopback against the in-process simulator.
@Suite("EntryGuard client against the simulator", .timeLimit(.minutes(10)))
struct ClientIntegrationTests {
    typealias F = SimulatorFixture
    let role = RoleID(SimulatorFixture.roleID)!
    let resource1 = ResourceID(SimulatorFixture.resource1)!
    let resource2 = ResourceID(SimulatorFixture.resource2)!

    @Test("GET /roles and GET /roles/{id}: the documented role, ids normalized by the domain mapping")
    func reads() async throws {
        try await F.withClient { client, handle, _ in
            let roles = try await client.listRoles()
            #expect(roles.map(\.name) == ["DevOps Team"])
            let one = try await client.role(role)
            #expect(one.maxSessionDurationHours == 24 && one.userIds?.count == 2)
            let live = try one.liveRole()
            #expect(live.resourceIds == [resource1, resource2])
            #expect(await handle.requestLog().map(\.path) == ["/api/v1/roles", "/api/v1/roles/\(F.roleID)"])
        }
    }

    @Test("404 on an unknown role carries the endpoint, the status and the server's message")
    func roleNotFound() async throws {
        try await F.withClient { client, handle, _ in
            let unknown = RoleID("550e8400-e29b-41d4-a716-4466554400ff")!
            let error = try #require(await expectAPIError { try await client.role(unknown) })
            #expect(error.status == 404)
            #expect(error.description == "GET /api/v1/roles/\(unknown): HTTP 404 Not Found: Role not found with id: \(unknown)")
            #expect(await handle.requestLog().count == 1)
        }
    }

    @Test("DELETE: 204, then 404 'Resource not assigned to this role'; POST: 200, then 400 already assigned")
    func writes() async throws {
        try await F.withClient { client, handle, _ in
            let result = try await client.unassign(resource2, from: role)
            #expect(result == 1)
            #expect(await handle.roles().first?.resourceIds.map { $0.lowercased() } == [F.resource1])
            let again = try #require(await expectAPIError { try await client.unassign(resource2, from: role) })
            #expect(again.status == 404 && again.message == "Resource not assigned to this role")
            let assignAttempts = try await client.assign(resource2, to: role)
            #expect(assignAttempts == 1)
            let twice = try #require(await expectAPIError { try await client.assign(resource2, to: role) })
            #expect(twice.status == 400 && twice.message == "Resource already assigned to this role")
            #expect(await handle.requestLog().map { "\($0.method) \($0.status)" } == ["DELETE 204", "DELETE 404", "POST 200", "POST 400"])
        }
    }

    @Test("GET /resources lists the catalog")
    func resources() async throws {
        try await F.withClient { client, _, _ in
            let resources = try await client.listResources()
            #expect(Set(resources.compactMap { ResourceID($0.id) }) == [resource1, resource2])
        }
    }

    @Test("401 and 403 are never retried", arguments: [
        Credential(kind: .bearer, secret: "wrong-token"), Credential(kind: .bearer, secret: "viewer-token"),
        Credential(kind: .apiKey, secret: "wrong-key"),
    ])
    func authNotRetried(credential: Credential) async throws {
        try await F.withClient(credential: credential) { client, handle, recorder in
            let error = try #require(await expectAPIError { try await client.listRoles() })
            #expect(error.isAuthenticationFailure)
            #expect(error.attempts == 1)
            #expect(await handle.requestLog().count == 1)
            #expect(await recorder.sleeps.isEmpty)
            #expect(!error.description.contains(credential.secret))
        }
    }

    @Test("an API key is sent as X-API-Key: accepted on /resources, refused on /roles and not retried")
    func apiKey() async throws {
        try await F.withClient(credential: Credential(kind: .apiKey, secret: "ci-api-key")) { client, handle, _ in
            let resources = try await client.listResources().count
            #expect(resources == 2)
            let error = try #require(await expectAPIError { try await client.listRoles() })
            #expect(error.status == 403)
            #expect(error.attempts == 1)
            #expect(await handle.requestLog().map(\.credential) == ["api-key", "api-key"])
        }
    }

    @Test("429 with Retry-After in delta-seconds: waits that, spread by the jitter, then succeeds")
    func rateLimitedSeconds() async throws {
        try await F.withClient { client, handle, recorder in
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(429, retryAfter: "2")))
            let result = try await client.listRoles().count
            #expect(result == 1)
            // 2 s and a tenth of it, at most 0.1 s, × the fixture's jitter of 0.5.
            #expect(await recorder.sleeps == [.seconds(2) + .milliseconds(50)])
            #expect(await handle.requestLog().map(\.status) == [429, 200])
        }
    }

    @Test("429 without Retry-After: a retry booked into the blackout books again, a bounded number of times on a clock that does not move")
    func rateLimitedBlackoutRebooking() async throws {
        try await F.withClient { client, handle, recorder in
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(429)))
            let result = try await client.listRoles().count
            #expect(result == 1)
            #expect(await handle.requestLog().map(\.status) == [429, 200])
            // The backoff (a blackout's 429: slept in checks of 0.25 s for its end, which never
            // comes here), then the blackout's first pause (10 ms) once and once per rebooking, then
            // once per wait at the wire for the pause to end (as many again): the recorded clock
            // never reaches the pause's end.
            let sleeps = await recorder.sleeps
            #expect(Array(sleeps.prefix(2)) == [.milliseconds(250), RetryPolicy().backoff(attempt: 1, jitter: 0.5) - .milliseconds(250)])
            #expect(Array(sleeps.dropFirst(2)) == Array(repeating: .milliseconds(10), count: 1 + 2 * EntryGuardClient.maxRebookings))
        }
    }

    @Test("429 with Retry-After as an HTTP-date: waits until then")
    func rateLimitedDate() async throws {
        try await F.withClient { client, handle, recorder in
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(429, retryAfter: "Sun, 22 Nov 2026 10:00:04 GMT")))
            let result = try await client.listRoles().count
            #expect(result == 1)
            #expect(await recorder.sleeps == [.seconds(4) + .milliseconds(50)])
        }
    }

    @Test("500 then success: one backoff, two attempts")
    func serverErrorThenSuccess() async throws {
        try await F.withClient { client, handle, recorder in
            await handle.inject(FaultRule(method: "DELETE", pathPrefix: "/api/v1/roles", fault: .status(500)))
            let result = try await client.unassign(resource1, from: role)
            #expect(result == 2)
            #expect(await recorder.sleeps == [RetryPolicy().backoff(attempt: 1, jitter: 0.5)])
            #expect(await handle.requestLog().map(\.status) == [500, 204])
        }
    }

    @Test("retries stop after --max-retries; the error says how many attempts were made")
    func retriesExhausted() async throws {
        try await F.withClient(maxRetries: 2) { client, handle, recorder in
            for _ in 0..<3 { await handle.inject(FaultRule(pathPrefix: "/api/v1/", fault: .status(503))) }
            let error = try #require(await expectAPIError { try await client.listRoles() })
            #expect(error.status == 503 && error.attempts == 3)
            #expect(error.description.hasSuffix("(after 3 attempts)"))
            #expect(await recorder.sleeps.count == 2)
        }
    }

    @Test("a timeout is retried, and with no retries left it is an error naming the endpoint")
    func timeouts() async throws {
        // The second attempt must finish within the timeout on a machine busy with other tests.
        try await F.withClient(timeout: .seconds(2)) { client, handle, recorder in
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .delay(milliseconds: 6000)))
            let result = try await client.listRoles().count
            #expect(result == 1)
            #expect(await recorder.sleeps.count == 1)
        }
        try await F.withClient(maxRetries: 0, timeout: .milliseconds(300)) { client, handle, _ in
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .delay(milliseconds: 1500)))
            let error = try #require(await expectAPIError { try await client.listRoles() })
            #expect(error.isTimeout)
            #expect(error.description.hasPrefix("GET /api/v1/roles: no complete answer within"))
        }
    }

    @Test("a response over the size cap is refused, not retried")
    func tooLarge() async throws {
        try await F.withClient(maxResponseBytes: 1024) { client, handle, _ in
            let big = Array(("[" + Array(repeating: "{\"id\":\"x\"}", count: 200).joined(separator: ",") + "]").utf8)
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .body(status: 200, contentType: "application/json", bytes: big)))
            let error = try #require(await expectAPIError { try await client.listRoles() })
            #expect(error.isResponseTooLarge)
            #expect(error.description == "GET /api/v1/roles: response larger than 1024 bytes; refusing to read it")
            #expect(await handle.requestLog().count == 1)
        }
    }

    @Test("a non-JSON 200 is an error naming the endpoint and the status")
    func nonJSONSuccess() async throws {
        try await F.withClient { client, handle, _ in
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .body(status: 200, contentType: "text/html", bytes: Array("<html>maintenance</html>".utf8))))
            let error = try #require(await expectAPIError { try await client.listRoles() })
            #expect(error.isInvalidResponse)
            #expect(error.description.hasPrefix("GET /api/v1/roles: HTTP 200, the body is not the JSON expected"))
        }
    }

    @Test("an HTML error page is summarized; a secret echoed by the server is redacted")
    func htmlErrorAndRedaction() async throws {
        try await F.withClient(maxRetries: 0) { client, handle, _ in
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .body(status: 502, contentType: "text/html", bytes: Array("<html><h1>Bad gateway</h1></html>".utf8))))
            let html = try #require(await expectAPIError { try await client.listRoles() })
            #expect(html.description == "GET /api/v1/roles: HTTP 502 Bad Gateway: non-JSON body (text/html): <html><h1>Bad gateway</h1></html>")
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(400, message: "token \(F.token) is malformed")))
            let echoed = try #require(await expectAPIError { try await client.listRoles() })
            #expect(echoed.message == "token [REDACTED] is malformed")
            #expect(!echoed.description.contains(F.token))
        }
    }

    @Test("a redirect is not followed (credentials never go to another host)")
    func redirect() async throws {
        try await F.withClient { client, handle, _ in
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .body(status: 302, contentType: "text/plain", bytes: [])))
            let error = try #require(await expectAPIError { try await client.listRoles() })
            #expect(error.description.contains("redirect"))
            #expect(await handle.requestLog().count == 1)
        }
    }

    @Test("a refused connection is retried, then reported")
    func connectionRefused() async throws {
        // A port that was just free: nothing listens there.
        let port = try await EntryGuardSimulator.withRunning(SimulatorConfiguration()) { $0.port }
        let recorder = SimulatorFixture.SleepRecorder()
        let configuration = EntryGuardClient.Configuration(baseURL: "http://127.0.0.1:\(port)/api/v1",
                                                           credential: Credential(kind: .bearer, secret: "a-real-looking-token-0001"), retry: RetryPolicy(maxRetries: 2))
        let error = try await EntryGuardClient.with(configuration, timing: SimulatorFixture.timing(recorder)) { client in
            await expectAPIError { try await client.listRoles() }
        }
        #expect(error?.attempts == 3)
        #expect(error?.description.hasPrefix("GET /api/v1/roles: connection failed") == true, "\(String(describing: error))")
        #expect(await recorder.sleeps.count == 2)
    }
}
