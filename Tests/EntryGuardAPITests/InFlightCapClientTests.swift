import EntryGuardSimulator
import Foundation
import PolicyModel
import Testing
@testable import EntryGuardAPI

/// The client against the simulator's cap on requests in flight, over real HTTP and the real clock:
/// it learns the cap from the first burst (its 429s come back first, then its admissions) and then
/// keeps under it.
@Suite("A cap on requests in flight, over HTTP", .timeLimit(.minutes(2)))
struct InFlightCapClientTests {
    typealias F = SimulatorFixture

    /// 16 tasks, each reading the role `rounds` times, against a server that handles `cap` at once.
    static func run(cap: Int?, rounds: Int) async throws -> (learned: Int?, refused: Int, requests: Int) {
        let simulator = F.configuration {
            $0.maxInFlight = cap
            $0.latencyMilliseconds = 30
            $0.sendsRetryAfter = false
        }
        return try await EntryGuardSimulator.withRunning(simulator) { handle in
            let configuration = EntryGuardClient.Configuration(
                baseURL: handle.baseURL, credential: Credential(kind: .bearer, secret: F.token),
                retry: RetryPolicy(maxRetries: 20, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200)),
                requestTimeout: .seconds(20), maxConnections: 16)
            let learned = try await EntryGuardClient.with(configuration, timing: .live) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<16 {
                        group.addTask {
                            for _ in 0..<rounds { _ = try await client.role(RoleID(F.roleID)!) }
                        }
                    }
                    try await group.waitForAll()
                }
                return client.pacer.learnedCap
            }
            let log = await handle.requestLog()
            return (learned, log.count { $0.status == 429 }, log.count)
        }
    }

    @Test("16 at once against a cap of 4: a cap is learned, and every request gets through")
    func learnsTheCap() async throws {
        let result = try await Self.run(cap: 4, rounds: 10)
        // Its value moves: refused requests hold the server's places while they are answered, so
        // the admitted ones overlap less than 4 at first; the cap rises by one after each quiet
        // second that it held requests back, and falls back when a probe is refused.
        #expect(result.learned != nil)
        #expect(result.requests - result.refused == 160)
    }

    @Test("16 at once with no cap: none is learned")
    func noCapNoneLearned() async throws {
        let result = try await Self.run(cap: nil, rounds: 3)
        #expect(result.learned == nil)
        #expect(result.refused == 0)
    }
}
