import EntryGuardSimulator
import Foundation
import PolicyModel
import Testing
@testable import EntryGuardAPI

/// The client against each hostile mode of the simulator, over real HTTP: every one ends in an error
/// that names the endpoint and says what was wrong; none hangs, and none is read past the size cap.
@Suite("EntryGuard client against hostile responses", .timeLimit(.minutes(1)))
struct HostileResponseClientTests {
    typealias F = SimulatorFixture

    /// The three reads, by the endpoint each names in its errors.
    enum Read: String, CaseIterable, Sendable {
        case roles = "GET /api/v1/roles"
        case role = "GET /api/v1/roles/550e8400-e29b-41d4-a716-446655440000"
        case resources = "GET /api/v1/resources"

        var method: String { "GET" }
        var path: String { String(rawValue.dropFirst(4)) }

        func call(_ client: EntryGuardClient) async throws(APIError) {
            switch self {
            case .roles: _ = try await client.listRoles()
            case .role: _ = try await client.role(RoleID(F.roleID)!)
            case .resources: _ = try await client.listResources()
            }
        }
    }

    /// The request timeout: short where the mode is there to be timed out, else long enough for a
    /// loaded machine running many tests at once.
    static func timeout(_ mode: HostileResponse) -> Duration {
        mode == .stall || mode == .trickle ? shortTimeout : .seconds(30)
    }

    static let shortTimeout = Duration.seconds(2)

    /// Runs `body` with `mode` answering every GET under the read's path.
    static func withHostile<T: Sendable>(
        _ mode: HostileResponse, on read: Read, maxRetries: Int = 0,
        _ body: (EntryGuardClient, SimulatorHandle) async throws -> T
    ) async throws -> T {
        let simulator = F.configuration { $0.faults = [FaultRule(method: read.method, pathPrefix: read.path, fault: .hostile(mode), repeats: true)] }
        return try await F.withClient(simulator: simulator, maxRetries: maxRetries, timeout: timeout(mode),
                                      maxResponseBytes: EntryGuardClient.Configuration.defaultMaxResponseBytes) { client, handle, _ in
            try await body(client, handle)
        }
    }

    /// What the error says after the endpoint, for each mode.
    static func expectedMessage(_ mode: HostileResponse, _ read: Read) -> String {
        let first = read == .role ? "$" : "$[0]"
        let notJSON = "HTTP 200, the body is not the JSON expected: "
        // The malformed modes put a member `"note":VALUE` first into the first object; VALUE starts
        // at column 9 of a role's answer, 10 of a list's (after `[`).
        let valueColumn = read == .role ? 9 : 10
        func invalid(_ offset: Int, _ path: String, _ reason: String) -> String {
            notJSON + "invalid JSON at line 1, column \(valueColumn + offset) (at \(path)): \(reason)"
        }
        switch mode {
        case .truncatedJSON: return notJSON + "invalid JSON"
        case .trailingComma, .trailingGarbage: return notJSON + "invalid JSON at line 1, column "
        case .leadingZero: return invalid(0, "\(first).note", "invalid number: leading zero")
        case .controlCharacter: return invalid(2, "\(first).note", "bare control character U+0009 in a string (it must be escaped)")
        case .badEscape: return invalid(1, "\(first).note", "invalid escape '\\x' in a string")
        case .loneSurrogate: return invalid(1, "\(first).note", "lone surrogate escape \\uD800: a high surrogate must be followed by a \\u low surrogate")
        case .invalidUTF8: return invalid(1, "\(first).note", "invalid UTF-8: byte 0xC0 cannot start a character")
        case .deepNesting:
            // 512 containers deep in all: the list and its object count as two, a role as one.
            let arrays = read == .role ? 511 : 510
            // A path that deep shows its first 16 and last 4 components.
            let path = "\(first).note" + String(repeating: "[0]", count: read == .role ? 15 : 14) + "…[0][0][0][0]"
            return invalid(arrays, path, "nesting deeper than 512 arrays and objects")
        case .wrongTypes: return notJSON + "\(first).id: expected a string, found a number (line 1, column \(read == .role ? 7 : 8))"
        case .missingFields: return notJSON + "\(first): missing key 'id' (line 1, column \(read == .role ? 1 : 2))"
        case .hugeArray: return "response larger than \(read == .role ? 4 : 32) MiB; refusing to read it"
        case .htmlError: return "HTTP 502 Bad Gateway: non-JSON body (text/html): <html> <head><title>502 Bad Gateway</title></head>"
        case .stall, .trickle: return "no complete answer within \(shortTimeout)"
        case .reset: return "connection failed: "
        case .redirect: return "HTTP 307 redirect to http://elsewhere.invalid\(read.path) not followed (credentials are never sent elsewhere)"
        case .okWithBody: return notJSON + (read == .role ? "$: missing key 'id' (line 1, column 1)" : "$: expected an array, found an object (line 1, column 1)")
        case .echoCombiningMark: return "HTTP 400 Bad Request: credential [REDACTED] is not valid for this request"
        case .echoPercentEncoded: return "HTTP 400 Bad Request: request \(read.path)?access_token=[REDACTED] rejected"
        case .echoJSONEscaped: return "HTTP 400 Bad Request: non-JSON body (application/json): {\"error\":\"Bad Request\",\"detail\":\"credential [REDACTED] rejected\""
        case .echoHTMLEscaped: return "HTTP 400 Bad Request: non-JSON body (text/html): <html><head><title>400 Bad Request</title></head>"
        case .echoAfterPadding: return "HTTP 400 Bad Request: non-JSON body (text/plain): [REDACTED] rej"
        }
    }

    @Test("each hostile mode on each read: an error naming the endpoint, after one request", arguments: HostileResponse.allCases, Read.allCases)
    func everyModeOnEveryRead(mode: HostileResponse, read: Read) async throws {
        try await Self.withHostile(mode, on: read) { client, handle in
            let error = try #require(await expectAPIError { try await read.call(client) })
            #expect(error.description.hasPrefix("\(read.rawValue): \(Self.expectedMessage(mode, read))"), "\(error)")
            #expect(error.attempts == 1)
            // A request that timed out may not be in the log yet: the simulator logs when it has answered.
            let logged = await handle.requestLog().count
            #expect(mode == .stall || mode == .trickle ? logged <= 1 : logged == 1)
        }
    }

    @Test("what can pass is retried (a 502 page, a timeout, a dropped connection); a body that is wrong is not",
          arguments: HostileResponse.allCases)
    func retriedOrNot(mode: HostileResponse) async throws {
        try await Self.withHostile(mode, on: .roles, maxRetries: 2) { client, handle in
            let error = try #require(await expectAPIError { try await client.listRoles() })
            let retried: Set<HostileResponse> = [.htmlError, .stall, .reset, .trickle]
            #expect(error.attempts == (retried.contains(mode) ? 3 : 1))
            let logged = await handle.requestLog().count
            #expect(mode == .stall || mode == .trickle ? logged <= error.attempts : logged == error.attempts)
        }
    }

    @Test("a one-shot stall, reset or trickle is retried and the next attempt succeeds", arguments: [HostileResponse.stall, .reset, .trickle])
    func oneShotThenSuccess(mode: HostileResponse) async throws {
        try await F.withClient(timeout: Self.shortTimeout) { client, handle, recorder in
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .hostile(mode)))
            let roles = try await client.listRoles()
            #expect(roles.map(\.name) == ["DevOps Team"])
            #expect(await recorder.sleeps.count == 1)
        }
    }

    @Test("a redirect to a host that listens is not followed: that host sees no request")
    func redirectToALiveHost() async throws {
        try await EntryGuardSimulator.withRunning(F.configuration()) { elsewhere in
            let origin = elsewhere.baseURL.replacingOccurrences(of: "/api/v1", with: "")
            let simulator = F.configuration {
                $0.faults = [FaultRule(pathPrefix: "/", fault: .hostile(.redirect), repeats: true)]
                $0.redirectLocation = origin
            }
            try await F.withClient(simulator: simulator) { client, handle, _ in
                let error = try #require(await expectAPIError { try await client.unassign(ResourceID(F.resource1)!, from: RoleID(F.roleID)!) })
                #expect(error.description.contains("HTTP 307 redirect to \(origin)/api/v1/roles/\(F.roleID)/resources/\(F.resource1) not followed"))
                #expect(await handle.requestLog().count == 1)
            }
            #expect(await elsewhere.requestLog().isEmpty)
            #expect(await elsewhere.roles() == [F.exampleRole])
        }
    }

    @Test("a hostile answer to a DELETE is an error naming it; the role keeps the resource", arguments: [
        HostileResponse.htmlError, .stall, .reset, .trickle, .redirect, .okWithBody,
    ] + HostileResponse.echoModes)
    func hostileDelete(mode: HostileResponse) async throws {
        let simulator = F.configuration { $0.faults = [FaultRule(method: "DELETE", pathPrefix: "/", fault: .hostile(mode), repeats: true)] }
        try await F.withClient(simulator: simulator, maxRetries: 0, timeout: Self.timeout(mode)) { client, handle, _ in
            let error = try #require(await expectAPIError { try await client.unassign(ResourceID(F.resource1)!, from: RoleID(F.roleID)!) })
            #expect(error.description.hasPrefix("DELETE /api/v1/roles/\(F.roleID)/resources/\(F.resource1): "))
            #expect(await handle.roles() == [F.exampleRole])
        }
    }

    @Test("a server's error text is made printable: no control characters, at most 200 characters, the secret redacted even when split by them")
    func serverTextIsPrintable() async throws {
        try await F.withClient(maxRetries: 0) { client, handle, _ in
            let hidden = F.token.map(String.init).joined(separator: "\u{1B}")
            let long = String(repeating: "x", count: 500)
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(400, message: "\u{1B}[2J\u{1B}]0;owned\u{07}bad \(hidden) \(long)")))
            let error = try #require(await expectAPIError { try await client.listRoles() })
            #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
            #expect(error.message.hasPrefix("[2J]0;ownedbad [REDACTED] xxx"))
            #expect(error.message.count == 201 && error.message.hasSuffix("x…"))
            #expect(!error.description.contains(F.token))
        }
    }

    @Test("a secret echoed in a redirect's Location is redacted")
    func locationRedacted() async throws {
        let simulator = F.configuration {
            $0.faults = [FaultRule(pathPrefix: "/", fault: .hostile(.redirect), repeats: true)]
            $0.redirectLocation = "http://elsewhere.invalid/?token=\(F.token)&x="
        }
        try await F.withClient(simulator: simulator) { client, _, _ in
            let error = try #require(await expectAPIError { try await client.listRoles() })
            #expect(error.description.contains("redirect to http://elsewhere.invalid/?token=[REDACTED]&x=/api/v1/roles not followed"))
        }
    }

    @Test("a 200 whose values hold the secret (a role named after it, plainly or in JSON escapes) is refused, not shown")
    func secretInData() async throws {
        try await F.withClient(maxRetries: 0) { client, handle, _ in
            await handle.updateRole(id: F.roleID) { $0.name = "team \(F.token)" }
            let plain = try #require(await expectAPIError { try await client.listRoles() })
            #expect(plain.description == "GET /api/v1/roles: HTTP 200, the body holds the credential this request sent; refusing to use it")
            // The plan's reading of the same answer (the search runs beside the decoding).
            let planned = try #require(await expectAPIError { try await client.liveRoles() })
            #expect(planned.description == plain.description)
            await handle.updateRole(id: F.roleID) { $0.name = "DevOps Team" }
            let escaped = F.token.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
            let body = "{\"id\":\"\(F.roleID)\",\"name\":\"\(escaped)\",\"resourceIds\":[]}"
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles/", fault: .body(status: 200, contentType: "application/json", bytes: Array(body.utf8))))
            let hidden = try #require(await expectAPIError { try await client.role(RoleID(F.roleID)!) })
            #expect(hidden.description.hasSuffix("HTTP 200, the body holds the credential this request sent; refusing to use it"))
            let healthy = try await client.role(RoleID(F.roleID)!)
            #expect(healthy.name == "DevOps Team")
        }
    }

    @Test("a role that cannot be trusted is named in its error without the control characters the server put in")
    func untrustedRoleIsPrintable() throws {
        let role = RoleObject(id: "not-\u{1B}[2J-a-uuid", name: "\u{1B}]0;owned\u{07}Team", resourceIds: [])
        #expect(throws: InvalidRoleObject.self) { try role.liveRole() }
        do {
            _ = try role.liveRole()
        } catch {
            #expect(error.description == "role ']0;ownedTeam' has id 'not-[2J-a-uuid', which is not a UUID")
        }
    }
}
