import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// What the one pipeline prints: `apply --format json` is one document, and text from the API is
/// escaped where it is printed.
@Suite("apply's JSON document and escaping at the sink", .timeLimit(.minutes(10)))
struct PipelineOutputTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "stdout: \(text)")
    }

    /// `jq .` when the machine has it; the check that matters (one document, nothing after it) is
    /// JSONSerialization's, which refuses trailing text.
    static func jqAccepts(_ text: String) throws -> Bool? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/jq") else { return nil }
        let input = try CLI.temporaryFile("apply.json", contents: text)
        let jq = Process()
        jq.executableURL = URL(fileURLWithPath: "/usr/bin/jq")
        jq.arguments = [".", input]
        jq.standardOutput = FileHandle.nullDevice
        jq.standardError = FileHandle.nullDevice
        try jq.run()
        jq.waitUntilExit()
        return jq.terminationStatus == 0
    }

    @Test("apply --format json --auto-approve prints one JSON document: the plan and the report; jq reads it")
    func applyJSONIsOneDocument() async throws {
        try await APICommandTests.withSimulator { handle in
            let result = try await CLI.run(["apply", "examples/policies", "--api-url", handle.baseURL, "--auto-approve", "--format", "json"],
                                           environment: ["ENTRYGUARD_TOKEN": APICommandTests.token])
            #expect(result.status == 0, "\(result.stderr)")
            let document = try Self.object(result.stdout)
            let plan = try #require(document["plan"] as? [String: Any])
            let report = try #require(document["report"] as? [String: Any])
            #expect((plan["changes"] as? [Any])?.count == 6)
            #expect((report["summary"] as? [String: Any])?["applied"] as? Int == 6)
            #expect(document["exitStatus"] as? Int == 0)
            #expect(document["dryRun"] == nil)
            #expect(!result.stdout.contains("Apply: "))
            if let accepted = try Self.jqAccepts(result.stdout) { #expect(accepted) }
        }
    }

    @Test("apply --format json --dry-run: the requests and the verdict in the same document, no report")
    func dryRunJSON() async throws {
        try await APICommandTests.withSimulator { handle in
            let result = try await CLI.run(["apply", "examples/policies", "--api-url", handle.baseURL, "--dry-run", "--format", "json"],
                                           environment: ["ENTRYGUARD_TOKEN": APICommandTests.token])
            #expect(result.status == 0, "\(result.stderr)")
            let document = try Self.object(result.stdout)
            let dryRun = try #require(document["dryRun"] as? [String: Any])
            #expect(dryRun["wouldProceed"] as? Bool == true)
            #expect((dryRun["requests"] as? [[String: Any]])?.allSatisfy { $0["method"] as? String == "DELETE" } == true)
            #expect(document["report"] is NSNull)
            #expect(await handle.requestLog().allSatisfy { $0.method == "GET" })
        }
    }

    @Test("apply --format json stopped before any change (the safety valve): the plan, every change skipped, exit 1")
    func refusedJSON() async throws {
        try await APICommandTests.withSimulator { handle in
            let result = try await CLI.run(["apply", "examples/policies", "--api-url", handle.baseURL, "--auto-approve", "--max-unassign", "1",
                                            "--format", "json"], environment: ["ENTRYGUARD_TOKEN": APICommandTests.token])
            #expect(result.status == 1)
            #expect(result.stderr.contains("error: refusing to apply: 6 unassignments exceed --max-unassign 1"))
            let document = try Self.object(result.stdout)
            let report = try #require(document["report"] as? [String: Any])
            #expect((report["summary"] as? [String: Any])?["skipped"] as? Int == 6)
            #expect((report["stoppedBecause"] as? String)?.hasPrefix("refusing to apply") == true)
            #expect(document["exitStatus"] as? Int == 1)
            #expect(await handle.requestLog().allSatisfy { $0.method == "GET" })
        }
    }

    @Test("a live role name with control characters, in a role-matching error, reaches stderr escaped")
    func liveNameInMatchingErrorIsEscaped() async throws {
        let directory = Scratch.root.appendingPathComponent("egpolicy-pipe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let live = #"[{"id": "550e8400-e29b-41d4-a716-446655440000", "name": "DevOps\u001bTeam\u0007", "resourceIds": []}]"#
        try Data(live.utf8).write(to: URL(fileURLWithPath: directory + "/live.json"))
        try Data("version: 1\nroles:\n  - name: DevOps Team\n    resources: []\n".utf8).write(to: URL(fileURLWithPath: directory + "/p.yaml"))
        for command in ["plan", "validate"] {
            let result = try await CLI.run([command, directory + "/p.yaml", "--live-state", directory + "/live.json"],
                                           environment: ["GITHUB_ACTIONS": "true"])
            #expect(result.status == 1)
            #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(command): \(result.stderr.debugDescription)")
            #expect(result.stderr.contains(#"did you mean 'DevOps\u{1B}Team\u{7}'?"#), "\(command): \(result.stderr)")
        }
    }
}
