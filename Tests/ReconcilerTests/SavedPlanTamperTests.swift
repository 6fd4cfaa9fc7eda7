import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import TestSupport
import Testing

/// Issue 10, item 1 and 12: a saved plan executes only the changes its own roles imply, checked
/// against the roles as EntryGuard holds them now. Every edit is refused with zero requests that
/// change anything; most with no request at all.
@Suite("Saved plans that were edited", .timeLimit(.minutes(10)))
struct SavedPlanTamperTests {
    typealias H = ApplyHarness

    static func simulator() throws -> SimulatorConfiguration {
        SimulatorConfiguration(roles: try Repository.exampleRoles(), adminTokens: [H.token])
    }

    /// A plan of the example made against the simulator (6 unassignments, no assignment).
    static func plan(_ handle: SimulatorHandle, assignMissing: Bool = false) async throws -> Plan {
        try await Planner().plan(PlanRequest(paths: [H.examplePolicies], options: PlanOptions(assignMissing: assignMissing)),
                                 access: H().access(handle)).plan
    }

    /// Saves `plan` the way `plan --out` does, so its digest is right: what is refused is the edit
    /// itself, not a stale digest.
    static func save(_ plan: Plan) throws -> String {
        let path = H.temporaryPath("plan.json")
        try SavedPlan.write(plan, to: path)
        return path
    }

    /// Applies the saved plan; returns the status, the messages, and how many requests reached the
    /// simulator (all of them, reads included) and how many of those wrote.
    static func apply(_ path: String, on handle: SimulatorHandle) async -> (status: Int32, failure: [String], requests: Int, writes: Int) {
        let before = await handle.requestLog().count
        let (status, failure) = await H().run(ApplyOptions(planPath: path), on: handle)
        let log = await handle.requestLog().dropFirst(before)
        return (status, failure, log.count, log.count { $0.method == "DELETE" || $0.method == "POST" })
    }

    static let unmanagedRole = RoleID("550e8400-e29b-41d4-a716-446655440018")!
    static let resource = ResourceID("660e8400-e29b-41d4-a716-446655440001")!

    @Test("the plan as saved applies; every edit below starts from it")
    func untouchedPlanApplies() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let plan = try await Self.plan(handle)
            #expect(plan.changes.count == 6 && !plan.assignMissing)
            let result = await Self.apply(try Self.save(plan), on: handle)
            #expect(result.failure == [] && result.status == 0 && result.writes == 6)
        }
    }

    @Test("an unassignment of a role the policy does not manage is refused before any request")
    func unmanagedRole() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            var plan = try await Self.plan(handle)
            plan.changes.append(Change(action: .unassign, roleId: Self.unmanagedRole, roleName: "Legacy VPN", resourceId: Self.resource, resourceName: nil))
            plan.summary.unassign += 1
            let result = await Self.apply(try Self.save(plan), on: handle)
            #expect(result.status == 1 && result.requests == 0)
            #expect(result.failure.contains { $0.contains("change 7 (unassign \(Self.resource) from role \(Self.unmanagedRole)) names a role that has no entry in 'roles'") })
        }
    }

    @Test("an unassignment of a binding the policy declares is refused before any request")
    func declaredBinding() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            var plan = try await Self.plan(handle)
            let role = try #require(plan.roles.first { !$0.desiredResourceIds.isEmpty })
            let declared = role.desiredResourceIds[0]
            plan.changes.insert(Change(action: .unassign, roleId: role.id, roleName: role.name, resourceId: declared, resourceName: nil), at: 0)
            plan.summary.unassign += 1
            let result = await Self.apply(try Self.save(plan), on: handle)
            #expect(result.status == 1 && result.requests == 0)
            #expect(result.failure.contains { $0.hasSuffix("(unassign \(declared) from role \(role.id)) does not follow from the role's live and desired bindings") })
            #expect(result.failure.contains { $0.contains("the summary does not match the roles") })
        }
    }

    @Test("an assignment in a plan made without --assign-missing is refused; with it, the plan's own assignments apply")
    func grant() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            var plan = try await Self.plan(handle)
            let role = try #require(plan.roles.first { !$0.missing.isEmpty })
            plan.changes.append(Change(action: .assign, roleId: role.id, roleName: role.name, resourceId: role.missing[0], resourceName: nil))
            plan.summary.assign += 1
            let result = await Self.apply(try Self.save(plan), on: handle)
            #expect(result.status == 1 && result.requests == 0)
            #expect(result.failure.contains { $0.hasSuffix("assigns, but the plan was not made with --assign-missing") })
            // Saying so in the file is not enough either: the summary and the role entries must agree.
            plan.assignMissing = true
            let stillOff = await Self.apply(try Self.save(plan), on: handle)
            #expect(stillOff.status == 1 && stillOff.requests == 0)
            #expect(stillOff.failure.contains { $0.contains("'changes' are not in plan order") || $0.contains("the summary does not match") })
            // A plan really made with --assign-missing assigns.
            let honest = try await Self.plan(handle, assignMissing: true)
            let applied = await Self.apply(try Self.save(honest), on: handle)
            #expect(applied.failure == [] && applied.status == 0 && applied.writes == 7)
        }
    }

    @Test("a change moved to another managed role (swapped role id) is refused before any request")
    func swappedRoleID() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            var plan = try await Self.plan(handle)
            let other = try #require(plan.roles.first { $0.id != plan.changes[0].roleId })
            plan.changes[0].roleId = other.id
            plan.changes[0].roleName = other.name
            let result = await Self.apply(try Self.save(plan), on: handle)
            #expect(result.status == 1 && result.requests == 0)
            #expect(result.failure.contains { $0.contains("from role \(other.id)) does not follow") })
            #expect(result.failure.contains { $0.contains("but 'changes' does not list it") })
        }
    }

    @Test("a roleName that is not the role's is refused")
    func renamedInChange() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            var plan = try await Self.plan(handle)
            plan.changes[0].roleName = "Somebody Else"
            let result = await Self.apply(try Self.save(plan), on: handle)
            #expect(result.status == 1 && result.requests == 0)
            #expect(result.failure.contains { $0.contains("calls the role 'Somebody Else', but its entry says") })
        }
    }

    @Test("a summary that does not match the roles is refused, and show refuses the plan too")
    func summary() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            var plan = try await Self.plan(handle)
            plan.summary.unassign = 1
            let path = try Self.save(plan)
            let result = await Self.apply(path, on: handle)
            #expect(result.status == 1 && result.requests == 0)
            #expect(result.failure.contains { $0.contains("the summary does not match the roles: it says") && $0.contains(" in sync, 1 to unassign,") })
            #expect { try SavedPlan.read(from: path) } throws: { ($0 as? ReconcileError)?.kind == .invalidPlan }
        }
    }

    @Test("a fake role entry cannot lift the safety valve: live bindings are counted from the roles as re-read")
    func fakeRoleEntry() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            // An edit the file's own checks cannot see: every managed role emptied, consistently.
            var plan = try await Self.plan(handle)
            plan.roles = plan.roles.map { role in
                var role = role
                role.desiredResourceIds = []
                role.unassign = role.liveResourceIds
                role.missing = []
                return role
            }
            plan.changes = plan.roles.flatMap { role in
                role.unassign.map { Change(action: .unassign, roleId: role.id, roleName: role.name, resourceId: $0, resourceName: nil) }
            }
            let unassign = plan.changes.count
            // The fake entry: a real unmanaged role with 1,000 bindings it does not have.
            let inflated = (0..<1000).map { ResourceID(String(format: "770e8400-e29b-41d4-a716-%012x", $0))! }
            plan.roles.append(RolePlan(id: Self.unmanagedRole, name: "Legacy VPN", source: SourceLocation(path: "x.yaml", line: 1, column: 1), liveResourceIds: inflated,
                                       desiredResourceIds: inflated, unassign: [], missing: []))
            plan.summary = PlanSummary(roles: plan.roles, rolesUnmanaged: plan.summary.rolesUnmanaged - 1, assignMissing: false)
            let result = await Self.apply(try Self.save(plan), on: handle)
            #expect(result.status == 1 && result.writes == 0)
            let live = await handle.roles().filter { role in plan.roles.contains { $0.id.rawValue == role.id.lowercased() } }
                .reduce(0) { $0 + $1.resourceIds.count }
            #expect(result.failure == ["refusing to apply: \(unassign) unassignments are \(Int((Double(unassign) * 100 / Double(live)).rounded()))% "
                + "of the \(live) live bindings of the managed roles (more than 10 and more than 25%); is the policy complete? Review the plan, then pass --force"])
            // A fake entry for a role that does not exist makes the plan stale.
            plan.roles[plan.roles.count - 1].id = RoleID("550e8400-e29b-41d4-a716-4466554400ff")!
            let missing = await Self.apply(try Self.save(plan), on: handle)
            #expect(missing.status == 1 && missing.writes == 0)
            #expect(missing.failure.first?.contains("role 'Legacy VPN' (550e8400-e29b-41d4-a716-4466554400ff) no longer exists") == true)
        }
    }

    @Test("a hand edit that leaves the digest behind is refused, and says so")
    func digest() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let path = try Self.save(try await Self.plan(handle))
            var text = try String(contentsOfFile: path, encoding: .utf8)
            text = text.replacingOccurrences(of: "\"generatedAt\": \"", with: "\"generatedAt\": \"1")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = await Self.apply(path, on: handle)
            #expect(result.status == 1 && result.requests == 0)
            #expect(result.failure == ["the saved plan was changed after it was made (its planDigest does not match its content); make a new plan"])
            try text.replacingOccurrences(of: "\"planDigest\"", with: "\"xplanDigest\"").write(toFile: path, atomically: true, encoding: .utf8)
            #expect(await Self.apply(path, on: handle).failure
                    == ["the saved plan has no planDigest: it was edited, or made by an older egpolicy; make a new plan"])
        }
    }

    @Test("a role renamed since the plan, its old name given to another role, makes the plan stale")
    func renamedSincePlan() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let plan = try await Self.plan(handle)
            let affected = try #require(plan.roles.first { !$0.unassign.isEmpty })
            let bystander = try #require(plan.roles.first { $0.unassign.isEmpty && $0.id != affected.id })
            await handle.updateRole(id: affected.id.rawValue) { $0.name = "\(affected.name) (retired)" }
            await handle.updateRole(id: bystander.id.rawValue) { $0.name = affected.name }
            let result = await Self.apply(try Self.save(plan), on: handle)
            #expect(result.status == 1 && result.writes == 0)
            #expect(result.failure == ["plan is stale, make a new one: role '\(affected.name)' (\(affected.id)) is now named '\(affected.name) (retired)'"])
        }
    }
}

@Suite("Saved plans round trip", .timeLimit(.minutes(10)))
struct SavedPlanRoundTripTests {
    @Test("a plan with --base, effective access and --assign-missing reads back equal: its digest verifies")
    func roundTrip() async throws {
        let live = LiveStateFileSource(path: Repository.root + "/examples/live-state.json")
        let planner = Planner(now: { Date(timeIntervalSince1970: 1_800_000_000) })
        let policy = try planner.loadPolicy(paths: [ApplyHarness.examplePolicies])
        let base = try planner.loadPolicy(paths: [ApplyHarness.examplePolicies + "/platform.yaml", ApplyHarness.examplePolicies + "/resources.yaml"])
        let plan = try await planner.plan(policy: policy, base: base, live: live, apiURL: "https://api.entryguard.io/api/v1",
                                          options: PlanOptions(assignMissing: true)).plan
        #expect(plan.base != nil && plan.assignMissing && plan.changes.contains { $0.effectiveAccess != nil })
        let path = ApplyHarness.temporaryPath("plan.json")
        try SavedPlan.write(plan, to: path)
        #expect(try SavedPlan.read(from: path) == plan)
    }
}
