import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import TestSupport
import Testing

/// Apply against a hostile server: a read that does not parse (or does not arrive) changes nothing,
/// and a hostile answer to one change fails that change only, with the endpoint in its error.
@Suite("Apply against hostile responses", .timeLimit(.minutes(2)))
struct HostileApplyTests {
    typealias H = ApplyHarness
    static let role = "550e8400-e29b-41d4-a716-446655440000"
    /// Short where the mode is there to be timed out, else long enough for a machine busy with other tests.
    static func timeout(_ mode: HostileResponse) -> Duration {
        mode == .stall || mode == .trickle ? .seconds(5) : .seconds(30)
    }

    static func simulator(_ faults: [FaultRule]) throws -> SimulatorConfiguration {
        SimulatorConfiguration(roles: try Repository.exampleRoles(), adminTokens: [H.token], faults: faults)
    }

    static func always(_ mode: HostileResponse, _ method: String, _ prefix: String) -> FaultRule {
        FaultRule(method: method, pathPrefix: prefix, fault: .hostile(mode), repeats: true)
    }

    @Test("a hostile GET /roles: apply ends with an error naming it and sends no DELETE or POST", arguments: HostileResponse.allCases)
    func hostileList(mode: HostileResponse) async throws {
        let faults = [Self.always(mode, "GET", "/api/v1/roles")]
        try await EntryGuardSimulator.withRunning(try Self.simulator(faults)) { handle in
            let (status, failure) = await H().run(ApplyOptions(paths: [H.examplePolicies], autoApprove: true, assignMissing: true),
                                                  on: handle, maxRetries: 1, timeout: Self.timeout(mode))
            #expect(status == 1)
            #expect(failure.count == 1 && failure.first?.hasPrefix("GET /api/v1/roles: ") == true, "\(failure)")
            #expect(await H.writes(handle).isEmpty)
        }
    }

    @Test("a hostile GET /roles/{id} while a saved plan is checked: refused before the first change", arguments: HostileResponse.allCases)
    func hostileReRead(mode: HostileResponse) async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator([])) { handle in
            let (path, _) = try await ApplyTests.savePlan(handle)
            await handle.inject(Self.always(mode, "GET", "/api/v1/roles/"))
            let (status, failure) = await H().run(ApplyOptions(planPath: path), on: handle, maxRetries: 1, timeout: Self.timeout(mode))
            #expect(status == 1)
            let first = try #require(failure.first)
            #expect(first.hasPrefix("cannot check the plan against the live role "), "\(failure)")
            #expect(first.contains(": GET /api/v1/roles/"))
            #expect(await H.writes(handle).isEmpty)
        }
    }

    @Test("a hostile GET /resources only costs the names: the plan warns and apply goes on")
    func hostileResources() async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator([Self.always(.hugeArray, "GET", "/api/v1/resources")])) { handle in
            let harness = H()
            let (status, _) = await harness.run(ApplyOptions(paths: [H.examplePolicies], autoApprove: true), on: handle)
            #expect(status == 0)
            // (A first attempt may time out on a busy machine and be retried: the ending is what counts.)
            #expect(harness.errors.value.contains("resource names are not shown: it failed (GET /api/v1/resources: response larger than 32 MiB; refusing to read it"))
            #expect(await H.writes(handle).count == 6)
        }
    }

    @Test("a hostile answer to one DELETE fails that change, naming it; the others are applied",
          arguments: [HostileResponse.htmlError, .stall, .reset, .trickle, .redirect, .okWithBody, .echoCombiningMark])
    func hostileDelete(mode: HostileResponse) async throws {
        let target = "/api/v1/roles/550e8400-e29b-41d4-a716-446655440014/resources/660e8400-e29b-41d4-a716-446655440005"
        try await EntryGuardSimulator.withRunning(try Self.simulator([Self.always(mode, "DELETE", target)])) { handle in
            let harness = H()
            let report = H.temporaryPath("report.json")
            let (status, _) = await harness.run(ApplyOptions(paths: [H.examplePolicies], autoApprove: true), reportPath: report,
                                                on: handle, maxRetries: 1, timeout: Self.timeout(mode))
            #expect(status == 1)
            #expect(harness.output.value.contains("Apply: 5 applied, 0 already absent, 0 already present, 1 failed, 0 skipped (of 6)."))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
            let results = try #require(object["results"] as? [[String: Any]])
            let failed = try #require(results.first { $0["status"] as? String == "failed" })
            #expect((failed["error"] as? String)?.hasPrefix("DELETE \(target): ") == true, "\(failed)")
            // The binding is still there: the simulator never performed the hostile DELETE.
            let held = await handle.roles().first { $0.id == "550e8400-e29b-41d4-a716-446655440014" }?.resourceIds ?? []
            #expect(held.contains { $0.lowercased() == "660e8400-e29b-41d4-a716-446655440005" })
        }
    }

    @Test("a DELETE answered 200 with a body instead of the documented 204: failed, naming the status; apply does not succeed")
    func deleteAnswered200() async throws {
        let target = "/api/v1/roles/550e8400-e29b-41d4-a716-446655440014/resources/660e8400-e29b-41d4-a716-446655440005"
        try await EntryGuardSimulator.withRunning(try Self.simulator([Self.always(.okWithBody, "DELETE", target)])) { handle in
            let harness = H()
            let report = H.temporaryPath("report.json")
            let (status, failure) = await harness.run(ApplyOptions(paths: [H.examplePolicies], autoApprove: true), reportPath: report, on: handle)
            #expect(status == 1 && failure.isEmpty, "\(failure)")
            #expect(harness.output.value.contains("Apply: 5 applied, 0 already absent, 0 already present, 1 failed, 0 skipped (of 6)."))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
            let results = try #require(object["results"] as? [[String: Any]])
            let failed = try #require(results.first { $0["status"] as? String == "failed" })
            #expect(failed["error"] as? String == "DELETE \(target): answered HTTP 200, not the documented 204 No Content; the binding may still be there")
            #expect(failed["attempts"] as? Int == 1)
            #expect(results.filter { $0["status"] as? String == "applied" }.count == 5)
            let summary = try #require(object["summary"] as? [String: Any])
            #expect(summary["failed"] as? Int == 1 && summary["succeeded"] as? Bool == false)
            let held = await handle.roles().first { $0.id == "550e8400-e29b-41d4-a716-446655440014" }?.resourceIds ?? []
            #expect(held.contains { $0.lowercased() == "660e8400-e29b-41d4-a716-446655440005" })
        }
    }

    @Test("404 on a DELETE, then a hostile re-read of the role: the change fails and says both", arguments: HostileResponse.allCases)
    func hostileReReadAfter404(mode: HostileResponse) async throws {
        try await EntryGuardSimulator.withRunning(try Self.simulator([])) { handle in
            await handle.inject(FaultRule(method: "DELETE", pathPrefix: "/api/v1/roles/", fault: .status(404, message: "Resource not assigned to this role")))
            await handle.inject(Self.always(mode, "GET", "/api/v1/roles/\(Self.role)"))
            let change = Change(action: .unassign, roleId: RoleID(Self.role)!, roleName: "DevOps Team",
                                resourceId: ResourceID("660e8400-e29b-41d4-a716-446655440001")!, resourceName: nil)
            let report = try await H().access(handle, maxRetries: 0, timeout: Self.timeout(mode)).withClient { client in
                await ApplyExecutor(client: client, concurrency: 1).execute([change])
            }
            let result = try #require(report.results.first)
            #expect(result.status == .failed)
            #expect(result.error?.contains("HTTP 404 Not Found: Resource not assigned to this role; re-reading the role: GET /api/v1/roles/\(Self.role): ") == true,
                    "\(String(describing: result.error))")
        }
    }
}
