/// A role as EntryGuard reports it.
public struct LiveRole: Hashable, Sendable {
    public var id: RoleID
    public var name: String
    public var resourceIds: [ResourceID]
    public var userIds: [String]
    public var maxSessionDurationHours: Int?

    public init(id: RoleID, name: String, resourceIds: [ResourceID], userIds: [String] = [], maxSessionDurationHours: Int? = nil) {
        self.id = id
        self.name = name
        self.resourceIds = resourceIds
        self.userIds = userIds
        self.maxSessionDurationHours = maxSessionDurationHours
    }
}

/// All roles of the organization, and the names of its resources where known.
public struct LiveState: Sendable, Equatable {
    public var roles: [LiveRole]
    /// Resource id -> display name, from `GET /resources` when it could be read.
    public var resourceNames: [ResourceID: String]

    public init(roles: [LiveRole], resourceNames: [ResourceID: String] = [:]) {
        self.roles = roles
        self.resourceNames = resourceNames
    }
}
