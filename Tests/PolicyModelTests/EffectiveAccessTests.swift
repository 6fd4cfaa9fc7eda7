import Testing
@testable import PolicyModel

@Suite("Effective access")
struct EffectiveAccessTests {
    let gateway = ResourceID(uuid("660e8400", 1))!
    let db = ResourceID(uuid("660e8400", 2))!

    func role(_ n: Int, _ name: String, _ resources: [ResourceID], users: [String], hours: Int? = 8) -> LiveRole {
        LiveRole(id: RoleID(uuid("550e8400", n))!, name: name, resourceIds: resources, userIds: users, maxSessionDurationHours: hours)
    }

    func declared(_ live: LiveRole, _ resources: [ResourceID]) -> DesiredRole {
        DesiredRole(id: live.id, name: nil, resources: resources.map { ResourceReference(id: $0, location: SourceLocation(path: "p", line: 1, column: 1)) },
                    location: SourceLocation(path: "p", line: 1, column: 1))
    }

    @Test("users keep a resource through another role only if that role still holds it after the plan")
    func keepsThroughOtherRoles() throws {
        let devops = role(1, "DevOps", [gateway, db], users: ["alice", "bob", "carol"])
        let sre = role(2, "SRE", [db], users: ["bob"], hours: 4)
        let dba = role(3, "DBA", [db], users: ["carol"])     // managed: loses db too
        let unmanaged = role(4, "Legacy", [db], users: ["dave"])
        let desired = DesiredState(roles: [declared(devops, [gateway]), declared(sre, [db]), declared(dba, [])])
        let (diff, _) = Differ.diff(desired: desired, live: LiveState(roles: [devops, sre, dba, unmanaged]))
        let changes = try #require(diff).changes
        let fromDevops = try #require(changes.first { $0.roleName == "DevOps" })
        #expect(fromDevops.effectiveAccess == EffectiveAccess(usersLosingAccess: ["alice", "carol"], usersKeepingAccess: ["bob"], activeSessionsMayLastHours: 8))
        let fromDBA = try #require(changes.first { $0.roleName == "DBA" })
        #expect(fromDBA.effectiveAccess?.usersLosingAccess == ["carol"])
    }

    @Test("with --assign-missing, a binding the plan adds counts as kept access")
    func assignedCountsAsKept() throws {
        let devops = role(1, "DevOps", [db], users: ["alice"])
        let sre = role(2, "SRE", [], users: ["alice"])
        let desired = DesiredState(roles: [declared(devops, []), declared(sre, [db])])
        let live = LiveState(roles: [devops, sre])
        let without = try #require(Differ.diff(desired: desired, live: live).diff).changes.first { $0.action == .unassign }
        #expect(without?.effectiveAccess?.usersLosingAccess == ["alice"])
        let with = try #require(Differ.diff(desired: desired, live: live, options: PlanOptions(assignMissing: true)).diff)
            .changes.first { $0.action == .unassign }
        #expect(with?.effectiveAccess?.usersKeepingAccess == ["alice"])
        #expect(with?.effectiveAccess?.usersLosingAccess == [])
    }
}

@Suite("Safety valve and staleness")
struct SafetyValveTests {
    func plan(unassign: Int, live: Int) -> Plan {
        let role = RoleID(uuid("550e8400", 1))!
        let liveIDs = (0..<live).map { ResourceID(uuid("660e8400", $0))! }
        let changes = liveIDs.prefix(unassign).map { Change(action: .unassign, roleId: role, roleName: "r", resourceId: $0, resourceName: nil) }
        let rolePlan = RolePlan(id: role, name: "r", source: SourceLocation(path: "p", line: 1, column: 1), liveResourceIds: liveIDs, desiredResourceIds: Array(liveIDs.dropFirst(unassign)),
                                unassign: Array(liveIDs.prefix(unassign)), missing: [])
        return Plan(generatedAt: "", apiUrl: "", policyDigest: "", summary: PlanSummary(rolesManaged: 1, rolesInSync: 0, rolesUnmanaged: 0, unassign: unassign, assign: 0, missing: 0),
                    roles: [rolePlan], changes: changes)
    }

    @Test("more than 10 and more than 25% refuses; either alone does not", arguments: [
        (10, 10, false), (11, 44, false), (11, 43, true), (3, 4, false), (40, 100, true),
    ])
    func shareRule(unassign: Int, live: Int, refused: Bool) {
        #expect((SafetyValve().check(plan(unassign: unassign, live: live)) != nil) == refused)
        #expect(SafetyValve(force: true).check(plan(unassign: unassign, live: live)) == nil)
    }

    @Test("--max-unassign refuses above it, names the flag; --force lifts it")
    func maxUnassign() {
        #expect(SafetyValve(maxUnassign: 5).check(plan(unassign: 5, live: 100)) == nil)
        #expect(SafetyValve(maxUnassign: 5).check(plan(unassign: 6, live: 100))?.message.contains("--max-unassign 5") == true)
        #expect(SafetyValve(maxUnassign: 0, force: true).check(plan(unassign: 6, live: 100)) == nil)
    }

    @Test("a role re-read with other bindings, or gone, makes the plan stale")
    func staleness() {
        let plan = plan(unassign: 2, live: 4)
        let role = plan.roles[0]
        let same = LiveRole(id: role.id, name: "r", resourceIds: role.liveResourceIds.reversed())
        #expect(Staleness.problems(plan: plan, current: [role.id: same]).isEmpty)
        var changed = same
        changed.resourceIds.removeLast()
        #expect(Staleness.problems(plan: plan, current: [role.id: changed]).map(\.description) == ["role 'r' (\(role.id)) changed since the plan was made: 0 binding(s) added, 1 removed"])
        let gone: [RoleID: LiveRole?] = [role.id: LiveRole?.none]
        #expect(Staleness.problems(plan: plan, current: gone).map(\.description) == ["role 'r' (\(role.id)) no longer exists"])
    }
}
