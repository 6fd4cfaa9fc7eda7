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
    /// Every resource of the organization, when `GET /resources` could be read; `nil` otherwise.
    public var resourceCatalog: Set<ResourceID>?
    /// User id (lowercase) -> email, from `GET /users` when it could be read.
    public var userEmails: [String: String]
    /// Every session of the organization, from `GET /sessions/admin`; `nil` when it was not read.
    public var sessions: [LiveSession]?

    public init(roles: [LiveRole], resourceNames: [ResourceID: String] = [:], resourceCatalog: Set<ResourceID>? = nil,
                userEmails: [String: String] = [:], sessions: [LiveSession]? = nil) {
        self.roles = roles
        self.resourceNames = resourceNames
        self.resourceCatalog = resourceCatalog
        self.userEmails = userEmails
        self.sessions = sessions
    }

    /// Warnings for resources the policy names that the organization does not have (a typo, or a
    /// resource deleted since): apply would try to keep or assign something that is not there.
    public func unknownResourceWarnings(in desired: DesiredState) -> [Diagnostic] {
        guard let catalog = resourceCatalog else { return [] }
        var warnings: [Diagnostic] = []
        for role in desired.roles {
            for reference in role.resources where !catalog.contains(reference.id) {
                let what = reference.alias.map { "'\($0)' (\(reference.id))" } ?? reference.id.rawValue
                warnings.append(.warning("resource \(what) does not exist in the organization (not in GET /resources)", at: reference.location))
            }
        }
        return warnings
    }
}
