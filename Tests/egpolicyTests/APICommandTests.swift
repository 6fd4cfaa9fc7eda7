import TestSupport
import EntryGuardSimulator
import Foundation
import OneTimePassword
import Testing

/// The binary against the in-process simulator: live plans, import, and the token's secrecy.
@Suite("egpolicy against the simulator", .timeLimit(.minutes(10)))
struct APICommandTests {
    static let token = "eg-secret-token-4b1d9e27"
    static let apiKey = "eg-secret-key-88c2f0aa"

    static func withSimulator<T: Sendable>(_ body: (SimulatorHandle) async throws -> T) async throws -> T {
        let configuration = SimulatorConfiguration(roles: try Repository.exampleRoles(), adminTokens: [token], apiKeys: [apiKey])
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

    @Test("no secret — token, key, password, TOTP secret, MFA code, access or refresh token of a login — appears in any output, log, saved plan, report, metrics file or error of any command, --verbose included")
    func secretsNeverShown() async throws {
        let nonAdmin = "eg-secret-viewer-token-d41c7705"
        // Besides: the service users' password and TOTP secret, every MFA code, and every access,
        // refresh and challenge token the simulators issued (collected below).
        var secrets = [Self.token, Self.apiKey, nonAdmin, TestUsers.password, TestUsers.totpSecret]
        var mfaCodes: [String] = []
        var configuration = SimulatorConfiguration(roles: try Repository.exampleRoles(), adminTokens: [Self.token], nonAdminTokens: [nonAdmin],
                                                   apiKeys: [Self.apiKey], redirectLocation: "http://elsewhere.invalid/?stolen=\(Self.token)")
        configuration.users = TestUsers.all
        configuration.organizationSlug = TestUsers.organization
        var outputs: [String: String] = [:]
        func run(_ name: String, _ arguments: [String], _ environment: [String: String]) async throws {
            let result = try await CLI.run(arguments, environment: environment)
            outputs[name] = result.stdout + result.stderr
        }
        // Logins with MFA, each against a simulator of its own: a TOTP code is accepted once per 30-s step.
        let totp = TestUsers.environment(TestUsers.mfaAdmin, ["ENTRYGUARD_TOTP_SECRET": TestUsers.totpSecret])
        func withMFASimulator(_ body: (SimulatorHandle, [String]) async throws -> Void) async throws {
            let codesBefore = try Self.codesAround(Date())
            try await EntryGuardSimulator.withRunning(try TestUsers.simulator()) { mfa in
                try await body(mfa, ["--api-url", mfa.baseURL, "--verbose"])
                secrets += await mfa.issuedTokens()
            }
            mfaCodes += codesBefore + (try Self.codesAround(Date()))
        }
        try await withMFASimulator { mfa, api in
            // The access token of a TOTP login, echoed back.
            await mfa.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/roles", fault: .hostile(.echoPercentEncoded)))
            try await run("TOTP secret, echo of the access token", ["plan", "examples/policies", "--max-retries", "0"] + api, totp)
        }
        try await withMFASimulator { mfa, api in
            await mfa.inject(FaultRule(pathPrefix: "/api/v1/auth/verify-mfa",
                                       fault: .status(500, message: "secret \(TestUsers.totpSecret) and password \(TestUsers.password) refused")))
            try await run("TOTP secret, verify-mfa echoes the secrets", ["drift", "examples/policies", "--max-retries", "0"] + api, totp)
        }
        try await withMFASimulator { mfa, api in
            let code = try TestUsers.currentCode()
            mfaCodes.append(code)
            await mfa.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/roles", fault: .hostile(.echoCombiningMark)))
            try await run("MFA code, echo of the access token", ["import", "--max-retries", "0"] + api,
                          TestUsers.environment(TestUsers.mfaAdmin, ["ENTRYGUARD_MFA_CODE": code]))
        }
        try await withMFASimulator { mfa, api in
            let code = try TestUsers.currentCode()
            mfaCodes.append(code)
            await mfa.inject(FaultRule(pathPrefix: "/api/v1/auth/verify-mfa", fault: .status(401, message: "code \(code) refused")))
            try await run("MFA code, verify-mfa echoes it", ["plan", "examples/policies"] + api,
                          TestUsers.environment(TestUsers.mfaAdmin, ["ENTRYGUARD_MFA_CODE": code]))
        }
        try await withMFASimulator { mfa, api in
            // One login (TOTP), then commands on the stored login, then logout.
            let config = ["XDG_CONFIG_HOME": try StoredLoginTests.configHome()]
            try await run("login with a TOTP secret", ["login"] + api, totp.merging(config) { _, new in new })
            try await run("stored MFA login, plan", ["plan", "examples/policies", "--format", "markdown"] + api, config)
            try await run("stored MFA login, whoami", ["whoami"] + api, config)
            try await run("stored MFA login, logout", ["logout"] + api, config)
        }
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            let tokenFile = try CLI.temporaryFile("token", contents: Self.token + "\n")
            let out = try CLI.temporaryFile("plan.json", contents: "")
            let report = try CLI.temporaryFile("report.json", contents: "")
            let dryReport = try CLI.temporaryFile("dry-report.json", contents: "")
            let metrics = try CLI.temporaryFile("drift.prom", contents: "")
            let api = ["--api-url", handle.baseURL, "--verbose"]
            let bearer = ["ENTRYGUARD_TOKEN": Self.token]
            let key = ["ENTRYGUARD_API_KEY": Self.apiKey]
            try await run("plan text --out", ["plan", "examples/policies"] + api + ["--out", out], bearer)
            try await run("plan json", ["plan", "examples/policies", "--format", "json"] + api, bearer)
            try await run("plan markdown --token-file", ["plan", "examples/policies", "--format", "markdown", "--token-file", tokenFile] + api, [:])
            try await run("import", ["import"] + api, bearer)
            // An API key is refused on /roles (README, "Credentials and logging in"): the refusal shows no key either.
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
                    // `apply --plan` meets the echo on a role's own read; the others on the list, and only
                    // there: the previous run's process exits at its first error, and a sibling
                    // `GET /roles/{id}` it had sent can reach the server after the next rule is set.
                    let onRole = command == "apply --plan"
                    await handle.inject(FaultRule(method: "GET", pathPrefix: onRole ? "/api/v1/roles/" : "/api/v1/roles",
                                                  fault: .hostile(mode), exactPath: !onRole))
                    try await run("\(mode.rawValue) \(command)", arguments + ["--max-retries", "0"] + api, environment)
                }
            }
            // Service-user logins without MFA: a password from the environment and from --password-file.
            let password = TestUsers.environment(TestUsers.admin)
            let passwordFile = try CLI.temporaryFile("password", contents: TestUsers.password + "\n")
            let fromFile = ["ENTRYGUARD_ORG": TestUsers.organization, "ENTRYGUARD_EMAIL": TestUsers.admin.email]
            try await run("password login, plan", ["plan", "examples/policies", "--out", out] + api, password)
            try await run("password file login, drift", ["drift", "examples/policies", "--password-file", passwordFile, "--metrics-file", metrics] + api, fromFile)
            try await run("password login, apply --dry-run", ["apply", "examples/policies", "--dry-run", "--report", dryReport] + api, password)
            try await run("password login, whoami", ["whoami"] + api, password)
            // Servers that echo the password in a login error, or the access token in any of the echo forms.
            await handle.inject(FaultRule(pathPrefix: "/api/v1/auth/login", fault: .status(500, message: "bad password \(TestUsers.password)")))
            try await run("login echoes the password", ["plan", "examples/policies", "--max-retries", "0"] + api, password)
            await handle.inject(FaultRule(pathPrefix: "/api/v1/auth/login", fault: .status(401, message: "wrong password \(TestUsers.password)")))
            try await run("login echoes the password file's", ["import", "--password-file", passwordFile] + api, fromFile)
            for mode in HostileResponse.echoModes {
                await handle.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/roles", fault: .hostile(mode)))
                try await run("\(mode.rawValue) password login", ["plan", "examples/policies", "--max-retries", "0"] + api, password)
            }
            // A stored login: its refresh token rotates with each command; a server echoes it.
            let config = ["XDG_CONFIG_HOME": try StoredLoginTests.configHome()]
            try await run("login", ["login"] + api, password.merging(config) { _, new in new })
            try await run("stored login, plan", ["plan", "examples/policies", "--format", "json"] + api, config)
            let stored = try StoredLoginTests.refreshToken(config["XDG_CONFIG_HOME"]!, apiURL: handle.baseURL)
            await handle.inject(FaultRule(pathPrefix: "/api/v1/auth/refresh", fault: .status(500, message: "refresh token \(stored) is revoked")))
            try await run("refresh echoes the refresh token", ["drift", "examples/policies", "--max-retries", "0"] + api, config)
            for mode in HostileResponse.echoModes {
                await handle.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/roles", fault: .hostile(mode)))
                try await run("\(mode.rawValue) stored login", ["import", "--max-retries", "0"] + api, config)
            }
            try await run("stored login, whoami", ["whoami"] + api, config)
            try await run("logout", ["logout"] + api, config)
            try await run("logout, nothing stored", ["logout"] + api, config)
            secrets += await handle.issuedTokens()

            // The real apply, with its report, then a drift in sync.
            try await run("apply", ["apply", "examples/policies", "--auto-approve", "--report", report] + api, bearer)
            try await run("drift metrics", ["drift", "examples/policies", "--metrics-file", metrics] + api, bearer)
            // Unreachable API: connection errors.
            try await run("unreachable", ["plan", "examples/policies", "--api-url", "http://127.0.0.1:9/api/v1", "--max-retries", "0", "--verbose"], bearer)

            for (name, path) in [("saved plan", out), ("report", report), ("dry-run report", dryReport), ("metrics", metrics)] {
                outputs[name] = try String(contentsOfFile: path, encoding: .utf8)
            }
            #expect(outputs.count == 54 + HostileResponse.allCases.count + 8 + 12 + 2 * HostileResponse.echoModes.count)
            // Access and refresh tokens of every kind of login were issued, and are checked.
            #expect(secrets.filter { $0.hasPrefix("eg_at_") }.count >= 10 && secrets.filter { $0.hasPrefix("eg_rt_") }.count >= 10)
            #expect(mfaCodes.count >= 8)
            for (name, output) in outputs.sorted(by: { $0.key < $1.key }) {
                #expect(!secrets.contains { output.contains($0) }, "\(name)")
                // Nor encoded, nor cut short, nor followed by a combining mark.
                #expect(!secrets.contains { Leak.shows($0, in: output) }, "\(name)")
                #expect(!mfaCodes.contains { Leak.showsCode($0, in: output) }, "\(name)")
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
            // The login runs worked, or failed with the server's message redacted.
            for name in ["password login, plan", "password file login, drift", "password login, apply --dry-run", "stored login, plan",
                         "stored MFA login, plan"] {
                #expect(outputs[name]?.contains("error") == false, "\(name): \(outputs[name] ?? "")")
            }
            #expect(outputs["password login, whoami"]?.contains("credentials:  service-user login as ci-bot@acme.example") == true)
            #expect(outputs["stored login, whoami"]?.contains("credentials:  stored login of ci-bot@acme.example") == true)
            #expect(outputs["stored MFA login, whoami"]?.contains("credentials:  stored login of mfa-bot@acme.example") == true)
            #expect(outputs["login echoes the password"]?.contains("bad password [REDACTED]") == true)
            #expect(outputs["login echoes the password file's"]?.contains("wrong password [REDACTED]") == true)
            #expect(outputs["refresh echoes the refresh token"]?.contains("refresh token [REDACTED] is revoked") == true)
            #expect(outputs["TOTP secret, verify-mfa echoes the secrets"]?.contains("secret [REDACTED] and password [REDACTED] refused") == true)
            #expect(outputs["MFA code, verify-mfa echoes it"]?.contains("code [REDACTED] refused") == true)
            #expect(outputs["logout"]?.contains("Logged out ci-bot@acme.example") == true)
            #expect(outputs["stored MFA login, logout"]?.contains("Logged out mfa-bot@acme.example") == true)
            for name in ["TOTP secret, echo of the access token", "MFA code, echo of the access token"]
                + HostileResponse.echoModes.flatMap({ ["\($0.rawValue) password login", "\($0.rawValue) stored login"] }) {
                let output = outputs[name] ?? ""
                #expect(output.contains("GET /api/v1/roles") && output.contains("[REDACTED]"), "\(name): \(output)")
            }
            for mode in HostileResponse.echoModes {
                for command in ["plan", "import", "drift", "apply", "apply --plan"] {
                    let output = outputs["\(mode.rawValue) \(command)"] ?? ""
                    #expect(output.contains("GET /api/v1/roles") && output.contains("[REDACTED]"), "\(mode.rawValue) \(command): \(output)")
                }
            }
        }
    }

    /// The TOTP codes of the steps around `date`: one of them is the code a login computed then.
    static func codesAround(_ date: Date) throws -> [String] {
        let key = try Base32.decode(TestUsers.totpSecret)
        return [-30.0, 0, 30].map { TOTP().code(secret: key, time: date.addingTimeInterval($0)) }
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
