/// Whether a plan's changes and summary are exactly what its own role entries imply (README, "apply").
///
/// `apply --plan` executes a file, and a file can be edited. Its changes are therefore never taken
/// on trust: they are derived again from the plan's `roles` (unassign = live − desired; assign only
/// when the plan says it was made with `--assign-missing`), and anything else is refused before the
/// first request. Together with the re-read of the live roles (`Staleness`), which proves each
/// entry's `liveResourceIds` and name, this leaves one thing a hand edit could still change: the
/// `desiredResourceIds`, which come from the policy apply does not read. See the README on where
/// saved plans should be kept.
public enum PlanConsistency {
    /// One line per problem, in plan order; empty when the plan is consistent.
    public static func problems(_ plan: Plan) -> [String] {
        var problems: [String] = []
        var entries: [RoleID: RolePlan] = [:]
        for role in plan.roles {
            if entries.updateValue(role, forKey: role.id) != nil {
                problems.append("role \(role.id) has two entries in 'roles'")
            }
            let derived = Differ.difference(live: role.liveResourceIds, desired: role.desiredResourceIds)
            if derived.unassign != role.unassign.sorted() {
                problems.append("role '\(role.name)' (\(role.id)): 'unassign' is not its live bindings minus its desired ones")
            }
            if derived.missing != role.missing.sorted() {
                problems.append("role '\(role.name)' (\(role.id)): 'missing' is not its desired bindings minus its live ones")
            }
        }
        problems += changeProblems(plan, entries: entries)
        let expected = PlanSummary(roles: plan.roles, rolesUnmanaged: plan.summary.rolesUnmanaged, assignMissing: plan.assignMissing)
        if plan.summary != expected {
            problems.append("the summary does not match the roles: it says \(describe(plan.summary)), the roles give \(describe(expected))")
        }
        return problems
    }

    /// Every change must be one the roles imply, in plan order, once; and every implied change must be listed.
    private static func changeProblems(_ plan: Plan, entries: [RoleID: RolePlan]) -> [String] {
        var problems: [String] = []
        var implied: [Step] = []
        for role in plan.roles {
            for step in Differ.changeSteps(of: role, assignMissing: plan.assignMissing) {
                implied.append(Step(action: step.action, role: role.id, resource: step.resource))
            }
        }
        let impliedSet = Set(implied)
        var listed: Set<Step> = []
        var sessionOwners: [SessionID: String] = [:]
        for (index, change) in plan.changes.enumerated() {
            let step = Step(action: change.action, role: change.roleId, resource: change.resourceId)
            let what = "change \(index + 1) (\(change.action.rawValue) \(change.resourceId) \(change.action == .unassign ? "from" : "to") role \(change.roleId))"
            guard let entry = entries[change.roleId] else {
                problems.append("\(what) names a role that has no entry in 'roles'")
                continue
            }
            if !change.roleName.unicodeScalars.elementsEqual(entry.name.unicodeScalars) {
                problems.append("\(what) calls the role '\(change.roleName)', but its entry says '\(entry.name)'")
            }
            if !listed.insert(step).inserted {
                problems.append("\(what) is listed twice")
            } else if change.action == .assign && !plan.assignMissing {
                problems.append("\(what) assigns, but the plan was not made with --assign-missing")
            } else if !impliedSet.contains(step) {
                problems.append("\(what) does not follow from the role's live and desired bindings")
            }
            problems += sessionProblems(change, what: what, owners: &sessionOwners)
        }
        for step in implied where !listed.contains(step) {
            problems.append("the roles imply \(step.action.rawValue) \(step.resource) \(step.action == .unassign ? "from" : "to") role \(step.role), "
                + "but 'changes' does not list it")
        }
        if problems.isEmpty && implied != plan.changes.map({ Step(action: $0.action, role: $0.roleId, resource: $0.resourceId) }) {
            problems.append("'changes' are not in plan order (by role, then resource id)")
        }
        return problems
    }

    /// `apply --end-sessions` stops the sessions a change lists: only an unassignment may list any,
    /// each once, and only sessions of users the change says lose the resource; a session belongs to
    /// one user throughout the plan.
    private static func sessionProblems(_ change: Change, what: String, owners: inout [SessionID: String]) -> [String] {
        guard let sessions = change.activeSessions, !sessions.isEmpty else { return [] }
        guard change.action == .unassign else { return ["\(what) lists active sessions, but only an unassignment can"] }
        var problems: [String] = []
        let losing = Set((change.effectiveAccess?.usersLosingAccess ?? []).map { $0.lowercased() })
        var seen: Set<SessionID> = []
        for session in sessions {
            let user = session.userId.lowercased()
            if !seen.insert(session.id).inserted {
                problems.append("\(what) lists session \(session.id) twice")
            }
            if !losing.contains(user) {
                problems.append("\(what) lists session \(session.id) of user \(session.userId), who does not lose the resource")
            }
            if let owner = owners.updateValue(user, forKey: session.id), owner != user {
                problems.append("\(what) gives session \(session.id) to user \(session.userId), another change to user \(owner)")
            }
        }
        return problems
    }

    private struct Step: Hashable {
        var action: ChangeAction
        var role: RoleID
        var resource: ResourceID
    }

    private static func describe(_ summary: PlanSummary) -> String {
        "\(summary.rolesManaged) managed, \(summary.rolesInSync) in sync, \(summary.unassign) to unassign, "
            + "\(summary.assign) to assign, \(summary.missing) missing"
    }
}
