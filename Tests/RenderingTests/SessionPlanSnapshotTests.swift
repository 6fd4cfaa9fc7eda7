import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import Rendering
import TestSupport
import Testing

/// `SessionOrganization` planned over real HTTP with a fixed clock, rendered in every format that
/// shows people and sessions.
@Suite("Session plan golden files", .timeLimit(.minutes(10)))
struct SessionPlanSnapshotTests {
    typealias Org = SessionOrganization
    static let token = "snapshot-admin-token-5e55"
    static let apiURL = "http://127.0.0.1:8080/api/v1"

    /// The plan with the simulator's port and the temporary policy path replaced by fixed ones.
    static func sessionPlan() async throws -> Plan {
        let policy = try Org.policyFile()
        return try await EntryGuardSimulator.withRunning(Org.configuration(token: token)) { handle in
            let access = LiveAccess(apiURL: handle.baseURL, environment: ["ENTRYGUARD_TOKEN": token], requestTimeout: .seconds(30))
            var plan = try await Planner(now: { ExamplePlanSnapshotTests.fixedNow }).plan(PlanRequest(paths: [policy]), access: access).plan
            plan.apiUrl = apiURL
            plan.roles = plan.roles.map { role in
                var role = role
                role.source.path = "policies/sessions.yaml"
                return role
            }
            return plan
        }
    }

    /// An apply of that plan: the DBAs removal applied, the DevOps one failed; bob's session stopped,
    /// alice's already ended, frank's skipped.
    static func report(_ plan: Plan, endSessions: Bool) -> ApplyReport {
        let results = [ChangeResult(change: plan.changes[0], status: .applied, attempts: 1),
                       ChangeResult(change: plan.changes[1], status: .applied, attempts: 2)]
        guard endSessions else { return ApplyReport(results: results) }
        let stops = SessionStop.planned(plan.changes)
        let statuses: [String: StopStatus] = [Org.bobSession.id: .applied, Org.aliceSession.id: .alreadyEnded, Org.frankSession.id: .failed]
        return ApplyReport(results: results, stops: stops.map { stop in
            let status = statuses[stop.session.id.rawValue] ?? .skipped
            return StopResult(stop: stop, status: status, attempts: 1,
                              error: status == .failed ? "POST /api/v1/sessions/admin/\(stop.session.id)/stop: HTTP 500 Internal Server Error" : nil)
        })
    }

    @Test("text, Markdown and JSON")
    func plan() async throws {
        let plan = try await Self.sessionPlan()
        try Snapshot.assertMatches(PlanText.render(plan), named: "sessions-plan.txt")
        try Snapshot.assertMatches(PlanMarkdown.render(plan), named: "sessions-plan.md")
        try Snapshot.assertMatches(PlanJSON.render(plan), named: "sessions-plan.json")
    }

    @Test("a saved plan with sessions reads back equal")
    func roundTrip() async throws {
        let plan = try await Self.sessionPlan()
        let path = Scratch.root.appendingPathComponent("egpolicy-plan-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SavedPlan.write(plan, to: path)
        #expect(try SavedPlan.read(from: path) == plan)
    }

    @Test("dry run with --end-sessions, text and JSON")
    func dryRun() async throws {
        let plan = try await Self.sessionPlan()
        let ending = ApplyEnding.dryRun(refusal: nil, basePath: "/api/v1", endSessions: true)
        try Snapshot.assertMatches(ApplyRendering.text(ending, plan: plan), named: "sessions-dry-run.txt")
        try Snapshot.assertMatches(ApplyRendering.json(ending, plan: plan), named: "sessions-dry-run.json")
    }

    @Test("apply summary and report, with and without --end-sessions")
    func applySummary() async throws {
        let plan = try await Self.sessionPlan()
        let with = ApplyEnding.executed(Self.report(plan, endSessions: true))
        let without = ApplyEnding.executed(Self.report(plan, endSessions: false))
        try Snapshot.assertMatches(ApplyRendering.text(with, plan: plan) + "---\n" + ApplyRendering.text(without, plan: plan),
                                   named: "sessions-apply-summary.txt")
        try Snapshot.assertMatches(ApplyReportRendering.json(Self.report(plan, endSessions: true)), named: "sessions-apply-report.json")
    }

    @Test("apply refused or cancelled before any change with --end-sessions: the stops are listed skipped")
    func untouched() async throws {
        let plan = try await Self.sessionPlan()
        let stopped = ApplyEnding.stopped(reason: "plan is stale, make a new one", endSessions: true)
        try Snapshot.assertMatches(ApplyRendering.text(stopped, plan: plan) + "---\n"
                                       + ApplyRendering.text(.cancelled(endSessions: true), plan: plan),
                                   named: "sessions-apply-untouched.txt")
        try Snapshot.assertMatches(ApplyRendering.json(stopped, plan: plan), named: "sessions-apply-untouched.json")
    }

    @Test("a saved plan's sessions read again: the dry run and the report")
    func recheck() async throws {
        let plan = try await Self.sessionPlan()
        let newSession = OutlivingSession(id: try #require(SessionID(Org.session(0x20))), userId: Org.alice.id, email: Org.alice.email,
                                          expiresAt: "2099-01-01T09:00:00Z", resourceIds: [try #require(ResourceID(Org.prodDB))])
        let sessions = SessionRecheck(ended: [try #require(SessionID(Org.bobSession.id))], unplanned: [newSession])
        let ending = ApplyEnding.dryRun(refusal: nil, basePath: "/api/v1", endSessions: true, sessions: sessions)
        var report = Self.report(plan, endSessions: true)
        report.unplannedSessions = [newSession]
        try Snapshot.assertMatches(ApplyRendering.text(ending, plan: plan) + "---\n" + ApplyRendering.text(.executed(report), plan: plan),
                                   named: "sessions-recheck.txt")
        try Snapshot.assertMatches(ApplyRendering.json(ending, plan: plan) + ApplyReportRendering.json(report), named: "sessions-recheck.json")
    }

    @Test("drift metrics count the sessions outliving the policy")
    func driftMetrics() async throws {
        let plan = try await Self.sessionPlan()
        let metrics = DriftMetrics.render(plan, timestamp: 1_795_341_600,
                                         build: DriftMetrics.Build(version: "0.1.0", commit: "unknown"), duration: 3)
        try Snapshot.assertMatches(metrics, named: "sessions-drift.prom")
        #expect(metrics.contains("egpolicy_sessions_outliving_policy 3\n"))
    }
}
