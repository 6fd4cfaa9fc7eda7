import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import TestSupport
import Testing

/// People and sessions in plans, and `apply --end-sessions` (README, "Sessions"), over real HTTP
/// against the simulator's `SessionOrganization`.
@Suite("Sessions in plans and apply --end-sessions", .timeLimit(.minutes(10)))
struct EndSessionsTests {
    typealias H = ApplyHarness
    typealias Org = SessionOrganization

    static func stops(_ handle: SimulatorHandle) async -> [String] {
        await handle.requestLog().filter { $0.method == "POST" && $0.path.hasPrefix("/api/v1/sessions/") }.map(\.path)
    }

    static func stopPath(_ id: String) -> String { "/api/v1/sessions/admin/\(id)/stop" }

    @Test("a plan names the sessions of users who lose the resource, people by email, and reads users and sessions")
    func planNamesSessions() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            let outcome = try await Planner().plan(PlanRequest(paths: [policy]), access: H().access(handle))
            #expect(outcome.warnings.isEmpty)
            let plan = outcome.plan
            #expect(plan.changes.map { "\($0.roleName) \($0.resourceId)" } == ["DBAs \(Org.prodDB)", "DevOps \(Org.prodDB)"])
            let dbas = try #require(plan.changes.first?.activeSessions)
            let devOps = try #require(plan.changes.last?.activeSessions)
            #expect(dbas.map(\.id.rawValue) == [Org.bobSession.id])
            #expect(devOps.map(\.id.rawValue) == [Org.aliceSession.id, Org.bobSession.id, Org.frankSession.id])
            #expect(devOps.first?.email == Org.alice.email && devOps.first?.expiresAt == Org.expiresAt)
            #expect(devOps.first?.otherResourceIds.map(\.rawValue) == [Org.staging])
            #expect(plan.email(ofUser: Org.carol.id) == Org.carol.email)
            let paths = Set(await handle.requestLog().map { "\($0.method) \($0.path)" })
            #expect(paths.isSuperset(of: ["GET /api/v1/roles", "GET /api/v1/users", "GET /api/v1/sessions/admin"]))
            // Sessions outliving the policy: the three above (dave's rule on prod-db is already removed).
            #expect(plan.sessionsOutlivingPolicy?.map(\.id.rawValue).sorted() == Org.sessionsToStop.sorted())
        }
    }

    @Test("apply --end-sessions stops exactly the sessions that hold a removed binding open for a user who lost it, each once")
    func endSessionsStopsExactlyThose() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            let harness = H()
            let report = H.temporaryPath("report.json")
            var options = ApplyOptions(paths: [policy], autoApprove: true)
            options.endSessions = true
            let (status, failure) = await harness.run(options, reportPath: report, on: handle)
            #expect(failure == [] && status == 0)
            let stops = await Self.stops(handle)
            #expect(stops.count == 3 && Set(stops) == Set(Org.sessionsToStop.map(Self.stopPath)))
            // Each stop came after a DELETE that succeeded.
            let log = await handle.requestLog().map { "\($0.method) \($0.path) \($0.status)" }
            let firstStop = try #require(log.firstIndex { $0.hasPrefix("POST /api/v1/sessions/") })
            #expect(log[..<firstStop].contains { $0.hasPrefix("DELETE ") && $0.hasSuffix(" 204") })
            let sessions = Dictionary(uniqueKeysWithValues: await handle.sessions().map { ($0.id, $0) })
            for id in Org.sessionsToStop { #expect(sessions[id]?.status == .cancelled && sessions[id]?.endedReason == "ADMIN") }
            for kept in [Org.carolSession, Org.daveSession, Org.erinSession] { #expect(sessions[kept.id]?.status == .active) }
            #expect(harness.output.value.contains("Sessions: 3 stopped, 0 already ended, 0 failed, 0 skipped (of 3)."))
            let json = try String(contentsOfFile: report, encoding: .utf8)
            #expect(json.contains("\"action\": \"end-session\"") && json.contains("\"sessionId\": \"\(Org.aliceSession.id)\""))
            #expect(!harness.output.value.contains("still hold"))
        }
    }

    @Test("a saved plan's session that ended since is already-ended without a stop, and apply succeeds")
    func alreadyEnded() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            let planPath = H.temporaryPath("plan.json")
            let plan = try await Planner().plan(PlanRequest(paths: [policy]), access: H().access(handle)).plan
            try SavedPlan.write(plan, to: planPath)
            // Alice ends her session herself between the plan and the apply.
            var sessions = await handle.sessions()
            if let index = sessions.firstIndex(where: { $0.id == Org.aliceSession.id }) {
                sessions[index].status = .cancelled
                sessions[index].endedReason = "MANUAL"
            }
            try await handle.setSessions(sessions)
            let harness = H()
            let report = H.temporaryPath("report.json")
            var options = ApplyOptions(planPath: planPath)
            options.endSessions = true
            let (status, failure) = await harness.run(options, reportPath: report, on: handle)
            #expect(failure == [] && status == 0)
            // apply --plan re-read the sessions: no stop is sent for alice's, which has ended.
            #expect(Set(await Self.stops(handle)) == [Self.stopPath(Org.bobSession.id), Self.stopPath(Org.frankSession.id)])
            #expect(harness.output.value.contains("Sessions: 2 stopped, 1 already ended, 0 failed, 0 skipped (of 3)."))
            let json = try String(contentsOfFile: report, encoding: .utf8)
            #expect(json.contains("\"sessionId\": \"\(Org.aliceSession.id)\",\n      \"userId\": \"\(Org.alice.id)\",\n      "
                                  + "\"email\": \"\(Org.alice.email)\",\n      \"status\": \"already-ended\",\n      \"attempts\": 0"))
        }
    }

    @Test("no stop for a removal that failed; the stop is skipped and apply exits 1")
    func noStopAfterAFailedRemoval() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            await handle.inject(FaultRule(method: "DELETE", pathPrefix: "/api/v1/roles/\(Org.devOps)/", fault: .status(400, message: "nope"),
                                          repeats: true))
            let harness = H()
            var options = ApplyOptions(paths: [policy], autoApprove: true)
            options.endSessions = true
            let (status, _) = await harness.run(options, on: handle)
            #expect(status == 1)
            // Only bob loses prod-db through DBAs, whose removal succeeded.
            #expect(await Self.stops(handle) == [Self.stopPath(Org.bobSession.id)])
            #expect(harness.output.value.contains("Sessions: 1 stopped, 0 already ended, 0 failed, 2 skipped (of 3)."))
        }
    }

    @Test("the dry run lists the stops and what else each ends, and sends none")
    func dryRunSendsNoStop() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            let harness = H()
            var options = ApplyOptions(paths: [policy], dryRun: true)
            options.endSessions = true
            let (status, failure) = await harness.run(options, on: handle)
            #expect(failure == [] && status == 0)
            #expect(await H.writes(handle) == [])
            let output = harness.output.value
            #expect(output.contains("Dry run: apply would send 5 requests"))
            #expect(output.contains("POST   /api/v1/sessions/admin/\(Org.aliceSession.id)/stop  # end the session of alice@acme.example"))
            #expect(output.contains("also ends, until a new session: staging (\(Org.staging))"))
            #expect(await handle.sessions() == Org.sessions)
        }
    }

    @Test("without --end-sessions, apply says which sessions still hold removed access and until when")
    func withoutTheFlag() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            let harness = H()
            let (status, _) = await harness.run(ApplyOptions(paths: [policy], autoApprove: true), on: handle)
            #expect(status == 0)
            #expect(await Self.stops(handle) == [])
            #expect(harness.output.value.contains("3 active sessions still hold removed access, the last until \(Org.expiresAt)"))
            #expect(harness.output.value.contains("session \(Org.aliceSession.id) of alice@acme.example until \(Org.expiresAt)"))
        }
    }

    @Test("a 403 on the sessions is a warning; the plan falls back, and --end-sessions refuses before any change")
    func sessionsRefused() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            await handle.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/sessions", fault: .status(403), repeats: true))
            let outcome = try await Planner().plan(PlanRequest(paths: [policy]), access: H().access(handle))
            #expect(outcome.warnings.map(\.message).contains { $0.hasPrefix("active sessions are not shown") })
            #expect(outcome.plan.changes.allSatisfy { $0.activeSessions == nil })
            #expect(outcome.plan.sessionsOutlivingPolicy == nil)
            #expect(outcome.plan.email(ofUser: Org.alice.id) == Org.alice.email)

            let harness = H()
            var options = ApplyOptions(paths: [policy], autoApprove: true)
            options.endSessions = true
            let (status, failure) = await harness.run(options, on: handle)
            #expect(status == 1)
            #expect(failure.contains { $0.hasPrefix("--end-sessions needs the active sessions") })
            #expect(await H.writes(handle) == [])
        }
    }

    @Test("a saved plan edited to stop the session of a user who keeps the resource is refused before any request")
    func editedSessions() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            var plan = try await Planner().plan(PlanRequest(paths: [policy]), access: H().access(handle)).plan
            let carol = ActiveSession(id: try #require(SessionID(Org.carolSession.id)), userId: Org.carol.id, email: Org.carol.email,
                                      expiresAt: Org.expiresAt, otherResourceIds: [])
            plan.changes[1].activeSessions?.append(carol)
            let path = H.temporaryPath("plan.json")
            try SavedPlan.write(plan, to: path)
            let before = await handle.requestLog().count
            var options = ApplyOptions(planPath: path)
            options.endSessions = true
            let (status, failure) = await H().run(options, on: handle)
            #expect(status == 1)
            #expect(failure.contains { $0.contains("lists session \(Org.carolSession.id) of user \(Org.carol.id), who does not lose the resource") })
            #expect(await handle.requestLog().count == before)
        }
    }
}
