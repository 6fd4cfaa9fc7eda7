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
            let metrics = FileManager.default.temporaryDirectory.appendingPathComponent("egpolicy-\(UUID().uuidString).prom").path
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

            let report = FileManager.default.temporaryDirectory.appendingPathComponent("egpolicy-\(UUID().uuidString).json").path
            let apply = try await CLI.run(["apply", policy, "--api-url", handle.baseURL, "--end-sessions", "--auto-approve", "--report", report],
                                          environment: environment)
            #expect(apply.status == 0, "\(apply.stderr)")
            #expect(apply.stdout.contains("Sessions: 3 stopped, 0 already ended, 0 failed, 0 skipped (of 3)."))
            let stops = await handle.requestLog().filter { $0.method == "POST" }.map(\.path)
            #expect(stops.sorted() == Org.sessionsToStop.map { "/api/v1/sessions/admin/\($0)/stop" }.sorted())

            let metrics = FileManager.default.temporaryDirectory.appendingPathComponent("egpolicy-\(UUID().uuidString).prom").path
            let drift = try await CLI.run(["drift", policy, "--api-url", handle.baseURL, "--metrics-file", metrics], environment: environment)
            #expect(drift.status == 0)
            #expect(try String(contentsOfFile: metrics, encoding: .utf8).contains("egpolicy_sessions_outliving_policy 0\n"))
        }
    }
}
