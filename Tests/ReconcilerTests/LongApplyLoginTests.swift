import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import Parallel
import TestSupport
import Testing

/// README, "Credentials and logging in": a run longer than several access-token lifetimes completes without an
/// authentication error, refreshing one at a time with the newest refresh token, and logs out.
@Suite("Logins over long runs", .timeLimit(.minutes(10)))
struct LongApplyLoginTests {
    typealias H = ApplyHarness
    static let password = "long-run-pa55word-1e7c"
    static let user = SimUser(id: "770e8400-e29b-41d4-a716-4466554420b1", email: "ci-bot@acme.example", name: "CI Bot",
                              isOrgAdmin: true, password: password)

    static func loginEnvironment() -> [String: String] {
        ["ENTRYGUARD_ORG": "acme", "ENTRYGUARD_EMAIL": user.email, "ENTRYGUARD_PASSWORD": password]
    }

    /// `body` with a policy that empties `roles` roles of 5 bindings each, against a simulator
    /// (`latencyMilliseconds`, `rateLimit`) where the org admin `user` logs in and every access
    /// token lasts 2 seconds.
    static func withTwoSecondTokens(roles: Int, latencyMilliseconds: Int = 0, rateLimit: Int? = nil,
                                    _ body: (_ policy: String, _ handle: SimulatorHandle) async throws -> Void) async throws {
        let (policy, state) = try H.emptyingPolicy(roles: roles, perRole: 5)
        var configuration = SimulatorConfiguration(roles: state, latencyMilliseconds: latencyMilliseconds, rateLimit: rateLimit)
        configuration.users = [user]
        configuration.accessTokenTTL = 2
        try await EntryGuardSimulator.withRunning(configuration) { handle in try await body(policy, handle) }
    }

    @Test("apply of 2,000 changes under a rate limit lasting over five 2-second token lifetimes: all applied, refreshes one at a time, logout at the end")
    func longApply() async throws {
        try await Self.withTwoSecondTokens(roles: 400, rateLimit: 150) { policy, handle in
            let harness = H()
            let report = H.temporaryPath("report.json")
            var access = LiveAccess(apiURL: handle.baseURL, environment: Self.loginEnvironment(), requestTimeout: .seconds(10), maxConnections: 8)
            access.maxRetries = 8
            let outcome = try await Applier(options: ApplyOptions(paths: [policy], autoApprove: true, safety: SafetyValve(force: true)),
                                            io: harness.io()).run(access: access)
            try harness.finish(outcome, reportPath: report)
            let status = outcome.exitStatus
            let log = await handle.requestLog()
            let deletes = log.filter { $0.method == "DELETE" && $0.status == 204 }
            #expect(status == 0)
            #expect(deletes.count == 2000)
            let json = try String(contentsOfFile: report, encoding: .utf8)
            #expect(json.contains("\"applied\": 2000") && !json.contains("\"error\""))
            // Long enough to need refreshes: over five lifetimes between the first and the last request.
            let span = (log.last?.endMs ?? 0) - (log.first?.startMs ?? 0)
            #expect(span > 10_000, "the run lasted \(span) ms")
            // The reference lists 429 on the refresh endpoint too: a refused refresh used nothing up and is
            // sent again with the same token. The refreshes the server took must chain.
            let allRefreshes = log.filter { $0.path == "/api/v1/auth/refresh" }
            let refreshes = allRefreshes.filter { $0.status != 429 }
            #expect(refreshes.count >= 5)
            // Never two at once, always the newest refresh token, one generation after the other.
            for (earlier, later) in zip(allRefreshes, allRefreshes.dropFirst()) {
                #expect(earlier.endMs <= later.startMs, "refreshes overlapped")
            }
            #expect(refreshes.allSatisfy { $0.status == 200 && $0.auth?.refreshToken == "current" })
            #expect(refreshes.map { $0.auth?.refreshGeneration ?? 0 } == Array(1...refreshes.count))
            // A token is renewed a quarter of its lifetime before it expires; a request held up longer
            // than that on a busy machine meets a 401, refreshes once and goes again: no 401 reaches
            // a result (above), and every 401 was a token that had really expired.
            let unauthorized = log.filter { $0.status == 401 }
            #expect(unauthorized.allSatisfy { $0.auth?.accessToken == "expired" })
            #expect(unauthorized.count <= refreshes.count)
            // The run logged out with its newest refresh token; nothing of the login outlives it.
            let last = try #require(log.last)
            #expect(last.path == "/api/v1/auth/logout" && last.auth?.refreshToken == "current")
            #expect(await handle.usableRefreshTokenCount(userID: Self.user.id) == 0)
            let report429 = log.count { $0.status == 429 }
            Swift.print("long apply: \(deletes.count) deletes, \(refreshes.count) refreshes, \(log.count) requests, \(report429) answered 429, "
                + "\(unauthorized.count) answered 401 (then renewed), span \(Int(span)) ms")
        }
    }

    @Test("a refresh answered 429 while the one place of --concurrency 1 is held by a change waiting for it: the refresh waits its Retry-After holding no place, and the run completes")
    func refusedRefreshHoldsNoPlace() async throws {
        try await Self.withTwoSecondTokens(roles: 8, latencyMilliseconds: 50) { policy, handle in
            await handle.inject(FaultRule(method: "POST", pathPrefix: "/api/v1/auth/refresh", fault: .status(429, retryAfter: "1")))
            let harness = H()
            let access = LiveAccess(apiURL: handle.baseURL, environment: Self.loginEnvironment(), requestTimeout: .seconds(10), maxConnections: 1)
            var options = ApplyOptions(paths: [policy], autoApprove: true, safety: SafetyValve(force: true))
            options.concurrency = 1
            let ended = Locked<ApplyOutcome?>(nil)
            let run = Task { [options] in
                let outcome = try await Applier(options: options, io: harness.io()).run(access: access)
                ended.withLock { $0 = outcome }
            }
            // 40 changes at 50 ms outlast the token's 2 s, so a refresh comes mid-run. Were the refresh
            // to lend the place of the change that began it, the next change would take the place and
            // wait for the refresh, and the refresh would wait for a place: no end. A bounded wait
            // fails instead of hanging the suite.
            try await Wait.until("the apply to end", limit: .seconds(30)) { ended.withLock { $0 != nil } }
            try await run.value
            #expect(ended.withLock { $0?.exitStatus } == 0)
            let log = await handle.requestLog()
            #expect(log.count { $0.method == "DELETE" && $0.status == 204 } == 40)
            #expect(log.filter { $0.path == "/api/v1/auth/refresh" }.map(\.status).prefix(2) == [429, 200])
        }
    }

    @Test("a ready access token that expires mid-run: no new change starts, the rest is skipped, and the run says the token expired")
    func expiringToken() async throws {
        let (policy, state) = try H.emptyingPolicy(roles: 100, perRole: 5)
        var configuration = SimulatorConfiguration(roles: state, rateLimit: 100)
        configuration.users = [Self.user]
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            // A token as a CI job might paste it: from a login made elsewhere.
            let token = try await EntryGuardClient.with(.init(baseURL: handle.baseURL, credential: nil)) { client in
                try await client.login(organizationSlug: "acme", email: Self.user.email, password: Self.password).accessToken
            }
            let harness = H()
            let report = H.temporaryPath("report.json")
            let access = LiveAccess(apiURL: handle.baseURL, environment: ["ENTRYGUARD_TOKEN": try #require(token)],
                                    requestTimeout: .seconds(10), maxConnections: 8)
            async let run = Applier(options: ApplyOptions(paths: [policy], autoApprove: true, safety: SafetyValve(force: true)),
                                    io: harness.io()).run(access: access)
            // The token's lifetime ends after the first 20 changes, whatever the machine's speed.
            try await Wait.until("20 DELETEs", interval: .milliseconds(5)) { await handle.requestLog().count { $0.method == "DELETE" } >= 20 }
            await handle.expireAccessTokens()
            let outcome = try await run
            try harness.finish(outcome, reportPath: report)
            #expect(outcome.exitStatus == 1)
            let applied = await handle.requestLog().count { $0.method == "DELETE" && $0.status == 204 }
            #expect(applied >= 20 && applied < 500)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
            let summary = try #require(object["summary"] as? [String: Any])
            #expect(summary["applied"] as? Int == applied)
            #expect((summary["skipped"] as? Int ?? 0) + (summary["failed"] as? Int ?? 0) == 500 - applied)
            #expect((summary["skipped"] as? Int ?? 0) > 0)
            let reason = try #require(object["stoppedBecause"] as? String)
            #expect(reason.contains("HTTP 401") && reason.contains("the access token was refused: it has expired or was revoked"), "\(reason)")
            #expect(harness.output.value.contains("expired"))
        }
    }
}
