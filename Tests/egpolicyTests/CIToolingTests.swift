import Foundation
import TestSupport
import Testing

extension CLI {
    /// The commit `egpolicy --version` names: `0.1.0 (commit COMMIT, PLATFORM)`.
    static func buildCommit() async throws -> String {
        let line = try await run(["--version"]).stdout
        let start = try #require(line.range(of: "(commit "))
        let end = try #require(line.range(of: ", ", range: start.upperBound..<line.endIndex))
        return String(line[start.upperBound..<end.lowerBound])
    }
}

/// What platform teams' tools and jobs need of the CLI (issue 15): `--version` with the commit and
/// platform, `validate --format json`, `drift --exit-zero-on-drift` and its metrics (checked by
/// promtool when installed), `import` output that yamllint's default profile accepts.
@Suite("CI tooling", .timeLimit(.minutes(10)))
struct CIToolingTests {
    static let example = ["examples/policies", "--live-state", "examples/live-state.json"]

    static func scratch() throws -> String {
        let path = Scratch.root.appendingPathComponent("egpolicy-tooling-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("--version names the version, the git commit of the build and the platform")
    func version() async throws {
        let result = try await CLI.run(["--version"])
        #expect(result.status == 0)
        let pattern = /0\.1\.0 \(commit ([0-9a-f]{40}(-dirty)?|unknown), (x86_64|aarch64)-(linux-gnu|linux-musl|macos)\)\n/
        #expect(result.stdout.wholeMatch(of: pattern) != nil, "\(result.stdout)")
        // Built from this checkout: the commit is its HEAD (the tests run from the package root).
        guard let git = ExternalTool.find("git"),
              let head = try? await ExternalTool.run(git, ["rev-parse", "HEAD"], directory: Repository.root), head.status == 0
        else { return }
        let commit = try await CLI.buildCommit()
        #expect(commit.hasPrefix(head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(commit) is not HEAD")
    }

    @Test("validate --format json: diagnostics as data, sorted, the same bytes every run; nothing on stderr")
    func validateJSON() async throws {
        let directory = try Self.scratch()
        try Data("version: 1.0\nroles:\n  - name: A\n    resourcez: []\n".utf8).write(to: URL(fileURLWithPath: directory + "/b.yaml"))
        try Data("version: 1\nroles:\n  - name: B\n    resources: [-1]\n".utf8).write(to: URL(fileURLWithPath: directory + "/a.yaml"))
        let first = try await CLI.run(["validate", directory, "--format", "json"])
        let second = try await CLI.run(["validate", directory, "--format", "json"])
        #expect(first.status == 1)
        #expect(first.stderr == "")
        #expect(first.stdout == second.stdout)
        #expect(first.stdout == """
            {
              "formatVersion": 1,
              "valid": false,
              "summary": {
                "errors": 4,
                "warnings": 0,
                "files": 2,
                "roles": 1
              },
              "diagnostics": [
                {
                  "severity": "error",
                  "file": "\(directory)/a.yaml",
                  "line": 4,
                  "column": 17,
                  "message": "'-1' is neither a resource UUID nor a valid alias name"
                },
                {
                  "severity": "error",
                  "file": "\(directory)/b.yaml",
                  "line": 1,
                  "column": 10,
                  "message": "'version' must be the integer 1, not the number 1.0 (write 'version: 1')"
                },
                {
                  "severity": "error",
                  "file": "\(directory)/b.yaml",
                  "line": 3,
                  "column": 5,
                  "message": "role 'A' has no 'resources'; write 'resources: []' if it must hold no resource"
                },
                {
                  "severity": "error",
                  "file": "\(directory)/b.yaml",
                  "line": 4,
                  "column": 5,
                  "message": "unknown key 'resourcez' in a role; did you mean 'resources'?"
                }
              ]
            }

            """)
        let valid = try await CLI.run(["validate", "examples/policies", "--format", "json"])
        #expect(valid.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(valid.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == true)
        #expect((object["diagnostics"] as? [Any])?.isEmpty == true)
        #expect((object["summary"] as? [String: Any])?["files"] as? Int == 4)
    }

    @Test("drift --exit-zero-on-drift: 0 on drift, still 1 on an error; the metrics are written either way")
    func exitZeroOnDrift() async throws {
        let directory = try Self.scratch()
        let file = directory + "/m.prom"
        let drift = try await CLI.run(["drift"] + Self.example + ["--metrics-file", file, "--exit-zero-on-drift"])
        #expect(drift.status == 0)
        #expect(drift.stdout.contains("unassign"))
        let metrics = try String(contentsOfFile: file, encoding: .utf8)
        #expect(metrics.contains("egpolicy_drift_bindings{direction=\"unassign\"} 6\n"))
        #expect(metrics.contains("egpolicy_build_info{version=\"0.1.0\",commit=\"\(try await CLI.buildCommit())\"} 1\n"))
        #expect(metrics.contains(/\negpolicy_run_duration_seconds [0-9]+\.[0-9]{3}\n/))
        let without = try await CLI.run(["drift"] + Self.example)
        #expect(without.status == 2)
        let error = try await CLI.run(["drift", "examples/policies", "--live-state", directory + "/none.json", "--metrics-file", file,
                                       "--exit-zero-on-drift"])
        #expect(error.status == 1)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("egpolicy_last_run_success 0\n"))
    }

    @Test("promtool accepts the metrics file, of a check that ran and of one that failed",
          .enabled(if: ExternalTool.find("promtool") != nil, "promtool is not installed (Debian: apt-get install prometheus)"))
    func promtool() async throws {
        let directory = try Self.scratch()
        for (name, arguments) in [("ran", Self.example), ("failed", ["examples/policies", "--live-state", directory + "/none.json"])] {
            let file = directory + "/\(name).prom"
            _ = try await CLI.run(["drift"] + arguments + ["--metrics-file", file])
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let check = try await ExternalTool.run(try #require(ExternalTool.find("promtool")), ["check", "metrics"], input: text)
            #expect(check.status == 0, "\(name): \(check.stdout)\(check.stderr)")
            #expect(check.stdout + check.stderr == "", "\(name): \(check.stdout)\(check.stderr)")
        }
    }

    @Test("yamllint's default profile accepts import's output",
          .enabled(if: ExternalTool.find("yamllint") != nil, "yamllint is not installed (pip install yamllint)"))
    func yamllint() async throws {
        let imported = try await CLI.run(["import", "--live-state", "examples/live-state.json"])
        #expect(imported.status == 0)
        let file = try CLI.temporaryFile("imported.yaml", contents: imported.stdout)
        // `-d default`: the default profile, whatever .yamllint a folder above may hold.
        let lint = try await ExternalTool.run(try #require(ExternalTool.find("yamllint")), ["-d", "default", "-f", "parsable", file])
        #expect(lint.status == 0 && lint.stdout == "", "\(lint.stdout)\(lint.stderr)")
    }
}
