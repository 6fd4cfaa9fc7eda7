import EntryGuardAPI
import PolicyModel

/// `apply --plan FILE --end-sessions`: `GET /users` and `GET /sessions/admin` read again, in
/// parallel, just before the changes, so that the plan's stops target the sessions live now
/// (README, "Ending sessions"; `SessionRecheck` decides what that means for each stop).
enum SessionReread {
    /// The recheck, or why the sessions could not be read (then apply refuses before any change).
    /// A failure to read the users only costs emails: the plan's and the sessions' own are used.
    static func run(_ plan: Plan, client: EntryGuardClient) async -> Result<SessionRecheck, Unreadable> {
        if client.configuration.credential?.kind == .apiKey {
            return .failure(Unreadable(reason: "EntryGuard accepts only an org admin's access token on GET /sessions/admin, not an API key"))
        }
        async let users = result { () async throws(APIError) in try await client.listUsers() }
        async let sessions = result { () async throws(APIError) in try await client.listAdminSessions() }
        var emails: [String: String] = [:]
        if case .success(let objects) = await users {
            for user in objects where !user.email.isEmpty { emails[user.id.lowercased()] = user.email }
        }
        switch await sessions {
        case .success(let objects):
            return .success(SessionRecheck(plan: plan, sessions: objects.compactMap(\.liveSession), emails: emails))
        case .failure(let error):
            return .failure(Unreadable(reason: error.description))
        }
    }

    struct Unreadable: Error {
        var reason: String
    }

    private static func result<Value>(_ body: () async throws(APIError) -> Value) async -> Result<Value, APIError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }
}
