import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import Testing

private typealias H = ApplyHarness

/// The executor under the simulator's rate limit: it learns the limit from the 429s and paces itself.
@Suite("Apply under a rate limit", .timeLimit(.minutes(10)))
struct PacingTests {
    @Test("apply paces itself after the first burst of 429s: every change applied, few 429s")
    func pacesFromRateLimit() async throws {
        let (policy, state) = try H.emptyingPolicy(roles: 30, perRole: 8)
        let configuration = SimulatorConfiguration(roles: state, adminTokens: [H.token], latencyMilliseconds: 5, rateLimit: 30)
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            let harness = H()
            let (status, failure) = await harness.run(ApplyOptions(paths: [policy], autoApprove: true, safety: SafetyValve(force: true),
                                                                   concurrency: 8), on: handle)
            #expect(status == 0, "\(failure)")
            #expect(harness.output.value.contains("Apply: 240 applied, 0 already absent, 0 already present, 0 failed, 0 skipped (of 240)."))
            let log = await handle.requestLog()
            let limited = log.filter { $0.status == 429 }.count
            // Without pacing, each one-second window ends in a burst of refusals: 834 with
            // `rateLimited` disabled (measured 2026-12-01; each refused change lends its place, so
            // refusals feed more sends; about 55 when refused changes held their places). Paced: the
            // first burst (at most the 8 in flight), then the probes of the first two windows' ends
            // (the first estimate comes from a burst, so the second window is overrun once), then
            // one or a few each time the pace probes past the limit. Measured 23-25 when increases
            // past the limit came every 0.5 s; 28-33 since they come every 0.25 s once past it
            // (which follows a raised limit twice as fast; a 2,000-change run stays under 3 %).
            #expect(limited <= 40, "\(limited) of \(log.count) requests answered 429")
            #expect(await handle.roles().allSatisfy { $0.resourceIds.isEmpty })
        }
    }

    @Test("a change waiting out a Retry-After lends its place: the others go meanwhile, still one at a time")
    func lendsPlaceDuringRetryAfter() async throws {
        let (policy, state) = try H.emptyingPolicy(roles: 6, perRole: 1)
        let configuration = SimulatorConfiguration(roles: state, adminTokens: [H.token])
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            // The first DELETE, whichever it is, is refused with a wait of 2 s.
            await handle.inject(FaultRule(method: "DELETE", pathPrefix: "/api/v1/roles/", fault: .status(429, retryAfter: "2")))
            let harness = H()
            let (status, failure) = await harness.run(ApplyOptions(paths: [policy], autoApprove: true, safety: SafetyValve(force: true),
                                                                   concurrency: 1), on: handle)
            #expect(status == 0, "\(failure)")
            #expect(harness.output.value.contains("Apply: 6 applied, 0 already absent, 0 already present, 0 failed, 0 skipped (of 6)."))
            let deletes = await handle.requestLog().filter { $0.method == "DELETE" }.sorted { $0.startMs < $1.startMs }
            #expect(deletes.count == 7)
            let refused = try #require(deletes.first { $0.status == 429 })
            let retried = try #require(deletes.last { $0.path == refused.path })
            #expect(retried.status == 204)
            // Holding its place through the wait, the refused change would have kept the other five
            // waiting behind it (`--concurrency 1`).
            let meanwhile = deletes.filter { $0.startMs >= refused.endMs && $0.startMs < retried.startMs }
            #expect(meanwhile.count == 5)
            // Lending the place does not lend the wire: never two DELETEs at once.
            for (previous, next) in zip(deletes, deletes.dropFirst()) {
                #expect(next.startMs >= previous.endMs, "\(previous.path) and \(next.path) overlap")
            }
        }
    }

    @Test("lending places keeps the order: at --concurrency 1 the changes go one by one in the order given")
    func orderAtConcurrencyOne() async throws {
        let (_, state) = try H.emptyingPolicy(roles: 6, perRole: 1)
        let configuration = SimulatorConfiguration(roles: state, adminTokens: [H.token])
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            // Not in the roles' order, so that an executor sorting or racing its tasks would show.
            let changes = [3, 0, 5, 1, 4, 2].map { index in
                Change(action: .unassign, roleId: RoleID(state[index].id)!, roleName: state[index].name,
                       resourceId: ResourceID(state[index].resourceIds[0])!, resourceName: nil)
            }
            let report = try await H().access(handle).withClient { client in
                await ApplyExecutor(client: client, concurrency: 1).execute(changes)
            }
            #expect(report.results.allSatisfy { $0.status == .applied })
            let sent = await handle.requestLog().filter { $0.method == "DELETE" }.sorted { $0.startMs < $1.startMs }.map(\.path)
            #expect(sent == changes.map { "/api/v1/roles/\($0.roleId)/resources/\($0.resourceId)" })
        }
    }
}
