import Foundation
import TestSupport
import Testing

/// Paths and names reach stderr and GitHub annotations escaped (issue 10, items 8 and 13): a file
/// name cannot start a workflow command, and invisible characters are shown.
@Suite("escaping of paths and names in diagnostics", .timeLimit(.minutes(10)))
struct OutputEscapingTests {
    static func scratch() throws -> String {
        let path = Scratch.root.appendingPathComponent("egpolicy-escape-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("a file name with a newline and a terminal escape cannot inject a workflow command")
    func pathInjection() async throws {
        let directory = try Self.scratch()
        let name = "team\n::error file=injected.yaml::pwned\u{1B}[2J.yaml"
        try Data("version: 2\nroles: []\n".utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        let result = try await CLI.run(["validate", directory], environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!lines.contains { $0.hasPrefix("::error file=injected") })
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(lines.contains { $0.hasPrefix(#"\#(directory)/team\n::error file=injected.yaml::pwned\u{1B}[2J.yaml:1:"#) && $0.contains(": error: ") })
        #expect(lines.contains { $0.hasPrefix("::error file=") && $0.contains(#"/team\n%3A%3Aerror file=injected.yaml%3A%3Apwned\u{1B}[2J.yaml,line=1,col="#) })
    }

    @Test("a suggestion that differs by a zero-width space shows it escaped")
    func invisibleSuggestion() async throws {
        let directory = try Self.scratch()
        let live = #"[{"id": "550e8400-e29b-41d4-a716-446655440000", "name": "DevOps\u200bTeam", "resourceIds": []}]"#
        try Data(live.utf8).write(to: URL(fileURLWithPath: directory + "/live.json"))
        try Data("version: 1\nroles:\n  - name: \"DevOps\\u202ETeam\"\n    resources: []\n".utf8)
            .write(to: URL(fileURLWithPath: directory + "/p.yaml"))
        let result = try await CLI.run(["validate", directory + "/p.yaml", "--live-state", directory + "/live.json"],
                                       environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(#"error: no live role is named 'DevOps\u{202E}Team'; did you mean 'DevOps\u{200B}Team'?"#))
        #expect(!result.stderr.unicodeScalars.contains { $0.properties.generalCategory == .format })
    }
}
