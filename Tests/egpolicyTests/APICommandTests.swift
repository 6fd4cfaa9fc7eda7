import EntryGuardSimulator
import Foundation
import Testing

/// The binary against the in-process simulator: live plans, import, and the token's secrecy.
@Suite("egpolicy against the simulator")
struct APICommandTests {
    static let token = "eg-secret-token-4b1d9e27"
    static let apiKey = "eg-secret-key-88c2f0aa"

    static func exampleRoles() throws -> [SimRole] {
        try JSONDecoder().decode([SimRole].self, from: Data(contentsOf: URL(fileURLWithPath: CLI.packageRoot + "/examples/live-state.json")))
    }

    static func withSimulator<T: Sendable>(_ body: (SimulatorHandle) async throws -> T) async throws -> T {
        let configuration = SimulatorConfiguration(roles: try exampleRoles(), adminTokens: [token], apiKeys: [apiKey])
        return try await EntryGuardSimulator.withRunning(configuration, body)
    }

    @Test("plan reads the API: same plan as the example file, exit 2 with --detailed-exitcode, --verbose logs requests")
    func planOverAPI() async throws {
        try await Self.withSimulator { handle in
            let result = try await CLI.run(["plan", "examples/policies", "--api-url", handle.baseURL, "--detailed-exitcode", "--verbose"],
                                     environment: ["ENTRYGUARD_TOKEN": Self.token])
            #expect(result.status == 2)
            #expect(result.stdout.contains("Plan: 6 to unassign, 0 to assign, 1 missing."))
            #expect(result.stderr.contains("GET /api/v1/roles 200"))
            #expect(result.stderr.contains("GET /api/v1/resources 200"))
        }
    }

    @Test("missing credentials: exit 1 naming the variables; a policy error is reported first, with no request")
    func credentialsAndOrder() async throws {
        try await Self.withSimulator { handle in
            let missing = try await CLI.run(["plan", "examples/policies", "--api-url", handle.baseURL])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("ENTRYGUARD_TOKEN") && missing.stderr.contains("ENTRYGUARD_API_KEY"))
            let bad = try CLI.temporaryFile("bad.yaml", contents: "version: 2\n")
            let invalid = try await CLI.run(["plan", bad, "--api-url", handle.baseURL], environment: ["ENTRYGUARD_TOKEN": Self.token])
            #expect(invalid.status == 1)
            #expect(invalid.stderr == "\(bad):1:10: error: unsupported policy version 2; this egpolicy reads version 1\n")
            #expect(await handle.requestLog().isEmpty)
        }
    }

    @Test("import prints a policy that validates and plans to no change")
    func importRoundTrip() async throws {
        try await Self.withSimulator { handle in
            let imported = try await CLI.run(["import", "--api-url", handle.baseURL], environment: ["ENTRYGUARD_API_KEY": Self.apiKey])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("    name: \"DevOps Team\"\n"))
            let file = try CLI.temporaryFile("imported.yaml", contents: imported.stdout)
            #expect(try await CLI.run(["validate", file]).status == 0)
            let plan = try await CLI.run(["plan", file, "--api-url", handle.baseURL, "--detailed-exitcode"], environment: ["ENTRYGUARD_API_KEY": Self.apiKey])
            #expect(plan.status == 0)
            #expect(plan.stdout.hasPrefix("No changes."))
        }
    }

    @Test("the token and the key appear in no output, log, saved plan or error of any command, --verbose included")
    func secretsNeverShown() async throws {
        try await Self.withSimulator { handle in
            let tokenFile = try CLI.temporaryFile("token", contents: Self.token + "\n")
            let out = try CLI.temporaryFile("plan.json", contents: "")
            let api = ["--api-url", handle.baseURL, "--verbose"]
            let bearer = ["ENTRYGUARD_TOKEN": Self.token]
            let key = ["ENTRYGUARD_API_KEY": Self.apiKey]
            var outputs: [String] = []
            func run(_ arguments: [String], _ environment: [String: String]) async throws {
                let result = try await CLI.run(arguments, environment: environment)
                outputs.append(result.stdout + result.stderr)
            }
            try await run(["plan", "examples/policies"] + api + ["--out", out], bearer)
            try await run(["plan", "examples/policies", "--format", "json"] + api, key)
            try await run(["plan", "examples/policies", "--format", "markdown", "--token-file", tokenFile] + api, [:])
            try await run(["import"] + api, bearer)
            try await run(["import", "--role", "nope"] + api, key)
            try await run(["show", out], [:])
            try await run(["validate", "examples/policies"], bearer)
            // Wrong credentials: the server's 401 and 403.
            try await run(["plan", "examples/policies"] + api, ["ENTRYGUARD_TOKEN": Self.token + "-wrong"])
            // A server that echoes the token back in its error message.
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(500, message: "invalid session for \(Self.token)")))
            try await run(["plan", "examples/policies", "--max-retries", "0"] + api, bearer)
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(400, message: "key \(Self.apiKey) rejected")))
            try await run(["import", "--max-retries", "0"] + api, key)
            // Unreachable API: connection errors.
            try await run(["plan", "examples/policies", "--api-url", "http://127.0.0.1:9/api/v1", "--max-retries", "0", "--verbose"], bearer)

            outputs.append(try String(contentsOfFile: out, encoding: .utf8))
            #expect(outputs.count == 12)
            for output in outputs {
                #expect(!output.contains(Self.token))
                #expect(!output.contains(Self.apiKey))
            }
            // The echoing errors were shown, redacted.
            #expect(outputs[8].contains("invalid session for [REDACTED]"))
            #expect(outputs[9].contains("key [REDACTED] rejected"))
            #expect(outputs[7].contains("HTTP 401 Unauthorized"))
        }
    }

    @Test("http:// to a non-loopback host is refused before any connection")
    func plainHTTPRefused() async throws {
        let result = try await CLI.run(["plan", "examples/policies", "--api-url", "http://entryguard.internal/api/v1"], environment: ["ENTRYGUARD_TOKEN": "t"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("refusing http:// for non-loopback host 'entryguard.internal'"))
    }
}
