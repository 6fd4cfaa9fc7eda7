import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// Refresh-token rotation and reuse detection, logout, and access tokens that expire.
@Suite(.timeLimit(.minutes(10))) struct TokenLifecycleTests {
    @Test func refreshRotatesAndAReusedTokenRevokesTheFamily() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let (_, first) = try await api.tokens(Logins.admin)
            let refreshed = try await api.refresh(first)
            #expect(refreshed.status == 200)
            let body = try refreshed.json()
            // The same shape as a login.
            #expect(body["mfaRequired"]?.bool == false && body["user"]?["email"]?.string == Logins.admin.email)
            let second = try #require(body["refreshToken"]?.string)
            let access = try #require(body["accessToken"]?.string)
            #expect(second != first)
            #expect(try await api.send(.GET, "/roles", credential: .bearer(access)).status == 200)

            // The rotated token comes back: 401, and the whole family is revoked, the newest token too.
            let reuse = try await api.refresh(first)
            #expect(reuse.status == 401)
            #expect(try reuse.json()["message"]?.string == "Refresh token has been revoked")
            #expect(try await api.refresh(second).status == 401)
            // Access tokens run until they expire.
            #expect(try await api.send(.GET, "/roles", credential: .bearer(access)).status == 200)
            #expect(await api.simulator.usableRefreshTokenCount() == 0)

            let refreshes = await api.simulator.requestLog().filter { $0.path == "/api/v1/auth/refresh" }.compactMap(\.auth)
            #expect(refreshes.map(\.refreshFamily) == [1, 1, 1])
            #expect(refreshes.map(\.refreshGeneration) == [1, 1, 2])
            #expect(refreshes.map(\.refreshToken) == ["current", "rotated", "revoked"])
            #expect(refreshes.map(\.outcome) == ["ok", "reuse-detected", "revoked"])
            #expect(refreshes[0].issuedRefreshGeneration == 2 && refreshes[0].issuedAccessTokenSerial == 2)
        }
    }

    @Test func refreshNeedsAToken() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            #expect(try await api.post("/auth/refresh", [:]).status == 400)
            #expect(try await api.post("/auth/refresh", ["refreshToken": ""]).status == 400)
            let unknown = try await api.refresh("eg_rt_unknown")
            #expect(unknown.status == 401)
            #expect(try unknown.json()["message"]?.string == "Invalid refresh token")
            #expect(await api.simulator.requestLog().last?.auth?.refreshToken == "unknown")
        }
    }

    @Test func logoutRevokesTheTokenAndIsIdempotent() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let (access, refresh) = try await api.tokens(Logins.admin)
            #expect(await api.simulator.usableRefreshTokenCount(userID: Logins.admin.id) == 1)
            let logout = try await api.post("/auth/logout", ["refreshToken": refresh])
            #expect(logout.status == 200)
            #expect(logout.text == "{}")
            #expect(try await api.post("/auth/logout", ["refreshToken": refresh]).text == "{}")
            #expect(try await api.post("/auth/logout", ["refreshToken": "eg_rt_never_issued"]).status == 200)
            #expect(try await api.post("/auth/logout", [:]).status == 400)
            #expect(try await api.refresh(refresh).status == 401)
            #expect(await api.simulator.usableRefreshTokenCount() == 0)
            // The access token cannot be revoked: it runs until it expires.
            #expect(try await api.send(.GET, "/roles", credential: .bearer(access)).status == 200)
            let outcomes = await api.simulator.requestLog().compactMap(\.auth?.outcome)
            #expect(outcomes == ["ok", "logged-out", "already-unusable", "already-unusable", "missing-fields", "revoked"])
        }
    }

    @Test func accessTokensExpireAfterTheirLifetime() async throws {
        try await withSimulator(Logins.configuration { $0.accessTokenTTL = 1.5 }) { api throws in
            let login = try await api.login(Logins.admin)
            #expect(try login.json()["expiresIn"]?.int == 1)
            let access = try #require(try login.json()["accessToken"]?.string)
            let refresh = try #require(try login.json()["refreshToken"]?.string)
            try await Task.sleep(for: .seconds(2))
            let expired = try await api.send(.GET, "/roles", credential: .bearer(access))
            #expect(expired.status == 401)
            #expect(try expired.json()["message"]?.string == "Access token has expired")
            #expect(try await api.send(.GET, "/resources", credential: .bearer(access)).status == 401)
            let entry = try #require(await api.simulator.requestLog().last?.auth)
            #expect(entry.accessToken == "expired")
            #expect((entry.accessTokenRemainingMs ?? 0) < 0)
            // The refresh token outlives it.
            #expect(try await api.refresh(refresh).status == 200)
        }
    }

    @Test func theHookExpiresIssuedTokensButNotStaticOnes() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let (access, refresh) = try await api.tokens(Logins.admin)
            #expect(try await api.send(.GET, "/roles", credential: .bearer(access)).status == 200)
            await api.simulator.expireAccessTokens()
            #expect(try await api.send(.GET, "/roles", credential: .bearer(access)).status == 401)
            #expect(try await api.send(.GET, "/roles").status == 200)
            let renewed = try #require(try await api.refresh(refresh).json()["accessToken"]?.string)
            #expect(try await api.send(.GET, "/roles", credential: .bearer(renewed)).status == 200)
            let states = await api.simulator.requestLog().filter { $0.path == "/api/v1/roles" }.map(\.auth?.accessToken)
            #expect(states == ["valid", "expired", "valid", "valid"])
        }
    }

    @Test func unknownBearerTokensAreLoggedAsUnknown() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            #expect(try await api.send(.GET, "/roles", credential: .bearer("eg_at_forged")).status == 401)
            #expect(await api.simulator.requestLog().last?.auth?.accessToken == "unknown")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func overlappingRefreshesShowInTheLog() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let (_, refresh) = try await api.tokens(Logins.admin)
            // The first refresh is held; the second is sent once the first is known to be in flight,
            // so the two overlap whatever the machine's load, and the second rotates the token first.
            await api.simulator.inject(FaultRule(pathPrefix: "/api/v1/auth/refresh", fault: .delay(milliseconds: 3000)))
            async let held = api.refresh(refresh)
            try await Wait.until("the first refresh in flight") { await api.simulator.requestsInFlight() > 0 }
            let second = try await api.refresh(refresh)
            let first = try await held
            #expect(second.status == 200)
            #expect(first.status == 401)
            let entries = await api.simulator.requestLog().filter { $0.path == "/api/v1/auth/refresh" }
            #expect(entries.count == 2)
            let (quick, slow) = (entries[0], entries[1])
            #expect(quick.startMs < slow.endMs && slow.startMs < quick.endMs, "the two refreshes overlap")
            #expect(entries.map(\.auth?.refreshToken) == ["current", "rotated"])
            #expect(entries.map(\.auth?.outcome) == ["ok", "reuse-detected"])
            #expect(entries.allSatisfy { $0.auth?.refreshGeneration == 1 })
            // The reuse revoked the family: the token the winner got is dead too.
            #expect(await api.simulator.usableRefreshTokenCount() == 0)
        }
    }
}
