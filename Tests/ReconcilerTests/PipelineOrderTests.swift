import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import TestSupport
import Testing

/// The one pipeline orders policy → credentials → network (README, "The pipeline"): a policy with
/// an error reads no credential and sends no request, for plan, drift and apply alike.
@Suite("Pipeline order", .timeLimit(.minutes(10)))
struct PipelineOrderTests {
    /// A policy with an error, and credentials that would fail loudly if they were read: a password
    /// file that does not exist, and a service user the simulator does not know.
    static func badPolicyAndCredentials() throws -> (policy: String, access: (SimulatorHandle) -> LiveAccess) {
        let directory = try APIPlanTests.temporaryDirectory()
        let policy = directory + "/bad.yaml"
        try Data("version: 1\nroles:\n  - name: DevOps Team\n    resources: [not-a-uuid-or-alias]\n".utf8).write(to: URL(fileURLWithPath: policy))
        return (policy, { handle in
            var access = LiveAccess(apiURL: handle.baseURL, environment: ["ENTRYGUARD_ORG": "acme", "ENTRYGUARD_EMAIL": "ci@acme.example"])
            access.passwordFile = directory + "/no-such-password-file"
            return access
        })
    }

    @Test("plan: an invalid policy is the error; no credential is read, no request is sent")
    func planStopsAtThePolicy() async throws {
        let (policy, access) = try Self.badPolicyAndCredentials()
        try await EntryGuardSimulator.withRunning(SimulatorConfiguration(roles: try Repository.exampleRoles())) { handle in
            do {
                _ = try await Planner().plan(PlanRequest(paths: [policy]), access: access(handle))
                Issue.record("expected an invalid policy")
            } catch let error as ReconcileError {
                #expect(error.kind == .invalidPolicy)
                #expect(error.diagnostics.contains { $0.message.contains("not-a-uuid-or-alias") })
                #expect(!error.description.contains("password"))
            }
            #expect(await handle.requestLog().isEmpty)
        }
    }

    @Test("apply: the same stop, as an outcome: no plan, nothing to report but the reason, exit 1")
    func applyStopsAtThePolicy() async throws {
        let (policy, access) = try Self.badPolicyAndCredentials()
        try await EntryGuardSimulator.withRunning(SimulatorConfiguration(roles: try Repository.exampleRoles())) { handle in
            let outcome = try await Applier(options: ApplyOptions(paths: [policy], autoApprove: true), io: ApplyHarness().io())
                .run(access: access(handle))
            #expect(outcome.failure?.kind == .invalidPolicy)
            #expect(outcome.plan == nil)
            #expect(outcome.exitStatus == 1)
            #expect(outcome.report?.results.isEmpty == true && outcome.report?.stoppedBecause?.contains("not-a-uuid-or-alias") == true)
            #expect(await handle.requestLog().isEmpty)
        }
    }

    @Test("with a valid policy the same credentials are read: the missing password file is the error, still before any request")
    func credentialsComeSecond() async throws {
        let (_, access) = try Self.badPolicyAndCredentials()
        try await EntryGuardSimulator.withRunning(SimulatorConfiguration(roles: try Repository.exampleRoles())) { handle in
            do {
                _ = try await Planner().plan(PlanRequest(paths: [Repository.examplePolicies]), access: access(handle))
                Issue.record("expected a credential error")
            } catch let error as ReconcileError {
                #expect(error.kind == .configuration)
                #expect(error.description.contains("no-such-password-file"), "\(error)")
            }
            #expect(await handle.requestLog().isEmpty)
        }
    }
}
