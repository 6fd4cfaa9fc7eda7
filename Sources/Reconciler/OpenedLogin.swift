import EntryGuardAPI
import Foundation

/// The credential of a run, ready to authorize requests, and how to end it (README, "Credentials and logging in").
struct OpenedLogin: Sendable {
    /// The client whose requests carry the credential.
    var client: EntryGuardClient
    var source: CredentialSource
    /// Who the login is, when known without asking (a login answer's `user`).
    var profile: UserProfile?
    /// Ends what the run started: a password login is logged out, so no refresh token outlives the run.
    var close: @Sendable () async -> Void

    /// Logs in (or takes up the stored login) over `client`; a ready token or key is used as it is.
    static func open(_ source: CredentialSource, apiURL: String, client: EntryGuardClient, askCode: LoginFlow.CodePrompt?,
                     now: @escaping @Sendable () -> Date) async throws -> OpenedLogin {
        switch source {
        case .token, .apiKey:
            return OpenedLogin(client: client, source: source, profile: nil, close: {})
        case .password(let login):
            let (session, profile) = try await LoginFlow.openSession(login, client: client, askCode: askCode, now: now)
            return OpenedLogin(client: client.authenticated(by: session), source: source, profile: profile,
                               close: { await LoginFlow.logOut(session, client: client) })
        case .storedLogin(let file, let entry):
            let renew: LoginSession.Renewal = { _ in try await renewStored(file, apiURL: apiURL, client: client, now: now) }
            let grant: TokenGrant
            do {
                grant = try await renew(entry.refreshToken)
            } catch let error as APIError where error.status == 401 || error.status == 403 {
                throw ReconcileError.login("the stored login of \(entry.email) for \(apiURL) was refused (\(error.description)); "
                    + "run 'egpolicy login' again")
            }
            let session = LoginSession(grant: grant, now: { now().timeIntervalSinceReferenceDate }, renew: renew)
            return OpenedLogin(client: client.authenticated(by: session), source: source, profile: nil, close: {})
        }
    }

    /// A refresh of the stored login under the credentials file's lock, with the refresh token on
    /// disk (the newest, should another run have rotated it meanwhile), which it then replaces.
    private static func renewStored(_ file: CredentialsFile, apiURL: String, client: EntryGuardClient,
                                    now: @escaping @Sendable () -> Date) async throws -> TokenGrant {
        try await file.update(apiURL) { current in
            guard var entry = current else {
                throw ReconcileError.login("the stored login for \(apiURL) was removed from \(file.path) (egpolicy logout?); log in again")
            }
            let grant = try await client.refresh(refreshToken: entry.refreshToken)
            entry.refreshToken = grant.refreshToken
            entry.savedAt = Planner.timestamp(now())
            return (entry, grant)
        }
    }
}
