/// A role object as the EntryGuard API sends it (`GET /roles`, `GET /roles/{id}`).
public struct SimRole: Codable, Sendable, Equatable {
    /// The role's UUID, stored exactly as given (it may be upper case).
    public var id: String
    /// The role's name, unique within the organization.
    public var name: String
    /// Free text; sent as `null` when absent.
    public var description: String?
    /// Longest session a user of this role may start; sent as `null` when absent.
    public var maxSessionDurationHours: Int?
    /// The cloud resources assigned to the role, in the order they were assigned.
    public var resourceIds: [String]
    /// The users holding the role.
    public var userIds: [String]
    /// When the role was created (RFC 3339).
    public var createdAt: String
    /// When the role was last changed (RFC 3339); writes set it to now.
    public var updatedAt: String

    /// The timestamp a state file without `createdAt`/`updatedAt` gets.
    public static let defaultTimestamp = "2026-01-01T00:00:00Z"

    /// Creates a role; only the id, the name and the resources are required.
    public init(
        id: String,
        name: String,
        description: String? = nil,
        maxSessionDurationHours: Int? = nil,
        resourceIds: [String],
        userIds: [String] = [],
        createdAt: String = SimRole.defaultTimestamp,
        updatedAt: String = SimRole.defaultTimestamp
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.maxSessionDurationHours = maxSessionDurationHours
        self.resourceIds = resourceIds
        self.userIds = userIds
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, description, maxSessionDurationHours, resourceIds, userIds, createdAt, updatedAt
    }

    /// Decodes a role, tolerating a state file that leaves out the optional fields.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        maxSessionDurationHours = try container.decodeIfPresent(Int.self, forKey: .maxSessionDurationHours)
        resourceIds = try container.decode([String].self, forKey: .resourceIds)
        userIds = try container.decodeIfPresent([String].self, forKey: .userIds) ?? []
        createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt) ?? Self.defaultTimestamp
        updatedAt = try container.decodeIfPresent(String.self, forKey: .updatedAt) ?? Self.defaultTimestamp
    }

    /// Encodes every key, with `null` for an absent description or session limit, as the API does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        if let description {
            try container.encode(description, forKey: .description)
        } else {
            try container.encodeNil(forKey: .description)
        }
        if let maxSessionDurationHours {
            try container.encode(maxSessionDurationHours, forKey: .maxSessionDurationHours)
        } else {
            try container.encodeNil(forKey: .maxSessionDurationHours)
        }
        try container.encode(resourceIds, forKey: .resourceIds)
        try container.encode(userIds, forKey: .userIds)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
