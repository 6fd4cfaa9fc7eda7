import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// `egpolicy apply` as a process: approval on a terminal, and SIGTERM in the middle of an apply.
@Suite("egpolicy apply (process)", .timeLimit(.minutes(10)))
struct ApplyCommandTests {
    static let token = "apply-cli-token-5e2d"

    static func simulator(roles: [SimRole]? = nil, latency: Int = 0) throws -> SimulatorConfiguration {
        SimulatorConfiguration(roles: try roles ?? Repository.exampleRoles(), adminTokens: [token], latencyMilliseconds: latency)
    }

    static func writes(_ handle: SimulatorHandle) async -> Int {
        await handle.requestLog().count { $0.method == "DELETE" || $0.method == "POST" }
    }

    @Test("no terminal and no --auto-approve: refused before any change; on a terminal only 'yes' proceeds")
    func approval() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let args = ["apply", "examples/policies", "--api-url", handle.baseURL]
            let env = ["ENTRYGUARD_TOKEN": Self.token]
            let refused = try await CLI.run(args, environment: env)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("apply needs --auto-approve when not run from a terminal"))
            let declined = try await CLI.run(args, environment: env, inTerminal: true, input: "no\n")
            #expect(declined.status == 1)
            #expect(declined.stdout.contains("Apply these 6 changes? Only 'yes' is accepted:"))
            #expect(declined.stdout.contains("Apply cancelled: nothing was changed."))
            #expect(await Self.writes(handle) == 0)
            let accepted = try await CLI.run(args, environment: env, inTerminal: true, input: "yes\n")
            #expect(accepted.status == 0)
            #expect(accepted.stdout.contains("Apply: 6 applied"))
            #expect(await Self.writes(handle) == 6)
        }
    }

    @Test("SIGTERM mid-apply: nothing new starts, in-flight requests finish, the report is written, exit non-zero")
    func sigterm() async throws {
        var yaml = "version: 1\nroles:\n"
        var roles: [SimRole] = []
        for r in 0..<5 {
            let id = String(format: "550e8400-e29b-41d4-a716-%012x", 0x2000 + r)
            yaml += "  - id: \(id)\n    resources: []\n"
            roles.append(SimRole(id: id, name: "team-\(r)", resourceIds: (0..<4).map { String(format: "660e8400-e29b-41d4-a716-%012x", 0x2000 + r * 4 + $0) }))
        }
        let policy = try CLI.temporaryFile("all-empty.yaml", contents: yaml)
        let report = try CLI.temporaryFile("report.json", contents: "")
        try await EntryGuardSimulator.withRunning(try Self.simulator(roles: roles, latency: 150)) { handle in
            let output = try CLI.temporaryFile("output.txt", contents: "")
            let (process, exits, input) = try CLI.start(
                ["apply", policy, "--api-url", handle.baseURL, "--auto-approve", "--force", "--concurrency", "2", "--report", report],
                terminal: false, output: output, environment: ["ENTRYGUARD_TOKEN": Self.token])
            defer { try? input.close() }
            try await Wait.until("the first DELETE", alive: { process.isRunning }) {
                await handle.requestLog().contains { $0.method == "DELETE" }
            }
            kill(process.processIdentifier, SIGTERM)
            var status: Int32 = -1
            for await code in exits { status = code }
            #expect(status == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
            let summary = try #require(object["summary"] as? [String: Any])
            let deletes = await handle.requestLog().count { $0.method == "DELETE" }
            #expect(object["stoppedBecause"] as? String == "interrupted by SIGTERM")
            #expect(summary["applied"] as? Int == deletes)
            #expect(summary["skipped"] as? Int == 20 - deletes)
            #expect(summary["failed"] as? Int == 0)
            #expect(deletes < 20)
        }
    }
}
