import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// Issue 10, item 11: SIGINT and SIGTERM end `egpolicy apply` before its first change, both while
/// the live roles are read (retries under way) and while it waits at the prompt.
@Suite("egpolicy apply interrupted before the first change (process)", .timeLimit(.minutes(10)))
struct InterruptTests {
    static func simulator(errorRate: Double = 0) throws -> SimulatorConfiguration {
        SimulatorConfiguration(roles: try Repository.exampleRoles(), adminTokens: [ApplyCommandTests.token], errorRate: errorRate)
    }

    /// The egpolicy process itself: the child of `script` in a terminal.
    static func egpolicyPID(_ process: Process, terminal: Bool) async throws -> pid_t {
        guard terminal else { return process.processIdentifier }
        for _ in 0..<500 {
            let pgrep = Process()
            pgrep.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
            pgrep.arguments = ["-P", "\(process.processIdentifier)"]
            let pipe = Pipe()
            pgrep.standardOutput = pipe
            try pgrep.run()
            pgrep.waitUntilExit()
            if let pid = pid_t(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CocoaError(.fileNoSuchFile)
    }

    @Test("SIGTERM while GET /roles is being retried: exit 1 at once, nothing changed, the report says why")
    func whileReading() async throws {
        let report = try CLI.temporaryFile("report.json", contents: "")
        let output = try CLI.temporaryFile("output.txt", contents: "")
        try await EntryGuardSimulator.withRunning(try Self.simulator(errorRate: 1)) { handle in
            let (process, exits, input) = try CLI.start(
                ["apply", "examples/policies", "--api-url", handle.baseURL, "--auto-approve", "--max-retries", "8", "--report", report],
                terminal: false, output: output, environment: ["ENTRYGUARD_TOKEN": ApplyCommandTests.token])
            defer { try? input.close() }
            try await Wait.until("two GET /roles", alive: { process.isRunning }) {
                await handle.requestLog().count { $0.path == "/api/v1/roles" } >= 2
            }
            kill(process.processIdentifier, SIGTERM)
            var status: Int32 = -1
            for await code in exits { status = code }
            #expect(status == 1)
            let printed = try String(contentsOfFile: output, encoding: .utf8)
            #expect(printed.contains("error: interrupted by SIGTERM before the first change: nothing was changed"))
            #expect(await handle.requestLog().count(where: { $0.path == "/api/v1/roles" }) < 9)
            #expect(try String(contentsOfFile: report, encoding: .utf8).contains("\"stoppedBecause\": \"interrupted by SIGTERM before the first change"))
            #expect(await handle.requestLog().allSatisfy { $0.method == "GET" })
        }
    }

    @Test("SIGINT while the prompt waits for an answer: exit 1, nothing changed")
    func atThePrompt() async throws {
        let output = try CLI.temporaryFile("output.txt", contents: "")
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let (process, exits, input) = try CLI.start(["apply", "examples/policies", "--api-url", handle.baseURL],
                                                          terminal: true, output: output, environment: ["ENTRYGUARD_TOKEN": ApplyCommandTests.token])
            defer { try? input.close() }
            try await Wait.until("the prompt", alive: { process.isRunning }) {
                try String(contentsOfFile: output, encoding: .utf8).contains("Only 'yes' is accepted")
            }
            kill(try await Self.egpolicyPID(process, terminal: true), SIGINT)
            var status: Int32 = -1
            for await code in exits { status = code }
            #expect(status == 1)
            let printed = try String(contentsOfFile: output, encoding: .utf8)
            #expect(printed.contains("interrupted by SIGINT before the first change: nothing was changed"), "\(printed)")
            #expect(await handle.requestLog().allSatisfy { $0.method == "GET" })
        }
    }
}
