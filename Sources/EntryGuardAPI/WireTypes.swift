import PolicyModel

/// A role object as `GET /roles` and `GET /roles/{id}` return it (API reference "Get Role").
public struct RoleObject: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var description: String?
    public var maxSessionDurationHours: Int?
    public var resourceIds: [String]
    public var userIds: [String]?
    public var createdAt: String?
    public var updatedAt: String?

    public init(id: String, name: String, description: String? = nil, maxSessionDurationHours: Int? = nil,
                resourceIds: [String], userIds: [String]? = nil, createdAt: String? = nil, updatedAt: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.maxSessionDurationHours = maxSessionDurationHours
        self.resourceIds = resourceIds
        self.userIds = userIds
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A live response that cannot be trusted as state: an id that is not a UUID.
public struct InvalidRoleObject: Error, Sendable, CustomStringConvertible {
    public var description: String

    // The words of each refusal, shared by `GET /roles/{id}` (`RoleObject.liveRole`) and whole
    // arrays, `GET /roles` answers and `--live-state` files alike (`LiveRolesReader`). The server's text is made safe for a terminal here,
    // only when it goes into an error: the checks run for every role of a plan.

    static func roleIDNotUUID(name: String, id: String) -> InvalidRoleObject {
        InvalidRoleObject(description: "role '\(printable(name))' has id '\(printable(id))', which is not a UUID")
    }

    static func resourceIDNotUUID(name: String, role: RoleID, resource: String) -> InvalidRoleObject {
        InvalidRoleObject(description: "role '\(printable(name))' (\(role)) lists resource id '\(printable(resource))', which is not a UUID")
    }

    static func listedTwice(_ role: RoleID, first: Int, index: Int) -> InvalidRoleObject {
        InvalidRoleObject(description: "role id \(role) is listed twice (elements [\(first)] and [\(index)]); refusing the answer")
    }

    private static func printable(_ text: String) -> String { EntryGuardClient.printable(text, redacting: nil) }
}

extension RoleObject {
    /// The domain value, with every id checked and normalized to lowercase (`GET /roles/{id}`; a
    /// whole `GET /roles` array is read by `LiveRolesReader`, with the same checks and words).
    public func liveRole() throws(InvalidRoleObject) -> LiveRole {
        guard let roleID = RoleID(id) else { throw .roleIDNotUUID(name: name, id: id) }
        var resources: [ResourceID] = []
        resources.reserveCapacity(resourceIds.count)
        for text in resourceIds {
            guard let resource = ResourceID(text) else {
                throw .resourceIDNotUUID(name: name, role: roleID, resource: text)
            }
            resources.append(resource)
        }
        return LiveRole(id: roleID, name: name, resourceIds: resources, userIds: userIds ?? [],
                        maxSessionDurationHours: maxSessionDurationHours)
    }
}

/// A cloud resource as `GET /resources` returns it; only what egpolicy shows is required.
public struct ResourceObject: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var provider: String?
    public var resourceType: String?
    public var resourceIdentifier: String?
    public var region: String?

    public init(id: String, name: String, provider: String? = nil, resourceType: String? = nil,
                resourceIdentifier: String? = nil, region: String? = nil) {
        self.id = id
        self.name = name
        self.provider = provider
        self.resourceType = resourceType
        self.resourceIdentifier = resourceIdentifier
        self.region = region
    }
}
