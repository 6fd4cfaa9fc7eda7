import Parallel

/// Options that change what a plan contains.
public struct PlanOptions: Sendable, Hashable {
    /// Also assign the bindings the policy declares that are not live (`--assign-missing`).
    public var assignMissing: Bool

    public init(assignMissing: Bool = false) {
        self.assignMissing = assignMissing
    }
}

/// The difference between the policy and the live roles, before metadata is attached.
public struct Diff: Sendable, Hashable {
    /// Whether the changes include the assignments of missing bindings.
    public var assignMissing: Bool
    public var summary: PlanSummary
    public var roles: [RolePlan]
    public var changes: [Change]
    /// Names of the resources that appear in `unassign` or `missing`, where known.
    public var resourceNames: [String: String]
    /// Emails of the users the changes name, where known.
    public var userEmails: [String: String] = [:]
    /// Active sessions holding access the policy does not grant; `nil` when the sessions are not known.
    public var sessionsOutlivingPolicy: [OutlivingSession]? = nil
}

/// Compares desired and live state. Pure: values in, values out.
public enum Differ {
    /// Matches each declared role to a live role and computes unassign / missing for it.
    ///
    /// Returns the diff, or `nil` with error diagnostics when a declared role cannot be matched
    /// (README, "plan"): an id not found, a name that differs from the live one, a name not found, or two
    /// declarations that resolve to one live role.
    public static func diff(desired: DesiredState, live: LiveState, options: PlanOptions = PlanOptions())
        -> (diff: Diff?, diagnostics: [Diagnostic])
    {
        let matches = RoleMatcher(live: live).match(desired.roles)
        guard !matches.diagnostics.hasErrors else { return (nil, matches.diagnostics) }

        // Roles in plan order (by live name, then id), each planned on all cores.
        let pairs = matches.pairs
        // Sorted through the live roles alone: a comparison that read them through the pairs copied
        // both roles of each, twice.
        let matched = pairs.map(\.1)
        let order = matched.indices.sorted { (matched[$0].name, matched[$0].id) < (matched[$1].name, matched[$1].id) }
        let liveRoles = order.map { matched[$0] }
        let rolePlans = mapInRuns(order.count) { rolePlan(declared: pairs[order[$0]].0, live: liveRoles[$0]) }

        let added = options.assignMissing ? rolePlans.flatMap { role in role.missing.map { Binding(role: role.id, resource: $0) } } : []
        let steps = ChangeSteps(names: resourceNames(live: live, desired: desired),
                                access: EffectiveAccessCalculator(live: live, plans: rolePlans, roles: liveRoles, added: added),
                                sessions: live.sessions.map { ActiveSessionFinder(sessions: $0, emails: live.userEmails) },
                                userEmails: live.userEmails, assignMissing: options.assignMissing)
        // Each run's changes in plan order, then the runs in order: the same as one pass.
        var found = ChangeSteps.Found()
        for part in inRuns(of: rolePlans.count, { range in steps.changes(of: rolePlans[range], live: liveRoles[range]) }) {
            found.changes += part.changes
            found.userEmails.merge(part.userEmails) { _, later in later }
            found.shownNames.merge(part.shownNames) { _, later in later }
        }

        let summary = PlanSummary(roles: rolePlans, rolesUnmanaged: live.roles.count - rolePlans.count,
                                  assignMissing: options.assignMissing)
        let outliving = live.sessions.map { sessions in
            OutlivingSession.find(live: live, sessions: sessions,
                                  desired: Dictionary(rolePlans.map { ($0.id, $0.desiredResourceIds) }, uniquingKeysWith: { first, _ in first }))
        }
        for session in outliving ?? [] {
            if let email = session.email { found.userEmails[session.userId] = email }
            for resource in session.resourceIds {
                if let name = steps.names[resource] { found.shownNames[resource.rawValue] = name }
            }
        }
        return (Diff(assignMissing: options.assignMissing, summary: summary, roles: rolePlans, changes: found.changes,
                     resourceNames: found.shownNames, userEmails: found.userEmails, sessionsOutlivingPolicy: outliving),
                matches.diagnostics)
    }

    /// The changes of roles already planned, with what they name: the per-role part of `diff`.
    private struct ChangeSteps: Sendable {
        var names: [ResourceID: String]
        var access: EffectiveAccessCalculator
        var sessions: ActiveSessionFinder?
        var userEmails: [String: String]
        var assignMissing: Bool

        struct Found: Sendable {
            var changes: [Change] = []
            /// Lowercase user id -> email, for the users the changes name.
            var userEmails: [String: String] = [:]
            /// Resource id -> name, for the resources the changes name.
            var shownNames: [String: String] = [:]
        }

        /// `roles` (each with its live role, `live`) in order.
        func changes(of roles: ArraySlice<RolePlan>, live: ArraySlice<LiveRole>) -> Found {
            var found = Found()
            for (role, liveRole) in zip(roles, live) {
                for id in role.unassign + role.missing {
                    if let name = names[id] { found.shownNames[id.rawValue] = name }
                }
                for (action, resource) in changeSteps(of: role, assignMissing: assignMissing) {
                    let effective = action == .unassign ? access.access(removing: resource, from: liveRole) : nil
                    let active = effective.flatMap { effective in
                        sessions?.sessions(holding: resource, for: effective.usersLosingAccess)
                    }
                    // Without `GET /users` there is no email to look up (and no id to lowercase for it).
                    if let effective, !userEmails.isEmpty {
                        for user in effective.usersLosingAccess + effective.usersKeepingAccess {
                            let key = user.lowercased()
                            if let email = userEmails[key] { found.userEmails[key] = email }
                        }
                    }
                    for session in active ?? [] {
                        if let email = session.email { found.userEmails[session.userId] = email }
                        for other in session.otherResourceIds {
                            if let name = names[other] { found.shownNames[other.rawValue] = name }
                        }
                    }
                    found.changes.append(Change(action: action, roleId: role.id, roleName: role.name, resourceId: resource,
                                                resourceName: names[resource], effectiveAccess: effective,
                                                activeSessions: action == .unassign && sessions != nil ? (active ?? []) : nil))
                }
            }
            return found
        }
    }

    /// A role's changes in plan order (by resource id): its unassignments, and its missing bindings
    /// when they are assigned. The one definition of what a role's entry implies, shared by the
    /// differ and by the check of a saved plan (`PlanConsistency`).
    public static func changeSteps(of role: RolePlan, assignMissing: Bool) -> [(action: ChangeAction, resource: ResourceID)] {
        var steps = role.unassign.map { (action: ChangeAction.unassign, resource: $0) }
        if assignMissing {
            steps += role.missing.map { (action: ChangeAction.assign, resource: $0) }
            steps.sort { $0.resource < $1.resource }
        }
        return steps
    }

    static func rolePlan(declared: DesiredRole, live: LiveRole) -> RolePlan {
        let (liveIDs, desiredIDs, unassign, missing) = difference(live: live.resourceIds, desired: declared.resources.map(\.id))
        return RolePlan(
            id: live.id,
            name: live.name,
            source: declared.location,
            liveResourceIds: liveIDs,
            desiredResourceIds: desiredIDs,
            unassign: unassign,
            missing: missing
        )
    }

    /// Both lists sorted without repeats, live − desired and desired − live.
    public static func difference(live: [ResourceID], desired: [ResourceID])
        -> (live: [ResourceID], desired: [ResourceID], unassign: [ResourceID], missing: [ResourceID])
    {
        // Sorted arrays and one merge walk: roles hold a handful of resources, and there are
        // thousands of roles, so this beats building two hash sets per role.
        let liveIDs = sortedUnique(live)
        let desiredIDs = sortedUnique(desired)
        var unassign: [ResourceID] = []
        var missing: [ResourceID] = []
        var (l, d) = (0, 0)
        while l < liveIDs.count || d < desiredIDs.count {
            if d == desiredIDs.count || (l < liveIDs.count && liveIDs[l] < desiredIDs[d]) {
                unassign.append(liveIDs[l])
                l += 1
            } else if l == liveIDs.count || desiredIDs[d] < liveIDs[l] {
                missing.append(desiredIDs[d])
                d += 1
            } else {
                l += 1
                d += 1
            }
        }
        return (liveIDs, desiredIDs, unassign, missing)
    }

    private static func sortedUnique(_ ids: [ResourceID]) -> [ResourceID] {
        var sorted = ids.sorted()
        var kept = 0
        for index in sorted.indices where index == 0 || sorted[index] != sorted[kept - 1] {
            sorted[kept] = sorted[index]
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }

    /// Names from EntryGuard first; the policy's aliases fill in where EntryGuard gave none.
    static func resourceNames(live: LiveState, desired: DesiredState) -> [ResourceID: String] {
        // Of several aliases for one resource, the first in order; found in one pass, not a sort.
        var firstAlias: [ResourceID: String] = [:]
        for (alias, id) in desired.aliases {
            if let first = firstAlias[id], !(alias < first) { continue }
            firstAlias[id] = alias
        }
        var names = live.resourceNames
        for (id, alias) in firstAlias where names[id] == nil {
            names[id] = alias
        }
        return names
    }
}
