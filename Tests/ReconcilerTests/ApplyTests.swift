import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import TestSupport
import Testing

/// README, "apply", point by point, over real HTTP against the simulator.
@Suite("Apply against the simulator", .timeLimit(.minutes(10)))
struct ApplyTests {
    typealias H = ApplyHarness

    static func simulator(roles: [SimRole]? = nil, latency: Int = 0) throws -> SimulatorConfiguration {
        SimulatorConfiguration(roles: try roles ?? Repository.exampleRoles(), adminTokens: [H.token], latencyMilliseconds: latency)
    }

    /// The managed roles' bindings as the policy wants them, from a fresh offline plan.
    static func desiredBindings() async throws -> [String: Set<String>] {
        let plan = try await Planner().plan(PlanRequest(paths: [H.examplePolicies]),
                                            access: LiveAccess(apiURL: "x", liveStatePath: Repository.root + "/examples/live-state.json")).plan
        return Dictionary(uniqueKeysWithValues: plan.roles.map { ($0.id.rawValue, Set($0.desiredResourceIds.map(\.rawValue))) })
    }

    @Test("apply plans afresh and sends exactly the plan's DELETEs; unmanaged roles are untouched; a second apply has nothing to do")
    func applyFromPolicy() async throws {
        let initial = try Repository.exampleRoles()
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let harness = H()
            let report = H.temporaryPath("report.json")
            let (status, failure) = await harness.run(ApplyOptions(paths: [H.examplePolicies], autoApprove: true), reportPath: report, on: handle)
            #expect(failure == [] && status == 0)
            let writes = await H.writes(handle)
            #expect(writes.count == 6 && writes.allSatisfy { $0.hasPrefix("DELETE /api/v1/roles/") })
            let desired = try await Self.desiredBindings()
            for role in await handle.roles() {
                let id = role.id.lowercased()
                let held = Set(role.resourceIds.map { $0.lowercased() })
                if let wanted = desired[id] {
                    // Missing bindings are not assigned without --assign-missing.
                    #expect(wanted.subtracting(held).count == (role.name == "Data Engineering" ? 1 : 0))
                    #expect(held.isSubset(of: wanted))
                } else {
                    #expect(role == initial.first { $0.id.lowercased() == id })
                }
            }
            #expect(harness.output.value.contains("Apply: 6 applied, 0 already absent, 0 already present, 0 failed, 0 skipped (of 6)."))
            let json = try String(contentsOfFile: report, encoding: .utf8)
            #expect(json.contains("\"applied\": 6") && json.contains("\"succeeded\": true"))

            let again = H()
            let (secondStatus, _) = await again.run(ApplyOptions(paths: [H.examplePolicies], autoApprove: true), on: handle)
            #expect(secondStatus == 0)
            #expect(again.output.value.contains("Nothing to apply"))
            #expect(await H.writes(handle).count == 6)
        }
    }

    @Test("--assign-missing also sends the POSTs; then the roles equal the policy exactly")
    func assignMissing() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let (status, _) = await H().run(ApplyOptions(paths: [H.examplePolicies], autoApprove: true, assignMissing: true), on: handle)
            #expect(status == 0)
            #expect(await H.writes(handle).filter { $0.hasPrefix("POST") } == [
                "POST /api/v1/roles/550e8400-e29b-41d4-a716-446655440012/resources/660e8400-e29b-41d4-a716-446655440004",
            ])
            let desired = try await Self.desiredBindings()
            for role in await handle.roles() {
                if let wanted = desired[role.id.lowercased()] { #expect(Set(role.resourceIds.map { $0.lowercased() }) == wanted) }
            }
        }
    }

    @Test("without --auto-approve and without a terminal, apply refuses before any change; 'no' at the prompt cancels")
    func approvalGating() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let (status, failure) = await H().run(ApplyOptions(paths: [H.examplePolicies]), on: handle)
            #expect(status == 1)
            #expect(failure == ["apply needs --auto-approve when not run from a terminal (or apply a reviewed plan with --plan FILE)"])
            let declined = H()
            let (declinedStatus, _) = await declined.run(ApplyOptions(paths: [H.examplePolicies]), on: handle, confirm: { _ in false })
            #expect(declinedStatus == 1)
            #expect(declined.output.value.contains("Apply cancelled: nothing was changed."))
            #expect(await H.writes(handle).isEmpty)
            let (acceptedStatus, _) = await H().run(ApplyOptions(paths: [H.examplePolicies]), on: handle, confirm: { $0.changes.count == 6 })
            #expect(acceptedStatus == 0)
            #expect(await H.writes(handle).count == 6)
        }
    }

    /// Saves a plan made against the simulator.
    static func savePlan(_ handle: SimulatorHandle) async throws -> (path: String, plan: Plan) {
        let plan = try await Planner().plan(PlanRequest(paths: [H.examplePolicies]), access: H().access(handle)).plan
        let path = H.temporaryPath("plan.json")
        try SavedPlan.write(plan, to: path)
        return (path, plan)
    }

    @Test("a saved plan is applied exactly, without --auto-approve, after re-reading each affected role")
    func savedPlan() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let (path, plan) = try await Self.savePlan(handle)
            let before = await handle.requestLog().count
            let (status, failure) = await H().run(ApplyOptions(planPath: path), on: handle)
            #expect(failure == [] && status == 0)
            let log = await handle.requestLog().dropFirst(before)
            let affected = Set(plan.changes.map(\.roleId.rawValue))
            // Each affected role by id; the roles without changes (in sync here) by one GET /roles, so
            // that the safety valve counts live bindings from EntryGuard, not from the file.
            #expect(plan.roles.contains { !affected.contains($0.id.rawValue) })
            #expect(log.filter { $0.method == "GET" }.map(\.path).sorted() == (affected.map { "/api/v1/roles/\($0)" } + ["/api/v1/roles"]).sorted())
            #expect(Set(log.filter { $0.method == "DELETE" }.map(\.path))
                    == Set(plan.changes.map { "/api/v1/roles/\($0.roleId)/resources/\($0.resourceId)" }))
        }
    }

    @Test("a stale saved plan is refused before the first change: zero DELETE")
    func stalePlan() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let (path, _) = try await Self.savePlan(handle)
            await handle.updateRole(id: "550e8400-e29b-41d4-a716-446655440000") { $0.resourceIds.append("660e8400-e29b-41d4-a716-446655440099") }
            let (status, failure) = await H().run(ApplyOptions(planPath: path), on: handle)
            #expect(status == 1)
            #expect(failure == ["plan is stale, make a new one: role 'DevOps Team' (550e8400-e29b-41d4-a716-446655440000) changed since the plan was made: 1 binding(s) added, 0 removed"])
            #expect(await H.writes(handle).isEmpty)
            // The dry run says the same and exits as apply would.
            let dry = H()
            let (dryStatus, _) = await dry.run(ApplyOptions(planPath: path, dryRun: true), on: handle)
            #expect(dryStatus == 1)
            #expect(dry.output.value.contains("Apply would NOT proceed: plan is stale"))
            #expect(await H.writes(handle).isEmpty)
        }
    }

    @Test("a saved plan for another API URL is refused without a request")
    func planForAnotherAPI() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            var (path, plan) = try await Self.savePlan(handle)
            plan.apiUrl = "https://api.entryguard.io/api/v1"
            try SavedPlan.write(plan, to: path)
            let before = await handle.requestLog().count
            let (status, failure) = await H().run(ApplyOptions(planPath: path), on: handle)
            #expect(status == 1)
            #expect(failure == ["plan is stale: it was made for https://api.entryguard.io/api/v1, but the API is now \(handle.baseURL)"])
            #expect(await handle.requestLog().count == before)
        }
    }

    @Test("--dry-run prints every request in order and sends no POST or DELETE")
    func dryRun() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let harness = H()
            let (status, _) = await harness.run(ApplyOptions(paths: [H.examplePolicies], dryRun: true, assignMissing: true), on: handle)
            #expect(status == 0)
            let requests = harness.output.value.split(separator: "\n").filter { $0.hasPrefix("  DELETE") || $0.hasPrefix("  POST") }
            #expect(requests.count == 7)
            #expect(requests.first?.hasPrefix("  DELETE /api/v1/roles/550e8400-e29b-41d4-a716-446655440013/resources/660e8400-e29b-41d4-a716-446655440008") == true)
            #expect(harness.output.value.hasSuffix("Apply would proceed.\n"))
            #expect(await H.writes(handle).isEmpty)
        }
    }

    @Test("the safety valve: --max-unassign, and more than 10 and 25% of live bindings; --force lifts both")
    func safetyValve() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let report = H.temporaryPath("report.json")
            let (status, failure) = await H().run(ApplyOptions(paths: [H.examplePolicies], autoApprove: true,
                                                               safety: SafetyValve(maxUnassign: 3)), reportPath: report, on: handle)
            #expect(status == 1)
            #expect(failure == ["refusing to apply: 6 unassignments exceed --max-unassign 3; review the plan, then raise the limit or pass --force"])
            #expect(await H.writes(handle).isEmpty)
            // The report still exists for CI artifacts: every change skipped, and why.
            let json = try String(contentsOfFile: report, encoding: .utf8)
            #expect(json.contains("\"skipped\": 6") && json.contains("\"stoppedBecause\": \"refusing to apply: 6 unassignments exceed"))
        }
        let (policy, state) = try H.emptyingPolicy(roles: 4, perRole: 3)
        try await EntryGuardSimulator.withRunning(try Self.simulator(roles: state)) { handle in
            let (status, failure) = await H().run(ApplyOptions(paths: [policy], autoApprove: true), on: handle)
            #expect(status == 1)
            #expect(failure.first?.hasPrefix("refusing to apply: 12 unassignments are 100% of the 12 live bindings of the managed roles") == true)
            #expect(await H.writes(handle).isEmpty)
            let dry = H()
            #expect(await dry.run(ApplyOptions(paths: [policy], dryRun: true), on: handle).status == 1)
            #expect(dry.output.value.contains("Apply would NOT proceed: refusing to apply: 12 unassignments"))
            let (forced, _) = await H().run(ApplyOptions(paths: [policy], autoApprove: true, safety: SafetyValve(force: true)), on: handle)
            #expect(forced == 0)
            #expect(await H.writes(handle).count == 12)
        }
    }

    @Test("at most --concurrency requests in flight, as the simulator saw them", arguments: [1, 4])
    func concurrencyBound(concurrency: Int) async throws {
        let (policy, state) = try H.emptyingPolicy(roles: 6, perRole: 4)
        try await EntryGuardSimulator.withRunning(try Self.simulator(roles: state, latency: 40)) { handle in
            let (status, _) = await H().run(ApplyOptions(paths: [policy], autoApprove: true, safety: SafetyValve(force: true),
                                                         concurrency: concurrency), on: handle)
            #expect(status == 0)
            let deletes = await handle.requestLog().filter { $0.method == "DELETE" }
            #expect(deletes.count == 24)
            let peak = deletes.map(\.inFlight).max() ?? 0
            #expect(peak <= concurrency)
            if concurrency > 1 { #expect(peak > 1) }
        }
    }

    @Test("a 401 stops apply from starting more; what was not started is skipped")
    func authenticationStops() async throws {
        let (policy, state) = try H.emptyingPolicy(roles: 3, perRole: 4)
        try await EntryGuardSimulator.withRunning(try Self.simulator(roles: state)) { handle in
            await handle.inject(FaultRule(method: "DELETE", pathPrefix: "/api/v1/roles/", fault: .status(401)))
            let harness = H()
            let report = H.temporaryPath("report.json")
            let (status, _) = await harness.run(ApplyOptions(paths: [policy], autoApprove: true, safety: SafetyValve(force: true),
                                                             concurrency: 1), reportPath: report, on: handle)
            #expect(status == 1)
            #expect(await handle.requestLog().filter { $0.method == "DELETE" }.count == 1)
            #expect(harness.output.value.contains("Apply: 0 applied, 0 already absent, 0 already present, 1 failed, 11 skipped (of 12)."))
            #expect(harness.output.value.contains("apply stopped starting changes: authentication failed"))
            let json = try String(contentsOfFile: report, encoding: .utf8)
            #expect(json.contains("\"skipped\": 11") && json.contains("\"status\": \"skipped\"") && json.contains("\"stoppedBecause\""))
        }
    }

    @Test("one failing change does not stop the others; the report has every status")
    func partialFailure() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let target = "/api/v1/roles/550e8400-e29b-41d4-a716-446655440014/resources/660e8400-e29b-41d4-a716-446655440005"
            for _ in 0..<3 { await handle.inject(FaultRule(method: "DELETE", pathPrefix: target, fault: .status(500))) }
            let harness = H()
            let report = H.temporaryPath("report.json")
            let (status, _) = await harness.run(ApplyOptions(paths: [H.examplePolicies], autoApprove: true), reportPath: report,
                                                on: handle, maxRetries: 2)
            #expect(status == 1)
            #expect(harness.output.value.contains("Apply: 5 applied, 0 already absent, 0 already present, 1 failed, 0 skipped (of 6)."))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
            let results = try #require(object["results"] as? [[String: Any]])
            let failed = try #require(results.first { $0["status"] as? String == "failed" })
            #expect(failed["attempts"] as? Int == 3)
            #expect((failed["error"] as? String)?.contains("HTTP 500") == true)
            #expect(results.filter { $0["status"] as? String == "applied" }.count == 5)
        }
    }

    @Test("404 on DELETE: the role re-read without the resource is already-absent; 400 already assigned is already-present")
    func alreadyDone() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator()) { handle in
            let role = RoleID("550e8400-e29b-41d4-a716-446655440000")!
            let absent = Change(action: .unassign, roleId: role, roleName: "DevOps Team", resourceId: ResourceID("660e8400-e29b-41d4-a716-446655440009")!, resourceName: nil)
            let present = Change(action: .assign, roleId: role, roleName: "DevOps Team", resourceId: ResourceID("660e8400-e29b-41d4-a716-446655440001")!, resourceName: nil)
            let gone = Change(action: .unassign, roleId: RoleID("550e8400-e29b-41d4-a716-4466554400ee")!, roleName: "Gone", resourceId: ResourceID("660e8400-e29b-41d4-a716-446655440001")!, resourceName: nil)
            let report = try await H().access(handle).withClient { client in
                await ApplyExecutor(client: client, concurrency: 2).execute([absent, present, gone])
            }
            #expect(report.results.map(\.status) == [.alreadyAbsent, .alreadyPresent, .failed])
            #expect(report.results[0].attempts == 2)
            #expect(report.results[2].error?.contains("Role not found") == true)
            #expect(!report.succeeded)
        }
    }

    @Test("a stop request (SIGINT/SIGTERM) starts nothing new; in-flight requests finish; the rest is skipped")
    func stopRequest() async throws {
        let (policy, state) = try H.emptyingPolicy(roles: 5, perRole: 4)
        try await EntryGuardSimulator.withRunning(try Self.simulator(roles: state, latency: 30)) { handle in
            let stop = StopRequest()
            let harness = H()
            // The first DELETE is held long enough for the stop to arrive while it is in flight.
            await handle.inject(FaultRule(method: "DELETE", pathPrefix: "/api/v1/roles/", fault: .delay(milliseconds: 400)))
            async let result = harness.run(ApplyOptions(paths: [policy], autoApprove: true, safety: SafetyValve(force: true), concurrency: 2),
                                           on: handle, stop: stop)
            try await Wait.until("the first DELETE") { await handle.requestLog().contains { $0.method == "DELETE" } }
            stop.request("interrupted by SIGTERM")
            let (status, _) = await result
            #expect(status == 1)
            let deletes = await handle.requestLog().filter { $0.method == "DELETE" }.count
            let output = harness.output.value
            #expect(output.contains("apply stopped starting changes: interrupted by SIGTERM"))
            #expect(output.contains("\(deletes) applied") && output.contains("\(20 - deletes) skipped"))
            #expect(deletes < 20)
        }
    }
}
