import EntryGuardAPI
import PolicyModel

/// `GET /users` and `GET /sessions/admin`, read beside `GET /roles` (README, "People and sessions"):
/// optional, so a refusal or a failure is a warning and the plan falls back to user ids and to
/// "active sessions may last up to N h".
struct PeopleReading: Sendable {
    var userEmails: [String: String] = [:]
    /// `nil` when the sessions could not be read.
    var sessions: [LiveSession]?
    var warnings: [Diagnostic] = []

    /// Both lists in parallel. An API key is never sent: EntryGuard refuses it on both.
    static func read(with client: EntryGuardClient) async -> PeopleReading {
        if client.configuration.credential?.kind == .apiKey {
            return PeopleReading(warnings: [.warning(
                "people and active sessions are not shown: EntryGuard accepts only an org admin's access token on "
                    + "GET /users and GET /sessions/admin, not an API key; users are shown by id")])
        }
        async let users = result { () async throws(APIError) in try await client.listUsers() }
        async let sessions = result { () async throws(APIError) in try await client.listAdminSessions() }
        var reading = PeopleReading()
        switch await users {
        case .success(let objects):
            for user in objects where !user.email.isEmpty {
                reading.userEmails[user.id.lowercased()] = user.email
            }
        case .failure(let error):
            reading.warnings.append(.warning("users are shown by id, not email: \(why(error)) (\(error.description))"))
        }
        switch await sessions {
        case .success(let objects):
            reading.sessions = objects.compactMap(\.liveSession)
        case .failure(let error):
            reading.warnings.append(.warning(
                "active sessions are not shown (only how long they may last): \(why(error)) (\(error.description))"))
        }
        return reading
    }

    private static func result<Value>(_ body: () async throws(APIError) -> Value) async -> Result<Value, APIError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    private static func why(_ error: APIError) -> String {
        switch error.status {
        case 401, 403: "the credential may not read it (an org admin's access token is needed)"
        case 404: "the API has no such endpoint"
        default: "it failed"
        }
    }
}
