import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// `kill -9` in the middle of an apply: nothing is left half-done that a second apply cannot finish.
@Suite("crash recovery", .timeLimit(.minutes(2)))
struct CrashRecoveryTests {
    static let token = "crash-recovery-token-2f9e61b0"

    /// 8 managed roles of 6 resources each: the policy keeps 2 of them and adds 1 the role lacks (so
    /// apply sends 4 DELETEs and, with --assign-missing, 1 POST per role); 2 roles the policy does not
    /// manage.
    static func scenario() throws -> (policy: String, roles: [SimRole], desired: [String: Set<String>]) {
        func resource(_ n: Int) -> String { String(format: "660e8400-e29b-41d4-a716-%012x", 0x3000 + n) }
        var yaml = "version: 1\nroles:\n"
        var roles: [SimRole] = []
        var desired: [String: Set<String>] = [:]
        for r in 0..<10 {
            let id = String(format: "550e8400-e29b-41d4-a716-%012x", 0x3000 + r)
            // The last unmanaged role holds the resources the policy adds, so the simulator's catalog knows them.
            let held = r == 9 ? (0..<8).map { resource($0 * 10 + 9) } : (0..<6).map { resource(r * 10 + $0) }
            roles.append(SimRole(id: id, name: "crash-team-\(r)", resourceIds: held))
            guard r < 8 else { continue }
            let wanted = [held[0], held[1], resource(r * 10 + 9)]
            desired[id] = Set(wanted)
            yaml += "  - id: \(id)\n    resources:\n" + wanted.map { "      - \($0)\n" }.joined()
        }
        return (try CLI.temporaryFile("crash.yaml", contents: yaml), roles, desired)
    }

    @Test("kill -9 after some DELETEs; a second apply converges to the policy; a third plan shows no change")
    func killedMidApply() async throws {
        let (policy, roles, desired) = try Self.scenario()
        let configuration = SimulatorConfiguration(roles: roles, adminTokens: [Self.token], latencyMilliseconds: 100)
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            let arguments = ["apply", policy, "--api-url", handle.baseURL, "--auto-approve", "--force", "--assign-missing", "--concurrency", "2"]
            let process = CLI.process(arguments, terminal: false, environment: ["ENTRYGUARD_TOKEN": Self.token],
                                      configHome: Scratch.root.appendingPathComponent("egpolicy-config-\(UUID().uuidString)").path)
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let (exits, exited) = AsyncStream.makeStream(of: (Process.TerminationReason, Int32).self)
            process.terminationHandler = { exited.yield(($0.terminationReason, $0.terminationStatus)); exited.finish() }
            try process.run()
            CLI.watch(process)
            try await Wait.until("three DELETEs", interval: .milliseconds(5), alive: { process.isRunning }) {
                await handle.requestLog().count { $0.method == "DELETE" } >= 3
            }
            kill(process.processIdentifier, SIGKILL)
            var ending: (Process.TerminationReason, Int32)?
            for await value in exits { ending = value }
            #expect(ending?.0 == .uncaughtSignal && ending?.1 == SIGKILL)

            // The crash came mid-apply: some changes were made, not all (8 roles x 5 changes).
            let writesBefore = await handle.requestLog().count { $0.method == "DELETE" || $0.method == "POST" }
            #expect(writesBefore >= 3 && writesBefore < 40)

            let second = try await CLI.run(arguments, environment: ["ENTRYGUARD_TOKEN": Self.token])
            #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
            for role in await handle.roles() {
                let held = Set(role.resourceIds.map { $0.lowercased() })
                if let wanted = desired[role.id.lowercased()] {
                    #expect(held == wanted, "\(role.name)")
                } else {
                    #expect(role == roles.first { $0.id == role.id }, "\(role.name) is not managed and must be untouched")
                }
            }
            let third = try await CLI.run(["plan", policy, "--api-url", handle.baseURL, "--detailed-exitcode"],
                                          environment: ["ENTRYGUARD_TOKEN": Self.token])
            #expect(third.status == 0)
            #expect(third.stdout.hasPrefix("No changes."))
        }
    }
}
