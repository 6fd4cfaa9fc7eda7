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

    /// What bash offers for the last word of `line`, typed in the package root, through the
    /// generated completion script (plain bash: the script needs no bash-completion package).
    static func bashCompletions(_ line: String) async throws -> [String] {
        let script = try await CLI.run(["--generate-completion-script", "bash"]).stdout
        let function = try #require(script.firstMatch(of: /complete -o filenames -F (\S+) egpolicy/)?.output.1)
        let file = try CLI.temporaryFile("egpolicy.bash", contents: script)
        let driver = """
            shopt -s extglob
            source "$1" || exit 3
            cd "$2" || exit 3
            COMP_LINE="$3"; COMP_POINT=${#COMP_LINE}
            read -ra COMP_WORDS <<< "$COMP_LINE"
            [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            COMPREPLY=()
            # As bash calls it: the command, the word being completed, the word before it.
            "$4" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\n' "${COMPREPLY[@]}"
            """
        let bash = try #require(ExternalTool.find("bash"))
        let result = try await ExternalTool.run(bash, ["--norc", "--noprofile", "-c", driver, "bash", file, Repository.root, line, String(function)])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test("bash completes path arguments and options: policy paths, files, saved plans", arguments: [
        ("egpolicy plan examples/pol", ["examples/policies"]),
        ("egpolicy validate examples/policies/pla", ["examples/policies/platform.yaml"]),
        // Policy paths offer directories and YAML files only.
        ("egpolicy plan examples/live", []),
        ("egpolicy plan --base examples/pol", ["examples/policies"]),
        ("egpolicy plan examples/policies --live-state examples/live", ["examples/live-state.json"]),
        ("egpolicy drift --metrics-file examples/live", ["examples/live-state.json"]),
        ("egpolicy show examples/live", ["examples/live-state.json"]),
        ("egpolicy apply --plan examples/live", ["examples/live-state.json"]),
        ("egpolicy plan --ca-file examples/live", ["examples/live-state.json"]),
    ])
    func bashCompletesPaths(line: String, expected: [String]) async throws {
        #expect(try await Self.bashCompletions(line) == expected, "\(line)")
    }

    @Test("every option and argument that takes a file or path completes file names (from --experimental-dump-help)")
    func everyPathCompletes() async throws {
        let dump = try await CLI.run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var checked = 0
        func visit(_ command: [String: Any]) {
            for argument in command["arguments"] as? [[String: Any]] ?? [] where ["file", "path"].contains(argument["valueName"] as? String) {
                let kind = argument["completionKind"] as? [String: Any]
                #expect(kind?["file"] != nil || kind?["directory"] != nil,
                        "\(command["commandName"] ?? "?") \(argument["valueName"] ?? "?") \((argument["names"] as? [[String: Any]])?.first?["name"] ?? "") does not complete files")
                checked += 1
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { visit(sub) }
        }
        visit(try #require(root["command"] as? [String: Any]))
        #expect(checked >= 30)
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
