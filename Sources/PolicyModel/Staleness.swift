/// Whether a saved plan still describes the live roles it will change (README, "apply").
public enum Staleness {
    /// Every problem between the plan and the roles re-read now; empty: not stale.
    ///
    /// `current` holds the re-read roles (`nil`: the role no longer exists). An affected role (one
    /// with changes) must still exist, hold exactly the bindings the plan saw and carry the same
    /// name (scalar for scalar: a role renamed since the plan, its old name perhaps given to another
    /// role, is not the role that was reviewed). Every other role of the plan must still exist,
    /// because the safety valve counts its live bindings.
    public static func problems(plan: Plan, current: [RoleID: LiveRole?]) -> [StaleRole] {
        let affected = Set(affectedRoles(plan))
        var problems: [StaleRole] = []
        for role in plan.roles {
            func stale(_ problem: StaleRole.Problem) { problems.append(StaleRole(id: role.id, name: role.name, problem: problem)) }
            guard let reread = current[role.id] else {
                stale(.notReread)
                continue
            }
            guard let live = reread else {
                stale(.gone)
                continue
            }
            guard affected.contains(role.id) else { continue }
            if !live.name.unicodeScalars.elementsEqual(role.name.unicodeScalars) {
                stale(.renamed(to: live.name))
            }
            let now = Set(live.resourceIds)
            let then = Set(role.liveResourceIds)
            guard now != then else { continue }
            stale(.changed(added: now.subtracting(then).count, removed: then.subtracting(now).count))
        }
        return problems
    }

    /// The live bindings of the plan's roles as re-read (roles that no longer exist count none).
    public static func liveBindings(plan: Plan, current: [RoleID: LiveRole?]) -> Int {
        plan.roles.reduce(0) { total, role in total + ((current[role.id] ?? nil).map { Set($0.resourceIds).count } ?? 0) }
    }

    /// The roles a plan's changes touch, in plan order.
    public static func affectedRoles(_ plan: Plan) -> [RoleID] {
        var seen: Set<RoleID> = []
        return plan.changes.map(\.roleId).filter { seen.insert($0).inserted }
    }
}

/// A role of a saved plan that is not as the plan saw it.
public struct StaleRole: Hashable, Sendable, CustomStringConvertible {
    public enum Problem: Hashable, Sendable {
        case notReread
        case gone
        case renamed(to: String)
        case changed(added: Int, removed: Int)
    }

    public var id: RoleID
    public var name: String
    public var problem: Problem

    public var description: String {
        let label = "role '\(name)' (\(id))"
        switch problem {
        case .notReread: return "\(label) was not re-read"
        case .gone: return "\(label) no longer exists"
        case .renamed(let now): return "\(label) is now named '\(now)'"
        case .changed(let added, let removed):
            return "\(label) changed since the plan was made: \(added) binding(s) added, \(removed) removed"
        }
    }
}
