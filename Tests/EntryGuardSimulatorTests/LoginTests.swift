import EntryGuardSimulator
import Foundation
import TestSupport
import OneTimePassword
import Testing

/// `POST /auth/login` and `POST /auth/verify-mfa` as `../shared/api/authentication.md` documents them.
@Suite(.timeLimit(.minutes(10))) struct LoginTests {
    /// Checks the coded error shape `{"error","message","timestamp"}` of the auth endpoints.
    private func expectCodedError(_ reply: TestReply, status: Int, code: String, message: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(reply.status == status, sourceLocation: sourceLocation)
        let body = try reply.json()
        #expect(body.keys == ["error", "message", "timestamp"], sourceLocation: sourceLocation)
        #expect(body["error"]?.string == code, sourceLocation: sourceLocation)
        #expect(body["message"]?.string == message, sourceLocation: sourceLocation)
        #expect(isSecondsTimestamp(body["timestamp"]?.string ?? ""), sourceLocation: sourceLocation)
    }

    @Test func loginWithoutMFAAnswersTokensAndTheUser() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let reply = try await api.login(Logins.admin)
            #expect(reply.status == 200)
            let body = try reply.json()
            #expect(body.keys == ["accessToken", "expiresIn", "mfaChallengeExpiresIn", "mfaChallengeToken", "mfaRequired",
                                  "passwordChangeToken", "passwordExpired", "refreshToken", "tokenType", "user"])
            #expect(body["mfaRequired"]?.bool == false)
            #expect(body["mfaChallengeToken"] == .null && body["mfaChallengeExpiresIn"] == .null)
            #expect(body["passwordExpired"]?.bool == false && body["passwordChangeToken"] == .null)
            #expect(body["tokenType"]?.string == "Bearer")
            #expect(body["expiresIn"]?.int == 900)
            let user = try #require(body["user"])
            #expect(user["email"]?.string == Logins.admin.email)
            #expect(user["isOrgAdmin"]?.bool == true)
            #expect(user["organizationSlug"]?.string == "acme")
            #expect(user["mfaEnabled"]?.bool == false)
            let access = try #require(body["accessToken"]?.string)
            let refresh = try #require(body["refreshToken"]?.string)
            #expect(access != refresh)

            #expect(try await api.send(.GET, "/roles", credential: .bearer(access)).status == 200)
            let me = try await api.send(.GET, "/auth/me", credential: .bearer(access))
            #expect(me.status == 200)
            #expect(try me.json()["email"]?.string == Logins.admin.email)
            #expect(try me.json()["organizationMfaRequired"]?.bool == false)

            let log = await api.simulator.requestLog()
            #expect(log.map(\.status) == [200, 200, 200])
            #expect(log[0].auth?.outcome == "ok")
            #expect(log[0].auth?.userId == Logins.admin.id)
            #expect(log[0].auth?.issuedAccessTokenSerial == 1)
            #expect(log[0].auth?.issuedRefreshFamily == 1 && log[0].auth?.issuedRefreshGeneration == 1)
            #expect(log[1].auth?.accessToken == "valid" && log[1].auth?.accessTokenSerial == 1)
            #expect((log[1].auth?.accessTokenRemainingMs ?? 0) > 0)
            #expect(await api.simulator.users().first?.lastLoginAt != nil)
        }
    }

    @Test func loginWithMFAThenAVerifiedTOTPCode() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let login = try await api.login(Logins.mfaAdmin)
            #expect(login.status == 200)
            let body = try login.json()
            #expect(body["mfaRequired"]?.bool == true)
            #expect(body["mfaChallengeExpiresIn"]?.int == 300)
            for field in ["accessToken", "refreshToken", "expiresIn", "tokenType"] {
                #expect(body[field] == .null, "\(field)")
            }
            let challenge = try #require(body["mfaChallengeToken"]?.string)
            // Without the code, the challenge is no access token.
            #expect(try await api.send(.GET, "/roles", credential: .bearer(challenge)).status == 401)

            let verified = try await api.post("/auth/verify-mfa", ["mfaChallengeToken": challenge,
                                                                   "code": try Logins.currentCode()])
            #expect(verified.status == 200)
            let tokens = try verified.json()
            #expect(tokens.keys == ["accessToken", "expiresIn", "refreshToken", "tokenType"])
            #expect(tokens["expiresIn"]?.int == 900)
            let access = try #require(tokens["accessToken"]?.string)
            #expect(try await api.send(.GET, "/roles", credential: .bearer(access)).status == 200)
            #expect(try await api.send(.GET, "/auth/me", credential: .bearer(access)).json()["mfaEnabled"]?.bool == true)

            // The challenge is spent.
            let again = try await api.post("/auth/verify-mfa", ["mfaChallengeToken": challenge,
                                                                "code": try Logins.currentCode()])
            try expectCodedError(again, status: 401, code: "UNAUTHORIZED", message: "MFA challenge is invalid or has expired")
        }
    }

    @Test func wrongPasswordUnknownUserOrWrongOrganizationIs401() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let message = "Invalid organization, email or password"
            try expectCodedError(try await api.login(Logins.admin, password: "wrong"), status: 401, code: "UNAUTHORIZED",
                                 message: message)
            try expectCodedError(try await api.login(SimUser(id: Examples.unknownRole, email: "nobody@acme.example")),
                                 status: 401, code: "UNAUTHORIZED", message: message)
            try expectCodedError(try await api.login(Logins.admin, organization: "globex"), status: 401,
                                 code: "UNAUTHORIZED", message: message)
            let missing = try await api.post("/auth/login", ["organizationSlug": "acme", "email": Logins.admin.email])
            try expectCodedError(missing, status: 400, code: "BAD_REQUEST",
                                 message: "organizationSlug, email and password are required")
            let log = await api.simulator.requestLog()
            #expect(log.map { $0.auth?.outcome } == ["wrong-credentials", "wrong-credentials", "wrong-organization",
                                                     "missing-fields"])
            #expect(log.allSatisfy { $0.auth?.issuedAccessTokenSerial == nil })
        }
    }

    @Test func wrongCodeIs401AndTheChallengeStaysOpen() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let challenge = try #require(try await api.login(Logins.mfaAdmin).json()["mfaChallengeToken"]?.string)
            let wrong = try await api.post("/auth/verify-mfa", ["mfaChallengeToken": challenge, "code": try Logins.wrongCode()])
            try expectCodedError(wrong, status: 401, code: "UNAUTHORIZED", message: "Invalid MFA code")
            let right = try await api.post("/auth/verify-mfa", ["mfaChallengeToken": challenge,
                                                                "code": try Logins.currentCode()])
            #expect(right.status == 200)
        }
    }

    @Test func aCodeAlreadyUsedIsRefused() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let code = try Logins.currentCode()
            let first = try #require(try await api.login(Logins.mfaAdmin).json()["mfaChallengeToken"]?.string)
            #expect(try await api.post("/auth/verify-mfa", ["mfaChallengeToken": first, "code": code]).status == 200)
            let second = try #require(try await api.login(Logins.mfaAdmin).json()["mfaChallengeToken"]?.string)
            let replay = try await api.post("/auth/verify-mfa", ["mfaChallengeToken": second, "code": code])
            try expectCodedError(replay, status: 401, code: "UNAUTHORIZED", message: "MFA code has already been used")
            #expect(await api.simulator.requestLog().last?.auth?.outcome == "reused-code")
        }
    }

    @Test func recoveryCodesWorkOnce() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let first = try #require(try await api.login(Logins.mfaAdmin).json()["mfaChallengeToken"]?.string)
            #expect(try await api.post("/auth/verify-mfa", ["mfaChallengeToken": first, "code": Logins.recoveryCode]).status == 200)
            let second = try #require(try await api.login(Logins.mfaAdmin).json()["mfaChallengeToken"]?.string)
            let reused = try await api.post("/auth/verify-mfa", ["mfaChallengeToken": second, "code": Logins.recoveryCode])
            try expectCodedError(reused, status: 401, code: "UNAUTHORIZED", message: "Recovery code has already been used")
        }
    }

    @Test func expiredOrUnknownChallengeIs401AndBadCodesAre400() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let challenge = try #require(try await api.login(Logins.mfaAdmin).json()["mfaChallengeToken"]?.string)
            let missing = try await api.post("/auth/verify-mfa", ["mfaChallengeToken": challenge])
            try expectCodedError(missing, status: 400, code: "BAD_REQUEST", message: "MFA code is required")
            let malformed = try await api.post("/auth/verify-mfa", ["mfaChallengeToken": challenge, "code": "12 456"])
            try expectCodedError(malformed, status: 400, code: "BAD_REQUEST",
                                 message: "MFA code must be 6 digits or an 8-character recovery code")
            let unknown = try await api.post("/auth/verify-mfa", ["mfaChallengeToken": "eg_mfa_nothing",
                                                                  "code": try Logins.currentCode()])
            try expectCodedError(unknown, status: 401, code: "UNAUTHORIZED", message: "MFA challenge is invalid or has expired")

            await api.simulator.expireMFAChallenges()
            let expired = try await api.post("/auth/verify-mfa", ["mfaChallengeToken": challenge,
                                                                  "code": try Logins.currentCode()])
            try expectCodedError(expired, status: 401, code: "UNAUTHORIZED", message: "MFA challenge is invalid or has expired")
        }
    }

    @Test func tooManyWrongCodesEndTheChallenge() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let challenge = try #require(try await api.login(Logins.mfaAdmin).json()["mfaChallengeToken"]?.string)
            var statuses: [Int] = []
            for _ in 0..<6 {
                statuses.append(try await api.post("/auth/verify-mfa", ["mfaChallengeToken": challenge,
                                                                        "code": try Logins.wrongCode()]).status)
            }
            #expect(statuses == [401, 401, 401, 401, 429, 401])
        }
    }

    @Test func anExpiredPasswordGetsAChangeTokenAndNoAccessToken() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let reply = try await api.login(Logins.expired)
            #expect(reply.status == 200)
            let body = try reply.json()
            #expect(body["passwordExpired"]?.bool == true)
            #expect(body["passwordChangeToken"]?.string?.isEmpty == false)
            #expect(body["mfaRequired"]?.bool == false)
            #expect(body["accessToken"] == .null && body["refreshToken"] == .null)
            let changeToken = try #require(body["passwordChangeToken"]?.string)
            #expect(try await api.send(.GET, "/roles", credential: .bearer(changeToken)).status == 401)
        }
    }

    @Test func aNonAdminLogsInButMayNotManageRolesOrUsers() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let reply = try await api.login(Logins.member)
            #expect(reply.status == 200)
            #expect(try reply.json()["user"]?["isOrgAdmin"]?.bool == false)
            let (access, _) = try await api.tokens(Logins.member)
            let roles = try await api.send(.GET, "/roles", credential: .bearer(access))
            #expect(roles.status == 403)
            #expect(try roles.json()["message"]?.string == "Access is denied: ORG_ADMIN role required")
            #expect(try await api.send(.GET, "/users", credential: .bearer(access)).status == 403)
            #expect(try await api.send(.GET, "/auth/me", credential: .bearer(access)).status == 200)
        }
    }

    @Test func aSuspendedUserIs403AtLoginAndWithTokensIssuedBefore() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            try expectCodedError(try await api.login(Logins.suspended), status: 403, code: "FORBIDDEN",
                                 message: "User account is suspended")

            let (access, refresh) = try await api.tokens(Logins.admin)
            await api.simulator.updateUser(id: Logins.admin.id) { $0.suspended = true }
            #expect(try await api.send(.GET, "/roles", credential: .bearer(access)).status == 403)
            #expect(try await api.send(.GET, "/auth/me", credential: .bearer(access)).status == 403)
            try expectCodedError(try await api.refresh(refresh), status: 403, code: "FORBIDDEN",
                                 message: "User account is suspended")
            #expect(try await api.login(Logins.admin).status == 403)
        }
    }

    @Test func loginIsPublicAndAnswersNoGarbage() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            // A wrong bearer token on a public endpoint is not looked at.
            let reply = try await api.post("/auth/login", ["organizationSlug": "acme", "email": Logins.admin.email,
                                                           "password": Logins.password], credential: .bearer("junk"))
            #expect(reply.status == 200)
            let garbage = try await fetch(.POST, api.simulator.baseURL + "/auth/login", credential: .none,
                                          body: "{\"email\": 3", with: api.client)
            try expectCodedError(garbage, status: 400, code: "BAD_REQUEST", message: "Malformed JSON request body")
        }
    }
}
