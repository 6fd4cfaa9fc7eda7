import Foundation

/// The answer to `POST /auth/login` (`authentication.md`): tokens, or what must happen first.
public struct LoginAnswer: Decodable, Sendable {
    public var mfaRequired: Bool?
    public var mfaChallengeToken: String?
    public var passwordExpired: Bool?
    public var accessToken: String?
    public var refreshToken: String?
    public var expiresIn: Double?
    public var user: UserProfile?

    /// The tokens, when the answer carries both.
    public var grant: TokenGrant? {
        guard let accessToken, let refreshToken else { return nil }
        return TokenGrant(accessToken: accessToken, refreshToken: refreshToken, expiresIn: expiresIn ?? 900)
    }
}

/// Who a login is: the `user` of a login answer, or `GET /auth/me`.
public struct UserProfile: Decodable, Sendable {
    public var id: String?
    public var email: String?
    public var name: String?
    public var isOrgAdmin: Bool?
    public var organizationSlug: String?
    public var organizationName: String?
    public var mfaEnabled: Bool?
}

private struct GrantAnswer: Decodable {
    var accessToken: String
    var refreshToken: String
    var expiresIn: Double?
}

extension EntryGuardClient {
    /// `POST /auth/login` (public). Every secret it sends or gets joins `secrets` first.
    public func login(organizationSlug: String, email: String, password: String) async throws(APIError) -> LoginAnswer {
        secrets.add([password])
        let answer = try await postJSON("/auth/login", ["organizationSlug": organizationSlug, "email": email, "password": password],
                                        as: LoginAnswer.self)
        secrets.add([answer.accessToken, answer.refreshToken, answer.mfaChallengeToken].compactMap { $0 })
        return answer
    }

    /// `POST /auth/verify-mfa` (public) with a TOTP code.
    public func verifyMFA(challengeToken: String, code: String) async throws(APIError) -> TokenGrant {
        secrets.add([challengeToken, code])
        return try await grant("/auth/verify-mfa", ["mfaChallengeToken": challengeToken, "code": code])
    }

    /// `POST /auth/refresh` (public): a new access token and a new refresh token; the old refresh
    /// token is invalid from now on.
    public func refresh(refreshToken: String) async throws(APIError) -> TokenGrant {
        secrets.add([refreshToken])
        return try await grant("/auth/refresh", ["refreshToken": refreshToken])
    }

    /// `POST /auth/logout` (public): revokes the refresh token.
    public func logout(refreshToken: String) async throws(APIError) {
        secrets.add([refreshToken])
        _ = try await send(.POST, "/auth/logout", body: Self.body(["refreshToken": refreshToken]), authenticated: false)
    }

    /// `GET /auth/me`: who the session's (or the credential's) access token belongs to.
    public func me() async throws(APIError) -> UserProfile {
        try await getDecodable("/auth/me", as: UserProfile.self)
    }

    private func grant(_ path: String, _ fields: [String: String]) async throws(APIError) -> TokenGrant {
        let answer = try await postJSON(path, fields, as: GrantAnswer.self)
        secrets.add([answer.accessToken, answer.refreshToken])
        return TokenGrant(accessToken: answer.accessToken, refreshToken: answer.refreshToken, expiresIn: answer.expiresIn ?? 900)
    }

    private func postJSON<Value: Decodable>(_ path: String, _ fields: [String: String], as type: Value.Type) async throws(APIError) -> Value {
        let response = try await send(.POST, path, body: Self.body(fields), authenticated: false)
        return try decode(Value.self, from: response, endpoint: endpoint(.POST, path))
    }

    private static func body(_ fields: [String: String]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data())
    }
}
