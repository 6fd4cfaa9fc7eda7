/// Who really loses access when a binding is removed (an addition to the plan format (README, "plan")): the role's
/// users minus those who keep the resource through another live role after the plan.
public struct EffectiveAccess: Codable, Hashable, Sendable {
    /// Users of the role who hold the resource through no other role once the plan is applied.
    public var usersLosingAccess: [String]
    /// Users of the role who keep the resource through another role.
    public var usersKeepingAccess: [String]
    /// Removal does not end active sessions: they may last up to the role's session limit.
    public var activeSessionsMayLastHours: Int?

    public init(usersLosingAccess: [String], usersKeepingAccess: [String], activeSessionsMayLastHours: Int?) {
        self.usersLosingAccess = usersLosingAccess
        self.usersKeepingAccess = usersKeepingAccess
        self.activeSessionsMayLastHours = activeSessionsMayLastHours
    }

    private enum CodingKeys: String, CodingKey {
        case usersLosingAccess, usersKeepingAccess, activeSessionsMayLastHours
    }

    /// `activeSessionsMayLastHours` is written as `null` when unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(usersLosingAccess, forKey: .usersLosingAccess)
        try container.encode(usersKeepingAccess, forKey: .usersKeepingAccess)
        try container.encode(activeSessionsMayLastHours, forKey: .activeSessionsMayLastHours)
    }
}

/// Computes `EffectiveAccess` for every unassignment of a plan against the live roles.
struct EffectiveAccessCalculator {
    private var holdersAfterPlan: [ResourceID: Set<RoleID>] = [:]
    private var rolesOfUser: [String: [RoleID]] = [:]
    private var liveByID: [RoleID: LiveRole] = [:]

    /// `removed` and `added` are the bindings the plan's changes remove and add. Only what a removal
    /// can ask about is indexed: the removed resources' holders and the affected roles' users.
    init(live: LiveState, removed: Set<Binding>, added: Set<Binding>) {
        guard !removed.isEmpty else { return }
        let queried = Set(removed.map(\.resource))
        let affected = Set(removed.map(\.role))
        for role in live.roles where affected.contains(role.id) {
            liveByID[role.id] = role
        }
        for role in live.roles {
            for resource in role.resourceIds where queried.contains(resource) && !removed.contains(Binding(role: role.id, resource: resource)) {
                holdersAfterPlan[resource, default: []].insert(role.id)
            }
        }
        for binding in added where queried.contains(binding.resource) {
            holdersAfterPlan[binding.resource, default: []].insert(binding.role)
        }
        // A user's other roles matter only where another role still holds the resource after the
        // plan: with none (a resource only this role had), every user of the role loses it.
        for binding in removed where holdersAfterPlan[binding.resource] != nil {
            for user in liveByID[binding.role]?.userIds ?? [] where rolesOfUser[user] == nil { rolesOfUser[user] = [] }
        }
        guard !rolesOfUser.isEmpty else { return }
        for role in live.roles {
            // One hash per user: only the users asked about have an entry.
            for user in role.userIds {
                if let index = rolesOfUser.index(forKey: user) { rolesOfUser.values[index].append(role.id) }
            }
        }
    }

    func access(removing resource: ResourceID, from roleID: RoleID) -> EffectiveAccess? {
        guard let role = liveByID[roleID] else { return nil }
        let holders = holdersAfterPlan[resource] ?? []
        // The role's users sorted, once each (a handful: sorting beats building a set).
        var users = role.userIds.sorted()
        var kept = 0
        for index in users.indices where index == 0 || users[index] != users[kept - 1] {
            users.swapAt(kept, index)
            kept += 1
        }
        users.removeLast(users.count - kept)
        // No other role holds the resource after the plan (the usual case): every user loses it.
        guard !holders.isEmpty else {
            return EffectiveAccess(usersLosingAccess: users, usersKeepingAccess: [], activeSessionsMayLastHours: role.maxSessionDurationHours)
        }
        var losing: [String] = []
        var keeping: [String] = []
        for user in users {
            let keeps = (rolesOfUser[user] ?? []).contains { $0 != roleID && holders.contains($0) }
            if keeps { keeping.append(user) } else { losing.append(user) }
        }
        return EffectiveAccess(usersLosingAccess: losing, usersKeepingAccess: keeping, activeSessionsMayLastHours: role.maxSessionDurationHours)
    }
}

/// A role–resource pair.
struct Binding: Hashable, Sendable {
    var role: RoleID
    var resource: ResourceID
}
