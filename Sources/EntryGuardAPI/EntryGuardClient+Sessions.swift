import NIOHTTP1
import PolicyModel

extension EntryGuardClient {
    /// `GET /users`: every user of the organization (an org admin's access token only).
    public func listUsers() async throws(APIError) -> [UserObject] {
        try await getJSON("/users", as: [UserObject].self)
    }

    /// `GET /sessions/admin`: every session of every user, active and past, newest first.
    public func listAdminSessions() async throws(APIError) -> [SessionObject] {
        try await getJSON("/sessions/admin", as: [SessionObject].self)
    }

    /// `POST /sessions/admin/{id}/stop`. Only the documented 200 counts as stopped; the documented
    /// 400 "not in a stoppable state" is `alreadyEnded` (it expired, or someone — or an earlier
    /// attempt of this request whose answer was lost — stopped it). Anything else is an error.
    public func stopSession(_ id: SessionID) async throws(APIError) -> SessionStopOutcome {
        let path = "/sessions/admin/\(id.rawValue)/stop"
        let response: Response
        do {
            response = try await send(.POST, path)
        } catch let error where error.status == 400 && Self.isNotStoppable(error.message) {
            return .alreadyEnded(attempts: error.attempts)
        }
        guard response.status == 200 else {
            throw APIError.unexpectedStatus(response.status, endpoint: endpoint(.POST, path), documented: "200 OK",
                                            consequence: "the session may still be running", attempts: response.attempts)
        }
        return .stopped(attempts: response.attempts)
    }

    /// Whether a 400's message is the documented "Session is not in a stoppable state (…)".
    static func isNotStoppable(_ message: String) -> Bool {
        message.localizedCaseInsensitiveContains("not in a stoppable state")
    }
}
