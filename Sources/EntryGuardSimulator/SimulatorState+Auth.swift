import Foundation
import OneTimePassword

/// The auth endpoints and who a request's credential is.
extension SimulatorState {
    /// An auth endpoint's answer and what the log says of it.
    struct AuthAnswer: Sendable {
        var result: Result<JSONValue, APIError>
        var note: AuthNote

        init(_ result: Result<JSONValue, APIError>, _ note: AuthNote, outcome: String) {
            self.result = result
            self.note = note
            self.note.outcome = outcome
        }
    }

    /// Who the credential is, what the log notes of it, and (for `/auth/me`) the user. Only a bearer
    /// token login may have issued needs the state; the others are answered without a hop to it.
    nonisolated func caller(for presented: Authenticator.Presented, now: ContinuousClock.Instant) async
        -> (caller: Caller, note: AuthNote?, user: SimUser?)
    {
        switch presented {
        case .staticAdmin, .staticMember:
            var note = AuthNote()
            note.accessToken = "valid"
            let isAdmin = presented == .staticAdmin
            return (isAdmin ? .admin : .member, note,
                    SimUser.staticTokenHolder(isOrgAdmin: isAdmin, organization: profile))
        case .bearer(let token):
            return await caller(bearer: token, now: now)
        case .apiKey(let scope):
            return (.apiKey(resourcesScope: scope), nil, nil)
        case .unknownAPIKey:
            return (.unknownAPIKey, nil, nil)
        case .none:
            return (.unauthenticated, nil, nil)
        }
    }

    /// Who a bearer token that is not a static one is: an access token login or refresh issued, or nobody.
    private func caller(bearer token: String, now: ContinuousClock.Instant)
        -> (caller: Caller, note: AuthNote?, user: SimUser?)
    {
        var note = AuthNote()
        guard let grant = tokens.accessGrant(token) else {
            note.accessToken = "unknown"
            return (.unauthenticated, note, nil)
        }
        note.accessTokenSerial = grant.serial
        note.userId = grant.userID
        note.accessTokenRemainingMs = Self.milliseconds(grant.expiresAt - now)
        guard grant.expiresAt > now else {
            note.accessToken = "expired"
            return (.expired, note, nil)
        }
        note.accessToken = "valid"
        guard let user = users.user(id: grant.userID) else { return (.unauthenticated, note, nil) }
        if user.suspended { return (.suspended, note, user) }
        return (grant.isOrgAdmin ? .admin : .member, note, user)
    }

    /// `POST /auth/login`.
    func login(_ request: AuthRequest.Login, now: ContinuousClock.Instant, date: Date) -> AuthAnswer {
        var note = AuthNote()
        guard let slug = AuthRequest.present(request.organizationSlug), let email = AuthRequest.present(request.email),
              let password = AuthRequest.present(request.password)
        else { return AuthAnswer(.failure(.missingLoginFields), note, outcome: "missing-fields") }
        guard slug.lowercased() == profile.slug.lowercased() else {
            return AuthAnswer(.failure(.wrongCredentials), note, outcome: "wrong-organization")
        }
        guard let user = users.user(email: email), let expected = user.password,
              Self.constantTimeEqual(expected, password)
        else { return AuthAnswer(.failure(.wrongCredentials), note, outcome: "wrong-credentials") }
        note.userId = user.id
        if user.suspended {
            return AuthAnswer(.failure(.suspended), note, outcome: "suspended")
        }
        if user.passwordExpired {
            let body = Self.loginBody(passwordChangeToken: AuthTokens.newSecret(prefix: "eg_pc_"))
            return AuthAnswer(.success(body), note, outcome: "password-expired")
        }
        if user.mfaEnabled {
            let challenge = tokens.newChallenge(userID: user.id, now: now)
            return AuthAnswer(.success(Self.loginBody(mfaChallengeToken: challenge)), note, outcome: "mfa-required")
        }
        let body = issueLogin(user, note: &note, now: now, date: date, full: true)
        return AuthAnswer(.success(body), note, outcome: "ok")
    }

    /// `POST /auth/verify-mfa`: a TOTP code of the user's secret within ±1 step not used before, or an
    /// unused recovery code.
    func verifyMFA(_ request: AuthRequest.VerifyMFA, now: ContinuousClock.Instant, date: Date) -> AuthAnswer {
        var note = AuthNote()
        guard let challengeToken = AuthRequest.present(request.mfaChallengeToken) else {
            return AuthAnswer(.failure(.missingChallenge), note, outcome: "missing-fields")
        }
        guard let code = AuthRequest.present(request.code) else {
            return AuthAnswer(.failure(.missingCode), note, outcome: "missing-code")
        }
        let isTOTP = code.utf8.count == 6 && code.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        let isRecovery = code.utf8.count == 8 && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard isTOTP || isRecovery else {
            return AuthAnswer(.failure(.malformedCode), note, outcome: "malformed-code")
        }
        guard let challenge = tokens.challenge(challengeToken, now: now), let user = users.user(id: challenge.userID) else {
            return AuthAnswer(.failure(.invalidChallenge), note, outcome: "challenge-invalid")
        }
        note.userId = user.id
        if user.suspended {
            return AuthAnswer(.failure(.suspended), note, outcome: "suspended")
        }
        let refusal: (APIError, String)? = isTOTP ? checkTOTP(code, of: user, date: date) : useRecoveryCode(code, of: user)
        if let (error, outcome) = refusal {
            guard tokens.recordFailure(challenge: challengeToken) < Self.maxMFAFailures else {
                tokens.endChallenge(challengeToken)
                return AuthAnswer(.failure(.tooManyAttempts), note, outcome: "too-many-attempts")
            }
            return AuthAnswer(.failure(error), note, outcome: outcome)
        }
        tokens.endChallenge(challengeToken)
        let body = issueLogin(user, note: &note, now: now, date: date, full: false)
        return AuthAnswer(.success(body), note, outcome: "ok")
    }

    /// `POST /auth/refresh`: rotates a current refresh token; a rotated one coming back revokes its family.
    func refresh(_ request: AuthRequest.RefreshToken, now: ContinuousClock.Instant) -> AuthAnswer {
        var note = AuthNote()
        guard let token = AuthRequest.present(request.refreshToken) else {
            return AuthAnswer(.failure(.missingRefreshToken), note, outcome: "missing-fields")
        }
        guard let grant = tokens.refreshGrant(token) else {
            note.refreshToken = "unknown"
            return AuthAnswer(.failure(.invalidRefreshToken), note, outcome: "unknown")
        }
        note.userId = grant.userID
        note.refreshFamily = grant.family
        note.refreshGeneration = grant.generation
        note.refreshToken = grant.state.rawValue
        switch grant.state {
        case .revoked:
            return AuthAnswer(.failure(.revokedRefreshToken), note, outcome: "revoked")
        case .rotated:
            tokens.revokeFamily(grant.family)
            return AuthAnswer(.failure(.revokedRefreshToken), note, outcome: "reuse-detected")
        case .current:
            break
        }
        guard grant.expiresAt > now else {
            note.refreshToken = "expired"
            return AuthAnswer(.failure(.expiredRefreshToken), note, outcome: "expired")
        }
        guard let user = users.user(id: grant.userID) else {
            return AuthAnswer(.failure(.invalidRefreshToken), note, outcome: "unknown")
        }
        if user.suspended {
            return AuthAnswer(.failure(.suspended), note, outcome: "suspended")
        }
        tokens.markRotated(token)
        let issued = tokens.issue(userID: user.id, isOrgAdmin: user.isOrgAdmin, rotating: grant, now: now)
        note.record(issued)
        return AuthAnswer(.success(Self.loginBody(issued: issued, expiresIn: expiresIn, user: user.profileJSON(profile))),
                          note, outcome: "ok")
    }

    /// `POST /auth/logout`: revokes the token; 200 whatever it was (idempotent).
    func logout(_ request: AuthRequest.RefreshToken) -> AuthAnswer {
        var note = AuthNote()
        guard let token = AuthRequest.present(request.refreshToken) else {
            return AuthAnswer(.failure(.missingRefreshToken), note, outcome: "missing-fields")
        }
        guard let grant = tokens.refreshGrant(token) else {
            note.refreshToken = "unknown"
            return AuthAnswer(.success(.object([])), note, outcome: "already-unusable")
        }
        note.userId = grant.userID
        note.refreshFamily = grant.family
        note.refreshGeneration = grant.generation
        note.refreshToken = grant.state.rawValue
        tokens.revoke(token)
        return AuthAnswer(.success(.object([])), note, outcome: grant.state == .current ? "logged-out" : "already-unusable")
    }

    // MARK: Helpers

    /// The wrong code that ends a challenge: it answers 429 and the challenge is gone.
    static let maxMFAFailures = 5

    /// nil when `code` is the user's TOTP code of a step after the last one accepted; else the refusal.
    private func checkTOTP(_ code: String, of user: SimUser, date: Date) -> (APIError, String)? {
        guard let base32 = user.mfaSecret, let secret = try? Base32.decode(base32) else { return (.wrongCode, "wrong-code") }
        let steps = TOTP().matchingCounters(of: code, secret: secret, time: date)
        guard !steps.isEmpty else { return (.wrongCode, "wrong-code") }
        let last = acceptedSteps[user.id]
        guard let step = steps.first(where: { last == nil || $0 > last! }) else { return (.reusedCode, "reused-code") }
        acceptedSteps[user.id] = step
        return nil
    }

    /// nil when `code` is one of the user's recovery codes not used yet (now used); else the refusal.
    private func useRecoveryCode(_ code: String, of user: SimUser) -> (APIError, String)? {
        guard user.recoveryCodes.contains(where: { Self.constantTimeEqual($0.uppercased(), code.uppercased()) }) else {
            return (.wrongCode, "wrong-code")
        }
        guard usedRecoveryCodes.insert(user.id + "\u{0}" + code.uppercased()).inserted else {
            return (.usedRecoveryCode, "used-recovery-code")
        }
        return nil
    }

    /// Issues a login's tokens and stamps `lastLoginAt`: the full login answer, or verify-mfa's four fields.
    private func issueLogin(_ user: SimUser, note: inout AuthNote, now: ContinuousClock.Instant, date: Date,
                            full: Bool) -> JSONValue {
        let issued = tokens.issue(userID: user.id, isOrgAdmin: user.isOrgAdmin, now: now)
        note.record(issued)
        users.update(id: user.id) { $0.lastLoginAt = Timestamp.rfc3339(date) }
        guard full else {
            return .object([
                ("accessToken", .string(issued.accessToken)),
                ("refreshToken", .string(issued.refreshToken)),
                ("tokenType", .string("Bearer")),
                ("expiresIn", .integer(expiresIn)),
            ])
        }
        return Self.loginBody(issued: issued, expiresIn: expiresIn, user: user.profileJSON(profile))
    }

    /// The login answer's shape, every key present: tokens, or an MFA challenge, or a password change.
    static func loginBody(issued: AuthTokens.Issued? = nil, expiresIn: Int? = nil, user: JSONValue = .null,
                          mfaChallengeToken: String? = nil, passwordChangeToken: String? = nil) -> JSONValue {
        .object([
            ("mfaRequired", .bool(mfaChallengeToken != nil)),
            ("mfaChallengeToken", .optional(mfaChallengeToken)),
            ("mfaChallengeExpiresIn", mfaChallengeToken == nil ? .null : .integer(AuthTokens.challengeSeconds)),
            ("passwordExpired", .bool(passwordChangeToken != nil)),
            ("passwordChangeToken", .optional(passwordChangeToken)),
            ("accessToken", .optional(issued?.accessToken)),
            ("refreshToken", .optional(issued?.refreshToken)),
            ("expiresIn", expiresIn.map(JSONValue.integer) ?? .null),
            ("tokenType", issued == nil ? .null : .string("Bearer")),
            ("user", user),
        ])
    }

    /// `expiresIn`: the access-token lifetime in whole seconds, rounded down (the API sends integers).
    var expiresIn: Int {
        let (seconds, _) = tokens.accessTTL.components
        return Int(seconds)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return ((Double(seconds) * 1000 + Double(attoseconds) / 1e15) * 1000).rounded() / 1000
    }

    /// Compares two secrets without stopping at the first difference.
    static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let left = Array(left.utf8), right = Array(right.utf8)
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }
}

extension AuthNote {
    /// Notes the tokens an answer issued.
    mutating func record(_ issued: AuthTokens.Issued) {
        issuedAccessTokenSerial = issued.accessSerial
        issuedRefreshFamily = issued.family
        issuedRefreshGeneration = issued.generation
    }
}
