public enum SessionIDKind {}
/// A session's UUID (`GET /sessions/admin`).
public typealias SessionID = UUIDIdentifier<SessionIDKind>

/// A user's session as a plan uses it: who, whether it is active, until when, and which resources
/// its IP rules hold open.
public struct LiveSession: Hashable, Sendable {
    public var id: SessionID
    /// The user's id, lowercase.
    public var userId: String
    /// The email the session names, if any (the users list is the first authority).
    public var email: String?
    /// The session `status` as EntryGuard writes it (PENDING, ACTIVE, PARTIAL, EXPIRING, …).
    public var status: String
    /// RFC 3339.
    public var expiresAt: String
    /// The resources whose rule is PENDING or APPLIED: those the session holds open.
    public var openResources: [ResourceID]

    public init(id: SessionID, userId: String, email: String? = nil, status: String, expiresAt: String, openResources: [ResourceID]) {
        self.id = id
        self.userId = userId.lowercased()
        self.email = email
        self.status = status
        self.expiresAt = expiresAt
        self.openResources = openResources
    }

    /// PENDING, ACTIVE or PARTIAL: a session that holds its rules and can be stopped.
    public var isActive: Bool { Self.activeStatuses.contains(status) }

    public static let activeStatuses: Set<String> = ["PENDING", "ACTIVE", "PARTIAL"]
    /// A resource rule's statuses that hold the IP open.
    public static let openRuleStatuses: Set<String> = ["PENDING", "APPLIED"]
}

/// An active session that keeps a removed binding open for a user who loses it (README, "plan"):
/// the `activeSessions` entries of an unassignment.
public struct ActiveSession: Codable, Hashable, Sendable {
    public var id: SessionID
    public var userId: String
    /// The user's email where known, else `null`.
    public var email: String?
    public var expiresAt: String
    /// The other resources the session holds open: stopping it ends the user's access to them too,
    /// until they start a new session.
    public var otherResourceIds: [ResourceID]

    public init(id: SessionID, userId: String, email: String?, expiresAt: String, otherResourceIds: [ResourceID]) {
        self.id = id
        self.userId = userId
        self.email = email
        self.expiresAt = expiresAt
        self.otherResourceIds = otherResourceIds
    }

    private enum CodingKeys: String, CodingKey {
        case id, userId, email, expiresAt, otherResourceIds
    }

    /// `email` is written as `null` when unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(userId, forKey: .userId)
        try container.encode(email, forKey: .email)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(otherResourceIds, forKey: .otherResourceIds)
    }
}

/// Finds, for an unassignment, the active sessions of the users who lose the resource.
struct ActiveSessionFinder {
    private var byUser: [String: [LiveSession]] = [:]
    private let emails: [String: String]

    init(sessions: [LiveSession], emails: [String: String]) {
        self.emails = emails
        for session in sessions where session.isActive {
            byUser[session.userId, default: []].append(session)
        }
    }

    /// The active sessions of `losing` users that hold `resource` open, by email (else user id), then id.
    func sessions(holding resource: ResourceID, for losing: [String]) -> [ActiveSession] {
        var found: [ActiveSession] = []
        for user in losing {
            for session in byUser[user.lowercased()] ?? [] where session.openResources.contains(resource) {
                var others = Array(Set(session.openResources).subtracting([resource]))
                others.sort()
                found.append(ActiveSession(id: session.id, userId: session.userId, email: emails[session.userId] ?? session.email,
                                           expiresAt: session.expiresAt, otherResourceIds: others))
            }
        }
        return found.sorted { ($0.email ?? $0.userId, $0.id) < ($1.email ?? $1.userId, $1.id) }
    }
}

/// An active session of a managed role's user that holds open a resource the policy does not grant
/// that user (through a managed role as declared, or an unmanaged role as it is): access that
/// outlives the policy until the session ends (`drift`, `egpolicy_sessions_outliving_policy`).
public struct OutlivingSession: Codable, Hashable, Sendable {
    public var id: SessionID
    public var userId: String
    public var email: String?
    public var expiresAt: String
    /// The resources it holds open that the policy does not grant the user.
    public var resourceIds: [ResourceID]

    public init(id: SessionID, userId: String, email: String?, expiresAt: String, resourceIds: [ResourceID]) {
        self.id = id
        self.userId = userId
        self.email = email
        self.expiresAt = expiresAt
        self.resourceIds = resourceIds
    }

    private enum CodingKeys: String, CodingKey {
        case id, userId, email, expiresAt, resourceIds
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(userId, forKey: .userId)
        try container.encode(email, forKey: .email)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(resourceIds, forKey: .resourceIds)
    }

    /// Every such session, by email (else user id), then id. `desired` holds each managed role's
    /// declared resources; every other live role grants what it holds.
    static func find(live: LiveState, sessions: [LiveSession], desired: [RoleID: [ResourceID]]) -> [OutlivingSession] {
        // Only the users with an active session matter: most plans have none, and a policy of
        // 10,000 roles with 5 users each is 50,000 grants to gather for nothing.
        let withSessions = Set(sessions.lazy.filter(\.isActive).map(\.userId))
        guard !withSessions.isEmpty else { return [] }
        var managedUsers: Set<String> = []
        var grants: [String: Set<ResourceID>] = [:]
        for role in live.roles {
            let granted = desired[role.id] ?? role.resourceIds
            for user in role.userIds {
                let user = user.lowercased()
                guard withSessions.contains(user) else { continue }
                if desired[role.id] != nil { managedUsers.insert(user) }
                grants[user, default: []].formUnion(granted)
            }
        }
        var found: [OutlivingSession] = []
        for session in sessions where session.isActive && managedUsers.contains(session.userId) {
            let granted = grants[session.userId] ?? []
            let outside = Array(Set(session.openResources).subtracting(granted)).sorted()
            guard !outside.isEmpty else { continue }
            found.append(OutlivingSession(id: session.id, userId: session.userId,
                                          email: live.userEmails[session.userId] ?? session.email,
                                          expiresAt: session.expiresAt, resourceIds: outside))
        }
        return found.sorted { ($0.email ?? $0.userId, $0.id) < ($1.email ?? $1.userId, $1.id) }
    }
}
