import TestSupport
import EntryGuardSimulator
import Foundation
import Parallel
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `egpolicy login`, `logout` and `whoami` with the credentials file (README, "Credentials and logging in"), over real HTTP
/// against the simulator: the terminal dialogue, the file's modes and contents, a stored login used
/// and rotated by `plan`, a readable file refused, and logout revoking the stored refresh token.
@Suite("egpolicy login / logout / whoami and the credentials file (process)", .timeLimit(.minutes(10)))
struct StoredLoginTests {
    /// A fresh XDG_CONFIG_HOME (empty, mode 0700 as a home's .config usually is).
    static func configHome() throws -> String {
        let path = Scratch.root.appendingPathComponent("egpolicy-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    static func credentialsPath(_ config: String) -> String { config + "/egpolicy/credentials.json" }

    /// The permission bits of a file or folder.
    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// The stored logins by API URL, as `{organizationSlug, email, refreshToken, savedAt}` objects.
    static func storedLogins(_ config: String) throws -> [String: [String: String]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: credentialsPath(config)))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(document["logins"] as? [String: [String: String]])
    }

    static func refreshToken(_ config: String, apiURL: String) throws -> String {
        try #require(try storedLogins(config)[apiURL]?["refreshToken"])
    }

    /// `egpolicy login` through util-linux `script` (a pseudo-terminal) with stdin a FIFO: each
    /// answer is written only once its prompt has appeared, as a person types after reading it, so
    /// what the terminal echoes is what egpolicy let it echo. Returns the exit status and everything
    /// the terminal showed.
    static func loginOnTerminal(apiURL: String, config: String,
                                answers: [(prompt: String, answer: @Sendable () throws -> String)]) async throws -> (Int32, String) {
        let scratch = Scratch.root.appendingPathComponent("egpolicy-pty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let output = scratch + "/terminal"
        let (process, exits, input) = try CLI.start(["login", "--api-url", apiURL], terminal: true, output: output, environment: [:],
                                                    configHome: config)
        defer { try? input.close() }
        var shown = ""
        var answered = 0
        for (prompt, answer) in answers {
            // Waits for the prompt after the part of the output already answered. A prompt that never
            // comes ends the wait when the process exits, or after a minute (a safeguard against a
            // test that hangs, not a timing assertion): the process is then ended and the test fails.
            let giveUp = ContinuousClock.now + .seconds(60)
            while true {
                shown = try String(contentsOfFile: output, encoding: .utf8)
                if let range = shown.range(of: prompt, range: shown.index(shown.startIndex, offsetBy: answered)..<shown.endIndex) {
                    answered = shown.distance(from: shown.startIndex, to: range.upperBound)
                    break
                }
                guard process.isRunning else { break }
                if ContinuousClock.now > giveUp {
                    Issue.record("no prompt \"\(prompt)\" on the terminal: \(shown)")
                    process.terminate()
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            guard process.isRunning else { break }
            // No pause: egpolicy turns echo off before it prints a secret's prompt.
            try input.write(contentsOf: Data((try answer() + "\n").utf8))
        }
        var status: Int32 = -1
        for await code in exits { status = code }
        return (status, try String(contentsOfFile: output, encoding: .utf8))
    }

    /// `POST /auth/refresh` with `token`, sent by the test itself: the status the simulator answers.
    static func refreshStatus(_ apiURL: String, token: String) async throws -> Int {
        var request = URLRequest(url: try #require(URL(string: apiURL + "/auth/refresh")))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["refreshToken": token])
        let (_, response) = try await URLSession.shared.data(for: request)
        return try #require(response as? HTTPURLResponse).statusCode
    }

    @Test("login on a terminal asks organization, email, password and MFA code without echoing the secrets; plan uses and rotates the stored login; whoami names it")
    func terminalLogin() async throws {
        let config = try Self.configHome()
        let user = TestUsers.mfaAdmin
        let code = Locked<String?>(nil)
        try await EntryGuardSimulator.withRunning(try TestUsers.simulator()) { handle in
            let (status, terminal) = try await Self.loginOnTerminal(apiURL: handle.baseURL, config: config, answers: [
                ("Organization (slug): ", { TestUsers.organization }),
                ("Email: ", { user.email }),
                ("Password: ", { TestUsers.password }),
                ("MFA code for \(user.email): ", {
                    let now = try TestUsers.currentCode()
                    code.withLock { $0 = now }
                    return now
                }),
            ])
            #expect(status == 0, "\(terminal)")
            #expect(terminal.contains("Logged in to \(handle.baseURL) as \(user.email) (organization 'acme')"), "\(terminal)")
            // What was typed with echo on shows; the password and the code do not.
            #expect(terminal.contains("Organization (slug): acme"), "\(terminal)")
            #expect(terminal.contains("Email: \(user.email)"), "\(terminal)")
            #expect(!terminal.contains(TestUsers.password))
            #expect(!Leak.shows(TestUsers.password, in: terminal))
            let typed = try #require(code.withLock { $0 })
            #expect(!Leak.showsCode(typed, in: terminal))
            let log = await handle.requestLog()
            #expect(log.map { "\($0.method) \($0.path) \($0.status)" }.prefix(2)
                == ["POST /api/v1/auth/login 200", "POST /api/v1/auth/verify-mfa 200"], "\(log.map(\.path))")
            #expect(!log.contains { $0.path == "/api/v1/auth/logout" })

            // The file: 0600 in a folder of 0700, a refresh token for this URL, no password.
            let path = Self.credentialsPath(config)
            #expect(try Self.mode(path) == 0o600)
            #expect(try Self.mode((path as NSString).deletingLastPathComponent) == 0o700)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains(TestUsers.password))
            #expect(!text.contains(TestUsers.totpSecret))
            let entry = try #require(try Self.storedLogins(config)[handle.baseURL])
            #expect(entry["email"] == user.email)
            #expect(entry["organizationSlug"] == TestUsers.organization)
            let first = try #require(entry["refreshToken"])
            #expect(!first.isEmpty)
            #expect(await handle.usableRefreshTokenCount(userID: user.id) == 1)

            // plan with no login variable: the stored login, refreshed, and the file rotated.
            let plan = try await CLI.run(["plan", "examples/policies", "--api-url", handle.baseURL], environment: ["XDG_CONFIG_HOME": config])
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.stdout.contains("Plan: 6 to unassign, 0 to assign, 1 missing."))
            let second = try Self.refreshToken(config, apiURL: handle.baseURL)
            #expect(second != first)
            #expect(try Self.mode(path) == 0o600)
            // The plan refreshed with the stored token (then current) and stored what it got: one usable token, the file's.
            let refreshes = await handle.requestLog().filter { $0.path == "/api/v1/auth/refresh" }
            #expect(refreshes.map(\.status) == [200])
            #expect(refreshes.first?.auth?.refreshToken == "current")
            #expect(await handle.usableRefreshTokenCount(userID: user.id) == 1)
            #expect(await handle.requestLog().contains { $0.method == "GET" && $0.path == "/api/v1/roles" && $0.status == 200 })

            // whoami: the user, the organization, and that the stored login is in use.
            let whoami = try await CLI.run(["whoami", "--api-url", handle.baseURL], environment: ["XDG_CONFIG_HOME": config])
            #expect(whoami.status == 0, "\(whoami.stderr)")
            #expect(whoami.stdout.contains("user:         \(user.email) (MFA Bot)"), "\(whoami.stdout)")
            #expect(whoami.stdout.contains("organization: acme"), "\(whoami.stdout)")
            #expect(whoami.stdout.contains("credentials:  stored login of \(user.email) in 'acme'"), "\(whoami.stdout)")
            #expect(try Self.refreshToken(config, apiURL: handle.baseURL) != second)
            for output in [plan.stdout + plan.stderr, whoami.stdout + whoami.stderr] {
                #expect(!Leak.shows(TestUsers.password, in: output) && !Leak.shows(second, in: output))
            }
        }
    }

    @Test("login without a terminal, from ENTRYGUARD_ORG/EMAIL/PASSWORD and ENTRYGUARD_TOTP_SECRET, stores the login")
    func loginFromVariables() async throws {
        let config = try Self.configHome()
        let user = TestUsers.mfaAdmin
        try await EntryGuardSimulator.withRunning(try TestUsers.simulator()) { handle in
            let login = try await CLI.run(["login", "--api-url", handle.baseURL],
                                          environment: TestUsers.environment(user, ["ENTRYGUARD_TOTP_SECRET": TestUsers.totpSecret, "XDG_CONFIG_HOME": config]))
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("Logged in to \(handle.baseURL) as \(user.email) (organization 'acme')"), "\(login.stderr)")
            #expect(!login.stderr.contains("Password:") && !login.stderr.contains("MFA code"))
            #expect(await handle.requestLog().map(\.path).prefix(2) == ["/api/v1/auth/login", "/api/v1/auth/verify-mfa"])
            #expect(try Self.mode(Self.credentialsPath(config)) == 0o600)
            let text = try String(contentsOfFile: Self.credentialsPath(config), encoding: .utf8)
            #expect(!text.contains(TestUsers.password) && !text.contains(TestUsers.totpSecret))
            let token = try Self.refreshToken(config, apiURL: handle.baseURL)
            #expect(!Leak.shows(token, in: login.stdout + login.stderr))
            // The stored login works for a command with no login variable.
            let plan = try await CLI.run(["plan", "examples/policies", "--api-url", handle.baseURL], environment: ["XDG_CONFIG_HOME": config])
            #expect(plan.status == 0, "\(plan.stderr)")
        }
    }

    @Test("a credentials file others can read is refused, with how to fix it, before any request")
    func readableFileRefused() async throws {
        let config = try Self.configHome()
        try await EntryGuardSimulator.withRunning(try TestUsers.simulator()) { handle in
            let login = try await CLI.run(["login", "--api-url", handle.baseURL],
                                          environment: TestUsers.environment(TestUsers.admin, ["XDG_CONFIG_HOME": config]))
            #expect(login.status == 0, "\(login.stderr)")
            let path = Self.credentialsPath(config)
            let before = await handle.requestLog().count
            for mode in [0o644, 0o640, 0o604] {
                #expect(chmod(path, mode_t(mode)) == 0)
                let plan = try await CLI.run(["plan", "examples/policies", "--api-url", handle.baseURL], environment: ["XDG_CONFIG_HOME": config])
                #expect(plan.status == 1)
                #expect(plan.stderr.contains("the credentials file \(path) can be read by others (mode \(String(mode, radix: 8)))"), "\(plan.stderr)")
                #expect(plan.stderr.contains("run 'chmod 600 \(path)'"), "\(plan.stderr)")
                #expect(plan.stdout.isEmpty)
            }
            let log = await handle.requestLog()
            #expect(log.count == before, "\(log.dropFirst(before).map(\.path))")
            #expect(!log.contains { $0.path == "/api/v1/roles" })
            // Fixed as the message says, it works again.
            #expect(chmod(path, 0o600) == 0)
            let plan = try await CLI.run(["plan", "examples/policies", "--api-url", handle.baseURL], environment: ["XDG_CONFIG_HOME": config])
            #expect(plan.status == 0, "\(plan.stderr)")
        }
    }

    @Test("logout revokes the stored refresh token (the simulator's next refresh with it is 401) and removes the entry")
    func logoutRevokes() async throws {
        let config = try Self.configHome()
        let user = TestUsers.admin
        try await EntryGuardSimulator.withRunning(try TestUsers.simulator()) { handle in
            let login = try await CLI.run(["login", "--api-url", handle.baseURL], environment: TestUsers.environment(user, ["XDG_CONFIG_HOME": config]))
            #expect(login.status == 0, "\(login.stderr)")
            let token = try Self.refreshToken(config, apiURL: handle.baseURL)
            #expect(await handle.usableRefreshTokenCount(userID: user.id) == 1)

            let logout = try await CLI.run(["logout", "--api-url", handle.baseURL], environment: ["XDG_CONFIG_HOME": config])
            #expect(logout.status == 0, "\(logout.stderr)")
            #expect(logout.stderr.contains("Logged out \(user.email) (organization 'acme') from \(handle.baseURL)."), "\(logout.stderr)")
            #expect(!Leak.shows(token, in: logout.stdout + logout.stderr))
            #expect(try Self.storedLogins(config)[handle.baseURL] == nil)
            let logouts = await handle.requestLog().filter { $0.path == "/api/v1/auth/logout" }
            #expect(logouts.map(\.status) == [200])
            #expect(await handle.usableRefreshTokenCount(userID: user.id) == 0)
            #expect(try await Self.refreshStatus(handle.baseURL, token: token) == 401)

            // Nothing stored any more: a plan without variables names the ways to log in.
            let plan = try await CLI.run(["plan", "examples/policies", "--api-url", handle.baseURL], environment: ["XDG_CONFIG_HOME": config])
            #expect(plan.status == 1)
            #expect(plan.stderr.contains("egpolicy login"), "\(plan.stderr)")
        }
    }

    @Test("logout with nothing stored: exit 0, 'No login is stored', no request")
    func logoutWithNothingStored() async throws {
        try await EntryGuardSimulator.withRunning(try TestUsers.simulator()) { handle in
            let logout = try await CLI.run(["logout", "--api-url", handle.baseURL])
            #expect(logout.status == 0, "\(logout.stderr)")
            #expect(logout.stderr.contains("No login is stored for \(handle.baseURL)"), "\(logout.stderr)")
            #expect(await handle.requestLog().isEmpty)
        }
    }
}
