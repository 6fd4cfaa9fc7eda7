import Testing
@testable import PolicyModel

/// What a saved plan's stops still have to do once the sessions are read again, and the stops of an
/// apply that changed nothing (README, "Ending sessions").
@Suite("Saved plans' sessions read again; untouched stops")
struct SessionRecheckTests {
    let gateway = ResourceID(uuid("660e8400", 1))!
    let db = ResourceID(uuid("660e8400", 2))!
    let location = SourceLocation(path: "p", line: 1, column: 1)

    func session(_ n: Int, _ user: String, status: String = "ACTIVE", open: [ResourceID]) -> LiveSession {
        LiveSession(id: SessionID(uuid("990e8400", n))!, userId: user, status: status, expiresAt: "2099-01-01T00:00:00Z", openResources: open)
    }

    /// Role 1 (alice, bob) loses db; role 2 (unmanaged) keeps db for bob. Alice's session 1 holds db.
    func plan() throws -> Plan {
        let devops = LiveRole(id: RoleID(uuid("550e8400", 1))!, name: "devops", resourceIds: [gateway, db], userIds: ["alice-id", "bob-id"])
        let keeps = LiveRole(id: RoleID(uuid("550e8400", 2))!, name: "keeps", resourceIds: [db], userIds: ["bob-id"])
        let desired = DesiredState(roles: [DesiredRole(id: devops.id, name: nil, resources: [ResourceReference(id: gateway, location: location)],
                                                       location: location)])
        let live = LiveState(roles: [devops, keeps], userEmails: ["alice-id": "alice@x.example"],
                             sessions: [session(1, "alice-id", open: [db, gateway])])
        let diff = try #require(Differ.diff(desired: desired, live: live).diff)
        return Plan(diff: diff, generatedAt: "2026-12-01T00:00:00Z", apiUrl: "http://x", policyDigest: "sha256:0")
    }

    @Test("a listed session still holding a removed resource is due; ended, gone or no longer holding it, it is ended")
    func listedSessions() throws {
        let plan = try plan()
        let listed = SessionID(uuid("990e8400", 1))!
        #expect(SessionStop.planned(plan.changes).map(\.session.id) == [listed])
        #expect(SessionRecheck(plan: plan, sessions: [session(1, "alice-id", open: [db])], emails: [:]).ended == [])
        for now in [[session(1, "alice-id", status: "EXPIRING", open: [db])], [session(1, "alice-id", open: [gateway])], []] {
            #expect(SessionRecheck(plan: plan, sessions: now, emails: [:]).ended == [listed])
        }
    }

    @Test("an active session the plan does not list is unplanned only for a user who loses a resource it removes")
    func unplannedSessions() throws {
        let plan = try plan()
        let now = [session(1, "alice-id", open: [db]), session(2, "ALICE-ID", open: [db, gateway]), session(3, "bob-id", open: [db]),
                   session(4, "alice-id", open: [gateway]), session(5, "alice-id", status: "CANCELLED", open: [db])]
        let recheck = SessionRecheck(plan: plan, sessions: now, emails: ["alice-id": "alice@now.example"])
        #expect(recheck.unplanned.map(\.id) == [SessionID(uuid("990e8400", 2))!])
        #expect(recheck.unplanned.first?.resourceIds == [db] && recheck.unplanned.first?.email == "alice@now.example")
    }

    @Test("an apply that started nothing reports each planned stop skipped, with --end-sessions only")
    func untouchedStops() throws {
        let plan = try plan()
        let with = try #require(ApplyEnding.stopped(reason: "refused", endSessions: true).report(of: plan))
        #expect(with.stops.map(\.status) == [.skipped] && with.stops.first?.attempts == 0 && !with.succeeded)
        #expect(try #require(ApplyEnding.cancelled(endSessions: true).report(of: plan)).stops.count == 1)
        #expect(try #require(ApplyEnding.stopped(reason: "refused").report(of: plan)).stops.isEmpty)
    }

    @Test("sessions that could not be read again refuse --end-sessions, after the safety valve")
    func notReread() throws {
        let plan = try plan()
        let refused = ApplyDecision.decide(plan, safety: SafetyValve(), liveBindings: 3, approval: .given, endSessions: true, sessionsNotReread: "403")
        #expect(refused == .refuse(.sessionsNotReread("403")))
        #expect(ApplyDecision.decide(plan, safety: SafetyValve(), liveBindings: 3, approval: .given, sessionsNotReread: "403") == .proceed)
        let valve = ApplyDecision.decide(plan, safety: SafetyValve(maxUnassign: 0), liveBindings: 3, approval: .given, endSessions: true,
                                         sessionsNotReread: "403")
        if case .refuse(.safetyValve) = valve {} else { Issue.record("expected the safety valve first, got \(valve)") }
    }
}
