import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// `GET /sessions/admin` and `POST /sessions/admin/{id}/stop` as `../shared/api/users-and-sessions.md`
/// documents them.
@Suite(.timeLimit(.minutes(10))) struct SessionsTests {
    typealias Org = SessionOrganization

    static func configuration(_ change: (inout SimulatorConfiguration) -> Void = { _ in }) -> SimulatorConfiguration {
        var configuration = Org.configuration(token: "sessions-test-token")
        change(&configuration)
        return configuration
    }

    @Test func listIsNewestFirstWithTheDocumentedKeys() async throws {
        try await withSimulator(Self.configuration()) { api throws in
            let reply = try await api.send(.GET, "/sessions/admin")
            #expect(reply.status == 200)
            let sessions = try #require(try reply.json().array)
            #expect(sessions.map { $0["id"]?.string } == [7, 5, 4, 3, 2, 1, 6].map(Org.session))
            for session in sessions {
                #expect(session.keys == ["createdAt", "endedAt", "endedReason", "expiresAt", "id", "ipv4Address", "ipv6Address",
                                         "resourceIps", "startedAt", "status", "userEmail", "userId", "userName"])
            }
            let rule = try #require(sessions.last?["resourceIps"]?.array?.first)
            #expect(rule.keys == ["appliedAt", "errorMessage", "id", "ipAddress", "ipVersion", "providerRuleId", "removedAt",
                                  "resourceId", "resourceName", "status"])
            #expect(sessions[0]["status"]?.string == "PARTIAL" && sessions[6]["endedReason"]?.string == "EXPIRED")
        }
    }

    @Test func stopAnswersTheSessionExpiringThenItIsCancelledWithItsRulesRemoved() async throws {
        try await withSimulator(Self.configuration()) { api throws in
            let id = Org.aliceSession.id
            let stopped = try await api.send(.POST, "/sessions/admin/\(id)/stop")
            #expect(stopped.status == 200)
            let body = try stopped.json()
            #expect(body["id"]?.string == id && body["status"]?.string == "EXPIRING" && body["endedReason"]?.string == "ADMIN")
            #expect(body["endedAt"]?.string != nil)
            #expect(body["resourceIps"]?.array?.map { $0["status"]?.string } == ["REMOVING", "REMOVING"])

            let listed = try #require(try await api.send(.GET, "/sessions/admin").json().array?.first { $0["id"]?.string == id })
            #expect(listed["status"]?.string == "CANCELLED" && listed["endedReason"]?.string == "ADMIN")
            #expect(listed["resourceIps"]?.array?.map { $0["status"]?.string } == ["REMOVED", "REMOVED"])
            #expect(listed["resourceIps"]?.array?.allSatisfy { $0["removedAt"]?.string != nil } == true)

            // Only this session changed.
            let others = await api.simulator.sessions().filter { $0.id != id }
            #expect(others == Org.sessions.filter { $0.id != id })
        }
    }

    @Test func stoppingTwiceOrAnEndedSessionIs400AndAnUnknownOneIs404() async throws {
        try await withSimulator(Self.configuration()) { api throws in
            #expect(try await api.send(.POST, "/sessions/admin/\(Org.bobSession.id)/stop").status == 200)
            for id in [Org.bobSession.id, Org.aliceOldSession.id] {
                let again = try await api.send(.POST, "/sessions/admin/\(id)/stop")
                #expect(again.status == 400)
                #expect(try again.json()["message"]?.string == "Session is not in a stoppable state (already expired/cancelled)")
            }
            let unknown = "990e8400-e29b-41d4-a716-4466554400ff"
            let missing = try await api.send(.POST, "/sessions/admin/\(unknown)/stop")
            #expect(missing.status == 404)
            #expect(try missing.json()["message"]?.string == "Session not found with id: \(unknown)")
            #expect(try await api.send(.POST, "/sessions/admin/not-a-uuid/stop").status == 400)
        }
    }

    @Test func aSessionExpiresByItsExpiresAt() async throws {
        let soon = SimSession(id: Org.session(0x20), userId: Org.alice.id, startedAt: "2026-01-01T00:00:00Z",
                              expiresAt: "2026-01-01T08:00:00Z", resourceIps: [SimResourceIP(id: Org.session(0x21), resourceId: Org.prodDB)])
        try await withSimulator(Self.configuration { $0.sessions = [soon] }) { api throws in
            let listed = try #require(try await api.send(.GET, "/sessions/admin").json().array?.first)
            #expect(listed["status"]?.string == "EXPIRED" && listed["endedReason"]?.string == "EXPIRED")
            #expect(listed["endedAt"]?.string == "2026-01-01T08:00:00Z")
            #expect(listed["resourceIps"]?.array?.first?["status"]?.string == "REMOVED")
            let stop = try await api.send(.POST, "/sessions/admin/\(soon.id)/stop")
            #expect(stop.status == 400)
        }
    }

    @Test func sessionsNeedAnOrgAdminAndAreLogged() async throws {
        try await withSimulator(Self.configuration()) { api throws in
            #expect(try await api.send(.GET, "/sessions/admin", credential: .none).status == 401)
            #expect(try await api.send(.GET, "/sessions/admin", credential: .bearer(TestAPI.nonAdminToken)).status == 403)
            #expect(try await api.send(.GET, "/sessions/admin", credential: .apiKey(TestAPI.apiKey)).status == 403)
            #expect(try await api.send(.POST, "/sessions/admin/\(Org.aliceSession.id)/stop",
                                       credential: .bearer(TestAPI.nonAdminToken)).status == 403)
            #expect(await api.simulator.sessions().first { $0.id == Org.aliceSession.id }?.status == .active)
            _ = try await api.send(.POST, "/sessions/admin/\(Org.aliceSession.id)/stop")
            let log = await api.simulator.requestLog()
            #expect(log.count == 5)
            #expect(log.last.map { "\($0.method) \($0.path) \($0.status)" }
                    == "POST /api/v1/sessions/admin/\(Org.aliceSession.id)/stop 200")
        }
    }

    @Test func usersListRoleNamesFromTheRoles() async throws {
        try await withSimulator(Self.configuration()) { api throws in
            let users = try #require(try await api.send(.GET, "/users").json().array)
            #expect(users.first { $0["email"]?.string == Org.bob.email }?["roleNames"] == .array([.string("DevOps"), .string("DBAs")]))
            #expect(users.first { $0["email"]?.string == Org.erin.email }?["roleNames"] == .array([.string("Auditors")]))
        }
    }

    @Test func aSessionsFileIsReadAndBadTimestampsAreRefused() async throws {
        let path = Scratch.root.appendingPathComponent("sessions-\(UUID().uuidString).json").path
        try Data(#"[{"id": "\#(Org.session(1))", "userId": "\#(Org.alice.id)", "status": "ACTIVE", "startedAt": "2026-12-01T08:00:00.250Z", "expiresAt": "2099-01-01T00:00:00Z", "resourceIps": []}]"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let sessions = try StateFile.loadSessions(path: path)
        #expect(sessions.map(\.id) == [Org.session(1)] && sessions.first?.createdAt == "2026-12-01T08:00:00.250Z")

        var configuration = Self.configuration()
        configuration.sessions = [SimSession(id: Org.session(1), userId: Org.alice.id, expiresAt: "tomorrow", resourceIps: [])]
        await #expect(throws: SimulatorError.self) {
            try await EntryGuardSimulator.withRunning(configuration) { _ in }
        }
    }
}
