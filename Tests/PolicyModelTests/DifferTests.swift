import Testing
@testable import PolicyModel

@Suite("Differ")
struct DifferTests {
    let devops = LiveRole(id: RoleID("550e8400-e29b-41d4-a716-446655440000")!, name: "DevOps Team",
                          resourceIds: [ResourceID("660E8400-E29B-41D4-A716-446655440002")!, ResourceID(uuid("660e8400", 1))!])
    let sre = LiveRole(id: RoleID(uuid("550e8400", 0x11))!, name: "SRE", resourceIds: [])
    let unmanaged = LiveRole(id: RoleID(uuid("550e8400", 0x99))!, name: "Finance", resourceIds: [ResourceID(uuid("660e8400", 7))!])

    func declared(id: String? = nil, name: String? = nil, _ resources: [Int] = [], line: Int) -> DesiredRole {
        DesiredRole(id: id.flatMap(RoleID.init), name: name,
                    resources: resources.map { ResourceReference(id: ResourceID(uuid("660e8400", $0))!, location: SourceLocation(path: "p.yaml", line: line, column: 9)) },
                    location: SourceLocation(path: "p.yaml", line: line, column: 5))
    }

    func diagnostics(_ roles: [DesiredRole]) -> [String] {
        Differ.diff(desired: DesiredState(roles: roles), live: LiveState(roles: [devops, sre, unmanaged])).diagnostics.map(\.description)
    }

    @Test("a declared id that is not live is an error at the declaration")
    func idNotFound() {
        #expect(diagnostics([declared(id: uuid("550e8400", 0x42), line: 3)]) == [
            "p.yaml:3:5: error: role 550e8400-e29b-41d4-a716-000000000042 is not in the organization's live roles",
        ])
    }

    @Test("id and name both given and the live name differs")
    func nameMismatch() {
        #expect(diagnostics([declared(id: devops.id.rawValue, name: "Devops Team", line: 7)]) == [
            "p.yaml:7:5: error: role 550e8400-e29b-41d4-a716-446655440000 is named 'DevOps Team' in EntryGuard, but the policy says 'Devops Team'",
        ])
    }

    @Test("a name-only role not found live, with a suggestion")
    func nameNotFound() {
        #expect(diagnostics([declared(name: "DevOps Teams", line: 4)]) == [
            "p.yaml:4:5: error: no live role is named 'DevOps Teams'; did you mean 'DevOps Team'?",
        ])
    }

    @Test("two declarations that resolve to one live role: an error naming both places")
    func twoDeclarationsOneRole() {
        #expect(diagnostics([declared(id: devops.id.rawValue.uppercased(), line: 3), declared(name: "DevOps Team", line: 9)]) == [
            "p.yaml:9:5: error: role 'DevOps Team' resolves to live role 'DevOps Team' (550e8400-e29b-41d4-a716-446655440000), which is already declared at p.yaml:3:5",
        ])
    }

    @Test("several live roles with one name: a name-only declaration is ambiguous")
    func ambiguousName() {
        let twin = LiveRole(id: RoleID(uuid("550e8400", 0x77))!, name: "SRE", resourceIds: [])
        let result = Differ.diff(desired: DesiredState(roles: [declared(name: "SRE", line: 2)]), live: LiveState(roles: [sre, twin]))
        #expect(result.diff == nil)
        #expect(result.diagnostics.map(\.message) == [
            "several live roles are named 'SRE' (550e8400-e29b-41d4-a716-000000000011, 550e8400-e29b-41d4-a716-000000000077); declare the role by 'id'",
        ])
    }

    @Test("upper-case live ids equal lower-case policy ids; roles by name then id; changes by role then resource")
    func normalizationAndOrder() throws {
        let roles = [declared(name: "SRE", [3, 1], line: 2), declared(id: devops.id.rawValue, [1, 5], line: 8)]
        let (diff, diagnostics) = Differ.diff(desired: DesiredState(roles: roles, aliases: ["web": ResourceID(uuid("660e8400", 5))!]),
                                              live: LiveState(roles: [sre, devops, unmanaged]), options: PlanOptions(assignMissing: true))
        #expect(diagnostics.isEmpty)
        let plan = try #require(diff)
        #expect(plan.roles.map(\.name) == ["DevOps Team", "SRE"])
        #expect(plan.roles[0].unassign.map(\.rawValue) == ["660e8400-e29b-41d4-a716-446655440002"])
        #expect(plan.roles[0].missing.map(\.rawValue) == [uuid("660e8400", 5)])
        #expect(plan.changes.map { "\($0.action.rawValue) \($0.roleName) \($0.resourceId) \($0.resourceName ?? "-")" } == [
            "assign DevOps Team \(uuid("660e8400", 5)) web",
            "unassign DevOps Team 660e8400-e29b-41d4-a716-446655440002 -",
            "assign SRE \(uuid("660e8400", 1)) -",
            "assign SRE \(uuid("660e8400", 3)) -",
        ])
        #expect(plan.summary == PlanSummary(rolesManaged: 2, rolesInSync: 0, rolesUnmanaged: 1, unassign: 1, assign: 3, missing: 3))
        #expect(plan.resourceNames == [uuid("660e8400", 5): "web"])
    }

    @Test("EntryGuard's resource names win over the policy's aliases")
    func resourceNames() throws {
        let id = ResourceID(uuid("660e8400", 1))!
        let (diff, _) = Differ.diff(desired: DesiredState(roles: [declared(name: "DevOps Team", line: 1)], aliases: ["gw": id]),
                                    live: LiveState(roles: [devops], resourceNames: [id: "prod-gateway-sg"]))
        #expect(try #require(diff).changes.first { $0.resourceId == id }?.resourceName == "prod-gateway-sg")
    }

    @Test("a resource with several aliases and no name in EntryGuard shows the first alias in order, whatever the order given")
    func firstAlias() throws {
        let id = ResourceID(uuid("660e8400", 1))!
        // Six aliases in dictionaries of several sizes: their orders differ, and the smallest comes
        // first in few of them (taking the first in a dictionary's order passed one run in six).
        for capacity in [6, 16, 64, 256, 1024] {
            var aliases: [String: ResourceID] = [:]
            aliases.reserveCapacity(capacity)
            for alias in ["gw", "b-gateway", "zz", "a-gateway", "m", "c"] { aliases[alias] = id }
            let (diff, _) = Differ.diff(desired: DesiredState(roles: [declared(name: "DevOps Team", line: 1)], aliases: aliases),
                                        live: LiveState(roles: [devops]))
            #expect(try #require(diff).changes.first { $0.resourceId == id }?.resourceName == "a-gateway", "capacity \(capacity)")
        }
    }
}

@Suite("Identifiers and suggestions")
struct IdentifierTests {
    @Test("UUIDs are 8-4-4-4-12 hex in either case, normalized to lowercase", arguments: [
        ("550e8400-e29b-41d4-a716-446655440000", "550e8400-e29b-41d4-a716-446655440000"),
        ("550E8400-E29B-41D4-A716-44665544000A", "550e8400-e29b-41d4-a716-44665544000a"),
        ("550e8400e29b41d4a716446655440000", nil),
        ("550e8400-e29b-41d4-a716-44665544000", nil),
        ("550e8400-e29b-41d4-a716-4466554400000", nil),
        ("550e8400-e29b-41d4-a716_446655440000", nil),
        ("g50e8400-e29b-41d4-a716-446655440000", nil),
        ("{550e8400-e29b-41d4-a716-446655440000}", nil),
        ("", nil),
    ] as [(String, String?)])
    func uuidNormalization(text: String, expected: String?) {
        #expect(UUIDText.normalize(text) == expected)
        #expect(ResourceID(text)?.rawValue == expected)
    }

    @Test("suggestions are offered for near misses only")
    func suggestions() {
        #expect(Suggestion.nearest(to: "resource", among: ["id", "name", "description", "resources"]) == "resources")
        #expect(Suggestion.nearest(to: "Nmae", among: ["id", "name"]) == "name")
        #expect(Suggestion.nearest(to: "members", among: ["id", "name", "description", "resources"]) == nil)
        #expect(Suggestion.nearest(to: "x", among: [String]()) == nil)
    }
}
