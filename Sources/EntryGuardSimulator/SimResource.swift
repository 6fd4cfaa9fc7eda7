/// A cloud resource as `GET /resources` and `GET /resources/{id}` send it.
public struct SimResource: Codable, Sendable, Equatable {
    /// The resource's UUID.
    public var id: String
    /// The resource's display name.
    public var name: String
    /// The UUID of the cloud credential the resource is reached with.
    public var credentialId: String
    /// The name of that credential.
    public var credentialName: String
    /// The cloud: AWS, GCP, AZURE, APISIX or VERCEL.
    public var provider: String
    /// The kind of resource, e.g. SECURITY_GROUP.
    public var resourceType: String
    /// The provider's own identifier, e.g. sg-0abc123def456.
    public var resourceIdentifier: String
    /// The provider region.
    public var region: String
    /// Provider-specific settings.
    public var config: [String: String]
    /// Whether the resource is in use.
    public var isActive: Bool
    /// When the credential last worked for this resource; `null` when never.
    public var lastVerifiedAt: String?
    /// When the resource was created (RFC 3339).
    public var createdAt: String
    /// When the resource was last changed (RFC 3339).
    public var updatedAt: String

    /// Creates a resource; only the id and the name are required.
    public init(
        id: String,
        name: String,
        credentialId: String = "880e8400-e29b-41d4-a716-446655440000",
        credentialName: String = "simulated-credential",
        provider: String = "AWS",
        resourceType: String = "SECURITY_GROUP",
        resourceIdentifier: String = "sg-0abc123def456",
        region: String = "eu-west-1",
        config: [String: String] = [:],
        isActive: Bool = true,
        lastVerifiedAt: String? = nil,
        createdAt: String = SimRole.defaultTimestamp,
        updatedAt: String = SimRole.defaultTimestamp
    ) {
        self.id = id
        self.name = name
        self.credentialId = credentialId
        self.credentialName = credentialName
        self.provider = provider
        self.resourceType = resourceType
        self.resourceIdentifier = resourceIdentifier
        self.region = region
        self.config = config
        self.isActive = isActive
        self.lastVerifiedAt = lastVerifiedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The resource a catalog derived from role bindings holds for `id`.
    static func derived(from id: String) -> SimResource {
        let lowered = id.lowercased()
        let hex = lowered.filter(\.isHexDigit)
        return SimResource(id: lowered, name: "resource-" + String(hex.prefix(8)))
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, credentialId, credentialName, provider, resourceType, resourceIdentifier, region, config
        case isActive, lastVerifiedAt, createdAt, updatedAt
    }

    /// Decodes a resource; every field but the id and the name may be left out (defaults as in `init`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SimResource(
            id: try container.decode(String.self, forKey: .id),
            name: try container.decode(String.self, forKey: .name)
        )
        self = defaults
        credentialId = try container.decodeIfPresent(String.self, forKey: .credentialId) ?? defaults.credentialId
        credentialName = try container.decodeIfPresent(String.self, forKey: .credentialName) ?? defaults.credentialName
        provider = try container.decodeIfPresent(String.self, forKey: .provider) ?? defaults.provider
        resourceType = try container.decodeIfPresent(String.self, forKey: .resourceType) ?? defaults.resourceType
        resourceIdentifier = try container.decodeIfPresent(String.self, forKey: .resourceIdentifier)
            ?? defaults.resourceIdentifier
        region = try container.decodeIfPresent(String.self, forKey: .region) ?? defaults.region
        config = try container.decodeIfPresent([String: String].self, forKey: .config) ?? defaults.config
        isActive = try container.decodeIfPresent(Bool.self, forKey: .isActive) ?? defaults.isActive
        lastVerifiedAt = try container.decodeIfPresent(String.self, forKey: .lastVerifiedAt)
        createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt) ?? defaults.createdAt
        updatedAt = try container.decodeIfPresent(String.self, forKey: .updatedAt) ?? defaults.updatedAt
    }

    /// Encodes every key, with `null` for a resource never verified, as the API does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(credentialId, forKey: .credentialId)
        try container.encode(credentialName, forKey: .credentialName)
        try container.encode(provider, forKey: .provider)
        try container.encode(resourceType, forKey: .resourceType)
        try container.encode(resourceIdentifier, forKey: .resourceIdentifier)
        try container.encode(region, forKey: .region)
        try container.encode(config, forKey: .config)
        try container.encode(isActive, forKey: .isActive)
        if let lastVerifiedAt {
            try container.encode(lastVerifiedAt, forKey: .lastVerifiedAt)
        } else {
            try container.encodeNil(forKey: .lastVerifiedAt)
        }
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
