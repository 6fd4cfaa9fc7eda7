import EntryGuardAPI

/// Who the credentials are (`whoami`): the API, the credential source in use, and the user as
/// EntryGuard describes it — or why it could not be asked.
public struct Identity: Sendable {
    public var apiURL: String
    /// The credential source of README, "Credentials and logging in" that was chosen.
    public var source: String
    public var profile: UserProfile?
    /// Why `GET /auth/me` gave no user, when it did not.
    public var problem: String?
}

extension LiveAccess {
    /// Logs in as a run would, then names the user: from the login's own answer, else `GET /auth/me`.
    public func identity() async throws -> Identity {
        try await withIdentity { client, source, profile in
            guard profile?.email == nil else { return Identity(apiURL: apiURL, source: source, profile: profile) }
            do {
                return Identity(apiURL: apiURL, source: source, profile: try await client.me())
            } catch {
                return Identity(apiURL: apiURL, source: source, problem: (error as? APIError)?.description ?? "\(error)")
            }
        }
    }
}
