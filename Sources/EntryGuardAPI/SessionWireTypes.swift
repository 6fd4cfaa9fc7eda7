import PolicyModel

/// A user as `GET /users` returns it, only what egpolicy shows (`../shared/api/users-and-sessions.md`).
public struct UserObject: Codable, Sendable, Hashable {
    public var id: String
    public var email: String
    public var name: String?
    /// Role names, not ids.
    public var roleNames: [String]?

    public init(id: String, email: String, name: String? = nil, roleNames: [String]? = nil) {
        self.id = id
        self.email = email
        self.name = name
        self.roleNames = roleNames
    }
}

/// A session as `GET /sessions/admin` and `POST /sessions/admin/{id}/stop` return it, only what a
/// plan uses.
public struct SessionObject: Codable, Sendable, Hashable {
    public var id: String
    public var userId: String
    public var userEmail: String?
    public var status: String
    public var expiresAt: String
    public var resourceIps: [ResourceIPObject]?

    public init(id: String, userId: String, userEmail: String? = nil, status: String, expiresAt: String,
                resourceIps: [ResourceIPObject]? = nil) {
        self.id = id
        self.userId = userId
        self.userEmail = userEmail
        self.status = status
        self.expiresAt = expiresAt
        self.resourceIps = resourceIps
    }

    /// The domain value; nil when the session's id is not a UUID (it could never be stopped).
    /// Rules on resources whose id is not a UUID are left out: no binding can name them.
    public var liveSession: LiveSession? {
        guard let id = SessionID(id) else { return nil }
        let open = (resourceIps ?? []).filter { LiveSession.openRuleStatuses.contains($0.status) }.compactMap { ResourceID($0.resourceId) }
        return LiveSession(id: id, userId: userId, email: userEmail, status: status, expiresAt: expiresAt, openResources: open)
    }
}

/// One IP rule of a session.
public struct ResourceIPObject: Codable, Sendable, Hashable {
    public var resourceId: String
    public var status: String

    public init(resourceId: String, status: String) {
        self.resourceId = resourceId
        self.status = status
    }
}

/// How a stop ended when it did not fail.
public enum SessionStopOutcome: Sendable, Hashable {
    /// 200: the session is now ending; `attempts` it took.
    case stopped(attempts: Int)
    /// 400 "not in a stoppable state": it had already expired or been stopped.
    case alreadyEnded(attempts: Int)
}
