import Foundation
import TestSupport
import Testing

/// `egpolicy schema` and the shell completion scripts, from the built binary.
@Suite("Schema and completions", .timeLimit(.minutes(10)))
struct SchemaAndCompletionTests {
    static let schemaFile = Repository.root + "/schema/egpolicy-policy.schema.json"

    @Test("egpolicy schema prints exactly schema/egpolicy-policy.schema.json, every time")
    func schemaMatchesFile() async throws {
        let first = try await CLI.run(["schema"])
        let second = try await CLI.run(["schema"])
        #expect(first.status == 0 && first.stderr.isEmpty)
        #expect(first.stdout == second.stdout)
        if ProcessInfo.processInfo.environment["EGPOLICY_RECORD_SNAPSHOTS"] == "1" {
            try Data(first.stdout.utf8).write(to: URL(fileURLWithPath: Self.schemaFile))
            return
        }
        let committed = try String(contentsOfFile: Self.schemaFile, encoding: .utf8)
        #expect(first.stdout == committed, "regenerate with: egpolicy schema > schema/egpolicy-policy.schema.json")
        let object = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        #expect(object?["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
    }

    @Test("every example policy file names the schema on its first line, by a path that exists")
    func examplesPointAtSchema() throws {
        let directory = Repository.root + "/examples/policies"
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count == 4)
        for file in files {
            let firstLine = try String(contentsOfFile: directory + "/" + file, encoding: .utf8).split(separator: "\n").first ?? ""
            let prefix = "# yaml-language-server: $schema="
            #expect(firstLine.hasPrefix(prefix), "\(file)")
            let target = URL(fileURLWithPath: directory).appendingPathComponent(String(firstLine.dropFirst(prefix.count))).standardized.path
            #expect(target == URL(fileURLWithPath: Self.schemaFile).standardized.path, "\(file)")
        }
    }

    @Test("completion scripts generate for bash, zsh and fish and know the subcommands and options",
          arguments: ["bash", "zsh", "fish"])
    func completions(shell: String) async throws {
        let result = try await CLI.run(["--generate-completion-script", shell])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        for word in ["validate", "plan", "apply", "drift", "show", "import", "schema", "ca-file", "live-state"] {
            #expect(result.stdout.contains(word), "\(shell) completion lacks \(word)")
        }
    }

    @Test("a missing CA file, from --ca-file or ENTRYGUARD_CA_FILE, is an error before any request")
    func missingCAFile() async throws {
        let policies = "examples/policies"
        let environment = ["ENTRYGUARD_TOKEN": "cli-ca-file-test-token-long-enough"]
        // Port 9 (discard) on loopback: nothing must be contacted; the CA file fails first.
        let flag = try await CLI.run(["plan", policies, "--api-url", "https://127.0.0.1:9/api/v1", "--ca-file", "/nonexistent/ca.pem"],
                                     environment: environment)
        #expect(flag.status == 1)
        #expect(flag.stderr == "error: cannot read CA file '/nonexistent/ca.pem': no such file\n")
        let variable = try await CLI.run(["plan", policies, "--api-url", "https://127.0.0.1:9/api/v1"],
                                         environment: environment.merging(["ENTRYGUARD_CA_FILE": "/nonexistent/env.pem"]) { $1 })
        #expect(variable.status == 1)
        #expect(variable.stderr == "error: cannot read CA file '/nonexistent/env.pem': no such file\n")
    }
}
