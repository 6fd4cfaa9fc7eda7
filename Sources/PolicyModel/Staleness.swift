/// Whether a saved plan still describes the live roles it will change (CONTRACT §5).
public enum Staleness {
    /// One line for every problem between the plan and the roles re-read now; empty: not stale.
    ///
    /// `current` holds the re-read roles (`nil`: the role no longer exists). An affected role (one
    /// with changes) must still exist, hold exactly the bindings the plan saw and carry the same
    /// name (scalar for scalar: a role renamed since the plan, its old name perhaps given to another
    /// role, is not the role that was reviewed). Every other role of the plan must still exist,
    /// because the safety valve counts its live bindings.
    public static func problems(plan: Plan, current: [RoleID: LiveRole?]) -> [String] {
        let affected = Set(affectedRoles(plan))
        var problems: [String] = []
        for role in plan.roles {
            let label = "role '\(role.name)' (\(role.id))"
            guard let reread = current[role.id] else {
                problems.append("\(label) was not re-read")
                continue
            }
            guard let live = reread else {
                problems.append("\(label) no longer exists")
                continue
            }
            guard affected.contains(role.id) else { continue }
            if !live.name.unicodeScalars.elementsEqual(role.name.unicodeScalars) {
                problems.append("\(label) is now named '\(live.name)'")
            }
            let now = Set(live.resourceIds)
            let then = Set(role.liveResourceIds)
            guard now != then else { continue }
            let added = now.subtracting(then).count
            let removed = then.subtracting(now).count
            problems.append("\(label) changed since the plan was made: \(added) binding(s) added, \(removed) removed")
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
