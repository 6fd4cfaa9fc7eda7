@testable import EntryGuardAPI
import Testing

/// A decrease measured within `shortestSpan` of the start is rough (the first burst, counted over a
/// span longer than it ran): the rate doubles at each increase until a decrease measured over more.
@Suite("PacingState: slow start after a rough first measure")
struct SlowStartTests {
    /// The first burst against a token bucket of 200/s with a burst of 5, without latency: 12 sent
    /// 5 ms apart from 1.0 and let through, then the 429 of one sent at 1.06, answered at once. The
    /// rate is read over the 0.1 s floor: 12 / 0.1 s = 120/s, × 0.9 = 108/s.
    static func roughStart() -> PacingState {
        var state = PacingState()
        _ = state.reserve(now: 1)
        for index in 0..<12 {
            let sent = 1 + Double(index) * 0.005
            state.sending(at: sent)
            state.admitted(sentAt: sent, now: sent + 0.001)
        }
        state.rateLimited(sentAt: 1.06, now: 1.061)
        return state
    }

    /// `roughStart()` let through at its 108/s, then doubled at 1.32: 216/s.
    static func doubled() -> PacingState {
        var state = roughStart()
        book(3, at: 1.2, into: &state)
        book(1, at: 1.32, into: &state)
        PacingStateTests.admit(108, from: 1.061, to: 1.32, into: &state)
        return state
    }

    /// Books `count` requests at `now`: the pace holds all but the first back.
    static func book(_ count: Int, at now: Double, into state: inout PacingState) {
        for _ in 0..<count { _ = state.reserve(now: now) }
    }

    @Test("a decrease within 0.1 s of the start begins a slow start: after 0.25 s without a 429, the rate doubles")
    func roughDecreaseDoubles() throws {
        var state = Self.roughStart()
        let first = try #require(state.rate)
        #expect(abs(first - 108) < 0.01)
        #expect(state.slowStart)
        // Held back, and 0.25 s after the decrease with no 429: doubled (in steps it would be 113.4).
        Self.book(3, at: 1.2, into: &state)
        #expect(state.rate == first)
        Self.book(1, at: 1.32, into: &state)
        #expect(state.rate == 2 * first)
        // And again after another 0.25 s.
        Self.book(3, at: 1.33, into: &state)
        Self.book(1, at: 1.58, into: &state)
        #expect(state.rate == 4 * first)
    }

    @Test("the next decrease, measured over more than 0.1 s, ends the slow start; the rise after it is a step")
    func measuredDecreaseEnds() throws {
        var state = Self.roughStart()
        Self.book(3, at: 1.2, into: &state)
        Self.book(1, at: 1.32, into: &state)
        // At 216/s against 200/s: let through at 200/s from 1.32 to 1.6, then a 429.
        PacingStateTests.admit(200, from: 1.32, to: 1.6, into: &state)
        state.rateLimited(sentAt: 1.6, now: 1.601)
        let lowered = try #require(state.rate)
        #expect(!state.slowStart)
        // The quarter second's 200/s, not the second's (lagging behind the doubling): 0.9 × 200.
        #expect(abs(lowered - 180) < 1)
        Self.book(3, at: 1.7, into: &state)
        Self.book(1, at: 2.2, into: &state)
        let risen = try #require(state.rate)
        #expect(risen > lowered && risen < 1.2 * lowered)
    }

    @Test("in a slow start, the quarter second's rate is read from the last doubling on: before it the pace was half")
    func measuredSinceTheDoubling() throws {
        var state = Self.doubled()  // 216/s from 1.32
        // At 216/s against a bucket of 200/s: let through at 200/s, then a 429 0.13 s after the doubling.
        PacingStateTests.admit(200, from: 1.32, to: 1.45, into: &state)
        state.rateLimited(sentAt: 1.45, now: 1.451)
        // 0.9 × 200, not 0.9 × the whole quarter second's ~156/s (half of it at 108/s).
        let lowered = try #require(state.rate)
        #expect(abs(lowered - 180) < 1)
    }

    @Test("for a second after a slow start ends, the long span is read from its end: before it, the pace was doubling up from too low")
    func longSpanFromTheEnd() throws {
        var state = Self.doubled()  // 216/s from 1.32
        // The bucket's burst on top of its rate, then a 429: the slow start ends at 0.9 × 216.
        PacingStateTests.admit(230, from: 1.32, to: 1.45, into: &state)
        state.rateLimited(sentAt: 1.45, now: 1.451)
        #expect(!state.slowStart)
        let ended = try #require(state.rate)
        #expect(abs(ended - 194.4) < 0.1)
        // The drained bucket lets 200/s through and refuses one 0.2 s later. From the slow start's
        // end: 200/s, so 0.9 × 194.4. The whole 0.65 s since the start would read ~169/s, more than
        // half of it the slow start's climb (0.9 × that: ~152/s).
        PacingStateTests.admit(200, from: 1.45, to: 1.65, into: &state)
        state.rateLimited(sentAt: 1.65, now: 1.651)
        let lowered = try #require(state.rate)
        #expect(abs(lowered - 0.9 * ended) < 1)
    }

    @Test("a decrease measured past 0.1 s begins no slow start")
    func measuredFirstDecrease() {
        var state = PacingState()
        _ = state.reserve(now: 1)
        PacingStateTests.admit(250, from: 1, to: 1.3, into: &state)
        state.rateLimited(sentAt: 1.3, now: 1.301)
        #expect(state.rate != nil)
        #expect(!state.slowStart)
    }

    @Test("the rate a 429 is measured at: the lower of the two spans, but in a slow start the quarter second's unless it is a clump")
    func observed() {
        #expect(PacingState.observed(short: 200, long: 150, slowStart: false) == 150)
        #expect(PacingState.observed(short: 200, long: 150, slowStart: true) == 200)
        #expect(PacingState.observed(short: 120, long: 150, slowStart: true) == 120)
        // A clump: over twice the second's rate.
        #expect(PacingState.observed(short: 500, long: 150, slowStart: true) == 150)
        #expect(PacingState.observed(short: nil, long: 150, slowStart: true) == 150)
        #expect(PacingState.observed(short: 200, long: nil, slowStart: false) == 200)
        #expect(PacingState.observed(short: nil, long: nil, slowStart: false) == nil)
    }
}
