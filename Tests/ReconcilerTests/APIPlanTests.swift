import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import TestSupport
import Testing

/// Planning and importing against the simulator, over real HTTP.
@Suite("Plan and import against the simulator", .timeLimit(.minutes(10)))
struct APIPlanTests {
    static let token = "reconciler-admin-token"

    /// The example's live state, as the simulator's state.
    static func access(_ handle: SimulatorHandle, credential: [String: String] = ["ENTRYGUARD_TOKEN": token]) -> LiveAccess {
        LiveAccess(apiURL: handle.baseURL, environment: credential)
    }

    static func temporaryDirectory() throws -> String {
        let path = Scratch.root.appendingPathComponent("egpolicy-rt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("the example planned over the API equals the example planned from the file, plus EntryGuard's names")
    func planOverAPI() async throws {
        var configuration = SimulatorConfiguration(roles: try Repository.exampleRoles(), adminTokens: [Self.token])
        configuration.resources = [SimResource(id: "660e8400-e29b-41d4-a716-446655440002", name: "rds-prod-main")]
        let fromFile = try await Planner().plan(PlanRequest(paths: [Repository.root + "/examples/policies"]),
                                                access: LiveAccess(apiURL: "x", liveStatePath: Repository.root + "/examples/live-state.json"))
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            let outcome = try await Planner().plan(PlanRequest(paths: [Repository.root + "/examples/policies"]), access: Self.access(handle))
            let (plan, warnings) = (outcome.plan, outcome.warnings)
            #expect(plan.roles == fromFile.plan.roles)
            #expect(plan.changes.map(\.resourceId) == fromFile.plan.changes.map(\.resourceId))
            #expect(plan.changes.first { $0.roleName == "DevOps Team" }?.resourceName == "rds-prod-main")
            // The catalog has one resource: each of the 14 role entries naming another one is a warning there.
            #expect(warnings.count == 14)
            #expect(warnings.allSatisfy { $0.severity == .warning && $0.message.contains("does not exist in the organization") })
            #expect(warnings.first?.description.hasSuffix(
                "data.yaml:7:9: warning: resource 'warehouse' (660e8400-e29b-41d4-a716-446655440006) does not exist in the organization (not in GET /resources)") == true)
            // One GET each of /roles, /resources, /users and /sessions/admin, nothing else.
            let requests = await handle.requestLog().map { "\($0.method) \($0.path)" }
            #expect(requests.sorted() == ["GET /api/v1/resources", "GET /api/v1/roles", "GET /api/v1/sessions/admin", "GET /api/v1/users"])
        }
    }

    @Test("a 403 on GET /resources degrades to ids, with a warning")
    func resourcesForbidden() async throws {
        // API keys are refused on /roles (README, "Credentials and logging in"), so the 403 on /resources is scripted for an admin token.
        let configuration = SimulatorConfiguration(roles: try Repository.exampleRoles(), adminTokens: [Self.token], faults: [
            FaultRule(method: "GET", pathPrefix: "/api/v1/resources", fault: .status(403, message: "Access is denied")),
        ])
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            let outcome = try await Planner().plan(PlanRequest(paths: [Repository.root + "/examples/policies"]), access: Self.access(handle))
            let (plan, warnings) = (outcome.plan, outcome.warnings)
            #expect(plan.summary.unassign == 6)
            #expect(warnings.map(\.message) == [
                "resource names are not shown: the credential may not read resources (GET /api/v1/resources: HTTP 403 Forbidden: Access is denied)",
            ])
            // Names fall back to the policy's aliases.
            #expect(plan.changes.first?.resourceName == "grafana")
        }
    }

    @Test("no credentials: an error naming the variables, and no request")
    func missingCredentials() async throws {
        try await EntryGuardSimulator.withRunning(SimulatorConfiguration(roles: try Repository.exampleRoles())) { handle in
            do {
                _ = try await Self.access(handle, credential: [:]).withSource { _, _ in 0 }
                Issue.record("expected a failure")
            } catch let failure as ReconcileError {
                #expect(failure.kind == .configuration)
                #expect(failure.diagnostics.map(\.message) == [CredentialSource.missingMessage])
                #expect(["ENTRYGUARD_ORG", "ENTRYGUARD_EMAIL", "ENTRYGUARD_PASSWORD", "egpolicy login", "ENTRYGUARD_TOKEN"]
                    .allSatisfy(CredentialSource.missingMessage.contains))
            }
            #expect(await handle.requestLog().isEmpty)
        }
    }

    @Test("import round trip: import → validate → plan gives no change", arguments: [[], ["DevOps Team", "550E8400-E29B-41D4-A716-446655440013"]])
    func importRoundTrip(selection: [String]) async throws {
        let roles = try Repository.exampleRoles()
        try await EntryGuardSimulator.withRunning(SimulatorConfiguration(roles: roles, adminTokens: [Self.token])) { handle in
            let access = Self.access(handle)
            let text = try await access.withSource { source, _ in
                try PolicyImporter.policy(from: try await source.fetchLiveState(), selecting: selection, source: handle.baseURL)
            }
            let directory = try Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/imported.yaml"))
            let validation = await Planner().validate(paths: [directory], live: Optional<LiveStateFileSource>.none)
            #expect(validation.diagnostics.isEmpty)
            #expect(validation.desired.roles.count == (selection.isEmpty ? roles.count : 2))
            let outcome = try await Planner().plan(PlanRequest(paths: [directory]), access: access)
            let (plan, warnings) = (outcome.plan, outcome.warnings)
            #expect(!plan.hasDrift)
            #expect(plan.changes.isEmpty)
            #expect(plan.summary.rolesManaged == validation.desired.roles.count)
            #expect(warnings.isEmpty)
        }
    }

    @Test("import of an unknown role is an error with a suggestion")
    func importUnknownRole() throws {
        let reading = LiveReading(state: try LiveStateFile.read(path: Repository.root + "/examples/live-state.json"))
        #expect { try PolicyImporter.policy(from: reading, selecting: ["Devops Teem"], source: "x") } throws: {
            ($0 as? ReconcileError)?.kind == .configuration
        }
        do {
            _ = try PolicyImporter.policy(from: reading, selecting: ["Devops Teem"], source: "x")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["no live role has the id or name 'Devops Teem'; did you mean 'DevOps Team'?"])
        }
    }
}
