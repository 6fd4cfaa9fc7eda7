/// A user's session as `GET /sessions/admin` sends it: a time-limited opening of the user's IP on
/// the resources they may reach (`../shared/api/users-and-sessions.md`).
public struct SimSession: Codable, Sendable, Equatable {
    /// Session `status`.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending = "PENDING", active = "ACTIVE", partial = "PARTIAL", expiring = "EXPIRING"
        case expired = "EXPIRED", cancelled = "CANCELLED", failed = "FAILED"

        /// Only these can be stopped, and only these expire.
        public var isStoppable: Bool { self == .pending || self == .active || self == .partial }
    }

    /// The session's UUID.
    public var id: String
    /// The UUID of the user whose IP it opens.
    public var userId: String
    public var userName: String?
    public var userEmail: String?
    public var ipv4Address: String?
    public var ipv6Address: String?
    public var status: Status
    public var startedAt: String
    /// When the session ends by itself (RFC 3339); the simulator expires it then.
    public var expiresAt: String
    public var endedAt: String?
    /// EXPIRED, MANUAL or ADMIN.
    public var endedReason: String?
    /// One IP rule per resource the session opened.
    public var resourceIps: [SimResourceIP]
    public var createdAt: String

    /// Creates a session; what is not given is filled in plausibly (an ACTIVE IPv4 session).
    public init(
        id: String,
        userId: String,
        userName: String? = nil,
        userEmail: String? = nil,
        ipv4Address: String? = "203.0.113.7",
        ipv6Address: String? = nil,
        status: Status = .active,
        startedAt: String = SimRole.defaultTimestamp,
        expiresAt: String,
        endedAt: String? = nil,
        endedReason: String? = nil,
        resourceIps: [SimResourceIP],
        createdAt: String? = nil
    ) {
        self.id = id
        self.userId = userId
        self.userName = userName
        self.userEmail = userEmail
        self.ipv4Address = ipv4Address
        self.ipv6Address = ipv6Address
        self.status = status
        self.startedAt = startedAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
        self.endedReason = endedReason
        self.resourceIps = resourceIps
        self.createdAt = createdAt ?? startedAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, userId, userName, userEmail, ipv4Address, ipv6Address, status, startedAt, expiresAt, endedAt,
             endedReason, resourceIps, createdAt
    }

    /// Decodes a `GET /sessions/admin` element; `createdAt` defaults to `startedAt`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let startedAt = try container.decode(String.self, forKey: .startedAt)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            userId: try container.decode(String.self, forKey: .userId),
            userName: try container.decodeIfPresent(String.self, forKey: .userName),
            userEmail: try container.decodeIfPresent(String.self, forKey: .userEmail),
            ipv4Address: try container.decodeIfPresent(String.self, forKey: .ipv4Address),
            ipv6Address: try container.decodeIfPresent(String.self, forKey: .ipv6Address),
            status: try container.decode(Status.self, forKey: .status),
            startedAt: startedAt,
            expiresAt: try container.decode(String.self, forKey: .expiresAt),
            endedAt: try container.decodeIfPresent(String.self, forKey: .endedAt),
            endedReason: try container.decodeIfPresent(String.self, forKey: .endedReason),
            resourceIps: try container.decodeIfPresent([SimResourceIP].self, forKey: .resourceIps) ?? [],
            createdAt: try container.decodeIfPresent(String.self, forKey: .createdAt)
        )
    }
}

/// One IP rule of a session: the session's address opened on one resource.
public struct SimResourceIP: Codable, Sendable, Equatable {
    /// Per-resource `status`.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending = "PENDING", applied = "APPLIED", failed = "FAILED", removing = "REMOVING", removed = "REMOVED"

        /// Whether the rule opens (or is about to open) the address.
        public var isOpen: Bool { self == .pending || self == .applied }
    }

    public var id: String
    public var resourceId: String
    public var resourceName: String?
    /// IPV4 or IPV6.
    public var ipVersion: String
    public var ipAddress: String
    public var status: Status
    public var providerRuleId: String?
    public var appliedAt: String?
    public var removedAt: String?
    public var errorMessage: String?

    /// Creates a rule; by default an applied IPv4 rule.
    public init(id: String, resourceId: String, resourceName: String? = nil, ipVersion: String = "IPV4",
                ipAddress: String = "203.0.113.7", status: Status = .applied, providerRuleId: String? = "sgr-0simulated",
                appliedAt: String? = SimRole.defaultTimestamp, removedAt: String? = nil, errorMessage: String? = nil) {
        self.id = id
        self.resourceId = resourceId
        self.resourceName = resourceName
        self.ipVersion = ipVersion
        self.ipAddress = ipAddress
        self.status = status
        self.providerRuleId = providerRuleId
        self.appliedAt = appliedAt
        self.removedAt = removedAt
        self.errorMessage = errorMessage
    }
}
