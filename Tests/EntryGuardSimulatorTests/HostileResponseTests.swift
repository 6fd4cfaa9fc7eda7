import AsyncHTTPClient
import EntryGuardSimulator
import Foundation
import TestSupport
import NIOCore
import NIOHTTP1
import Testing

/// The hostile modes as a client sees them on the wire: each breaks the answer it names, and a write
/// it lands on is not performed.
@Suite(.timeLimit(.minutes(3))) struct HostileResponseTests {
    /// A client that follows no redirect and gives up on a body after 15 seconds of silence (long
    /// enough for a 2-core machine busy with the rest of the suite and a build beside it).
    static func withRawClient<T: Sendable>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        let configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(20), read: .seconds(15)))
        return try await HTTPClient.withHTTPClient(configuration: configuration, body)
    }

    /// Runs `body` with the example simulator, `rule` in force from the start.
    static func withHostile<T: Sendable>(
        _ rule: String, _ body: (SimulatorHandle, HTTPClient) async throws -> T
    ) async throws -> T {
        var configuration = Examples.configuration
        configuration.adminTokens = [TestAPI.adminToken]
        configuration.faults = [try HostileResponse.rule(parsing: rule)]
        return try await EntryGuardSimulator.withRunning(configuration) { handle in
            try await withRawClient { client in try await body(handle, client) }
        }
    }

    static func get(_ path: String, _ handle: SimulatorHandle, _ client: HTTPClient) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: handle.baseURL + path)
        request.headers.add(name: "Authorization", value: "Bearer \(TestAPI.adminToken)")
        return try await client.execute(request, timeout: .seconds(30))
    }

    /// The body bytes that arrive before the body ends, and the error it ends with, if any.
    static func drain(_ response: HTTPClientResponse) async -> (bytes: [UInt8], error: (any Error)?) {
        var bytes: [UInt8] = []
        do {
            for try await chunk in response.body { bytes += chunk.readableBytesView }
            return (bytes, nil)
        } catch {
            return (bytes, error)
        }
    }

    /// `GET /roles` as the healthy simulator answers it.
    static func healthyRoles() async throws -> [UInt8] {
        try await withSimulator(Examples.configuration) { api in try await api.send(.GET, "/roles").bytes }
    }

    @Test func malformedModesBreakTheRealAnswerInOnePlace() async throws {
        let healthy = String(decoding: try await Self.healthyRoles(), as: UTF8.self)
        let expected: [HostileResponse: String] = [
            .trailingComma: String(healthy.dropLast()) + ",]",
            .leadingZero: "[{\"note\":-01," + healthy.dropFirst(2),
            .controlCharacter: "[{\"note\":\"a\tb\"," + healthy.dropFirst(2),
            .badEscape: "[{\"note\":\"\\x41\"," + healthy.dropFirst(2),
            .loneSurrogate: "[{\"note\":\"\\ud800\"," + healthy.dropFirst(2),
            .trailingGarbage: healthy + "<!-- cached -->",
            .deepNesting: "[{\"note\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "," + healthy.dropFirst(2),
        ]
        for (mode, text) in expected {
            try await Self.withHostile("\(mode.rawValue):GET:/api/v1/roles") { handle, client throws in
                let response = try await Self.get("/roles", handle, client)
                let (bytes, _) = await Self.drain(response)
                #expect(response.status == .ok)
                #expect(bytes == Array(text.utf8), "\(mode)")
            }
        }
        try await Self.withHostile("invalid-utf8:GET:/api/v1/roles") { handle, client throws in
            let (bytes, _) = await Self.drain(try await Self.get("/roles", handle, client))
            #expect(bytes == Array("[{\"note\":\"".utf8) + [0xC0, 0xAF] + Array("\",".utf8) + Array(healthy.utf8.dropFirst(2)))
        }
    }

    @Test func truncatedJSONIsTheFirstHalfOfTheRealAnswer() async throws {
        let healthy = try await Self.healthyRoles()
        try await Self.withHostile("truncated-json:GET:/api/v1/roles") { handle, client throws in
            let response = try await Self.get("/roles", handle, client)
            let (bytes, error) = await Self.drain(response)
            #expect(response.status == .ok && error == nil)
            #expect(bytes == Array(healthy.prefix(healthy.count / 2)))
            #expect(throws: (any Error).self) { try JSON.parse(String(decoding: bytes, as: UTF8.self)) }
        }
    }

    @Test func wrongTypesKeepTheShapeAndChangeEveryType() async throws {
        try await Self.withHostile("wrong-types") { handle, client throws in
            let (bytes, _) = await Self.drain(try await Self.get("/roles/\(Examples.roleID)", handle, client))
            let role = try JSON.parse(String(decoding: bytes, as: UTF8.self))
            #expect(role["id"] == .number(Double(Examples.roleID.count)))
            #expect(role["resourceIds"] == .string("\"\(Examples.resource1)\" \"\(Examples.resource2)\""))
            #expect(role["maxSessionDurationHours"] == .string("24"))
        }
    }

    @Test func missingFieldsDropWhatAClientNeeds() async throws {
        try await Self.withHostile("missing-fields:/api/v1/roles") { handle, client throws in
            let (bytes, _) = await Self.drain(try await Self.get("/roles", handle, client))
            guard case .array(let roles) = try JSON.parse(String(decoding: bytes, as: UTF8.self)) else {
                Issue.record("not an array")
                return
            }
            #expect(roles.count == 1)
            #expect(roles.first?.keys == ["createdAt", "description", "maxSessionDurationHours", "updatedAt", "userIds"])
        }
    }

    @Test func hugeArrayStreamsFiftyMegabytesWithoutALength() async throws {
        try await Self.withHostile("huge-array") { handle, client throws in
            let response = try await Self.get("/roles", handle, client)
            #expect(response.headers.first(name: "Content-Length") == nil)
            var count = 0
            var first: UInt8?
            var last: UInt8?
            for try await chunk in response.body {
                count += chunk.readableBytes
                first = first ?? chunk.readableBytesView.first
                last = chunk.readableBytesView.last ?? last
            }
            #expect(count > HostileResponse.hugeArrayBytes - (1 << 20) && count <= HostileResponse.hugeArrayBytes)
            #expect(first == UInt8(ascii: "[") && last == UInt8(ascii: "]"))
        }
    }

    @Test func htmlErrorIsABadGatewayPage() async throws {
        try await Self.withHostile("html-error") { handle, client throws in
            let response = try await Self.get("/roles", handle, client)
            let (bytes, _) = await Self.drain(response)
            #expect(response.status == .badGateway)
            #expect(response.headers.first(name: "Content-Type") == "text/html")
            #expect(String(decoding: bytes, as: UTF8.self).contains("<h1>502 Bad Gateway</h1>"))
        }
    }

    @Test(arguments: ["stall", "reset"])
    func halfTheBodyThenSilenceOrAClosedConnection(mode: String) async throws {
        let healthy = try await Self.healthyRoles()
        try await Self.withHostile(mode) { handle, client throws in
            let response = try await Self.get("/roles", handle, client)
            #expect(response.headers.first(name: "Content-Length") == String(healthy.count))
            let (bytes, error) = await Self.drain(response)
            #expect(bytes == Array(healthy.prefix(healthy.count / 2)))
            // A stall ends only in the client's read timeout; a reset in the connection closing early.
            let timedOut = (error as? HTTPClientError) == .readTimeout
            #expect(error != nil)
            #expect(timedOut == (mode == "stall"), "\(String(describing: error))")
        }
    }

    @Test func trickleSendsTheBodyAByteAtATimeAndNeverAllAtOnce() async throws {
        let healthy = try await Self.healthyRoles()
        try await Self.withHostile("trickle") { handle, client throws in
            let response = try await Self.get("/roles", handle, client)
            #expect(response.headers.first(name: "Content-Length") == String(healthy.count))
            var bytes: [UInt8] = []
            for try await chunk in response.body {
                bytes += chunk.readableBytesView
                if bytes.count >= 3 { break }
            }
            // What came is the start of the real body, and far from all of it.
            #expect(bytes == Array(healthy.prefix(bytes.count)))
            #expect(bytes.count < healthy.count / 2)
        }
    }

    @Test func redirectPointsAtAnotherHostWithTheSamePath() async throws {
        try await Self.withHostile("redirect:GET") { handle, client throws in
            let response = try await Self.get("/roles", handle, client)
            #expect(response.status == .temporaryRedirect)
            #expect(response.headers.first(name: "Location") == "http://elsewhere.invalid/api/v1/roles")
        }
    }

    @Test func aHostileWriteIsNotPerformed() async throws {
        try await Self.withHostile("truncated-json:POST") { handle, client throws in
            var request = HTTPClientRequest(url: handle.baseURL + Examples.bindingPath(resource: Examples.unknownResource))
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(TestAPI.adminToken)")
            let response = try await client.execute(request, timeout: .seconds(30))
            let (bytes, _) = await Self.drain(response)
            #expect(response.status == .ok)
            let whole = "{\"message\":\"Resource assigned to role successfully\"}"
            #expect(String(decoding: bytes, as: UTF8.self) == String(whole.prefix(whole.count / 2)))
            #expect(await handle.roles() == [Examples.devOpsRole])
        }
    }

    @Test func aRuleFromTheConfigurationRepeatsAndMatchesItsMethodAndPrefix() async throws {
        try await Self.withHostile("html-error:GET:/api/v1/roles/") { handle, client throws in
            for _ in 0..<2 {
                #expect(try await Self.get("/roles/\(Examples.roleID)", handle, client).status == .badGateway)
            }
            #expect(try await Self.get("/roles", handle, client).status == .ok)
        }
    }

    @Test(arguments: [
        ("stall", nil, "/"), ("reset:DELETE", "DELETE", "/"), ("trickle:/api/v1/roles/", nil, "/api/v1/roles/"),
        ("redirect:get:/api/v1/resources", "GET", "/api/v1/resources"),
    ] as [(String, String?, String)])
    func parsesTheCommandLineShape(text: String, method: String?, prefix: String) throws {
        let rule = try HostileResponse.rule(parsing: text)
        #expect(rule.method == method && rule.pathPrefix == prefix && rule.repeats)
    }

    @Test(arguments: ["explode", "stall:GET:POST", "stall:/a:/b", "stall:G3T"])
    func refusesWhatItCannotParse(text: String) {
        #expect(throws: SimulatorError.self) { try HostileResponse.rule(parsing: text) }
    }
}
