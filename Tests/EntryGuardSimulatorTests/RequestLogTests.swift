import EntryGuardSimulator
import Foundation
import Testing

/// Every request gets one log entry, in memory and as a JSON line in the log file, with no secret in it.
@Suite struct RequestLogTests {
    @Test func everyRequestIsLoggedWithItsCredentialKind() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("entryguard-sim-log-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var configuration = Examples.configuration
        configuration.requestLogPath = path
        configuration.rateLimit = 1000
        let log = try await withSimulator(configuration) { api throws in
            await api.simulator.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/resources", fault: .status(500)))
            _ = try await api.send(.GET, "/roles")
            _ = try await api.send(.GET, "/roles", credential: .apiKey(TestAPI.apiKey))
            _ = try await api.send(.GET, "/roles", credential: .none)
            _ = try await api.send(.GET, "/roles", credential: .bearer(TestAPI.nonAdminToken))
            _ = try await api.send(.DELETE, Examples.bindingPath(resource: Examples.resource1),
                                   credential: .apiKey(TestAPI.restrictedAPIKey))
            _ = try await api.send(.GET, "/resources")
            _ = try await api.send(.GET, "/nowhere", credential: .bearer("wrong-s3cr3t"))
            return await api.simulator.requestLog()
        }
        let expected: [(String, String, Int, String)] = [
            ("GET", "/api/v1/roles", 200, "bearer"),
            ("GET", "/api/v1/roles", 200, "api-key"),
            ("GET", "/api/v1/roles", 401, "none"),
            ("GET", "/api/v1/roles", 403, "bearer"),
            ("DELETE", "/api/v1/roles/\(Examples.roleID)/resources/\(Examples.resource1)", 204, "api-key"),
            ("GET", "/api/v1/resources", 500, "bearer"),
            ("GET", "/api/v1/nowhere", 401, "bearer"),
        ]
        #expect(log.count == expected.count)
        for (entry, want) in zip(log, expected) {
            #expect(entry.method == want.0)
            #expect(entry.path == want.1)
            #expect(entry.status == want.2)
            #expect(entry.credential == want.3)
            #expect(entry.inFlight == 1)
            #expect(entry.durationMs >= 0)
            #expect(entry.time.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil)
        }

        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let fromFile = try lines.map { try JSONDecoder().decode(RequestLogEntry.self, from: Data($0.utf8)) }
        #expect(fromFile == log)
        for secret in [TestAPI.adminToken, TestAPI.apiKey, TestAPI.nonAdminToken, TestAPI.restrictedAPIKey,
                       "wrong-s3cr3t", "s3cr3t"] {
            #expect(!text.contains(secret))
        }
    }

    @Test func overlappingRequestsSeeEachOtherInFlight() async throws {
        var configuration = Examples.configuration
        configuration.latencyMilliseconds = 200
        try await withSimulator(configuration) { api throws in
            let replies = try await api.burst(4, .GET, "/roles")
            #expect(replies.allSatisfy { $0.status == 200 })
            let log = await api.simulator.requestLog()
            #expect(log.count == 4)
            #expect((log.map(\.inFlight).max() ?? 0) >= 2)
            #expect(log.allSatisfy { $0.durationMs >= 200 })
        }
    }
}
