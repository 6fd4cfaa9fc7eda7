import EntryGuardAPI
import Testing

/// The pacer's rules, on explicit times (seconds).
@Suite("PacingState", .timeLimit(.minutes(10)))
struct PacingStateTests {
    /// A pacer that has seen `count` requests admitted, evenly over the second before `end`.
    static func seen(_ count: Int, before end: Double) -> PacingState {
        var state = PacingState()
        for index in 0..<count {
            let sent = end - 1 + Double(index + 1) / Double(count)
            _ = state.reserve(now: sent, isRetry: false)
            state.admitted(sentAt: sent, now: sent + 0.02)
        }
        return state
    }

    @Test("unpaced until a 429: every request may go at once")
    func unpaced() {
        var state = PacingState()
        #expect(state.reserve(now: 5, isRetry: false) == 5)
        #expect(state.reserve(now: 5, isRetry: false) == 5)
        #expect(state.rate == nil)
    }

    @Test("the first 429 sets the rate to 97 % of what the server admitted in the second before it")
    func firstEstimate() {
        var state = Self.seen(200, before: 10)
        state.rateLimited(sentAt: 10, now: 10.02, pause: 1)
        #expect(state.rate == 194)
        // New requests wait for the pause, then go one slot (1/194 s) apart.
        let first = state.reserve(now: 10.03, isRetry: false)
        let second = state.reserve(now: 10.03, isRetry: false)
        #expect(first == 11.02)
        #expect(abs((second - first) - 1.0 / 194) < 1e-9)
    }

    @Test("a retry has already waited its Retry-After: it skips the pause, but keeps to the slots")
    func retrySkipsPause() {
        var state = Self.seen(100, before: 10)
        state.rateLimited(sentAt: 10, now: 10.01, pause: 1)
        #expect(state.reserve(now: 10.5, isRetry: true) == 11.01)  // the slots start after the pause
        var fresh = Self.seen(100, before: 10)
        fresh.rateLimited(sentAt: 10, now: 10.01, pause: nil)
        #expect(fresh.reserve(now: 10.5, isRetry: true) == 10.5)
        #expect(fresh.reserve(now: 10.5, isRetry: true) == 10.5 + 1.0 / 97)
    }

    @Test("429s of the same burst (sent before the adjustment) pause but do not lower the rate again")
    func sameBurst() {
        var state = Self.seen(200, before: 10)
        state.rateLimited(sentAt: 10, now: 10.02, pause: 1)
        state.rateLimited(sentAt: 10.005, now: 10.025, pause: 2)
        #expect(state.rate == 194)
        #expect(state.reserve(now: 10.03, isRetry: false) == 12.025)
    }

    @Test("a later 429 lowers the rate to the smaller of the new estimate and 97 % of the old rate")
    func laterLowers() {
        var state = Self.seen(200, before: 10)
        state.rateLimited(sentAt: 10, now: 10.02, pause: 1)
        for index in 0..<150 {
            let sent = 11.5 + Double(index + 1) / 150
            state.admitted(sentAt: sent, now: sent + 0.02)
        }
        state.rateLimited(sentAt: 12.5, now: 12.52, pause: 1)
        #expect(state.rate == 150 * 0.97)
        for index in 0..<300 {
            let sent = 14 + Double(index + 1) / 300
            state.admitted(sentAt: sent, now: sent + 0.02)
        }
        state.rateLimited(sentAt: 15, now: 15.02, pause: 1)
        #expect(state.rate == 150 * 0.97 * 0.97)
    }

    @Test("no estimate from fewer than two admitted: an unpaced client only pauses, a paced one halves")
    func noEstimate() {
        var state = PacingState()
        state.rateLimited(sentAt: 1, now: 1.01, pause: 3)
        #expect(state.rate == nil)
        #expect(state.reserve(now: 1.5, isRetry: false) == 4.01)
        var paced = Self.seen(40, before: 10)
        paced.rateLimited(sentAt: 10, now: 10.01, pause: 1)
        paced.rateLimited(sentAt: 30, now: 30.01, pause: 1)
        #expect(paced.rate == 40 * 0.97 / 2)
        var floor = PacingState()
        floor.admitted(sentAt: 0.5, now: 0.6)
        floor.admitted(sentAt: 0.7, now: 0.8)
        floor.rateLimited(sentAt: 1, now: 1.01, pause: 1)
        floor.rateLimited(sentAt: 9, now: 9.01, pause: 1)
        #expect(floor.rate == 1)
    }
}
