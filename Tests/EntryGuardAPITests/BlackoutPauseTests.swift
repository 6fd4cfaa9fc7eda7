@testable import EntryGuardAPI
import Testing

/// A blackout's pause doubles with its first 429 and with each probe's, not with each 429 of the
/// requests sent before it began: those are one event, and without latency they all come back
/// within a few milliseconds.
@Suite("PacingState: the blackout's pause")
struct BlackoutPauseTests {
    @Test("a burst's 429s stretch the first pause once; each probe's 429 after it doubles it")
    func burstIsOneEvent() {
        // 16 sent at once; 5 let through (too few to measure a rate from: a blackout); the other
        // 11 refused, answered from 1.002 to 1.003.
        var state = PacingStateTests.firstBurst(letThrough: 5, answered: 1.001)
        for index in 5..<16 {
            state.rateLimited(sentAt: 1 + Double(index) * 0.00001, now: 1.002 + Double(index - 5) * 0.0001)
        }
        #expect(state.inBlackout)
        // The first 429 doubled the pause to 20 ms; the rest of the burst kept it there (doubling
        // with each, it was 250 ms).
        #expect(abs(state.pausedUntil - (1.003 + 2 * PacingState.firstPause)) < 1e-9)
        // A probe sent after the pause and refused: the pause doubles.
        state.sending(at: 1.03)
        state.rateLimited(sentAt: 1.03, now: 1.031)
        #expect(abs(state.pausedUntil - (1.031 + 2 * PacingState.firstPause)) < 1e-9)
        state.sending(at: 1.06)
        state.rateLimited(sentAt: 1.06, now: 1.061)
        #expect(abs(state.pausedUntil - (1.061 + 4 * PacingState.firstPause)) < 1e-9)
    }
}
