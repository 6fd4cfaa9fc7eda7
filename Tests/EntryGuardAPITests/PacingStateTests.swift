import EntryGuardAPI
import Testing

/// The pacer's rules (the table on `PacingState`), on explicit times in seconds, then whole runs
/// against synthetic limiters on a synthetic clock: it must settle near any limit, from above and
/// from below.
@Suite("PacingState", .timeLimit(.minutes(10)))
struct PacingStateTests {
    /// Records requests admitted at `rate` per second, sent from `start` until `end` (each half a
    /// slot into its slot, so that none falls on a boundary).
    static func admit(_ rate: Double, from start: Double, to end: Double, into state: inout PacingState) {
        admit(rate, from: start, to: end) { state.admitted(sentAt: $0, now: $1) }
    }

    /// A first burst: 16 sent within 0.2 ms of 1.0, the first `count` let through and answered at
    /// `answered`.
    static func firstBurst(letThrough count: Int, answered: Double) -> PacingState {
        var state = PacingState()
        _ = state.reserve(now: 1)
        for index in 0..<16 { state.sending(at: 1 + Double(index) * 0.00001) }
        for index in 0..<count { state.admitted(sentAt: 1 + Double(index) * 0.00001, now: answered) }
        return state
    }

    /// The same admissions, each handed to `record` as (sent, answered).
    static func admit(_ rate: Double, from start: Double, to end: Double, _ record: (Double, Double) -> Void) {
        var index = 0.0
        while start + (index + 0.5) / rate < end {
            let sent = start + (index + 0.5) / rate
            record(sent, sent + 0.002)
            index += 1
        }
    }

    /// Books two requests at `now` (the second held back by the pace) and again a quiet interval
    /// later, `count` times: the pace rises at each that comes a quiet interval after its last
    /// change. Returns the time after the last.
    static func climb(_ count: Int, from now: Double, into state: inout PacingState) -> Double {
        var now = now
        for _ in 0..<count {
            _ = state.reserve(now: now)
            _ = state.reserve(now: now)
            now += PacingState.quietInterval + 0.01
        }
        return now
    }

    /// A pacer whose first 429 came at 10 after two seconds of 200/s admitted: now at 180/s. The
    /// 429 carries `retryAfter` seconds of `Retry-After`, if given.
    static func paced(retryAfter: Double? = nil) -> PacingState {
        var state = PacingState()
        admit(200, from: 8, to: 10, into: &state)
        state.rateLimited(sentAt: 10, now: 10.002, retryAfter: retryAfter)
        return state
    }

    static func rounded(_ value: Double?) -> Double? {
        value.map { ($0 * 1000).rounded() / 1000 }
    }

    @Test("unpaced until a 429: every request may go at once")
    func unpaced() {
        var state = PacingState()
        #expect(state.reserve(now: 5) == 5)
        #expect(state.reserve(now: 5) == 5)
        #expect(state.rate == nil)
    }

    @Test("the first 429 sets the rate to 90 % of the admitted rate; slots are one rate apart")
    func firstRefusal() {
        var state = Self.paced()
        #expect(Self.rounded(state.rate) == 180)
        let first = state.reserve(now: 10.01)
        let second = state.reserve(now: 10.01)
        #expect(first == 10.01)
        #expect(abs((second - first) - 1.0 / 180) < 1e-9)
    }

    @Test("a young run's first 429: the admitted rate is measured over at least 0.1 s, not over a 7 ms burst")
    func firstRefusalOfABurst() {
        var state = PacingState()
        Self.admit(3000, from: 0, to: 0.007, into: &state)  // 21 requests
        state.rateLimited(sentAt: 0.007, now: 0.008)
        #expect(Self.rounded(state.rate) == 189)  // 21 / 0.1 s × 0.9
    }

    /// Two reads at 0, answered at 0.05; the plan takes `plan` seconds; then removals, 200/s admitted
    /// for 0.15 s (30 requests), and a 429. Measured from the reads it would be 45 after a 0.4 s
    /// plan (30 over the 0.6 s since them) and 108 after a 50 ms one (30 over 0.25 s).
    @Test("idle time between reading and writing is not measured: the rate is what was admitted since the client got busy",
          arguments: [0.4, 0.05])
    func idleTimeIsNotMeasured(plan: Double) {
        var state = PacingState()
        _ = state.reserve(now: 0)
        _ = state.reserve(now: 0)
        state.admitted(sentAt: 0, now: 0.05)
        state.admitted(sentAt: 0, now: 0.05)
        let first = 0.05 + plan
        _ = state.reserve(now: first)
        Self.admit(200, from: first, to: first + 0.15, into: &state)
        state.rateLimited(sentAt: first + 0.15, now: first + 0.151)
        #expect(Self.rounded(state.rate) == 180)  // 30 / 0.15 s × 0.9
    }

    /// Four reads at 0, answered at 0.021; a plan of 5 ms (under `idleGap`); then 16 removals at once,
    /// 5 let through, and the 429 of the sixth answered with them. Measured across the reads the
    /// burst read as a rate; from the removals alone it is too small a sample, as after a longer plan.
    @Test("apply's changes are measured from their start (startMeasuring), not across the reads however short the plan between",
          arguments: [false, true])
    func changesMeasuredFromTheirStart(longPlan: Bool) {
        func run(startMeasuring: Bool, plan: Double) -> PacingState {
            var state = PacingState()
            for _ in 0..<4 {
                _ = state.reserve(now: 0)
                state.sending(at: 0)
            }
            for _ in 0..<4 { state.admitted(sentAt: 0, now: 0.021) }
            let first = 0.021 + plan
            if startMeasuring { state.startMeasuring(now: first) }
            for index in 0..<16 {
                _ = state.reserve(now: first)
                state.sending(at: first + Double(index) * 0.00001)
            }
            for index in 0..<5 { state.admitted(sentAt: first + Double(index) * 0.00001, now: first + 0.021) }
            state.rateLimited(sentAt: first + 5 * 0.00001, now: first + 0.021)
            return state
        }
        let started = run(startMeasuring: true, plan: longPlan ? 0.05 : 0.005)
        let afterIdle = run(startMeasuring: false, plan: 0.05)
        #expect(started.rate == nil)
        #expect(started.rate == afterIdle.rate)
        #expect(started.inBlackout == afterIdle.inBlackout)
    }

    @Test("requests sent before a refused one and not answered yet count as let through: a burst's first 429 comes before their answers")
    func sentNotYetAnswered() {
        var state = PacingState()
        _ = state.reserve(now: 1)
        // 40 sent over 0.2 s (200/s); the 429 of the last comes back before 30 of the others' answers.
        for index in 0..<40 { state.sending(at: 1 + Double(index) * 0.005) }
        Self.admit(200, from: 1, to: 1.05, into: &state)  // 10 answered
        state.rateLimited(sentAt: 1.195, now: 1.196)
        // The 38 sent after the first and before the refused one, over 0.195 s, × 0.9 = 175.4; from
        // the answers alone it would be 10 / 0.195 s × 0.9 = 46.
        #expect(abs(state.rate! - 0.9 * 38 / 0.195) < 0.01)
    }

    @Test("a burst's 429 within 0.1 s of the start: only answers make the sample, not how many of the burst went before it")
    func burstOrderIsNoSample() {
        // 16 sent within 0.2 ms; 4 let through and answered; the 429 of the 12th comes back.
        var state = Self.firstBurst(letThrough: 4, answered: 1.02)
        let changed = state.rateLimited(sentAt: 1 + 11 * 0.00001, now: 1.0201)
        #expect(!changed)
        // Not 0.9 × (11 sent before it, not refused) / 0.1 s = 99/s: a blackout.
        #expect(state.rate == nil)
        #expect(Self.rounded(state.pausedUntil) == Self.rounded(1.0201 + PacingState.firstPause))
        // With 8 answered, the burst's count stands (the unanswered sent before it among it).
        var answered = Self.firstBurst(letThrough: 8, answered: 1.02)
        answered.rateLimited(sentAt: 1 + 11 * 0.00001, now: 1.0201)
        #expect(Self.rounded(answered.rate) == 99)
    }

    @Test("a 429 answered before the requests sent beside it: too few admitted to measure a rate from, a blackout")
    func tooFewToMeasure() {
        var state = PacingState()
        _ = state.reserve(now: 1)
        Self.admit(200, from: 1, to: 1.02, into: &state)  // 4 requests, fewer than minimumSample
        let changed = state.rateLimited(sentAt: 1.02, now: 1.021)
        #expect(!changed)
        #expect(state.rate == nil)  // not 4 / 0.1 s × 0.9 = 36/s, a tenth of what the server allows
        #expect(Self.rounded(state.pausedUntil) == Self.rounded(1.021 + PacingState.firstPause))
    }

    @Test("a full window: the lower of the quarter-second and one-second rates is what the window allows")
    func windowAllowance() {
        var state = PacingState()
        // 200 admitted in the first 62 ms of a one-second window, long after the run started.
        Self.admit(50, from: 0, to: 4, into: &state)
        Self.admit(3200, from: 4.9375, to: 5, into: &state)
        state.rateLimited(sentAt: 5, now: 5.001)
        // Over the quarter second: 200 / 0.25 = 800/s; over the second: 200/s, the window's own.
        #expect(Self.rounded(state.rate) == Self.rounded(0.9 * 200))
    }

    @Test("a 429 with fewer than two admitted since the last decrease is a blackout: new requests pause, doubling, until one is admitted")
    func blackout() {
        var unpaced = PacingState()
        unpaced.admitted(sentAt: 0.9, now: 0.95)
        do {
            let changed = unpaced.rateLimited(sentAt: 1, now: 1.01)
            #expect(!changed)
        }
        #expect(unpaced.rate == nil)
        #expect(unpaced.reserve(now: 1.012) == 1.02)
        var state = Self.paced()
        let rate = state.rate
        state.rateLimited(sentAt: 10.3, now: 10.302)
        #expect(Self.rounded(state.pausedUntil) == 10.312)
        state.rateLimited(sentAt: 10.32, now: 10.322)
        #expect(Self.rounded(state.pausedUntil) == 10.342)
        #expect(state.rate == rate)
        #expect(Self.rounded(state.reserve(now: 10.33)) == 10.342)
        // Once one is admitted, the pause starts short again.
        state.admitted(sentAt: 10.35, now: 10.36)
        state.rateLimited(sentAt: 10.37, now: 10.372)
        #expect(Self.rounded(state.pausedUntil) == 10.382)
        // Pauses never pass a quarter second.
        for step in 0..<20 { state.rateLimited(sentAt: 10.4 + Double(step) / 100, now: 10.4 + Double(step) / 100) }
        let last = state.pausedUntil
        state.rateLimited(sentAt: 11, now: 11)
        #expect(state.pausedUntil == 11 + PacingState.longestPause && last <= 10.6 + PacingState.longestPause)
    }

    @Test("a request sent after the latest 429 and let through ends a blackout's pause at once")
    func admissionEndsPause() {
        var state = Self.paced()
        state.rateLimited(sentAt: 10.3, now: 10.302)
        state.rateLimited(sentAt: 10.32, now: 10.322)
        #expect(Self.rounded(state.pausedUntil) == 10.342)
        // Sent before the latest 429 and answered late: it says nothing of now, the pause holds.
        state.admitted(sentAt: 10.31, now: 10.33)
        #expect(Self.rounded(state.pausedUntil) == 10.342)
        // Sent after it: the server lets requests through again, and a new request goes now.
        state.admitted(sentAt: 10.325, now: 10.335)
        #expect(state.reserve(now: 10.336) == 10.336)
    }

    @Test("a blackout after a window taken in one clump: its allowance becomes the pace for the windows to come")
    func blackoutAfterAClump() {
        var state = PacingState()
        _ = state.reserve(now: 1)
        Self.admit(2000, from: 1, to: 1.1, into: &state)  // a 200-request window taken in 0.1 s
        state.rateLimited(sentAt: 1.1, now: 1.101)  // the first 429: 200 over 0.1 s
        #expect(Self.rounded(state.rate) == 1800)
        let early = state.rateLimited(sentAt: 1.2, now: 1.201)  // nothing admitted since, for 0.15 s
        #expect(!early)  // a token bucket's refusals could look like this: not yet a window's blackout
        let changed = state.rateLimited(sentAt: 1.35, now: 1.351)  // 0.3 s: a window's blackout
        #expect(changed)
        #expect(Self.rounded(state.rate) == 180)  // 0.9 × the 200 of the second before
        // A pace under twice the allowance is left to the usual decrease (the full-window test).
        let again = state.rateLimited(sentAt: 1.5, now: 1.501)
        #expect(!again)
        #expect(Self.rounded(state.rate) == 180)
    }

    @Test("a retry has already waited its Retry-After or backoff: it skips a blackout's pause, but keeps to the slots")
    func retrySkipsPause() {
        var state = Self.paced()
        state.rateLimited(sentAt: 10.3, now: 10.302)  // a blackout: new requests pause until 10.312
        #expect(state.reserve(now: 10.303, isRetry: true) == 10.303)
        #expect(Self.rounded(state.reserve(now: 10.303)) == 10.312)
        #expect(Self.rounded(state.reserve(now: 10.303, isRetry: true)) == Self.rounded(10.312 + 1.0 / 180))
    }

    @Test("a later 429 lowers the rate to 90 % of the lower of the rate and what was admitted")
    func laterDecrease() {
        var state = Self.paced()
        Self.admit(100, from: 10, to: 11, into: &state)
        do {
            let changed = state.rateLimited(sentAt: 11, now: 11.002)
            #expect(changed)
        }
        #expect(Self.rounded(state.rate) == 90)
        #expect(Self.rounded(state.ceiling) == 100)
        #expect(Self.rounded(state.step) == 4.5)
    }

    @Test("429s of requests sent before the last decrease, or within 0.1 s after it, are the same event")
    func sameEvent() {
        var state = Self.paced()
        let rate = state.rate
        Self.admit(100, from: 10.002, to: 10.09, into: &state)
        for sent in [9.99, 10.001, 10.05, 10.09] {
            let changed = state.rateLimited(sentAt: sent, now: sent + 0.003)
            #expect(!changed)
        }
        #expect(state.rate == rate)
        #expect(state.pausedUntil < 10.1)  // requests were admitted since: no blackout either
    }

    @Test("the 429s that end a full fixed window lower the rate once, not once each")
    func fullWindow() {
        var state = Self.paced()
        Self.admit(207, from: 10, to: 11, into: &state)  // climbed past 200 in the meantime
        do {
            let changed = state.rateLimited(sentAt: 11, now: 11.001)
            #expect(changed)
        }
        let lowered = state.rate
        #expect(Self.rounded(lowered) == Self.rounded(0.9 * 180))  // 0.9 × min(rate 180, admitted 207)
        // The rest of the window: nothing admitted since the decrease, so a blackout, not a decrease.
        for sent in [11.11, 11.2, 11.3] { state.rateLimited(sentAt: sent, now: sent + 0.001) }
        #expect(state.rate == lowered)
    }

    @Test("a one-second window refuses until it ends: when it lets requests through again, the pace comes down to 90 % of its own count")
    func limitAtTheWindowsEnd() {
        var state = PacingState()
        Self.admit(275, from: 8, to: 10, into: &state)
        state.rateLimited(sentAt: 10, now: 10.002)  // 247.5/s: past a window of 200 it cannot see yet
        // The window before runs to 11; this one, from 11, lets about 200 through by 11.81 and refuses the rest.
        Self.admit(247.5, from: 10, to: 11.81, into: &state)
        state.rateLimited(sentAt: 11.81, now: 11.812)
        // Measured over the second before, the two windows' admissions look like 247.5/s.
        #expect(Self.rounded(state.rate) == Self.rounded(0.9 * 247.5))
        for sent in [11.85, 11.9, 11.96] { state.rateLimited(sentAt: sent, now: sent + 0.002) }
        #expect(Self.rounded(state.rate) == Self.rounded(0.9 * 247.5))
        // A request sent before the last refusal and answered late says nothing of now.
        state.admitted(sentAt: 11.805, now: 11.97)
        #expect(Self.rounded(state.rate) == Self.rounded(0.9 * 247.5))
        // The window ends; the first request sent after the last refused one is let through. In
        // the second up to that refusal (10.96 to 11.96), 211 were let through: 9 in the window
        // before, 202 in this one (the late answer among them).
        state.admitted(sentAt: 12.01, now: 12.012)
        #expect(Self.rounded(state.rate) == Self.rounded(0.9 * 211))
        #expect(state.ceiling == 211)
        // Only lowers: a token bucket's 429 has already brought the pace under its count.
        var bucket = Self.paced()  // 180/s after 200/s admitted
        Self.admit(180, from: 10, to: 10.5, into: &bucket)
        bucket.rateLimited(sentAt: 10.5, now: 10.502)
        let lowered = bucket.rate
        bucket.admitted(sentAt: 10.51, now: 10.512)
        #expect(bucket.rate == lowered)
    }

    @Test("a run younger than a second at its 429: what it let through so far is no second's count")
    func youngRunHasNoCount() {
        var state = PacingState()
        _ = state.reserve(now: 0)
        Self.admit(400, from: 0, to: 0.1, into: &state)  // 40 let through in the first 0.1 s
        state.rateLimited(sentAt: 0.1, now: 0.102)
        #expect(Self.rounded(state.rate) == 360)  // 0.9 × 400/s
        state.admitted(sentAt: 0.11, now: 0.112)
        // Not 0.9 × 40: the second before the refusal held only 0.1 s of sending.
        #expect(Self.rounded(state.rate) == 360)
    }

    @Test("a second no longer wholly remembered at the first admission after a 429 is no count")
    func forgottenSecondHasNoCount() {
        var state = Self.paced()  // 180/s
        Self.admit(180, from: 10, to: 11, into: &state)
        state.rateLimited(sentAt: 11, now: 11.002)
        let rate = state.rate
        // A slow answer, 1.6 s later, to a request sent before the 429: admissions before 10.6
        // are forgotten (two seconds are kept).
        state.admitted(sentAt: 10.999, now: 12.6)
        state.admitted(sentAt: 12.61, now: 12.612)
        // Not 0.9 × the ~73 remembered of the second before 11.
        #expect(state.rate == rate)
    }

    @Test("additive increase below the admitted rate of the last decrease, growing by a quarter at each increase past it")
    func increase() {
        var state = Self.paced()
        Self.admit(100, from: 10, to: 11, into: &state)
        state.rateLimited(sentAt: 11, now: 11)  // 90/s, ceiling 100, step 4.5
        var rates: [Double?] = []
        var now = 11.0
        for _ in 0..<5 {
            _ = state.reserve(now: now)
            _ = state.reserve(now: now)  // held back: the pace is in use
            now += PacingState.quietInterval
            _ = state.reserve(now: now)  // a quiet interval later: the increase
            rates.append(Self.rounded(state.rate))
        }
        #expect(rates == [94.5, 99, 103.5, 129.375, 161.719])
        // Past the ceiling without a 429, the limit has risen: the next increase is due sooner.
        _ = state.reserve(now: now)
        now += PacingState.probeInterval
        _ = state.reserve(now: now)
        #expect(Self.rounded(state.rate) == 202.148)
        // The server's pace is what it was seen to let through, not the probe's.
        #expect(state.followedRate == 100)
    }

    @Test("no probe past the admitted rate of the last decrease while the run's 429s are over 2 % of its answers; the requests let through since bring it back")
    func probesWithinTheBudget() throws {
        var state = Self.paced()  // 180/s, ceiling 200; 400 let through, one 429
        // 20 more 429s of requests sent before the decrease: the same event, the rate unchanged.
        for index in 0..<20 { state.rateLimited(sentAt: 9.9 + Double(index) * 0.001, now: 10.003) }
        #expect(Self.rounded(state.rate) == 180)
        let now = Self.climb(5, from: 10.1, into: &state)
        // 189, 198/s, then the ceiling and no further: 21 429s are over 2 % of 421 answers.
        #expect(Self.rounded(state.rate) == 200)
        // 800 let through at the pace: 21 of 1,221 answers are under 2 %, and the climb goes past.
        Self.admit(200, from: now, to: now + 4, into: &state)
        _ = Self.climb(3, from: now + 4, into: &state)
        #expect(try #require(state.rate) > 200)
    }

    @Test("a probe's 429 without a blackout (a token bucket): measured from the rise past the ceiling, and the admission after it keeps the pace")
    func probeMeasuredFromItsRise() throws {
        var state = Self.paced()  // 180/s, ceiling 200
        // Let through at 180/s while the pace climbs in steps (189, 198, then 207 past the
        // ceiling at 11.63), then at 210/s while it is past it (258.75/s from 11.89).
        _ = state.reserve(now: 10.1)
        _ = state.reserve(now: 10.1)
        var now = 10.1
        for (next, admitted) in [(10.61, 180.0), (11.12, 180), (11.63, 180), (11.89, 210)] {
            Self.admit(admitted, from: now, to: next, into: &state)
            _ = state.reserve(now: next)
            _ = state.reserve(now: next)
            now = next
        }
        #expect(Self.rounded(state.rate) == 258.75)
        Self.admit(210, from: now, to: 12.3, into: &state)
        state.rateLimited(sentAt: 12.3, now: 12.302)
        // Over the second before, a third of it at the climb's 180/s: ~200/s, the pace's own. Since
        // the rise past the ceiling, what the server let through: ~210/s.
        #expect(state.ceiling > 205 && state.ceiling <= 210, "\(state.ceiling)")
        let lowered = try #require(state.rate)
        #expect(abs(lowered - PacingState.decrease * state.ceiling) < 0.001)
        // Let through right after, with no blackout: the second's count (~200) is the pace's own,
        // not a window's, and the pace stays.
        state.admitted(sentAt: 12.31, now: 12.312)
        #expect(state.rate == lowered)
    }

    /// The pace after a 429 at 11 that met a pace of 180/s while the server let 300/s through
    /// (sends bunched past the pace); with `risen`, the pace had risen once before it.
    static func farBelowTheAdmitted(risen: Bool) -> PacingState {
        var state = paced()  // 180/s, ceiling 200, from 10.002
        if risen {
            _ = state.reserve(now: 10.1)
            _ = state.reserve(now: 10.1)
            _ = state.reserve(now: 10.002 + PacingState.quietInterval + 0.01)
            #expect(rounded(state.rate) == 189)
        }
        // Admitted from 10.002 to 11 (answered late).
        admit(300, from: 10.002, to: 11, into: &state)
        state.rateLimited(sentAt: 11, now: 11)
        return state
    }

    @Test("a decrease far below the admitted rate before the rate has risen once: three quiet intervals back to it, not steps of 5 %")
    func climbBackToTheCeiling() {
        var state = Self.farBelowTheAdmitted(risen: false)
        #expect(Self.rounded(state.rate) == 162)
        let ceiling = state.ceiling
        #expect(ceiling > 290)
        #expect(abs(state.step - (ceiling - 162) / 3) < 0.001)  // 5 % would be 8.1
        var now = 11.0
        for _ in 0..<3 {
            _ = state.reserve(now: now)
            _ = state.reserve(now: now)
            now += PacingState.quietInterval
            _ = state.reserve(now: now)
        }
        #expect(abs(state.rate! - ceiling) < 0.001)
        // Once the rate has risen, a ceiling far above the pace is a window's clump: 5 % steps.
        let later = Self.farBelowTheAdmitted(risen: true)
        #expect(later.ceiling - later.rate! > 3 * later.step)
        #expect(abs(later.step - later.rate! * PacingState.firstStep) < 0.001)
    }

    @Test("settled near the end of the work: the pace climbs back to 95 % of what the last decrease measured, never past; decreases still follow the server")
    func settled() {
        var state = Self.paced()  // 180/s, 200/s measured
        state.settle(now: 10.1)
        let now = Self.climb(4, from: 10.1, into: &state)
        _ = state.reserve(now: now)
        // 189/s, then 95 % of 200/s: no probe past it.
        #expect(Self.rounded(state.rate) == Self.rounded(PacingState.settledShare * 200))
        Self.admit(150, from: now, to: now + 1, into: &state)
        state.rateLimited(sentAt: now + 1, now: now + 1.001)
        // 90 % of the ~150/s admitted (148 counted in the second before the refused request).
        #expect(abs(state.rate! - 0.9 * 150) < 3)
    }

    @Test("settled with the pace past 95 % of what the last decrease measured: it comes down to that")
    func settledFromAbove() throws {
        var state = Self.paced()  // 180/s, 200/s measured
        // Two steps of 9/s, unsettled: 198/s, past 95 % of 200/s.
        let now = Self.climb(3, from: 10.1, into: &state)
        let climbed = try #require(state.rate)
        #expect(climbed > PacingState.settledShare * 200)
        state.settle(now: now)
        #expect(Self.rounded(state.rate) == Self.rounded(PacingState.settledShare * 200))
    }

    /// `paced()` (200/s measured at 10.002), then a second decrease after `rate`/s admitted for a
    /// second, at 11.6; four increases, then settled, and climbed back as far as it goes: the
    /// second measure, the pace before and after settling, and the pace it stops at.
    static func settledAfterTwoMeasures(_ rate: Double) -> (measured: Double, climbed: Double?, settled: Double?, pace: Double?) {
        var state = paced()
        admit(rate, from: 10.6, to: 11.6, into: &state)
        state.rateLimited(sentAt: 11.6, now: 11.602)
        let measured = state.ceiling
        let now = climb(4, from: 11.7, into: &state)
        let climbed = state.rate
        state.settle(now: now)
        let settled = state.rate
        _ = climb(20, from: now, into: &state)
        return (measured, climbed, settled, state.rate)
    }

    @Test("settled after two measures within a tenth of each other (one limit's, the later spanning a window's end): the pace stays under 95 % of the lower; a measure further up is a raised limit's")
    func settledUnderTheLowerMeasure() {
        // 208 is within a tenth of 200: 95 % of 200 (190/s), not of 208 (197.6/s, close to a
        // window of 200 that a second's count overstated).
        let close = Self.settledAfterTwoMeasures(210)
        #expect(close.measured == 208)
        // Past 190/s when it settles: down to it at once.
        #expect(close.climbed.map { $0 > PacingState.settledShare * 200 } == true)
        #expect(Self.rounded(close.settled) == Self.rounded(PacingState.settledShare * 200))
        #expect(Self.rounded(close.pace) == Self.rounded(PacingState.settledShare * 200))
        // 228 is not: a limit that rose, and its own measure counts.
        let raised = Self.settledAfterTwoMeasures(230)
        #expect(raised.measured == 228)
        #expect(Self.rounded(raised.pace) == Self.rounded(PacingState.settledShare * 228))
    }

    /// `paced()` (180/s, 200/s measured), its 429 with `Retry-After` if `told`, climbed 6 times
    /// with no 429 (steps of 9/s, then a quarter more at each increase past 200/s: 189, 198, 207,
    /// 258.75, 323.4/s), `letThrough`/s admitted over the last quarter second, then settled and
    /// climbed 3 times more: the pace before settling, after, and after those climbs.
    static func settledWhileProbing(letThrough: Double, told: Bool) -> (climbed: Double?, settled: Double?, later: Double?) {
        var state = paced(retryAfter: told ? 1 : nil)
        let now = climb(6, from: 10.1, into: &state)
        let climbed = state.rate
        admit(letThrough, from: now - PacingState.window, to: now, into: &state)
        state.settle(now: now)
        let settled = state.rate
        _ = climb(3, from: now, into: &state)
        return (climbed, settled, state.rate)
    }

    @Test("settled while a probe climbs past what the last decrease measured: the pace comes down to what the server let through over the quarter second, and holds there until a 429")
    func settledPastARaisedLimit() throws {
        // The pace ran ahead of what went out: 280/s let through over the last quarter second.
        let ahead = Self.settledWhileProbing(letThrough: 280, told: false)
        #expect(Self.rounded(ahead.climbed) == 323.438)
        let held = try #require(ahead.settled)
        #expect(abs(held - 280) < 4.1)  // 70 in the quarter second
        // No probe past it for the rest of the run.
        #expect(ahead.later == held)
        // Let through as fast as the pace went: the pace holds.
        let kept = Self.settledWhileProbing(letThrough: 340, told: false)
        #expect(kept.settled == kept.climbed)
        // Let through under the measure: 95 % of it, as a pace within a step past it.
        let under = Self.settledWhileProbing(letThrough: 150, told: false)
        #expect(Self.rounded(under.settled) == Self.rounded(PacingState.settledShare * 200))
    }

    @Test("settled while a probe climbs, once a 429 of the run carried Retry-After: a step (÷ 1.25) below what the server let through over the quarter second, or below the pace if that is lower (a window lets more through in quarter seconds than its limit, until it runs out, and the late 429's wait is a whole second)")
    func settledPastARaisedLimitTold() throws {
        // A window of 400 a second lets 440-476/s through in quarter seconds before it runs out.
        let ahead = Self.settledWhileProbing(letThrough: 280, told: true)
        let held = try #require(ahead.settled)
        #expect(abs(held - 280 / PacingState.growth) < 3.3)
        #expect(ahead.later == held)
        // Let through as fast as the pace went: a step below the pace.
        let kept = Self.settledWhileProbing(letThrough: 340, told: true)
        #expect(Self.rounded(kept.settled) == Self.rounded(323.4375 / PacingState.growth))
        // A step below what was let through is under the measure: 95 % of it, as a pace within a
        // step past it (untold, 240/s would hold).
        let near = Self.settledWhileProbing(letThrough: 240, told: true)
        #expect(Self.rounded(near.settled) == Self.rounded(PacingState.settledShare * 200))
        let nearUntold = try #require(Self.settledWhileProbing(letThrough: 240, told: false).settled)
        #expect(abs(nearUntold - 240) < 4.1)
    }

    @Test("settled while a probe climbs, with fewer let through than a rate is measured from: the pace holds where it is")
    func settledPastTheCeilingUnmeasured() throws {
        var state = Self.paced()
        let now = Self.climb(6, from: 10.1, into: &state)
        let climbed = try #require(state.rate)
        state.settle(now: now)
        #expect(state.rate == climbed)
        _ = Self.climb(2, from: now, into: &state)
        #expect(state.rate == climbed)
    }

    @Test("below the ceiling, no increase sooner than a quiet interval: 0.5 s until the rate has risen once, whatever the first burst met")
    func noEarlyIncrease() {
        var state = Self.paced()  // 180/s, ceiling 200, from unpaced at 10.002
        // Another of the first burst's 429s: a burst's, not a probe's (2 429s at 180/s would make
        // a probe's quiet interval 0.25 s).
        state.rateLimited(sentAt: 9.999, now: 10.002)
        _ = state.reserve(now: 10.1)
        _ = state.reserve(now: 10.1)
        _ = state.reserve(now: 10.002 + PacingState.probeInterval + 0.01)
        #expect(Self.rounded(state.rate) == 180)
        _ = state.reserve(now: 10.002 + PacingState.quietInterval - 0.01)
        #expect(Self.rounded(state.rate) == 180)
        _ = state.reserve(now: 10.002 + PacingState.quietInterval + 0.01)
        #expect(Self.rounded(state.rate) == 189)
    }

    /// After a probe past the limit: the pace rose once (at 10.51) and then met `refusals` 429s
    /// at 11.6, its first lowering the pace to 90/s (ceiling 100). Whether the rate has risen
    /// again at each of `times` after 11.6 (requests held back throughout).
    static func risesAfterProbe(refusals: Int, at times: [Double]) -> [Bool] {
        var state = paced()  // 180/s from 10.002
        _ = state.reserve(now: 10.1)
        _ = state.reserve(now: 10.1)
        _ = state.reserve(now: 10.51)  // the first increase: 189/s
        admit(100, from: 10.6, to: 11.6, into: &state)
        state.rateLimited(sentAt: 11.6, now: 11.6)  // 90/s, ceiling 100
        // Requests sent beside it, refused too: the probe's cost.
        for _ in 1..<refusals { state.rateLimited(sentAt: 11.595, now: 11.6) }
        var rate = state.rate
        return times.map { time in
            _ = state.reserve(now: 11.6 + time)
            _ = state.reserve(now: 11.6 + time)
            defer { rate = state.rate }
            return state.rate != rate
        }
    }

    @Test("a probe's 429s size the quiet interval of the climb back: 2 % of the requests in three intervals, 0.25 to 0.5 s")
    func quietIntervalFromTheProbesCost() {
        // 1 429 at 90/s: 1 / (0.02 × 90 × 3) = 0.19 s, so the shortest, 0.25 s.
        #expect(Self.risesAfterProbe(refusals: 1, at: [0.24, 0.26, 0.5, 0.52]) == [false, true, false, true])
        // 2: 2 / (0.02 × 90 × 3) = 0.37 s; after the climb's first increase, 0.35 s at 94.5/s.
        #expect(Self.risesAfterProbe(refusals: 2, at: [0.36, 0.38, 0.72, 0.74]) == [false, true, false, true])
        // 20: 3.7 s, so the longest, 0.5 s, as before the cost was known.
        #expect(Self.risesAfterProbe(refusals: 20, at: [0.49, 0.51]) == [false, true])
    }

    @Test("no increase while nothing is held back, nor within a quiet interval of any 429")
    func noIncrease() {
        var idle = Self.paced()
        let rate = idle.rate!
        // One request per second: the pace never makes one wait.
        for second in 1...5 { _ = idle.reserve(now: 10 + Double(second)) }
        #expect(idle.rate == rate)
        var busy = Self.paced()
        _ = busy.reserve(now: 10.1)
        _ = busy.reserve(now: 10.1)
        // A 429 of the same event still restarts the quiet interval.
        busy.rateLimited(sentAt: 9.99, now: 10.2)
        _ = busy.reserve(now: 10.6)
        #expect(busy.rate == rate)
        _ = busy.reserve(now: 10.71)
        #expect(Self.rounded(busy.rate) == Self.rounded(rate * 1.05))
    }

    // MARK: - Whole runs on a synthetic clock

    /// A limiter of the simulator's shapes, on the synthetic clock.
    enum Shape: String, CaseIterable, Sendable {
        case tokenBucket, fixedWindow, slidingWindow
    }

    struct Limiter {
        var shape: Shape
        var rate: Double
        var tokens = 20.0
        var last = 0.0
        var windowStart = -1.0
        var windowCount = 0
        var recent: [Double] = []

        mutating func admit(at now: Double) -> Bool {
            switch shape {
            case .tokenBucket:
                tokens = min(20, tokens + (now - last) * rate)
                last = now
                guard tokens >= 1 else { return false }
                tokens -= 1
                return true
            case .fixedWindow:
                if now - windowStart >= 1 {
                    windowStart = now
                    windowCount = 0
                }
                windowCount += 1
                return Double(windowCount) <= rate
            case .slidingWindow:
                recent.removeAll { $0 <= now - 1 }
                guard Double(recent.count) < rate else { return false }
                recent.append(now)
                return true
            }
        }
    }

    /// A client that would send 3,200 requests a second (16 in flight at 5 ms) against `shape`,
    /// whose rate is `rate` until `changeAt` and `changed` after. Returns the requests admitted in
    /// each second and the share answered 429.
    static func run(_ shape: Shape, rate: Double, changed: Double? = nil, changeAt: Double = .infinity, seconds: Int = 20)
        -> (perSecond: [Int], refusedShare: Double)
    {
        var state = PacingState()
        var limiter = Limiter(shape: shape, rate: rate)
        var perSecond = Array(repeating: 0, count: seconds)
        var sent = 0
        var refused = 0
        var now = 0.0
        let latency = 0.005
        while now < Double(seconds) {
            let start = state.reserve(now: now)
            guard start < Double(seconds) else { break }
            if start >= changeAt, let changed { limiter.rate = changed }
            sent += 1
            if limiter.admit(at: start) {
                state.admitted(sentAt: start, now: start + latency)
                perSecond[Int(start)] += 1
            } else {
                state.rateLimited(sentAt: start, now: start + latency)
                refused += 1
            }
            now = start + 1.0 / 3200
        }
        return (perSecond, Double(refused) / Double(sent))
    }

    @Test("settles near each limiter's rate with under 3 % of requests refused", arguments: Shape.allCases)
    func settles(shape: Shape) {
        let (perSecond, refusedShare) = Self.run(shape, rate: 200)
        let settled = perSecond[2...].reduce(0, +) / (perSecond.count - 2)
        #expect(settled >= 180 && settled <= 210, "\(perSecond)")
        #expect(refusedShare < 0.03, "\(refusedShare)")
    }

    @Test("follows a limit that halves or doubles mid-run: down and up again", arguments: Shape.allCases)
    func follows(shape: Shape) {
        let halved = Self.run(shape, rate: 200, changed: 100, changeAt: 10)
        let doubled = Self.run(shape, rate: 200, changed: 400, changeAt: 10)
        // The two seconds after the change are for finding the new rate; then near it.
        let afterHalving = halved.perSecond[12...].reduce(0, +) / 8
        let afterDoubling = doubled.perSecond[12...].reduce(0, +) / 8
        #expect(afterHalving >= 90 && afterHalving <= 110, "\(halved.perSecond)")
        #expect(afterDoubling >= 360 && afterDoubling <= 420, "\(doubled.perSecond)")
        #expect(halved.refusedShare < 0.03 && doubled.refusedShare < 0.03, "\(halved.refusedShare) \(doubled.refusedShare)")
    }
}
