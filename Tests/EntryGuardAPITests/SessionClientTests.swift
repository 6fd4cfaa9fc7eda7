import EntryGuardSimulator
import Foundation
import PolicyModel
import TestSupport
import Testing
@testable import EntryGuardAPI

/// `GET /users`, `GET /sessions/admin` and `POST /sessions/admin/{id}/stop` over real HTTP.
@Suite("Users and sessions client", .timeLimit(.minutes(10)))
struct SessionClientTests {
    typealias F = SimulatorFixture
    typealias Org = SessionOrganization

    static var simulator: SimulatorConfiguration {
        var configuration = Org.configuration(token: F.token)
        configuration.adminTokens = [F.token]
        return configuration
    }

    @Test("users and sessions are read; a session's open rules become its open resources")
    func reads() async throws {
        try await F.withClient(simulator: Self.simulator) { client, _, _ in
            let users = try await client.listUsers()
            #expect(users.map(\.email) == Org.users.map(\.email))
            let sessions = try await client.listAdminSessions()
            #expect(sessions.count == Org.sessions.count)
            let dave = try #require(sessions.first { $0.id == Org.daveSession.id }?.liveSession)
            #expect(dave.isActive && dave.openResources.map(\.rawValue) == [Org.reports])
            let frank = try #require(sessions.first { $0.id == Org.frankSession.id }?.liveSession)
            #expect(frank.isActive && frank.openResources.map(\.rawValue) == [Org.prodDB])
            #expect(sessions.first { $0.id == Org.aliceOldSession.id }?.liveSession?.isActive == false)
        }
    }

    @Test("a stop is stopped on 200, already-ended on the documented 400, an error on 404")
    func stop() async throws {
        try await F.withClient(simulator: Self.simulator) { client, handle, _ in
            let alice = try #require(SessionID(Org.aliceSession.id))
            #expect(try await client.stopSession(alice) == .stopped(attempts: 1))
            #expect(try await client.stopSession(alice) == .alreadyEnded(attempts: 1))
            let unknown = try #require(SessionID("990e8400-e29b-41d4-a716-4466554400ff"))
            let error = try #require(await expectAPIError { try await client.stopSession(unknown) })
            #expect(error.status == 404)
            #expect(await handle.requestLog().map(\.status) == [200, 400, 404])
        }
    }

    @Test("another 400 is an error, not already-ended; a 500 is retried")
    func otherAnswers() async throws {
        try await F.withClient(simulator: Self.simulator) { client, handle, _ in
            let bob = try #require(SessionID(Org.bobSession.id))
            await handle.inject(FaultRule(method: "POST", pathPrefix: "/api/v1/sessions", fault: .status(400, message: "Bad request")))
            let error = try #require(await expectAPIError { try await client.stopSession(bob) })
            #expect(error.status == 400)
            await handle.inject(FaultRule(method: "POST", pathPrefix: "/api/v1/sessions", fault: .status(500)))
            #expect(try await client.stopSession(bob) == .stopped(attempts: 2))
        }
    }
}
