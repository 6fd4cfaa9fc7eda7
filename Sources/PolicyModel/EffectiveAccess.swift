import Parallel

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
struct EffectiveAccessCalculator: Sendable {
    private var holdersAfterPlan: [ResourceID: Set<RoleID>] = [:]
    private var rolesOfUser: [String: [RoleID]] = [:]

    /// `plans` and `roles`: the plan's roles and their live roles, index for index; `added`: the
    /// bindings the plan adds. Only what a removal can ask about is indexed: the removed resources'
    /// holders and the affected roles' users. (Read by index, so no role is copied.)
    init(live: LiveState, plans: [RolePlan], roles: [LiveRole], added: [Binding]) {
        // Each removed resource and the role it is removed from; the rare resource removed from
        // several roles also has the others in `alsoRemovedFrom` (no array for the usual one).
        var removedFrom: [ResourceID: RoleID] = [:]
        removedFrom.reserveCapacity(plans.count)
        var alsoRemovedFrom: [ResourceID: [RoleID]] = [:]
        for index in plans.indices {
            for resource in plans[index].unassign {
                if let earlier = removedFrom.updateValue(plans[index].id, forKey: resource) {
                    alsoRemovedFrom[resource, default: []].append(earlier)
                }
            }
        }
        guard !removedFrom.isEmpty else { return }
        // Every live binding is looked at once, on all cores: the roles that keep a removed resource.
        let kept = inRuns(of: live.roles.count) { [removedFrom, alsoRemovedFrom] range in
            var kept: [Binding] = []
            for index in range {
                let role = live.roles[index].id
                for resource in live.roles[index].resourceIds {
                    guard let remover = removedFrom[resource], remover != role,
                          alsoRemovedFrom.isEmpty || !(alsoRemovedFrom[resource]?.contains(role) ?? false) else { continue }
                    kept.append(Binding(role: role, resource: resource))
                }
            }
            return kept
        }
        for binding in kept.joined() { holdersAfterPlan[binding.resource, default: []].insert(binding.role) }
        for binding in added where removedFrom[binding.resource] != nil {
            holdersAfterPlan[binding.resource, default: []].insert(binding.role)
        }
        // A user's other roles matter only where another role still holds the resource after the
        // plan: with none (a resource only this role had), every user of the role loses it.
        if !holdersAfterPlan.isEmpty {
            for index in plans.indices where plans[index].unassign.contains(where: { holdersAfterPlan[$0] != nil }) {
                for user in roles[index].userIds where rolesOfUser[user] == nil { rolesOfUser[user] = [] }
            }
        }
        guard !rolesOfUser.isEmpty else { return }
        for role in live.roles {
            // One hash per user: only the users asked about have an entry.
            for user in role.userIds {
                if let index = rolesOfUser.index(forKey: user) { rolesOfUser.values[index].append(role.id) }
            }
        }
    }

    /// Who loses `resource` when it is removed from `role`, one of the live roles given.
    func access(removing resource: ResourceID, from role: LiveRole) -> EffectiveAccess {
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
            let keeps = (rolesOfUser[user] ?? []).contains { $0 != role.id && holders.contains($0) }
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
