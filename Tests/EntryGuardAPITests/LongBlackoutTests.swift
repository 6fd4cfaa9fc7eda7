import EntryGuardAPI
import Testing

/// A blackout that outlasts a second is no one-second window's (README, "Configuration"): a longer
/// window, a per-minute limit. Its `Retry-After` pauses new requests, and at its end the pace and
/// the measuring start again from before it.
@Suite("PacingState: long blackouts")
struct LongBlackoutTests {
    @Test("past a second of blackout, a 429's Retry-After less the second it rounds up by pauses new requests; before, only the usual pause")
    func retryAfterPausesALongBlackout() {
        var state = PacingStateTests.paced()
        state.rateLimited(sentAt: 10.3, now: 10.302, retryAfter: 4)
        // A young blackout: a token bucket's `Retry-After: 1` or a window's last tenths.
        #expect(PacingStateTests.rounded(state.pausedUntil) == 10.312)
        state.rateLimited(sentAt: 11.2, now: 11.202, retryAfter: 3)
        #expect(PacingStateTests.rounded(state.pausedUntil) == 11.222)
        // 1.1 s into it: the server said 3 s, so the end is 2–3 s away.
        state.rateLimited(sentAt: 11.4, now: 11.402, retryAfter: 3)
        #expect(PacingStateTests.rounded(state.pausedUntil) == 13.402)
        #expect(PacingStateTests.rounded(state.reserve(now: 11.5)) == 13.402)
        // Without it, the probes go on a pause apart.
        var silent = PacingStateTests.paced()
        silent.rateLimited(sentAt: 10.3, now: 10.302)
        silent.rateLimited(sentAt: 11.4, now: 11.402)
        #expect(silent.pausedUntil <= 11.402 + PacingState.longestPause)
    }

    @Test("without Retry-After, a long blackout's probes go further apart as it lasts: a fifth of its length, at most 5 s; with it, the server's word")
    func probesSpreadOutInASilentLongBlackout() {
        var state = PacingStateTests.paced()
        state.rateLimited(sentAt: 10.3, now: 10.302)
        // 3 s into it: the next probe 0.6 s on, not 0.25 s (each probe spends a retry).
        state.rateLimited(sentAt: 13.3, now: 13.302)
        #expect(PacingStateTests.rounded(state.pausedUntil) == 13.902)
        #expect(PacingStateTests.rounded(state.reserve(now: 13.4)) == 13.902)
        // 40 s into it (a per-minute window): 5 s apart.
        state.rateLimited(sentAt: 50.3, now: 50.302)
        #expect(PacingStateTests.rounded(state.pausedUntil) == 55.302)
        // A `Retry-After: 1` says the end is within the second: the probes stay a pause apart.
        var told = PacingStateTests.paced()
        told.rateLimited(sentAt: 10.3, now: 10.302, retryAfter: 1)
        told.rateLimited(sentAt: 13.3, now: 13.302, retryAfter: 1)
        #expect(told.pausedUntil <= 13.302 + PacingState.longestPause)
    }

    /// A pacer at 180/s whose window ran out at 12: two decreases in its run-up, then refusals
    /// until `end`; then a request sent at `end` is let through.
    static func windowRunOut(blackoutUntil end: Double) -> (before: Double?, runUp: Double?, after: PacingState) {
        var state = PacingStateTests.paced()
        PacingStateTests.admit(180, from: 10.01, to: 12, into: &state)
        let before = state.rate
        state.rateLimited(sentAt: 12, now: 12.002)
        PacingStateTests.admit(180, from: 12.002, to: 12.2, into: &state)
        state.rateLimited(sentAt: 12.2, now: 12.202)
        let runUp = state.rate
        var time = 12.3
        while time < end {
            state.rateLimited(sentAt: time, now: time + 0.002, retryAfter: 1)
            time += 0.25
        }
        state.admitted(sentAt: end, now: end + 0.01)
        return (before, runUp, state)
    }

    @Test("the end of a long blackout: the pace is what it was a second before the blackout began; a short one keeps the decreases")
    func longBlackoutRestoresThePace() {
        let long = Self.windowRunOut(blackoutUntil: 15)
        #expect(PacingStateTests.rounded(long.before) == 180)
        #expect((long.runUp ?? 180) < 170)
        #expect(PacingStateTests.rounded(long.after.rate) == 180)
        // Under a second: a one-second window's end, whose own count sets the pace (105/s here).
        let short = Self.windowRunOut(blackoutUntil: 12.8)
        #expect((short.after.rate ?? 180) <= (short.runUp ?? 0))
    }

    @Test("a long blackout that began within a second of the last one's end: the pace goes back to what that one ended with, not to its run-up's")
    func backToBackLongBlackoutsRestoreTheFastPace() {
        // Restored to 180/s at 15.01; the next window's allowance is gone within the second.
        var state = Self.windowRunOut(blackoutUntil: 15).after
        #expect(PacingStateTests.rounded(state.rate) == 180)
        PacingStateTests.admit(180, from: 15.02, to: 15.6, into: &state)
        state.rateLimited(sentAt: 15.6, now: 15.602)
        PacingStateTests.admit(180, from: 15.602, to: 15.8, into: &state)
        state.rateLimited(sentAt: 15.8, now: 15.802)
        let runUp = state.rate
        var time = 15.9
        while time < 19 {
            state.rateLimited(sentAt: time, now: time + 0.002)
            time += 0.25
        }
        state.admitted(sentAt: 19, now: 19.01)
        #expect((runUp ?? 180) < 170)
        // A second before this blackout began (14.9) the pace was the last run-up's, restored 0.11 s later.
        #expect(PacingStateTests.rounded(state.rate) == 180)
    }

    @Test("after a long blackout, rates are measured from its end, not across it")
    func longBlackoutMeasuresAfresh() {
        var state = Self.windowRunOut(blackoutUntil: 15).after
        PacingStateTests.admit(200, from: 15.02, to: 15.4, into: &state)
        // The second before this 429 holds 0.6 s of blackout: measured across it, 77 a second.
        state.rateLimited(sentAt: 15.4, now: 15.402)
        #expect(PacingStateTests.rounded(state.rate) == 162)
    }

    /// After `windowRunOut(blackoutUntil: end)`, the next window's allowance goes at 200/s for
    /// 0.38 s, runs out (a decrease), and the first 429 after it begins a blackout: the pause it sets.
    static func nextBlackoutPause(after end: Double) -> Double? {
        var state = Self.windowRunOut(blackoutUntil: end).after
        PacingStateTests.admit(200, from: end + 0.02, to: end + 0.4, into: &state)
        state.rateLimited(sentAt: end + 0.4, now: end + 0.402)
        state.rateLimited(sentAt: end + 0.45, now: end + 0.452)
        return PacingStateTests.rounded(state.pausedUntil - (end + 0.452))
    }

    @Test("once a blackout has refused requests over 1.5 s, the blackouts after it probe from 0.25 s, not 10 ms; after a one-second window's, from 10 ms")
    func longWindowsProbeFromTheLongestPause() {
        // Refusals over 2.5 s (12.3 to 14.8): windows longer than a second.
        #expect(Self.nextBlackoutPause(after: 15) == PacingState.longestPause)
        // Admitted 1.2 s after its first 429 (a long blackout: the pace is restored), but refused
        // over 1 s only: a one-second window's first blackout, found a probe late.
        #expect(Self.nextBlackoutPause(after: 13.5) == PacingState.firstPause)
    }
}
