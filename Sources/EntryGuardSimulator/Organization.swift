/// The simulated organization: its roles and its resource catalog, with the endpoints' rules.
///
/// Ids match case-insensitively, and are sent back exactly as stored, so a client's normalization is
/// exercised by state files with upper-case UUIDs.
struct Organization: Sendable {
    /// The roles, in the order they were given.
    private(set) var roles: [SimRole]
    /// The resource catalog, in the order `GET /resources` sends it.
    private(set) var resources: [SimResource]
    /// Whether the catalog grows with every resource id a role is given from outside the API.
    private let derivesCatalog: Bool
    /// Lowercase id -> position, so a request finds its role and resource without a scan (an apply
    /// benchmark sends thousands of requests against thousands of roles).
    private var roleIndexes: [String: Int] = [:]
    private var resourceIndexes: [String: Int] = [:]

    /// Creates the organization; with no catalog given, one is derived from the roles' resource ids.
    init(roles: [SimRole], resources: [SimResource]?) {
        self.roles = roles
        self.resources = resources ?? []
        derivesCatalog = resources == nil
        addDerivedResources()
    }

    /// Rebuilds the id indexes after roles or resources were replaced or reordered.
    private mutating func reindex() {
        roleIndexes = [:]
        for (index, role) in roles.enumerated() where roleIndexes[role.id.lowercased()] == nil {
            roleIndexes[role.id.lowercased()] = index
        }
        resourceIndexes = [:]
        for (index, resource) in resources.enumerated() where resourceIndexes[resource.id.lowercased()] == nil {
            resourceIndexes[resource.id.lowercased()] = index
        }
    }

    /// Replaces every role (the test hook `setRoles`).
    mutating func replaceRoles(_ newRoles: [SimRole]) {
        roles = newRoles
        addDerivedResources()
    }

    /// Changes one role in place (the test hook `updateRole`); an unknown id changes nothing.
    mutating func updateRole(id: String, _ change: (inout SimRole) -> Void) {
        guard let index = roleIndex(id) else { return }
        change(&roles[index])
        addDerivedResources()
    }

    /// `GET /roles/{id}`.
    func role(id: String) throws(APIError) -> SimRole {
        guard let index = roleIndex(id) else { throw .roleNotFound(id) }
        return roles[index]
    }

    /// `GET /resources/{id}`.
    func resource(id: String) throws(APIError) -> SimResource {
        guard let index = resourceIndexes[id.lowercased()] else { throw .resourceNotFound(id) }
        return resources[index]
    }

    /// `DELETE /roles/{id}/resources/{resourceId}`: removes the binding and stamps `updatedAt`.
    mutating func unassign(roleID: String, resourceID: String, at timestamp: String) throws(APIError) {
        guard let index = roleIndex(roleID) else { throw .roleNotFound(roleID) }
        _ = try resource(id: resourceID)
        guard roles[index].resourceIds.contains(where: { Self.sameID($0, resourceID) }) else {
            throw .resourceNotAssigned
        }
        roles[index].resourceIds.removeAll { Self.sameID($0, resourceID) }
        roles[index].updatedAt = timestamp
    }

    /// `POST /roles/{id}/resources/{resourceId}`: appends the id as the URL gives it and stamps `updatedAt`.
    mutating func assign(roleID: String, resourceID: String, at timestamp: String) throws(APIError) {
        guard let index = roleIndex(roleID) else { throw .roleNotFound(roleID) }
        _ = try resource(id: resourceID)
        guard !roles[index].resourceIds.contains(where: { Self.sameID($0, resourceID) }) else {
            throw .resourceAlreadyAssigned
        }
        roles[index].resourceIds.append(resourceID)
        roles[index].updatedAt = timestamp
    }

    private func roleIndex(_ id: String) -> Int? {
        roleIndexes[id.lowercased()]
    }

    private static func sameID(_ left: String, _ right: String) -> Bool {
        left.lowercased() == right.lowercased()
    }

    /// Adds a catalog entry for every role binding the derived catalog does not know yet, sorted by id.
    private mutating func addDerivedResources() {
        defer { reindex() }
        guard derivesCatalog else { return }
        var known = Set(resources.map { $0.id.lowercased() })
        for resourceID in roles.flatMap(\.resourceIds) where known.insert(resourceID.lowercased()).inserted {
            resources.append(.derived(from: resourceID))
        }
        resources.sort { $0.id < $1.id }
    }
}
