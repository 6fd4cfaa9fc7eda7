import EntryGuardAPI
import Foundation

/// `egpolicy login` and `egpolicy logout` (README, "Credentials and logging in"): a login whose refresh token — never the
/// password — is kept in the credentials file for the API URL, so a CI job logs in once (one MFA
/// code) and runs several commands with it.
public enum StoredLogin {
    /// Asks a question on the terminal (`echo` false: a secret); `nil` when nobody can answer.
    public typealias Ask = @Sendable (_ question: String, _ echo: Bool) async -> String?

    /// What `login` did, for its message.
    public struct Outcome: Sendable {
        public var email: String
        public var organizationSlug: String
        public var path: String
        /// Whether an earlier stored login for the URL was replaced (and revoked).
        public var replaced: Bool
    }

    /// Logs in from the login variables or, for what they leave out and on a terminal, from
    /// answers; checks the user is an org admin; stores the refresh token. An earlier login stored
    /// for the URL is replaced and its refresh token revoked.
    public static func logIn(access: LiveAccess, ask: Ask?) async throws -> Outcome {
        guard let file = access.credentialsFile else {
            throw ReconcileError.configuration("no place for the stored login: set HOME or XDG_CONFIG_HOME")
        }
        let login = try await serviceLogin(access: access, ask: ask)
        var askCode: LoginFlow.CodePrompt?
        if let ask {
            askCode = { question in await ask(question, false) }
        }
        let apiURL = access.apiURL
        return try await access.withAnonymousClient { client in
            try await store(login, in: file, apiURL: apiURL, client: client, askCode: askCode)
        }
    }

    private static func store(_ login: ServiceLogin, in file: CredentialsFile, apiURL: String, client: EntryGuardClient,
                              askCode: LoginFlow.CodePrompt?) async throws -> Outcome {
        let (session, _) = try await LoginFlow.openSession(login, client: client, askCode: askCode)
        let entry = CredentialsFile.Entry(organizationSlug: login.organizationSlug, email: login.email,
                                          refreshToken: await session.refreshToken, savedAt: Planner.timestamp(Date()))
        let previous: CredentialsFile.Entry?
        do {
            previous = try await file.update(apiURL) { old in (entry, old) }
        } catch {
            await LoginFlow.logOut(session, client: client)
            throw ReconcileError.fileIO("cannot store the login: \((error as? CredentialError)?.message ?? "\(error)")")
        }
        if let previous { try? await client.logout(refreshToken: previous.refreshToken) }
        return Outcome(email: login.email, organizationSlug: login.organizationSlug, path: file.path, replaced: previous != nil)
    }

    /// Revokes the stored login for the URL and removes it; `nil` when there was none.
    public static func logOut(access: LiveAccess) async throws -> CredentialsFile.Entry? {
        guard let file = access.credentialsFile else { return nil }
        let removed: CredentialsFile.Entry?
        do {
            removed = try await file.update(access.apiURL) { old in (nil, old) }
        } catch {
            throw ReconcileError.login((error as? CredentialError)?.message ?? "\(error)")
        }
        guard let removed else { return nil }
        try await access.withAnonymousClient { client -> Void in
            do {
                try await client.logout(refreshToken: removed.refreshToken)
            } catch {
                let reason = (error as? APIError)?.description ?? "\(error)"
                throw ReconcileError.login("the login was removed from \(file.path), but revoking its refresh token failed (\(reason)); "
                    + "it stays valid until it expires")
            }
        }
        return removed
    }

    /// The service login of the variables; on a terminal, what they leave out is asked for.
    private static func serviceLogin(access: LiveAccess, ask: Ask?) async throws -> ServiceLogin {
        var environment = access.environment
        if let ask {
            for (name, question, echo) in [(LoginVariables.organization, "Organization (slug): ", true), (LoginVariables.email, "Email: ", true)]
            where (environment[name] ?? "").isEmpty {
                environment[name] = await ask(question, echo)
            }
            if access.passwordFile == nil && (environment[LoginVariables.password] ?? "").isEmpty {
                environment[LoginVariables.password] = await ask("Password: ", false)
            }
        }
        do {
            return try ServiceLogin.fromEnvironment(environment, passwordFile: access.passwordFile)
        } catch {
            throw ReconcileError.login(error.message)
        }
    }
}
