import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// Every request gets one log entry, in memory and as a JSON line in the log file, with no secret in it.
@Suite(.timeLimit(.minutes(10))) struct RequestLogTests {
    @Test func everyRequestIsLoggedWithItsCredentialKind() async throws {
        let path = Scratch.root
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
            ("GET", "/api/v1/roles", 403, "api-key"),
            ("GET", "/api/v1/roles", 401, "none"),
            ("GET", "/api/v1/roles", 403, "bearer"),
            ("DELETE", "/api/v1/roles/\(Examples.roleID)/resources/\(Examples.resource1)", 403, "api-key"),
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

    @Test func authCallsAreLoggedByNumbersAndNeverBySecrets() async throws {
        let path = Scratch.root
            .appendingPathComponent("entryguard-sim-auth-log-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = Logins.configuration { $0.requestLogPath = path }
        let (log, secrets) = try await withSimulator(configuration) { api throws in
            let challenge = try #require(try await api.login(Logins.mfaAdmin).json()["mfaChallengeToken"]?.string)
            let code = try Logins.currentCode()
            let tokens = try await api.post("/auth/verify-mfa", ["mfaChallengeToken": challenge, "code": code]).json()
            let access = try #require(tokens["accessToken"]?.string)
            let refresh = try #require(tokens["refreshToken"]?.string)
            _ = try await api.send(.GET, "/roles", credential: .bearer(access))
            let next = try #require(try await api.refresh(refresh).json()["refreshToken"]?.string)
            _ = try await api.post("/auth/logout", ["refreshToken": next])
            _ = try await api.login(Logins.admin, password: "wrong-password-s3cr3t")
            // A 6-digit code could occur in a number by chance; as a JSON string it cannot.
            let secrets = Logins.secrets + [challenge, "\"\(code)\"", access, refresh, next, "wrong-password-s3cr3t"]
            return (await api.simulator.requestLog(), secrets)
        }
        #expect(log.map(\.status) == [200, 200, 200, 200, 200, 401])
        #expect(log.map { $0.auth?.outcome } == ["mfa-required", "ok", nil, "ok", "logged-out", "wrong-credentials"])
        #expect(log[1].auth?.issuedRefreshFamily == 1 && log[1].auth?.issuedRefreshGeneration == 1)
        #expect(log[2].auth?.accessToken == "valid" && log[2].auth?.accessTokenSerial == 1)
        #expect(log[3].auth?.refreshGeneration == 1 && log[3].auth?.refreshToken == "current")
        #expect(log[3].auth?.issuedRefreshGeneration == 2)
        #expect(log[4].auth?.refreshGeneration == 2 && log[4].auth?.refreshToken == "current")
        #expect(log.allSatisfy { $0.startMs <= $0.endMs })
        #expect(zip(log, log.dropFirst()).allSatisfy { $0.endMs <= $1.startMs }, "sent one after the other")

        let text = try String(contentsOfFile: path, encoding: .utf8)
        let fromFile = try text.split(separator: "\n").map { try JSONDecoder().decode(RequestLogEntry.self, from: Data($0.utf8)) }
        #expect(fromFile == log)
        for secret in secrets {
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
