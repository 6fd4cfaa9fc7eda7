import Testing
@testable import PolicyModel

/// The differ's sessions: which an unassignment lists, which outlive the policy, and the stops they make.
@Suite("Active sessions in plans")
struct ActiveSessionTests {
    let gateway = ResourceID(uuid("660e8400", 1))!
    let db = ResourceID(uuid("660e8400", 2))!
    let location = SourceLocation(path: "p", line: 1, column: 1)

    func role(_ n: Int, _ resources: [ResourceID], users: [String]) -> LiveRole {
        LiveRole(id: RoleID(uuid("550e8400", n))!, name: "role \(n)", resourceIds: resources, userIds: users)
    }

    func session(_ n: Int, _ user: String, status: String = "ACTIVE", open: [ResourceID]) -> LiveSession {
        LiveSession(id: SessionID(uuid("990e8400", n))!, userId: user, status: status, expiresAt: "2099-01-01T00:00:00Z", openResources: open)
    }

    func diff(_ roles: [LiveRole], desired: [(LiveRole, [ResourceID])], sessions: [LiveSession]?) throws -> Diff {
        let state = DesiredState(roles: desired.map { live, resources in
            DesiredRole(id: live.id, name: nil, resources: resources.map { ResourceReference(id: $0, location: location) }, location: location)
        })
        let live = LiveState(roles: roles, userEmails: ["alice-id": "alice@x.example"], sessions: sessions)
        return try #require(Differ.diff(desired: state, live: live).diff)
    }

    @Test("only active sessions of users who lose the resource, with an open rule on it; user ids compare case-insensitively")
    func whichSessions() throws {
        let devops = role(1, [gateway, db], users: ["ALICE-ID", "bob-id", "carol-id"])
        let keeps = role(2, [db], users: ["bob-id"])                      // unmanaged: bob keeps db
        let sessions = [session(1, "alice-id", open: [db, gateway]), session(2, "bob-id", open: [db]),
                        session(3, "carol-id", open: [gateway]),            // db rule not open
                        session(4, "alice-id", status: "EXPIRED", open: [db]), session(5, "carol-id", status: "PENDING", open: [db])]
        let result = try diff([devops, keeps], desired: [(devops, [gateway])], sessions: sessions)
        let listed = try #require(result.changes.first?.activeSessions)
        #expect(listed.map(\.id) == [SessionID(uuid("990e8400", 1))!, SessionID(uuid("990e8400", 5))!])
        #expect(listed.first?.email == "alice@x.example" && listed.first?.otherResourceIds == [gateway])
        #expect(result.sessionsOutlivingPolicy?.map(\.id) == listed.map(\.id))
        let stops = SessionStop.planned(result.changes)
        #expect(stops.count == 2 && stops[0].alsoEnded(in: result.changes) == [gateway])
    }

    @Test("sessions not read: no list (not an empty one), and nothing outlives as far as the plan knows")
    func unknownSessions() throws {
        let devops = role(1, [gateway, db], users: ["alice-id"])
        let result = try diff([devops], desired: [(devops, [gateway])], sessions: nil)
        #expect(result.changes.first?.activeSessions == nil && result.sessionsOutlivingPolicy == nil)
        let none = try diff([devops], desired: [(devops, [gateway])], sessions: [])
        #expect(none.changes.first?.activeSessions == [] && none.sessionsOutlivingPolicy == [])
    }

    @Test("a session touched by two removals is one stop, due after either")
    func oneStopForTwoRemovals() throws {
        let first = role(1, [db], users: ["alice-id"])
        let second = role(2, [gateway], users: ["alice-id"])
        let result = try diff([first, second], desired: [(first, []), (second, [])], sessions: [session(1, "alice-id", open: [db, gateway])])
        let stops = SessionStop.planned(result.changes)
        #expect(stops.count == 1 && stops[0].removals == [0, 1])
        #expect(stops[0].alsoEnded(in: result.changes) == [])
    }
}
