import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import Testing

/// A retry that waits a backoff of ours after a blackout's 429 without `Retry-After` goes once
/// the blackout ends, not a whole backoff later (`EntryGuardClient.waitToRetry`).
@Suite("Retries after a blackout")
struct BlackoutRetryTests {
    @Test("a blackout ends with a fresh admission or a cap learned; a late answer, or an admission with no blackout going on, ends none")
    func blackoutsEndedCounts() {
        var state = PacingStateTests.paced()
        #expect(state.blackoutsEnded == 0)
        state.rateLimited(sentAt: 10.3, now: 10.302)
        #expect(state.inBlackout)
        // Sent before the latest 429 and answered late: says nothing of now.
        state.admitted(sentAt: 10.29, now: 10.31)
        #expect(state.blackoutsEnded == 0)
        state.admitted(sentAt: 10.4, now: 10.402)
        #expect(state.blackoutsEnded == 1)
        // No blackout going on: an admission ends none.
        state.admitted(sentAt: 10.5, now: 10.502)
        #expect(state.blackoutsEnded == 1)
        state.rateLimited(sentAt: 11.3, now: 11.302)
        state.liftBlackout()
        #expect(state.blackoutsEnded == 2)
    }

    @Test("over HTTP: a request refused in a window's blackout, backing off 15 s, is retried once a request after the window is let through")
    func retryGoesWhenTheBlackoutEnds() async throws {
        // Four requests per 2 s, counted from the first; refusals without Retry-After.
        let simulator = SimulatorFixture.configuration {
            $0.rateLimit = 2
            $0.limiter = .fixedWindow
            $0.windowSeconds = 2
            $0.sendsRetryAfter = false
        }
        try await EntryGuardSimulator.withRunning(simulator) { handle in
            let recorder = SimulatorFixture.SleepRecorder()
            let timing = EntryGuardClient.Timing(now: { Date() }, sleep: { duration in
                await recorder.record(duration)
                try await Task.sleep(for: duration)
            }, jitter: { 0.5 })
            // A first backoff of 20 s × 0.75.
            let configuration = EntryGuardClient.Configuration(
                baseURL: handle.baseURL, credential: Credential(kind: .bearer, secret: SimulatorFixture.token),
                retry: RetryPolicy(maxRetries: 2, baseDelay: .seconds(20)), requestTimeout: .seconds(20))
            try await EntryGuardClient.with(configuration, timing: timing) { client in
                // One after another: sent together, one let through could have been sent after the
                // refused one, and would end the blackout at once (the client cannot tell).
                for _ in 0..<4 { _ = try await client.listRoles() }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { _ = try await client.listRoles() }
                    // After the window: a new request, let through, ends the blackout.
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(2300))
                        _ = try await client.listRoles()
                    }
                    try await group.waitForAll()
                }
            }
            let log = await handle.requestLog()
            #expect(log.map(\.status).filter { $0 == 429 }.count == 1)
            #expect(log.count == 7)
            // The refused request's retry slept in checks of 0.25 s until the window was over, not 15 s.
            let sleeps = await recorder.sleeps
            let slept = sleeps.filter { $0 <= .milliseconds(250) }.reduce(Duration.zero, +)
            #expect(slept >= .seconds(2) && slept < .seconds(15), "\(sleeps)")
        }
    }
}
