import Foundation
import TestSupport
import Testing

/// `drift`, its metrics file, and the GitHub Actions output (README, "drift", README, "CI").
@Suite("drift and CI output", .timeLimit(.minutes(10)))
struct DriftAndCITests {
    static let example = ["examples/policies", "--live-state", "examples/live-state.json"]

    static func scratch() throws -> String {
        let path = Scratch.root.appendingPathComponent("egpolicy-ci-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The metrics file without its timestamp and duration samples, which change every run, and those two.
    static func metrics(_ path: String) throws -> (body: String, timestamp: Int?, duration: Double?) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let (stamp, duration) = ("egpolicy_last_run_timestamp_seconds ", "egpolicy_run_duration_seconds ")
        func sample(_ prefix: String) -> Substring? { lines.first { $0.hasPrefix(prefix) }.map { $0.dropFirst(prefix.count) } }
        return (lines.filter { !$0.hasPrefix(stamp) && !$0.hasPrefix(duration) }.joined(separator: "\n"),
                sample(stamp).flatMap { Int($0) }, sample(duration).flatMap { Double($0) })
    }

    @Test("drift exits 2 on drift and writes the metrics; the file holds exactly the contract's series")
    func driftMetrics() async throws {
        let directory = try Self.scratch()
        let file = directory + "/egpolicy.prom"
        let before = Int(Date().timeIntervalSince1970)
        let launched = ContinuousClock.now
        let result = try await CLI.run(["drift"] + Self.example + ["--metrics-file", file])
        let wall = (ContinuousClock.now - launched) / .seconds(1)
        #expect(result.status == 2)
        let (body, stamp, duration) = try Self.metrics(file)
        // In seconds: measured inside the process, so no more than the time from before its launch
        // to after its exit (in milliseconds it would be ~1,000 times that).
        let seconds = try #require(duration)
        #expect(seconds >= 0 && seconds <= wall, "duration \(seconds) against \(wall) s from launch to exit")
        let commit = try await CLI.buildCommit()
        #expect(body == """
            # HELP egpolicy_build_info The egpolicy binary that wrote these metrics; always 1.
            # TYPE egpolicy_build_info gauge
            egpolicy_build_info{version="0.1.0",commit="\(commit)"} 1
            # HELP egpolicy_drift_bindings Bindings of managed roles that differ from the policy, by direction.
            # TYPE egpolicy_drift_bindings gauge
            egpolicy_drift_bindings{direction="unassign"} 6
            egpolicy_drift_bindings{direction="missing"} 1
            # HELP egpolicy_drift_roles Managed roles whose live bindings differ from the policy.
            # TYPE egpolicy_drift_roles gauge
            egpolicy_drift_roles 5
            # HELP egpolicy_roles_managed Roles the policy declares.
            # TYPE egpolicy_roles_managed gauge
            egpolicy_roles_managed 6
            # HELP egpolicy_last_run_success 1 when the last drift check completed, 0 when it failed.
            # TYPE egpolicy_last_run_success gauge
            egpolicy_last_run_success 1
            # HELP egpolicy_last_run_timestamp_seconds When the last drift check ran, in seconds since the Unix epoch.
            # TYPE egpolicy_last_run_timestamp_seconds gauge
            # HELP egpolicy_run_duration_seconds How long the last drift check took, reading the policy and the live state included.
            # TYPE egpolicy_run_duration_seconds gauge

            """)
        #expect((stamp ?? 0) >= before)
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["egpolicy.prom"])
    }

    @Test("drift exits 0 in sync; on error it exits 1 and still writes the file, with success 0")
    func driftInSyncAndError() async throws {
        let directory = try Self.scratch()
        let file = directory + "/m.prom"
        let imported = try await CLI.run(["import", "--live-state", "examples/live-state.json"])
        let policy = directory + "/all.yaml"
        try Data(imported.stdout.utf8).write(to: URL(fileURLWithPath: policy))
        let inSync = try await CLI.run(["drift", policy, "--live-state", "examples/live-state.json", "--metrics-file", file])
        #expect(inSync.status == 0)
        #expect(try Self.metrics(file).body.contains("egpolicy_drift_bindings{direction=\"unassign\"} 0\n"))

        let broken = directory + "/broken.yaml"
        try Data("version: 1\nroles: {}\n".utf8).write(to: URL(fileURLWithPath: broken))
        let failed = try await CLI.run(["drift", broken, "--live-state", "examples/live-state.json", "--metrics-file", file])
        #expect(failed.status == 1)
        let body = try Self.metrics(file).body
        #expect(body.contains("egpolicy_last_run_success 0\n"))
        #expect(!body.contains("egpolicy_drift_bindings"))
    }

    @Test("in GitHub Actions: annotations for diagnostics and drifted roles, the plan appended to the step summary")
    func gitHubActions() async throws {
        let directory = try Self.scratch()
        let summary = directory + "/summary.md"
        try Data("previous step\n".utf8).write(to: URL(fileURLWithPath: summary))
        let env = ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary]
        let result = try await CLI.run(["plan"] + Self.example + ["--format", "json"], environment: env)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("{"))   // stdout stays JSON
        #expect(result.stderr.contains("::warning file=examples/policies/data.yaml,line=13::role 'Analytics' differs from the policy: 1 to unassign\n"))
        #expect(result.stderr.contains("::warning file=examples/policies/data.yaml,line=5::role 'Data Engineering' differs from the policy: 1 to unassign, 1 missing"))
        #expect(result.stderr.components(separatedBy: "::warning").count - 1 == 5)
        let written = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(written.hasPrefix("previous step\n<!-- egpolicy:plan -->\n"))

        let bad = directory + "/bad.yaml"
        try Data("version: 1\nroles:\n  - name: A\n    resourcez: []\n".utf8).write(to: URL(fileURLWithPath: bad))
        let invalid = try await CLI.run(["validate", bad], environment: env)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("::error file=\(bad),line=4,col=5::unknown key 'resourcez' in a role; did you mean 'resources'?"))
        #expect(invalid.stderr.contains("::error file=\(bad),line=3,col=5::role 'A' has no 'resources'"))
        // Outside GitHub Actions: no workflow commands.
        #expect(!(try await CLI.run(["validate", bad]).stderr.contains("::error")))
    }

    @Test("plan --base tells the change's own differences from drift already there")
    func base() async throws {
        let directory = try Self.scratch()
        for name in ["resources.yaml", "platform.yaml", "data.yaml", "security.yaml"] {
            var text = try String(contentsOfFile: Repository.root + "/examples/policies/" + name, encoding: .utf8)
            // The base (main) still lets DevOps Team hold prod-db; the change removes that.
            if name == "platform.yaml" { text = text.replacingOccurrences(of: "      - grafana\n\n", with: "      - grafana\n      - prod-db\n\n") }
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        let result = try await CLI.run(["plan"] + Self.example + ["--base", directory])
        #expect(result.status == 0)
        #expect(result.stdout.contains("1 introduced by this change, 6 already present without it, 0 resolved by it."))
        #expect(result.stdout.contains("  introduced: unassign 660e8400-e29b-41d4-a716-446655440002 (prod-db) from 'DevOps Team'\n"))
        let json = try await CLI.run(["plan"] + Self.example + ["--base", directory, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let base = try #require(object["base"] as? [String: Any])
        #expect((base["introduced"] as? [[String: Any]])?.count == 1)
        #expect((base["preExisting"] as? [[String: Any]])?.count == 6)
        // The reverse: seen from the base, the change resolves that drift.
        let reverse = try await CLI.run(["plan", directory, "--live-state", "examples/live-state.json", "--base", "examples/policies"])
        #expect(reverse.stdout.contains("0 introduced by this change, 6 already present without it, 1 resolved by it."))
    }
}
