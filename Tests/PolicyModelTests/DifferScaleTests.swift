import Testing
@testable import PolicyModel

/// The differ spreads roles over all cores once there are more roles than runs: at that size its
/// changes must still be, one by one, what the definitions give.
@Suite("Differ at scale")
struct DifferScaleTests {
    @Test("on 800 roles every change and its effective access is the one the definitions give, in plan order",
          arguments: [false, true])
    func matchesDefinitions(assignMissing: Bool) throws {
        var rng = SplitMix64(state: 13)
        let resources = (0..<40).map { ResourceID(uuid("660e8400", $0))! }
        let users = (0..<60).map { uuid("880e8400", $0) }
        let live = (0..<800).map { index in
            LiveRole(id: RoleID(uuid("550e8400", index))!, name: "role-\(Int.random(in: 0..<1_000_000, using: &rng))",
                     resourceIds: resources.filter { _ in Int.random(in: 0..<8, using: &rng) == 0 },
                     userIds: users.filter { _ in Int.random(in: 0..<20, using: &rng) == 0 }, maxSessionDurationHours: 8)
        }
        let place = SourceLocation(path: "p.yaml", line: 1, column: 1)
        var wanted: [RoleID: Set<ResourceID>] = [:]
        for role in live where Int.random(in: 0..<8, using: &rng) != 0 {
            wanted[role.id] = Set(resources.filter { _ in Int.random(in: 0..<8, using: &rng) == 0 })
        }
        let desired = DesiredState(roles: live.filter { wanted[$0.id] != nil }.map { role in
            DesiredRole(id: role.id, name: nil, resources: wanted[role.id]!.sorted().map { ResourceReference(id: $0, location: place) }, location: place)
        }, fileCount: 1, documentCount: 1)

        let diff = try #require(Differ.diff(desired: desired, live: LiveState(roles: live), options: PlanOptions(assignMissing: assignMissing)).diff)

        // What each role holds after the plan, by the definitions.
        func after(_ role: LiveRole) -> Set<ResourceID> {
            guard let declared = wanted[role.id] else { return Set(role.resourceIds) }
            return assignMissing ? declared : Set(role.resourceIds).intersection(declared)
        }
        var expected: [Change] = []
        for role in live.filter({ wanted[$0.id] != nil }).sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
            let held = Set(role.resourceIds)
            var steps = held.subtracting(wanted[role.id]!).map { (ChangeAction.unassign, $0) }
            if assignMissing { steps += wanted[role.id]!.subtracting(held).map { (ChangeAction.assign, $0) } }
            for (action, resource) in steps.sorted(by: { $0.1 < $1.1 }) {
                var access: EffectiveAccess?
                if action == .unassign {
                    let members = Set(role.userIds).sorted()
                    let keeping = members.filter { user in
                        live.contains { $0.id != role.id && $0.userIds.contains(user) && after($0).contains(resource) }
                    }
                    access = EffectiveAccess(usersLosingAccess: members.filter { !keeping.contains($0) }, usersKeepingAccess: keeping,
                                             activeSessionsMayLastHours: 8)
                }
                expected.append(Change(action: action, roleId: role.id, roleName: role.name, resourceId: resource, resourceName: nil,
                                       effectiveAccess: access))
            }
        }
        #expect(expected.count > 500)
        #expect(expected.contains { !($0.effectiveAccess?.usersKeepingAccess.isEmpty ?? true) })
        #expect(diff.changes == expected)
    }
}
