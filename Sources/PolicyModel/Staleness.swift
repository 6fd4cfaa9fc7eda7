/// Whether a saved plan still describes the live roles it will change (CONTRACT §5).
public enum Staleness {
    /// One line for every affected role whose live bindings differ from what the plan saw;
    /// `current` holds the re-read roles (`nil`: the role no longer exists). Empty: not stale.
    public static func problems(plan: Plan, current: [RoleID: LiveRole?]) -> [String] {
        var problems: [String] = []
        for role in plan.roles where plan.changes.contains(where: { $0.roleId == role.id }) {
            guard let reread = current[role.id] else {
                problems.append("role '\(role.name)' (\(role.id)) was not re-read")
                continue
            }
            guard let live = reread else {
                problems.append("role '\(role.name)' (\(role.id)) no longer exists")
                continue
            }
            let now = Set(live.resourceIds)
            let then = Set(role.liveResourceIds)
            guard now != then else { continue }
            let added = now.subtracting(then).count
            let removed = then.subtracting(now).count
            problems.append("role '\(role.name)' (\(role.id)) changed since the plan was made: \(added) binding(s) added, \(removed) removed")
        }
        return problems
    }

    /// The roles a plan's changes touch, in plan order.
    public static func affectedRoles(_ plan: Plan) -> [RoleID] {
        var seen: Set<RoleID> = []
        return plan.changes.map(\.roleId).filter { seen.insert($0).inserted }
    }
}
