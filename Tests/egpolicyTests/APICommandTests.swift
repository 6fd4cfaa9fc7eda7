import TestSupport
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
            #expect(["ENTRYGUARD_ORG", "ENTRYGUARD_EMAIL", "ENTRYGUARD_PASSWORD", "egpolicy login", "ENTRYGUARD_TOKEN"].allSatisfy(missing.stderr.contains))
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
            let imported = try await CLI.run(["import", "--api-url", handle.baseURL], environment: ["ENTRYGUARD_TOKEN": Self.token])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("    name: \"DevOps Team\"\n"))
            let file = try CLI.temporaryFile("imported.yaml", contents: imported.stdout)
            #expect(try await CLI.run(["validate", file]).status == 0)
            let plan = try await CLI.run(["plan", file, "--api-url", handle.baseURL, "--detailed-exitcode"], environment: ["ENTRYGUARD_TOKEN": Self.token])
            #expect(plan.status == 0)
            #expect(plan.stdout.hasPrefix("No changes."))
        }
    }

    @Test("the token and the key appear in no output, log, saved plan, report, metrics file or error of any command, --verbose included")
    func secretsNeverShown() async throws {
        let nonAdmin = "eg-secret-viewer-token-d41c7705"
        let secrets = [Self.token, Self.apiKey, nonAdmin]
        let configuration = SimulatorConfiguration(roles: try Self.exampleRoles(), adminTokens: [Self.token], nonAdminTokens: [nonAdmin],
                                                   apiKeys: [Self.apiKey], redirectLocation: "http://elsewhere.invalid/?stolen=\(Self.token)")
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            let tokenFile = try CLI.temporaryFile("token", contents: Self.token + "\n")
            let out = try CLI.temporaryFile("plan.json", contents: "")
            let report = try CLI.temporaryFile("report.json", contents: "")
            let dryReport = try CLI.temporaryFile("dry-report.json", contents: "")
            let metrics = try CLI.temporaryFile("drift.prom", contents: "")
            let api = ["--api-url", handle.baseURL, "--verbose"]
            let bearer = ["ENTRYGUARD_TOKEN": Self.token]
            let key = ["ENTRYGUARD_API_KEY": Self.apiKey]
            var outputs: [String: String] = [:]
            func run(_ name: String, _ arguments: [String], _ environment: [String: String]) async throws {
                let result = try await CLI.run(arguments, environment: environment)
                outputs[name] = result.stdout + result.stderr
            }
            try await run("plan text --out", ["plan", "examples/policies"] + api + ["--out", out], bearer)
            try await run("plan json", ["plan", "examples/policies", "--format", "json"] + api, bearer)
            try await run("plan markdown --token-file", ["plan", "examples/policies", "--format", "markdown", "--token-file", tokenFile] + api, [:])
            try await run("import", ["import"] + api, bearer)
            // An API key is refused on /roles (§3a): the refusal shows no key either.
            try await run("import unknown role", ["import", "--role", "nope"] + api, key)
            try await run("show", ["show", out], [:])
            try await run("validate", ["validate", "examples/policies"], bearer)
            try await run("apply --dry-run", ["apply", "examples/policies", "--dry-run", "--report", dryReport] + api, bearer)
            try await run("apply --plan --dry-run", ["apply", "--plan", out, "--dry-run"] + api, bearer)
            try await run("drift", ["drift", "examples/policies", "--metrics-file", metrics] + api, bearer)
            // Wrong credentials: the server's 401 and 403.
            try await run("401", ["plan", "examples/policies"] + api, ["ENTRYGUARD_TOKEN": Self.token + "-wrong"])
            try await run("403", ["apply", "examples/policies", "--auto-approve"] + api, ["ENTRYGUARD_TOKEN": nonAdmin])
            // A server that echoes the secret back in an error message, a page, or a redirect.
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(500, message: "invalid session for \(Self.token)")))
            try await run("echo in message", ["plan", "examples/policies", "--max-retries", "0"] + api, bearer)
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(400, message: "key \(Self.apiKey) rejected")))
            try await run("echo of the key", ["import", "--max-retries", "0"] + api, key)
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .body(
                status: 502, contentType: "text/html", bytes: Array("<html>\n<b>session</b> \(Self.token.map(String.init).joined(separator: "\u{1B}"))</html>".utf8))))
            try await run("echo in a page", ["drift", "examples/policies", "--max-retries", "0", "--metrics-file", metrics] + api, bearer)
            // A server that puts the secret into the data: a role named after it.
            await handle.updateRole(id: "550e8400-e29b-41d4-a716-446655440000") { $0.name += " \(Self.token)" }
            try await run("echo in a role name", ["plan", "examples/policies", "--format", "json"] + api, bearer)
            await handle.updateRole(id: "550e8400-e29b-41d4-a716-446655440000") { $0.name = "DevOps Team" }
            // Every hostile mode, on the list apply reads first.
            for mode in HostileResponse.allCases {
                await handle.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/roles", fault: .hostile(mode)))
                try await run("hostile \(mode.rawValue)", ["apply", "examples/policies", "--auto-approve", "--max-retries", "0",
                                                           "--request-timeout", mode == .stall || mode == .trickle ? "2" : "10", "--report", report] + api, bearer)
            }
            // A credential with a line break: a trailing one (a pasted CI secret, a file's last line)
            // is trimmed and the command works; any other control character is refused before any
            // request, naming the variable or file, never showing the value.
            let crlfTokenFile = try CLI.temporaryFile("token-crlf", contents: Self.token + "\r\n")
            try await run("token with a newline", ["plan", "examples/policies"] + api, ["ENTRYGUARD_TOKEN": Self.token + "\n"])
            try await run("key with CRLF", ["import"] + api, ["ENTRYGUARD_API_KEY": Self.apiKey + "\r\n"])
            try await run("token file with CRLF", ["drift", "examples/policies", "--token-file", crlfTokenFile] + api, [:])
            let requestsBefore = await handle.requestLog().count
            let split = { (secret: String) in String(secret.prefix(12)) + "\n" + String(secret.dropFirst(12)) }
            let badTokenFile = try CLI.temporaryFile("token-bad", contents: String(Self.token.prefix(12)) + "\u{1B}" + String(Self.token.dropFirst(12)) + "\n")
            try await run("token with a newline inside", ["apply", "examples/policies", "--auto-approve"] + api, ["ENTRYGUARD_TOKEN": split(Self.token)])
            try await run("key with a tab inside", ["import"] + api, ["ENTRYGUARD_API_KEY": Self.apiKey.replacingOccurrences(of: "-key-", with: "-key\t")])
            try await run("token file with an escape inside", ["plan", "examples/policies", "--token-file", badTokenFile] + api, [:])
            #expect(await handle.requestLog().count == requestsBefore)
            // Each echo form, with each credential source, through every command that reads the API.
            for mode in HostileResponse.echoModes {
                let runs: [(String, [String], [String: String])] = [
                    // The key only on a command whose one GET /roles meets the echo: EntryGuard refuses keys on /roles.
                    ("plan", ["plan", "examples/policies"], key), ("import", ["import"], bearer),
                    ("drift", ["drift", "examples/policies", "--token-file", tokenFile], [:]),
                    ("apply", ["apply", "examples/policies", "--auto-approve"], bearer), ("apply --plan", ["apply", "--plan", out], bearer),
                ]
                for (command, arguments, environment) in runs {
                    await handle.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/roles", fault: .hostile(mode)))
                    try await run("\(mode.rawValue) \(command)", arguments + ["--max-retries", "0"] + api, environment)
                }
            }
            // The real apply, with its report, then a drift in sync.
            try await run("apply", ["apply", "examples/policies", "--auto-approve", "--report", report] + api, bearer)
            try await run("drift metrics", ["drift", "examples/policies", "--metrics-file", metrics] + api, bearer)
            // Unreachable API: connection errors.
            try await run("unreachable", ["plan", "examples/policies", "--api-url", "http://127.0.0.1:9/api/v1", "--max-retries", "0", "--verbose"], bearer)

            for (name, path) in [("saved plan", out), ("report", report), ("dry-run report", dryReport), ("metrics", metrics)] {
                outputs[name] = try String(contentsOfFile: path, encoding: .utf8)
            }
            #expect(outputs.count == 69)
            for (name, output) in outputs.sorted(by: { $0.key < $1.key }) {
                #expect(!secrets.contains { output.contains($0) }, "\(name)")
                // Nor encoded, nor cut short, nor followed by a combining mark.
                #expect(!secrets.contains { Leak.shows($0, in: output) }, "\(name)")
                // A dry run writes no report: nothing was applied.
                #expect(output.isEmpty == (name == "dry-run report"), "\(name)")
            }
            // The echoing errors were shown, redacted; the hostile ones named the endpoint.
            #expect(outputs["echo in message"]?.contains("invalid session for [REDACTED]") == true)
            #expect(outputs["echo of the key"]?.contains("key [REDACTED] rejected") == true)
            #expect(outputs["echo in a page"]?.contains("<b>session</b> [REDACTED]</html>") == true)
            #expect(outputs["hostile redirect"]?.contains("redirect to http://elsewhere.invalid/?stolen=[REDACTED]/api/v1/roles not followed") == true)
            #expect(outputs["echo in a role name"]?.contains("the body holds the credential this request sent; refusing to use it") == true)
            #expect(outputs["401"]?.contains("HTTP 401 Unauthorized") == true)
            #expect(outputs["403"]?.contains("HTTP 403 Forbidden") == true)
            for mode in HostileResponse.allCases {
                #expect(outputs["hostile \(mode.rawValue)"]?.contains("error: GET /api/v1/roles: ") == true, "\(mode)")
            }
            #expect(outputs["apply"]?.contains("Apply: 6 applied") == true)
            for name in ["token with a newline", "token file with CRLF"] {
                #expect(outputs[name]?.contains("error") == false, "\(name): \(outputs[name] ?? "")")
            }
            #expect(outputs["token with a newline"]?.contains("Plan: 6 to unassign") == true)
            // The key, its CRLF trimmed, was sent (and refused on /roles, as EntryGuard refuses keys there).
            #expect(outputs["key with CRLF"]?.contains("GET /api/v1/roles 403") == true, "\(outputs["key with CRLF"] ?? "")")
            #expect(outputs["key with CRLF"]?.contains("line break") == false)
            #expect(outputs["token with a newline inside"]?.contains("error: ENTRYGUARD_TOKEN holds a line break inside the credential") == true)
            #expect(outputs["key with a tab inside"]?.contains("error: ENTRYGUARD_API_KEY holds a control character") == true)
            #expect(outputs["token file with an escape inside"]?.contains("error: the token file \(badTokenFile) holds a control character") == true)
            for mode in HostileResponse.echoModes {
                for command in ["plan", "import", "drift", "apply", "apply --plan"] {
                    let output = outputs["\(mode.rawValue) \(command)"] ?? ""
                    #expect(output.contains("GET /api/v1/roles") && output.contains("[REDACTED]"), "\(mode.rawValue) \(command): \(output)")
                }
            }
        }
    }

    @Test("no command takes a secret as an argument: --token, --api-key and the like are unknown everywhere")
    func noSecretOnTheCommandLine() async throws {
        let help = try await CLI.run(["--help"])
        let listed = help.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        // The lines after SUBCOMMANDS: up to the first blank one, each "  name   abstract".
        let commands = listed.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
            .prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0 != "help" }
        #expect(Set(commands).isSuperset(of: ["validate", "plan", "apply", "drift", "show", "import", "login", "logout", "whoami"]))
        let secret = "eg-secret-on-argv-93b1f0d2"
        for command in commands {
            let usage = try await CLI.run([command, "--help"])
            let options = Set(usage.stdout.matches(of: /--[a-z][a-z-]*/).map { String($0.output) })
            let words = ["token", "key", "secret", "password", "credential", "auth"]
            let secretLike = options.filter { option in words.contains { option.contains($0) } }
            // Files that hold a secret are fine: their contents never reach argv, ps or shell history.
            #expect(secretLike.subtracting(["--token-file", "--password-file"]).isEmpty, "\(command): \(options.sorted())")
            for option in ["--token", "--api-key", "--key", "--secret", "--password"] {
                for arguments in [[command, option, secret], [command, "\(option)=\(secret)"]] {
                    let result = try await CLI.run(arguments)
                    #expect(result.status == 1, "\(arguments)")
                    // `show --token=…` misses its file first; either way the option is refused.
                    let refused = result.stderr.contains("Unknown option '\(option)'") || result.stderr.contains("Missing expected argument")
                    #expect(refused, "\(arguments): \(result.stderr)")
                    #expect(!(result.stdout + result.stderr).contains(secret), "\(arguments): \(result.stderr)")
                }
            }
        }
    }

    @Test("http:// to a non-loopback host is refused before any connection")
    func plainHTTPRefused() async throws {
        let result = try await CLI.run(["plan", "examples/policies", "--api-url", "http://entryguard.internal/api/v1"], environment: ["ENTRYGUARD_TOKEN": "t"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("refusing http:// for non-loopback host 'entryguard.internal'"))
    }
}
