import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import TestSupport
import Testing

/// `apply --end-sessions` beyond the stops themselves (README, "Ending sessions"), over real HTTP
/// against the simulator's `SessionOrganization`: the planned stops of an apply that changed nothing
/// are reported skipped; the progress line counts stops; a saved plan's sessions are read again.
@Suite("apply --end-sessions: untouched reports, progress, saved plans' sessions read again", .timeLimit(.minutes(10)))
struct EndSessionsRecheckTests {
    typealias H = ApplyHarness
    typealias Org = SessionOrganization

    static func stops(_ handle: SimulatorHandle) async -> [String] {
        await handle.requestLog().filter { $0.method == "POST" && $0.path.hasPrefix("/api/v1/sessions/") }.map(\.path)
    }

    static func stopPath(_ id: String) -> String { "/api/v1/sessions/admin/\(id)/stop" }

    /// A JSON object's member, through objects.
    static func member(_ value: Any?, _ path: String...) -> Any? {
        path.reduce(value) { ($0 as? [String: Any])?[$1] }
    }

    static func results(_ report: Any?, action: String) -> [[String: Any]] {
        (member(report, "results") as? [[String: Any]] ?? []).filter { $0["action"] as? String == action }
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// The plan of `policy` saved to a new file; its path.
    static func savedPlan(_ policy: String, _ handle: SimulatorHandle) async throws -> String {
        let plan = try await Planner().plan(PlanRequest(paths: [policy]), access: H().access(handle)).plan
        let path = H.temporaryPath("plan.json")
        try SavedPlan.write(plan, to: path)
        return path
    }

    static func options(planPath: String? = nil, policy: String? = nil, endSessions: Bool = true) -> ApplyOptions {
        var options = planPath.map { ApplyOptions(planPath: $0) } ?? ApplyOptions(paths: [policy ?? ""], autoApprove: true)
        options.endSessions = endSessions
        return options
    }

    /// Why apply ends before its first change.
    enum Before: String, CaseIterable, Sendable {
        case stalePlan, safetyValve, approvalNeeded, sessionsNotReread, interrupted, cancelled
    }

    @Test("refused or stopped before any change, the report file, the text and the JSON document list every planned stop as skipped",
          arguments: Before.allCases)
    func untouchedStopsAreSkipped(_ before: Before) async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            var options = Self.options(policy: policy)
            let stop = StopRequest()
            var confirm: (@Sendable (Plan) async -> Bool)?
            switch before {
            case .stalePlan:
                options = Self.options(planPath: try await Self.savedPlan(policy, handle))
                await handle.updateRole(id: Org.dbas) { $0.resourceIds.append(Org.staging) }
            case .sessionsNotReread:
                options = Self.options(planPath: try await Self.savedPlan(policy, handle))
                await handle.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/sessions", fault: .status(403), repeats: true))
            case .safetyValve:
                options.safety = SafetyValve(maxUnassign: 1)
            case .approvalNeeded:
                options.autoApprove = false
            case .interrupted:
                // SIGINT while the prompt waits: the plan is known, nothing has changed.
                options.autoApprove = false
                confirm = { _ in stop.request("interrupted by SIGINT"); return false }
            case .cancelled:
                options.autoApprove = false
                confirm = { _ in false }
            }
            let harness = H()
            let reportPath = H.temporaryPath("report.json")
            let (status, failure) = await harness.run(options, reportPath: reportPath, on: handle, stop: stop, confirm: confirm)
            #expect(status == 1)
            #expect(await H.writes(handle) == [])
            if before == .sessionsNotReread {
                #expect(failure.contains { $0.hasPrefix("--end-sessions re-reads the sessions before it applies a saved plan") })
            }
            let file = try Self.json(String(contentsOfFile: reportPath, encoding: .utf8))
            let document = try Self.json(harness.document.value)
            for report in [file, Self.member(document, "report")] {
                #expect(Self.member(report, "stoppedBecause") is String)
                #expect(Self.results(report, action: "unassign").map { $0["status"] as? String } == ["skipped", "skipped"])
                let stops = Self.results(report, action: "end-session")
                #expect(Set(stops.compactMap { $0["sessionId"] as? String }) == Org.sessionsToStop)
                #expect(stops.allSatisfy { $0["status"] as? String == "skipped" && $0["attempts"] as? Int == 0 })
                #expect(Self.member(report, "summary", "endSession", "skipped") as? Int == 3)
                #expect(Self.member(report, "summary", "succeeded") as? Bool == false)
            }
            let text = harness.output.value
            #expect(text.contains("Sessions: 0 stopped, 0 already ended, 0 failed, 3 skipped (of 3)."))
            #expect(text.contains("skipped: end session \(Org.aliceSession.id) of alice@acme.example: apply stopped before the first change"))
            #expect((before == .cancelled) == text.contains("Apply cancelled: nothing was changed.\n"))
        }
    }

    @Test("without --end-sessions, a refused apply's report lists no stop")
    func untouchedWithoutTheFlag() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            var options = Self.options(policy: policy, endSessions: false)
            options.safety = SafetyValve(maxUnassign: 1)
            let harness = H()
            let reportPath = H.temporaryPath("report.json")
            let (status, _) = await harness.run(options, reportPath: reportPath, on: handle)
            #expect(status == 1)
            let report = try Self.json(String(contentsOfFile: reportPath, encoding: .utf8))
            #expect(Self.results(report, action: "unassign").count == 2)
            #expect(Self.results(report, action: "end-session").isEmpty && Self.member(report, "summary", "endSession") == nil)
            #expect(!harness.output.value.contains("Sessions:") && !harness.output.value.contains("end session"))
        }
    }

    @Test("the progress line counts session stops beside the changes, failed ones too", arguments: [false, true])
    func progressCountsStops(_ liveLine: Bool) async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            await handle.inject(FaultRule(method: "POST", pathPrefix: Self.stopPath(Org.frankSession.id), fault: .status(500), repeats: true))
            let harness = H()
            let (status, _) = await harness.run(Self.options(policy: policy), on: handle, maxRetries: 0, liveProgress: liveLine)
            #expect(status == 1)
            let progress = harness.errors.value
            #expect(progress.contains((liveLine ? "\r" : "") + "apply: 2/2 changes done (100%), 0 failed; session stops 3/3 done, 1 failed\n"))
            if liveLine {
                // Each stop rewrites the line as it ends.
                #expect(progress.contains("; session stops 1/3 done, ") && progress.contains("; session stops 2/3 done, "))
            }

            let without = H()
            try await handle.setSessions(Org.sessions)
            await handle.setRoles(Org.roles)
            #expect(await without.run(Self.options(policy: policy, endSessions: false), on: handle).status == 0)
            #expect(without.errors.value.contains("apply: 2/2 changes done (100%), 0 failed\n"))
            #expect(!without.errors.value.contains("session stops"))
        }
    }

    @Test("a fresh plan's stop answered 400 'not in a stoppable state' is already-ended")
    func alreadyEndedOnStop() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            await handle.inject(FaultRule(method: "POST", pathPrefix: Self.stopPath(Org.aliceSession.id),
                                          fault: .status(400, message: "Session is not in a stoppable state (already expired/cancelled)")))
            let harness = H()
            let (status, failure) = await harness.run(Self.options(policy: policy), on: handle)
            #expect(failure == [] && status == 0)
            #expect(Set(await Self.stops(handle)) == Set(Org.sessionsToStop.map(Self.stopPath)))
            #expect(harness.output.value.contains("Sessions: 2 stopped, 1 already ended, 0 failed, 0 skipped (of 3)."))
        }
    }

    @Test("a saved plan's session that no longer holds the removed resource open is not stopped")
    func ruleGoneSinceThePlan() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            let planPath = try await Self.savedPlan(policy, handle)
            // Frank's PENDING rule on prod-db failed since: his session is still PARTIAL, but holds
            // nothing the plan removes; stopping it would only end his other access.
            var sessions = await handle.sessions()
            let frank = try #require(sessions.firstIndex { $0.id == Org.frankSession.id })
            sessions[frank].resourceIps[0].status = .failed
            try await handle.setSessions(sessions)
            let harness = H()
            let reportPath = H.temporaryPath("report.json")
            let (status, failure) = await harness.run(Self.options(planPath: planPath), reportPath: reportPath, on: handle)
            #expect(failure == [] && status == 0)
            #expect(Set(await Self.stops(handle)) == [Self.stopPath(Org.aliceSession.id), Self.stopPath(Org.bobSession.id)])
            let report = try Self.json(String(contentsOfFile: reportPath, encoding: .utf8))
            let frankStop = Self.results(report, action: "end-session").first { $0["sessionId"] as? String == Org.frankSession.id }
            #expect(frankStop?["status"] as? String == "already-ended" && frankStop?["attempts"] as? Int == 0)
            #expect(await handle.sessions().first { $0.id == Org.frankSession.id }?.status == .partial)
        }
    }

    /// Alice starts a new session on prod-db after the plan was saved.
    static let aliceNew = SimSession(id: Org.session(0x20), userId: Org.alice.id, userEmail: Org.alice.email, startedAt: "2026-12-01T09:00:00Z",
                                     expiresAt: "2099-01-01T09:00:00Z",
                                     resourceIps: [SimResourceIP(id: "aa0e8400-e29b-41d4-a716-446655440f01", resourceId: Org.prodDB,
                                                                 resourceName: "prod-db", status: .applied)])

    @Test("apply --plan re-reads users and sessions; a session started since the plan is not stopped, but warned of and reported")
    func newSessionSinceThePlan() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            let planPath = try await Self.savedPlan(policy, handle)
            try await handle.setSessions(await handle.sessions() + [Self.aliceNew])
            let readBefore = await handle.requestLog().count
            let harness = H()
            let reportPath = H.temporaryPath("report.json")
            let (status, failure) = await harness.run(Self.options(planPath: planPath), reportPath: reportPath, on: handle)
            #expect(failure == [] && status == 0)
            let reads = await handle.requestLog().dropFirst(readBefore).filter { $0.method == "GET" }.map(\.path)
            #expect(reads.contains("/api/v1/users") && reads.contains("/api/v1/sessions/admin"))
            // Exactly the planned stops: the new session keeps running.
            #expect(Set(await Self.stops(handle)) == Set(Org.sessionsToStop.map(Self.stopPath)))
            #expect(await handle.sessions().first { $0.id == Self.aliceNew.id }?.status == .active)
            #expect(harness.errors.value.contains("1 active session(s) not in the saved plan hold open a resource it removes: "
                                                  + "\(Self.aliceNew.id) of alice@acme.example until 2099-01-01T09:00:00Z (prod-db)"))
            #expect(harness.output.value.contains("1 active session not in the saved plan (started since) still holds removed access"))
            let report = try Self.json(String(contentsOfFile: reportPath, encoding: .utf8))
            let unplanned = Self.member(report, "sessionsNotInPlan") as? [[String: Any]]
            #expect(unplanned?.map { $0["id"] as? String } == [Self.aliceNew.id])
            #expect(unplanned?.first?["resourceIds"] as? [String] == [Org.prodDB])
        }
    }

    @Test("apply --plan --dry-run with --end-sessions: a session ended since is not sent, one started since is named, nothing is sent")
    func dryRunOfASavedPlan() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            let planPath = try await Self.savedPlan(policy, handle)
            var sessions = await handle.sessions() + [Self.aliceNew]
            let bob = try #require(sessions.firstIndex { $0.id == Org.bobSession.id })
            sessions[bob].status = .expired
            try await handle.setSessions(sessions)
            var options = Self.options(planPath: planPath)
            options.dryRun = true
            let harness = H()
            let (status, failure) = await harness.run(options, on: handle)
            #expect(failure == [] && status == 0)
            #expect(await H.writes(handle) == [])
            let text = harness.output.value
            #expect(text.contains("Dry run: apply would send 4 requests"))
            #expect(!text.contains("POST   /api/v1/sessions/admin/\(Org.bobSession.id)/stop"))
            #expect(text.contains("not sent: the stop of session \(Org.bobSession.id) of bob@acme.example: it has ended since the plan"))
            #expect(text.contains("not stopped: session \(Self.aliceNew.id) of alice@acme.example"))
            let dryRun = Self.member(try Self.json(harness.document.value), "dryRun")
            #expect(Self.member(dryRun, "endedSinceThePlan") as? [String] == [Org.bobSession.id])
            #expect(Self.member(dryRun, "sessionsNotInPlan") as? [String] == [Self.aliceNew.id])
        }
    }

    @Test("apply --plan without --end-sessions reads no users and no sessions")
    func noRereadWithoutTheFlag() async throws {
        let policy = try Org.policyFile()
        try await EntryGuardSimulator.withRunning(Org.configuration(token: H.token)) { handle in
            let planPath = try await Self.savedPlan(policy, handle)
            let before = await handle.requestLog().count
            let (status, _) = await H().run(Self.options(planPath: planPath, endSessions: false), on: handle)
            #expect(status == 0)
            let paths = await handle.requestLog().dropFirst(before).map(\.path)
            #expect(!paths.contains("/api/v1/sessions/admin") && !paths.contains("/api/v1/users"))
            #expect(paths.contains { $0.hasPrefix("/api/v1/roles/") })
        }
    }
}
