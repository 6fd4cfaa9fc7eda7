import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// README, "Credentials and logging in" over real HTTP: `plan` logs in as a service user, and every login error ends the
/// run before any role is read, with a message that says what to do.
@Suite("Service-user login (process)", .timeLimit(.minutes(10)))
struct LoginCommandTests {
    static func plan(_ handle: SimulatorHandle, _ environment: [String: String]) async throws -> CLI.Result {
        try await CLI.run(["plan", "examples/policies", "--api-url", handle.baseURL], environment: environment)
    }

    static func roleReads(_ handle: SimulatorHandle) async -> Int {
        await handle.requestLog().count { $0.path.hasPrefix("/api/v1/roles") }
    }

    @Test("a login without MFA and one with a code from ENTRYGUARD_TOTP_SECRET plan, then log out")
    func logins() async throws {
        try await EntryGuardSimulator.withRunning(try TestUsers.simulator()) { handle in
            let plain = try await Self.plan(handle, TestUsers.environment(TestUsers.admin))
            #expect(plain.status == 0, "\(plain.stderr)")
            #expect(plain.stdout.contains("Plan: 6 to unassign"))
            let mfa = try await Self.plan(handle, TestUsers.environment(TestUsers.mfaAdmin, ["ENTRYGUARD_TOTP_SECRET": TestUsers.totpSecret]))
            #expect(mfa.status == 0, "\(mfa.stderr)")
            let auth = await handle.requestLog().filter { $0.path.hasPrefix("/api/v1/auth/") }.map { "\($0.method) \($0.path) \($0.status)" }
            #expect(auth == ["POST /api/v1/auth/login 200", "POST /api/v1/auth/logout 200",
                             "POST /api/v1/auth/login 200", "POST /api/v1/auth/verify-mfa 200", "GET /api/v1/auth/me 200",
                             "POST /api/v1/auth/logout 200"])
            // Logged out: no refresh token of either login can be used any more.
            for user in [TestUsers.admin, TestUsers.mfaAdmin] {
                #expect(await handle.usableRefreshTokenCount(userID: user.id) == 0)
            }
        }
    }

    @Test("each login error: exit 1, its message, no role read", arguments: [
        ("wrong password", ["ENTRYGUARD_PASSWORD": "not-the-password"], TestUsers.admin,
         "error: login failed: EntryGuard refused the organization, email or password of ci-bot@acme.example in organization 'acme'"),
        ("wrong organization", ["ENTRYGUARD_ORG": "globex"], TestUsers.admin,
         "error: login failed: EntryGuard refused the organization, email or password of ci-bot@acme.example in organization 'globex'"),
        ("wrong MFA code", ["ENTRYGUARD_MFA_CODE": "000000"], TestUsers.mfaAdmin, "error: the MFA code for mfa-bot@acme.example in organization 'acme' was refused"),
        ("MFA without a code source", [:], TestUsers.mfaAdmin,
         "error: mfa-bot@acme.example must answer an MFA challenge, but there is no code: set ENTRYGUARD_TOTP_SECRET"),
        ("bad TOTP secret", ["ENTRYGUARD_TOTP_SECRET": "not base32!"], TestUsers.mfaAdmin, "error: ENTRYGUARD_TOTP_SECRET is not a base32 secret"),
        ("expired password", [:], TestUsers.expired,
         "error: the password of old@acme.example in organization 'acme' has expired: change it in EntryGuard, then update ENTRYGUARD_PASSWORD"),
        ("not an org admin", [:], TestUsers.member,
         "error: dev@acme.example is not an organization admin of 'acme': EntryGuard accepts only org admins' tokens on /roles and /users"),
        ("suspended", [:], TestUsers.suspended, "error: login refused: the user gone@acme.example or the organization 'acme' is suspended"),
        ("only some variables", ["ENTRYGUARD_ORG": "", "ENTRYGUARD_PASSWORD": ""], TestUsers.admin,
         "error: a service-user login needs ENTRYGUARD_ORG, ENTRYGUARD_EMAIL and ENTRYGUARD_PASSWORD (or --password-file); missing: ENTRYGUARD_ORG, ENTRYGUARD_PASSWORD (or --password-file)"),
    ])
    func loginErrors(name: String, change: [String: String], user: SimUser, message: String) async throws {
        try await EntryGuardSimulator.withRunning(try TestUsers.simulator()) { handle in
            let result = try await Self.plan(handle, TestUsers.environment(user, change))
            #expect(result.status == 1, "\(name)")
            #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(await Self.roleReads(handle) == 0, "\(name)")
            // A login that was made (the non-admin) is ended at once.
            #expect(await handle.usableRefreshTokenCount(userID: user.id) == 0, "\(name)")
        }
    }

    @Test("SIGINT while plan reads the roles: the login is logged out on the way out, exit 1")
    func interruptedRunLogsOut() async throws {
        var configuration = try TestUsers.simulator()
        configuration.faults = [FaultRule(method: "GET", pathPrefix: "/api/v1/roles", fault: .delay(milliseconds: 60_000))]
        let output = try CLI.temporaryFile("output.txt", contents: "")
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            let (process, exits, input) = try CLI.start(["plan", "examples/policies", "--api-url", handle.baseURL], terminal: false,
                                                                   output: output, environment: TestUsers.environment(TestUsers.admin))
            defer { try? input.close() }
            // Logged in, and GET /roles held by the delay.
            try await Wait.until("a login and GET /roles in flight", alive: { process.isRunning }) {
                let loggedIn = await handle.requestLog().contains { $0.path == "/api/v1/auth/login" }
                return loggedIn ? await handle.requestsInFlight() > 0 : false
            }
            kill(process.processIdentifier, SIGINT)
            var status: Int32 = -1
            for await code in exits { status = code }
            #expect(status == 1)
            #expect(try String(contentsOfFile: output, encoding: .utf8).contains("error: interrupted by SIGINT"))
            #expect(await handle.requestLog().contains { $0.path == "/api/v1/auth/logout" && $0.status == 200 })
            #expect(await handle.usableRefreshTokenCount(userID: TestUsers.admin.id) == 0)
        }
    }

    @Test("an API key refused on /roles (401 or 403): the message names the login variables", arguments: [401, 403])
    func apiKeyRefused(status: Int) async throws {
        var configuration = try TestUsers.simulator()
        configuration.apiKeys = ["eg_live_key-for-resources-only"]
        configuration.apiKeyRefusalStatus = status
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            let result = try await Self.plan(handle, ["ENTRYGUARD_API_KEY": "eg_live_key-for-resources-only"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("GET /api/v1/roles: HTTP \(status)"))
            #expect(result.stderr.contains("EntryGuard does not accept API keys for role management (/roles, /users): log in as an org-admin "
                + "service user with ENTRYGUARD_ORG, ENTRYGUARD_EMAIL and ENTRYGUARD_PASSWORD (or --password-file), or run 'egpolicy login'"),
                    "\(result.stderr)")
        }
    }
}
