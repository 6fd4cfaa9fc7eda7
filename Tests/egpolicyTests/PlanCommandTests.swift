import Foundation
import TestSupport
import Testing

@Suite("egpolicy plan, validate, show (offline)", .timeLimit(.minutes(10)))
struct PlanCommandTests {
    static let example = ["examples/policies", "--live-state", "examples/live-state.json"]

    @Test("the example has drift: --detailed-exitcode exits 2 and prints the text plan")
    func exampleDrift() async throws {
        let result = try await CLI.run(["plan"] + Self.example + ["--detailed-exitcode"])
        #expect(result.status == 2)
        #expect(result.stderr == "")
        // The golden text differs only in generatedAt-free content, so it must match byte for byte.
        #expect(result.stdout == (try Snapshot.expected("example-plan.txt")))
        #expect(try await CLI.run(["plan"] + Self.example).status == 0)
    }

    @Test("with the drift removed from the live file, --detailed-exitcode exits 0")
    func exampleInSync() async throws {
        let json = try await CLI.run(["plan"] + Self.example + ["--format", "json"])
        #expect(json.status == 0)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let desired = Dictionary(uniqueKeysWithValues: (plan["roles"] as! [[String: Any]]).map {
            (($0["id"] as! String), $0["desiredResourceIds"] as! [String])
        })
        var live = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Repository.root + "/examples/live-state.json"))) as? [[String: Any]])
        for index in live.indices {
            if let wanted = desired[(live[index]["id"] as! String).lowercased()] { live[index]["resourceIds"] = wanted }
        }
        let liveFile = try CLI.temporaryFile("live.json", contents: String(decoding: try JSONSerialization.data(withJSONObject: live), as: UTF8.self))
        let result = try await CLI.run(["plan", "examples/policies", "--live-state", liveFile, "--detailed-exitcode"])
        #expect(result.status == 0)
        #expect(result.stdout == "No changes. All 6 managed roles match the policy; 3 unmanaged roles not touched.\n")
    }

    @Test("a policy error: every diagnostic on stderr, exit 1, nothing on stdout, live state never read")
    func policyErrors() async throws {
        let bad = try CLI.temporaryFile("bad.yaml", contents: "version: 1\nroles:\n  - name: A\n    resource: []\n  - id: nope\n    resources: [x y]\n")
        let result = try await CLI.run(["plan", bad, "--live-state", "/nonexistent/live.json"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            \(bad):3:5: error: role 'A' has no 'resources'; write 'resources: []' if it must hold no resource
            \(bad):4:5: error: unknown key 'resource' in a role; did you mean 'resources'?
            \(bad):5:9: error: role id 'nope' is not a UUID (8-4-4-4-12 hex digits)
            \(bad):6:17: error: 'x y' is neither a resource UUID nor a valid alias name

            """)
    }

    @Test("a role the live state does not have: exit 1 with the declaration's location")
    func resolutionError() async throws {
        let policy = try CLI.temporaryFile("p.yaml", contents: "version: 1\nroles:\n  - name: Ghost Team\n    resources: []\n")
        let result = try await CLI.run(["plan", policy, "--live-state", "examples/live-state.json"])
        #expect(result.status == 1)
        #expect(result.stderr == "\(policy):3:5: error: no live role is named 'Ghost Team'\n")
        let validate = try await CLI.run(["validate", policy, "--live-state", "examples/live-state.json"])
        #expect(validate.status == 1)
        #expect(validate.stderr == result.stderr)
        #expect(try await CLI.run(["validate", policy]).status == 0)
    }

    @Test("validate: 0 on the example, 1 with every diagnostic of a broken tree")
    func validate() async throws {
        let ok = try await CLI.run(["validate", "examples/policies"])
        #expect(ok.status == 0)
        #expect(ok.stderr == "policy is valid: 6 roles in 4 files\n")
        let broken = try await CLI.run(["validate", "Tests/PolicyLoaderTests/Fixtures/invalid/alias-conflict"])
        #expect(broken.status == 1)
        #expect(broken.stderr.split(separator: "\n").count == 2)
        #expect(broken.stderr.hasPrefix("Tests/PolicyLoaderTests/Fixtures/invalid/alias-conflict/a.yaml:3:3: error: alias 'prod-db'"))
    }

    @Test("plan --out saves JSON that show renders exactly as plan did")
    func saveAndShow() async throws {
        let out = try CLI.temporaryFile("plan.json", contents: "")
        let plan = try await CLI.run(["plan"] + Self.example + ["--out", out, "--format", "markdown"])
        #expect(plan.status == 0)
        let shownMarkdown = try await CLI.run(["show", out, "--format", "markdown"])
        #expect(shownMarkdown.stdout == plan.stdout)
        #expect(shownMarkdown.stdout.hasPrefix("<!-- egpolicy:plan -->\n"))
        let shownJSON = try await CLI.run(["show", out, "--format", "json"])
        #expect(shownJSON.stdout == (try String(contentsOfFile: out, encoding: .utf8)))
        let shownText = try await CLI.run(["show", out])
        #expect(shownText.stdout == (try Snapshot.expected("example-plan.txt")))
    }

    @Test("colors on a terminal only, and never with NO_COLOR")
    func colors() async throws {
        let escape = "\u{1B}["
        #expect(!(try await CLI.run(["plan"] + Self.example).stdout.contains(escape)))
        let terminal = try await CLI.run(["plan"] + Self.example, inTerminal: true)
        #expect(terminal.stdout.contains(escape + "31m-"))
        let noColor = try await CLI.run(["plan"] + Self.example, environment: ["NO_COLOR": "1"], inTerminal: true)
        #expect(noColor.stdout.contains("unassign"))
        #expect(!noColor.stdout.contains(escape))
    }

    @Test("usage errors and bad URLs exit 1; --version prints the version")
    func usage() async throws {
        let unknown = try await CLI.run(["plan", "--frobnicate"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("Unknown option '--frobnicate'"))
        let http = try await CLI.run(["plan"] + Self.example + ["--api-url", "http://api.example.com/api/v1"])
        #expect(http.status == 1)
        #expect(http.stderr.contains("refusing http:// for non-loopback host 'api.example.com'"))
        let version = try await CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("0."))
    }

    @Test("no policy files at all is an error, never an empty plan")
    func noPolicy() async throws {
        let directory = Scratch.root.appendingPathComponent("egpolicy-none-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let result = try await CLI.run(["plan", directory, "--live-state", "examples/live-state.json", "--detailed-exitcode"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "error: no policy files (*.yaml, *.yml) found in \(directory)\n")
    }
}
