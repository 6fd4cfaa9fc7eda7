import EntryGuardSimulator
import Foundation
import Testing
import TestSupport

/// The binary against the simulator's `SessionOrganization`: people and sessions in plan, drift and
/// `apply --end-sessions`.
@Suite("egpolicy with sessions", .timeLimit(.minutes(10)))
struct SessionCommandTests {
    typealias Org = SessionOrganization
    static let token = "eg-secret-session-token-0c4f"

    static func withSimulator<T: Sendable>(_ body: (SimulatorHandle, String) async throws -> T) async throws -> T {
        let policy = try Org.policyFile()
        return try await EntryGuardSimulator.withRunning(Org.configuration(token: token)) { handle in try await body(handle, policy) }
    }

    @Test("plan --format markdown starts with a verdict naming people by email; drift writes the sessions metric")
    func planAndDrift() async throws {
        try await Self.withSimulator { handle, policy in
            let markdown = try await CLI.run(["plan", policy, "--api-url", handle.baseURL, "--format", "markdown"],
                                             environment: ["ENTRYGUARD_TOKEN": Self.token])
            #expect(markdown.status == 0, "\(markdown.stderr)")
            let lines = markdown.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == "<!-- egpolicy:plan -->")
            #expect(lines.dropFirst().first?.hasPrefix("**egpolicy plan: 2 removals in 2 roles.** 4 people lose access (alice@acme.example") == true)
            let metrics = Scratch.root.appendingPathComponent("egpolicy-\(UUID().uuidString).prom").path
            let drift = try await CLI.run(["drift", policy, "--api-url", handle.baseURL, "--metrics-file", metrics],
                                          environment: ["ENTRYGUARD_TOKEN": Self.token])
            #expect(drift.status == 2)
            #expect(drift.stdout.contains("3 active sessions of managed roles' users hold access the policy does not grant:"))
            #expect(try String(contentsOfFile: metrics, encoding: .utf8).contains("egpolicy_sessions_outliving_policy 3\n"))
            for output in [markdown.stdout, markdown.stderr, drift.stdout, drift.stderr] { #expect(!output.contains(Self.token)) }
        }
    }

    @Test("apply --end-sessions --dry-run lists the stops and sends none; apply --end-sessions stops them; drift then counts 0")
    func applyEndSessions() async throws {
        try await Self.withSimulator { handle, policy in
            let environment = ["ENTRYGUARD_TOKEN": Self.token]
            let dryRun = try await CLI.run(["apply", policy, "--api-url", handle.baseURL, "--end-sessions", "--dry-run"], environment: environment)
            #expect(dryRun.status == 0, "\(dryRun.stderr)")
            #expect(dryRun.stdout.contains("/api/v1/sessions/admin/\(Org.frankSession.id)/stop"))
            #expect(await handle.requestLog().allSatisfy { $0.method == "GET" })

            let report = Scratch.root.appendingPathComponent("egpolicy-\(UUID().uuidString).json").path
            let apply = try await CLI.run(["apply", policy, "--api-url", handle.baseURL, "--end-sessions", "--auto-approve", "--report", report],
                                          environment: environment)
            #expect(apply.status == 0, "\(apply.stderr)")
            #expect(apply.stdout.contains("Sessions: 3 stopped, 0 already ended, 0 failed, 0 skipped (of 3)."))
            let stops = await handle.requestLog().filter { $0.method == "POST" }.map(\.path)
            #expect(stops.sorted() == Org.sessionsToStop.map { "/api/v1/sessions/admin/\($0)/stop" }.sorted())

            let metrics = Scratch.root.appendingPathComponent("egpolicy-\(UUID().uuidString).prom").path
            let drift = try await CLI.run(["drift", policy, "--api-url", handle.baseURL, "--metrics-file", metrics], environment: environment)
            #expect(drift.status == 0)
            #expect(try String(contentsOfFile: metrics, encoding: .utf8).contains("egpolicy_sessions_outliving_policy 0\n"))
        }
    }

    @Test("apply --format json refused by the safety valve lists every planned stop as skipped, in stdout and in --report")
    func refusedJSONListsStops() async throws {
        try await Self.withSimulator { handle, policy in
            let report = Scratch.root.appendingPathComponent("egpolicy-\(UUID().uuidString).json").path
            let apply = try await CLI.run(["apply", policy, "--api-url", handle.baseURL, "--end-sessions", "--auto-approve", "--max-unassign", "1",
                                           "--format", "json", "--report", report], environment: ["ENTRYGUARD_TOKEN": Self.token])
            #expect(apply.status == 1)
            #expect(await handle.requestLog().allSatisfy { $0.method == "GET" })
            let document = try JSONSerialization.jsonObject(with: Data(apply.stdout.utf8)) as? [String: Any]
            let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
            for report in [document?["report"] as? [String: Any], file] {
                let stops = (report?["results"] as? [[String: Any]] ?? []).filter { $0["action"] as? String == "end-session" }
                #expect(Set(stops.compactMap { $0["sessionId"] as? String }) == Org.sessionsToStop)
                #expect(stops.allSatisfy { $0["status"] as? String == "skipped" })
                #expect(report?["stoppedBecause"] as? String != nil)
            }
            #expect(!apply.stdout.contains(Self.token) && !apply.stderr.contains(Self.token))
        }
    }

    @Test("apply --plan --end-sessions warns on stderr of a session started since the plan, and does not stop it")
    func savedPlanWarnsOfNewSession() async throws {
        try await Self.withSimulator { handle, policy in
            let environment = ["ENTRYGUARD_TOKEN": Self.token]
            let planPath = Scratch.root.appendingPathComponent("egpolicy-\(UUID().uuidString).json").path
            let plan = try await CLI.run(["plan", policy, "--api-url", handle.baseURL, "--out", planPath], environment: environment)
            #expect(plan.status == 0, "\(plan.stderr)")
            let newSession = SimSession(id: Org.session(0x21), userId: Org.bob.id, userEmail: Org.bob.email, startedAt: "2026-12-01T09:00:00Z",
                                        expiresAt: "2099-01-01T09:00:00Z",
                                        resourceIps: [SimResourceIP(id: "aa0e8400-e29b-41d4-a716-446655440f02", resourceId: Org.prodDB)])
            try await handle.setSessions(await handle.sessions() + [newSession])
            let apply = try await CLI.run(["apply", "--plan", planPath, "--api-url", handle.baseURL, "--end-sessions"], environment: environment)
            #expect(apply.status == 0, "\(apply.stderr)")
            #expect(apply.stderr.contains("1 active session(s) not in the saved plan hold open a resource it removes: \(newSession.id) of bob@acme.example"))
            let stops = await handle.requestLog().filter { $0.method == "POST" }.map(\.path)
            #expect(stops.sorted() == Org.sessionsToStop.map { "/api/v1/sessions/admin/\($0)/stop" }.sorted())
            #expect(await handle.sessions().first { $0.id == newSession.id }?.status == .active)
        }
    }
}
