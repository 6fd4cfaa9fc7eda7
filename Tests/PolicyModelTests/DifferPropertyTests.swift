import Testing
@testable import PolicyModel

/// A small seeded generator so every failing case can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func uuid(_ prefix: String, _ n: Int) -> String {
    let digits = String(n, radix: 16)
    return prefix + "-e29b-41d4-a716-" + String(repeating: "0", count: 12 - digits.count) + digits
}

/// Random desired and live states over a small universe of roles and resources, so they overlap a lot.
struct Scenario {
    var desired: DesiredState
    var live: LiveState
    var managedIDs: Set<RoleID>

    init(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        let resourcePool = (0..<12).map { ResourceID(uuid("660e8400", $0))! }
        let roleCount = Int.random(in: 0...10, using: &rng)
        var liveRoles: [LiveRole] = []
        for index in 0..<roleCount {
            let held = resourcePool.filter { _ in Bool.random(using: &rng) }
            liveRoles.append(LiveRole(id: RoleID(uuid("550e8400", index))!, name: "role-\(index)", resourceIds: held.shuffled(using: &rng)))
        }
        var roles: [DesiredRole] = []
        var managed: Set<RoleID> = []
        for (index, liveRole) in liveRoles.enumerated() where Bool.random(using: &rng) {
            let wanted = resourcePool.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
            // Declare by id, by name, or by both, in whatever case.
            let by = Int.random(in: 0..<3, using: &rng)
            let id = by == 1 ? nil : RoleID(by == 2 ? liveRole.id.rawValue.uppercased() : liveRole.id.rawValue)
            let name = by == 0 ? nil : liveRole.name
            let references = wanted.map { ResourceReference(id: $0, location: SourceLocation(path: "p.yaml", line: index + 1, column: 9)) }
            roles.append(DesiredRole(id: id, name: name, resources: references, location: SourceLocation(path: "p.yaml", line: index + 1, column: 5)))
            managed.insert(liveRole.id)
        }
        desired = DesiredState(roles: roles.shuffled(using: &rng), fileCount: 1, documentCount: 1)
        live = LiveState(roles: liveRoles.shuffled(using: &rng))
        managedIDs = managed
    }
}

@Suite("Differ properties")
struct DifferPropertyTests {
    @Test("unassign ∪ (desired ∩ live) = live and missing ∪ (desired ∩ live) = desired; unmanaged roles never appear",
          arguments: 0..<300)
    func setIdentities(seed: Int) throws {
        let scenario = Scenario(seed: UInt64(seed))
        for assignMissing in [false, true] {
            let (diff, diagnostics) = Differ.diff(desired: scenario.desired, live: scenario.live,
                                                  options: PlanOptions(assignMissing: assignMissing))
            #expect(diagnostics.isEmpty)
            let plan = try #require(diff)
            #expect(Set(plan.roles.map(\.id)) == scenario.managedIDs)
            #expect(plan.roles.count == scenario.managedIDs.count)
            for role in plan.roles {
                let live = Set(try #require(scenario.live.roles.first { $0.id == role.id }).resourceIds)
                let declared = try #require(scenario.desired.roles.first { $0.id == role.id || $0.name == role.name })
                let desired = Set(declared.resources.map(\.id))
                let both = desired.intersection(live)
                #expect(Set(role.unassign).union(both) == live)
                #expect(Set(role.missing).union(both) == desired)
                #expect(Set(role.unassign).isDisjoint(with: desired))
                #expect(Set(role.missing).isDisjoint(with: live))
                #expect(role.unassign == role.unassign.sorted() && role.missing == role.missing.sorted())
            }
            // Changes touch managed roles only, exactly the unassignments (plus missing with --assign-missing).
            #expect(plan.changes.allSatisfy { scenario.managedIDs.contains($0.roleId) })
            let expectedChanges = plan.roles.flatMap { role in
                role.unassign.map { "unassign \(role.id) \($0)" } + (assignMissing ? role.missing.map { "assign \(role.id) \($0)" } : [])
            }
            #expect(Set(plan.changes.map { "\($0.action.rawValue) \($0.roleId) \($0.resourceId)" }) == Set(expectedChanges))
            #expect(plan.changes.count == expectedChanges.count)
            #expect(plan.summary.rolesUnmanaged == scenario.live.roles.count - scenario.managedIDs.count)
            #expect(plan.summary.unassign == plan.roles.reduce(0) { $0 + $1.unassign.count })
            #expect(plan.summary.assign == (assignMissing ? plan.summary.missing : 0))
        }
    }

    @Test("the plan does not depend on the order of live roles or of their resource lists", arguments: 0..<50)
    func orderIndependent(seed: Int) {
        let scenario = Scenario(seed: UInt64(seed))
        var reordered = scenario.live
        var rng = SplitMix64(state: UInt64(seed) ^ 0xABCDEF)
        reordered.roles = reordered.roles.reversed().map { role in
            var role = role
            role.resourceIds.shuffle(using: &rng)
            return role
        }
        #expect(Differ.diff(desired: scenario.desired, live: scenario.live).diff == Differ.diff(desired: scenario.desired, live: reordered).diff)
    }
}
