import AsyncHTTPClient
import NIOHTTP1

extension EntryGuardClient {
    /// One request as it goes out: what, with which body, authorized how.
    struct Call: Sendable {
        var method: HTTPMethod
        var path: String
        var body: [UInt8]?
        var authorization: Authorization?
    }

    /// The header that authorizes a request, and the session token's generation when it is one.
    struct Authorization: Sendable {
        var name: String
        var value: String
        var generation: Int?
    }

    /// The session's access token (renewed first when it would expire within the margin), else the
    /// ready credential, else none.
    func authorization(endpoint: String, attempt: Int) async throws(APIError) -> Authorization? {
        if let session {
            do {
                let (token, generation) = try await session.accessToken()
                return Authorization(name: "Authorization", value: "Bearer \(token)", generation: generation)
            } catch {
                throw renewalFailure(error, endpoint: endpoint, attempt: attempt)
            }
        }
        return configuration.credential.map { Authorization(name: $0.headerName, value: $0.headerValue, generation: nil) }
    }

    /// After a 401 to the session's token of `generation`: one refresh (or the newer token another
    /// request's refresh brought).
    func renew(_ session: LoginSession, after generation: Int, endpoint: String, attempt: Int) async throws(APIError) {
        do {
            _ = try await session.refresh(after: generation)
            logger.info("access token renewed after a 401 to \(endpoint)")
        } catch {
            throw renewalFailure(error, endpoint: endpoint, attempt: attempt)
        }
    }

    private func renewalFailure(_ error: any Error, endpoint: String, attempt: Int) -> APIError {
        let reason = (error as? APIError)?.description ?? Self.describe(error, redacting: secrets)
        return .status(401, endpoint: endpoint, message: "the login session could not be renewed (\(reason)); log in again", attempts: attempt)
    }

    /// A 401 or 403 explained for what the credential is: EntryGuard refuses API keys on `/roles` and
    /// `/users`, and a ready token cannot be renewed.
    func hinted(_ error: APIError, path: String) -> APIError {
        guard let status = error.status, status == 401 || status == 403, let credential = configuration.credential else { return error }
        let hint: String
        switch credential.kind {
        case .apiKey where path.hasPrefix("/roles") || path.hasPrefix("/users"):
            hint = "EntryGuard does not accept API keys for role management (/roles, /users): log in as an org-admin service user "
                + "with \(LoginVariables.summary), or run 'egpolicy login'"
        case .bearer where status == 401:
            hint = "the access token was refused: it has expired or was revoked, and a ready token (\(Credential.tokenVariable) or --token-file) "
                + "cannot be renewed; log in as a service user with \(LoginVariables.summary) so egpolicy can renew it"
        default:
            return error
        }
        return error.adding(hint: hint)
    }
}

/// The environment variables of a service-user login (README, "Credentials and logging in", source 2).
public enum LoginVariables {
    public static let organization = "ENTRYGUARD_ORG"
    public static let email = "ENTRYGUARD_EMAIL"
    public static let password = "ENTRYGUARD_PASSWORD"
    public static let totpSecret = "ENTRYGUARD_TOTP_SECRET"
    public static let mfaCode = "ENTRYGUARD_MFA_CODE"
    /// How messages name them.
    public static let summary = "\(organization), \(email) and \(password) (or --password-file)"
}
