/// How fast to send: AIMD (additive increase, multiplicative decrease) on a request rate, learned
/// from the server's 429s. EntryGuard documents no limit, window or algorithm (README, "Configuration"), so the
/// pace must find whatever limiter it meets and follow it when it changes, up as well as down.
/// Pure: times are seconds on one clock, supplied by the caller, so each row is a unit test.
///
/// "Admitted" is the rate at which the server let requests through (answered anything but 429),
/// by send time: the lower of its rate over the quarter second and over the second before the
/// refused request was sent (each over at least 0.1 s, and never across idle time: a gap of
/// `idleGap` with nothing booked or answered, and no 429 for 1.5 s, starts the measuring again; the
/// plan computed between reading and writing is such a gap; a request booked to go later counts as
/// activity until it goes). The short span follows a token bucket
/// quickly; the long one sees a window's whole allowance, which arrives in one clump when the client
/// is unpaced. A rate is measured from at least `minimumSample` admitted requests; while unpaced,
/// requests sent before the refused one and not answered yet count as admitted, but within the
/// first 0.1 s (one burst) only answered ones make up the minimum.

/// | event                                                        | what the pace does                                              |
/// |--------------------------------------------------------------|-----------------------------------------------------------------|
/// | no 429 yet                                                   | unpaced: only `--concurrency` bounds the requests in flight     |
/// | apply's changes begin (`startMeasuring`), no 429 for 1.5 s   | rates are measured from then on, not across the reads before    |
/// | 429 while unpaced                                            | rate = 0.9 × admitted                                            |
/// | … (or any decrease) measured within 0.1 s of the start (the first burst, over a span longer than it ran) | and a slow start begins: it may read far too low (90–120/s against a token bucket of 200/s) |
/// | 429 for a request sent ≥ 0.1 s after the last decrease, with ≥ 2 admitted since it | rate = 0.9 × min(rate, admitted), at least 1/s; admitted is the lower of its two spans (in a slow start, the quarter second's, read from the last doubling on, unless over twice the second's: the second lags a doubling pace; for a second after a slow start ends, the second is read from its end; a probe's, the pace past the ceiling, reads the second from its rise past it: before it the pace was below the limit) |
/// | 429 for a request sent sooner                                | the same congestion event: no change                            |
/// | 429 with fewer than 2 admitted since the last decrease, or too few (< 8) to measure a rate from (within 0.1 s of the start: < 8 answered) | a blackout (a full window): new requests (not retries that waited a `Retry-After`) pause 10 ms, doubling with its first 429 and each probe's (not the 429s of requests sent before it began: one event) up to 0.25 s, until one sent after the latest 429 is admitted, which ends the pause for requests booked from then on (those asleep in it are not woken) (one sent before it and answered late says nothing of now; one booked before the pause and woken inside it books again), and one request at a time on the wire (a probe) until then; and once nothing sent in 0.2 s was let through, when ≥ 8 were admitted in the second before and the pace is over twice that many a second (a rate measured over a clump) or unpaced, rate = 0.9 × that many a second: the window's allowance |
/// | … a blackout that has lasted a second (a longer window, a per-minute limit), with `Retry-After` | new requests pause for it less one second (delta-seconds round up; probes find the end in that second) |
/// | … without `Retry-After`                                      | new requests pause for a fifth of the time the blackout has lasted (if over 0.25 s), at most 5 s: fewer probes, each costing a retry, the longer it lasts; past the longest `Retry-After` honoured (`silentBlackout`), the client gives up on the requests still to go |
/// | … a blackout after one whose refusals spanned 1.5 s or more (`longWindowSpan`: windows longer than a second) | new requests pause 0.25 s from its first 429 on, not 10 ms doubling: each of the doubling's probes costs a 429 (five a window), and such a window's end is seconds away |
/// | a request sent after the latest 429 let through, ending a blackout of a second or more | rates are measured from it (the second before holds nothing let through), and the pace goes back to what it was a second before the blackout began (not before the last long blackout's end), if faster (the decreases of its run-up read a window running out) |
/// | the first request let through after 429s, a blackout's among them, sent after the latest refused one | rate = 0.9 × what was admitted in the second up to that refused one's send, if lower (a one-second window's own count; at its first 429 the second before spans the window before too); after a token bucket's 429s, between admissions, nothing: the second's count is the pace's own |
/// | a quiet interval with no 429 at all, and the pace held a request back | rate += step; step is 5 % of the rate the last decrease set (until the rate has risen once: or a third of the way from it to the ceiling, if more) |
/// | … in a slow start (until a decrease measured over more, or a window's allowance) | rate doubles, after 0.25 s with no 429                           |
/// | … the quiet interval                                         | 0.5 s until the rate has risen once; then what the last probe cost (its 429s since the increase before them) ÷ (2 % × rate × the 3 steps back to the ceiling), from 0.25 s to 0.5 s: cheap probes come often |
/// | … once the rate is past what was admitted at that decrease   | rate × 1.25 at each increase (probing for a raised limit), the next after 0.25 s with no 429 |
/// | … an increase past what was admitted at that decrease, while the run's 429s are over 2 % of its answers (`refusalBudget`), not in a slow start | the rate stops at what was admitted: a probe is paid in 429s, and only from what the answers let through have earned |
/// | a quiet interval with no 429, nothing held back              | unchanged: the client is not using the rate it has              |
/// | `settle()` (apply: the work left would end within 2.5 s at the rate changes end, or at `followedRate` if faster) | no increase past 95 % of the admitted rate the last decrease measured, or of the one before when that was lower by at most a tenth (`settledCeiling`) (no probe), and a pace past it, by up to a first step past the measure, comes down to it; below it the climb goes on; a pace further past it (a probe under way, a raised limit followed) comes down to what was let through over the quarter second, if lower, and once a 429 of the run carried `Retry-After` a step (÷ 1.25) below that, or below itself if that is lower (under the measure: as above), and holds; decreases as above |
///
/// `Retry-After` is honoured by the request it answered: the retry policy waits it before that
/// request goes again (and then it takes a slot like any other, skipping a blackout's pause: the
/// server said when; a retry after a backoff of ours keeps to the pause too). While it waits, its
/// change lends its place of `--concurrency` (`Admission`). New requests are not held for it:
/// a token bucket's `Retry-After: 1` would cost a whole second of sending for each 429, and a
/// window's is rounded up to whole seconds; the blackout pause covers a window that is full.
public struct PacingState: Sendable, Equatable {
    /// Requests per second; nil while unpaced.
    public private(set) var rate: Double? {
        didSet { if rate != oldValue { history.changed(at: lastActivity, from: oldValue) } }
    }
    /// The pace the server has been seen to let through: `rate`, but no further past the ceiling
    /// (a probe climbing past it is not yet the server's pace); nil while unpaced.
    public var followedRate: Double? {
        rate.map { ceiling > 0 ? min($0, ceiling) : $0 }
    }
    /// The rates before the changes of the last few seconds.
    private var history = RateHistory()
    /// The admitted rate when the rate was last lowered: below it the rate climbs in equal steps,
    /// past it by `growth` at each increase.
    public private(set) var ceiling = 0.0
    /// The ceiling before the last decrease measured it again.
    private var ceilingBefore = 0.0
    /// The next increase below the ceiling.
    public private(set) var step = 0.0
    /// The last decrease came from a rate measured over less than `shortestSpan` (the first burst,
    /// counted over a span longer than it had run): it may be far too low, and the rate doubles
    /// at each increase until the next decrease (a token bucket of 200/s with a burst of 5 read
    /// 90–120/s there, and climbing back in steps took 2–8 s).
    public private(set) var slowStart = false
    /// Send time of the 429 whose decrease ended the last slow start. For a second after it, the long
    /// span is read from it on: before it the pace was doubling up from far too low, and what the
    /// server let through then was what the client sent, not the limit (against a token bucket of
    /// 200/s with a burst of 5, the next 429 read ~160/s over the whole second, the pace fell to
    /// ~144/s and climbed back in 5 % steps for 2 s: 11.2 s against 10.6 s, in 7 runs of 10).
    private var slowStartEnd = -Double.infinity
    /// No more probes: the work left is too little to gain from a higher rate (see `settle`).
    public private(set) var settled = false
    /// New requests wait until then (a blackout).
    public private(set) var pausedUntil = -Double.infinity
    /// A 429 of a blackout came, and nothing was admitted since.
    public var inBlackout: Bool { pause > Self.firstPause }
    private var pause = firstPause
    /// The blackout going on, if one is: its first 429, and whether any of its 429s carried
    /// `Retry-After` (the server said when it ends).
    private var blackout: Blackout?
    /// How many blackouts have ended (a request sent after the latest 429 let through, or the
    /// 429s turned out to be a cap's): a retry that waits a backoff of ours after a blackout's 429
    /// may go once it moves on (`EntryGuardClient.waitToRetry`).
    public private(set) var blackoutsEnded = 0
    private struct Blackout: Sendable, Equatable {
        var since: Double
        var told: Bool
    }
    /// A blackout refused requests over `longWindowSpan` or more: the server's windows are long,
    /// and the blackouts to come are probed from `longestPause` on (each of the doubling pauses
    /// before it cost a 429: five a window against windows of 5 s).
    private var longWindows = false
    /// When the last long blackout ended (its restoring of the pace, if any, is recorded then).
    private var longBlackoutEnd = -Double.infinity
    private var nextSlot = -Double.infinity
    /// The last increase or decrease.
    private var lastChange = -Double.infinity
    /// The last decrease.
    private var lastDecrease = -Double.infinity
    /// The last 429 of any kind.
    private var lastRefusal = -Double.infinity
    /// The latest send time of a refused request: only a request sent after it and let through
    /// ends a blackout. One sent before it and answered late was let through before the limit
    /// was reached (a burst's first, a window's last places), and says nothing of now.
    private var lastRefusedSent = -Double.infinity
    /// A blackout's 429 came since the last request let through that was sent after the latest
    /// 429'd one: only then is the second's count a window's (`paceToLimit`).
    private var blackoutSinceAdmission = false
    /// A 429 of the run carried `Retry-After`: a refusal costs its request the server's wait, in
    /// whole seconds, not a backoff of ours (`settle`).
    private var toldRetryAfter = false
    /// When the pace last rose past the ceiling outside a slow start (a probe): its 429 is measured
    /// from then (`rateLimited`).
    private var crossedAt = -Double.infinity
    /// Whether the pace made some request wait since `lastChange`.
    private var heldBack = false
    /// Requests answered over the run (let through or 429), and the 429s among them.
    private var answeredCount = 0
    private var refusedCount = 0
    /// 429s since the last increase; nil until the rate has risen once (the first 429s met a burst, not a probe).
    private var refusalsSinceRise: Int?
    /// What the last probe cost: the 429s from the increase before it to its last 429, over all
    /// the decreases they made (a token bucket's refusals come a few at a time).
    private var probeCost: Int?
    /// What was sent and let through, which rates are measured from.
    private var log = SendLog()
    /// The last booking or answer.
    private var lastActivity = -Double.infinity

    public init() {}

    /// Books a start time for a request wanting to go at `now`; the caller waits until then. A
    /// retry that has already waited the server's `Retry-After` (`isRetry`) skips a blackout's
    /// pause, but keeps to the slots.
    public mutating func reserve(now: Double, isRetry: Bool = false) -> Double {
        if now - lastActivity > Self.idleGap, now - lastRefusal > Self.busyAfterRefusal { log.measure(from: now) }
        lastActivity = max(lastActivity, now)
        riseIfQuiet(now: now)
        let earliest = isRetry ? now : max(now, pausedUntil)
        guard let rate else { return earliest }
        let start = max(earliest, nextSlot)
        if start > now { heldBack = true }
        nextSlot = start + 1 / rate
        lastActivity = max(lastActivity, start)
        return start
    }

    /// The caller starts work of another kind (apply's changes, after the reads its plan was made
    /// from): rates are measured from `now`, not across the reads, however short the time between
    /// (a plan computed in under `idleGap` had its reads measured with its first burst: 81/s
    /// against a token bucket of 200/s with a burst of 5, and ~1.5 s lost climbing back). Unless a
    /// 429 came within `busyAfterRefusal`: then what was measured still describes the limiter.
    public mutating func startMeasuring(now: Double) {
        if now - lastRefusal > Self.busyAfterRefusal { log.measure(from: now) }
    }

    /// Stops probing for the rest of the run: the pace rises no further than `settledShare` of the
    /// admitted rate the last decrease measured. Near the end of the work, a probe past the
    /// limit would gain little and its 429 would cost the refused request's wait (a whole second
    /// of `Retry-After`) at the very end; decreases still follow the server.
    /// A pace already past that share, but no further past what was measured than a first step
    /// (a climb's step under way, not a raised limit the probes found: a limit that doubled was
    /// being followed at 280–400/s against a measure of 200), comes down to it. Settled at a fixed
    /// window's own rate (~200/s against 200/s), runs met a 429 in their last half second and its
    /// `Retry-After` ended them ~0.6 s late (2 runs of 6 at 20 ms); a run against a token bucket
    /// settled at 202.9/s against a measured 196/s.
    /// A pace further past it (a probe under way, a raised limit followed) comes down to what the
    /// server let through over the quarter second before `now`, if that is lower (if that is under
    /// the measure, as above), and grows no more. A probe's pace runs ahead of what goes out (at
    /// 625/s, ~450/s went); grown on by a tenth at each increase until its 429, against a limit
    /// that doubled to 400/s the 429 came among the run's last answers, and the refused requests'
    /// second of `Retry-After` ended it ~0.9 s late. Once a 429 of the run carried `Retry-After`,
    /// it comes down a growth step (÷ 1.25) further, from that rate or from the pace if lower: held
    /// at what went through in the quarter second, it still met that 429 (9 runs of 18), since the
    /// climb's last step had held for a quarter second, not a window's second, and a window of
    /// 400 lets 440-476/s through in quarter seconds until it runs out. Without `Retry-After` a late
    /// 429 costs a backoff of ours (0.25-0.5 s), about what the step back costs.
    public mutating func settle(now: Double) {
        settled = true
        guard let current = rate, ceiling > 0 else { return }
        if current > (1 + Self.firstStep) * ceiling {
            guard let letThrough = admittedRate(before: now, over: Self.window) else { return }
            // Told `Retry-After`, the climb's last step is taken back: it held for a quarter second,
            // not a window's whole second. Under the measure, the pace keeps to the rule below.
            let confirmed = min(current, letThrough) / (toldRetryAfter ? Self.growth : 1)
            rate = confirmed > ceiling ? confirmed : settledPace
        } else if current > settledPace {
            rate = settledPace
        }
    }

    /// The fastest a settled pace climbs back to at or under the measure: `settledShare` of `settledCeiling`.
    private var settledPace: Double {
        max(Self.minimumRate, Self.settledShare * settledCeiling)
    }

    /// The measure a settled pace keeps under: the ceiling, or the measure before it when that
    /// was lower by no more than `sameLimit`, two measures of one limit. A second's count
    /// overstates a window's limit when it spans a window's end: against a fixed window of 200/s,
    /// measures of 206 then 211 set a settled pace of 200.45/s, and its 429 in the last second
    /// cost the run its refused request's `Retry-After` (11.55 s against 10.5-10.8).
    var settledCeiling: Double {
        ceilingBefore < ceiling && ceilingBefore * (1 + Self.sameLimit) >= ceiling ? ceilingBefore : ceiling
    }

    /// The additive increase, due when a quiet interval has passed since the last change and the last 429.
    private mutating func riseIfQuiet(now: Double) {
        // Past the ceiling for a whole interval without a 429, the limit has risen: probe faster.
        guard let current = rate,
              now - max(lastChange, lastRefusal) >= (slowStart || current > ceiling ? Self.probeInterval : quietSpan(at: current))
        else { return }
        if heldBack {
            var raised = slowStart ? current * 2
                : current > ceiling ? (settled ? current : current * Self.growth) : current + step
            if settled {
                if current <= ceiling { raised = min(raised, settledPace) }
                guard raised > current else { return }
            }
            let crossing = current <= ceiling && raised > ceiling
            if crossing, !slowStart, overBudget {
                raised = ceiling
                guard raised > current else { return }
            }
            if crossing, !slowStart { crossedAt = now }
            rate = raised
            refusalsSinceRise = 0
        }
        heldBack = false
        lastChange = now
    }

    /// Whether the run's 429s are over `refusalBudget` of its answered requests: no probe past
    /// the ceiling until the requests let through since bring them back under.
    private var overBudget: Bool {
        Double(refusedCount) > Self.refusalBudget * Double(answeredCount)
    }

    /// The quiet interval below the ceiling: `quietInterval` until a probe's cost is known, then
    /// sized to `refusalBudget` from it.
    private func quietSpan(at current: Double) -> Double {
        guard let probeCost else { return Self.quietInterval }
        let span = Double(probeCost) / (Self.refusalBudget * current * Self.stepsToCeiling)
        return min(max(span, Self.shortestQuiet), Self.longestQuiet)
    }

    /// A decrease at `now`: the rise starts over from it.
    private mutating func decreased(now: Double) {
        step = firstStepUp()
        lastDecrease = now
        lastChange = now
        heldBack = false
    }

    /// The step after a decrease: `firstStep` of the rate it set; until the rate has risen once, a
    /// third of the way back to the ceiling if that is more. The first burst's measures are
    /// rough: against a token bucket of 100/s with a burst of 5 at 20 ms, its first answers
    /// measured 41/s, the next 429 (a bunch of sends at that pace met the burst) 80/s, and the
    /// pace, lowered to 33/s, took 14 s to climb back to 80/s in 5 % steps. Later, a ceiling far
    /// above the pace is a window's clump, and a fast climb to it overshoots the window.
    private func firstStepUp() -> Double {
        let back = refusalsSinceRise == nil ? (ceiling - rate!) / Self.stepsToCeiling : 0
        return max(rate! * Self.firstStep, back, Self.minimumRate / 10)
    }

    /// Ends a blackout's pause: its 429s turned out to be a cap on requests in flight's
    /// (`InFlightCap`), which the wire now keeps to, not a full window's.
    public mutating func liftBlackout() {
        pausedUntil = -Double.infinity
        pause = Self.firstPause
        if blackout != nil { blackoutsEnded += 1 }
        blackout = nil
    }

    /// How long the server has been seen refusing in the blackout going on (from its first 429 to
    /// its latest), when none of its 429s said when it ends (`Retry-After`); nil when there is
    /// none, or one did. Time with nothing sent does not count: a run that waited between its
    /// reads and its writes (a person confirming) has seen nothing of the server meanwhile.
    public var silentBlackout: Double? {
        guard let blackout, !blackout.told else { return nil }
        return refusingFor
    }

    /// From the blackout's first 429 to its latest; nil when there is no blackout.
    private var refusingFor: Double? {
        blackout.map { max(lastRefusal - $0.since, 0) }
    }

    /// A request goes out at `time`.
    public mutating func sending(at time: Double) {
        log.sent(at: time)
    }

    /// A request sent at `sentAt` was refused or got no answer: not let through.
    public mutating func notLetThrough(sentAt: Double) {
        log.notLetThrough(sentAt: sentAt)
    }

    /// A request sent at `sentAt` got an answer other than 429 (the server let it through).
    /// Returns whether it was sent after the latest 429'd request: only such an admission ends a
    /// blackout.
    @discardableResult
    public mutating func admitted(sentAt: Double, now: Double) -> Bool {
        lastActivity = max(lastActivity, now)
        answeredCount += 1
        log.letThrough(sentAt: sentAt, now: now)
        let fresh = sentAt > lastRefusedSent
        if fresh {
            // The server lets requests through again: the rest of the pause would only idle (the
            // first burst against a cap of 8 in flight at 50 ms paused 0.25 s after its
            // admissions, then sent 16 at once into the cap and measured 29/s from them). Requests
            // already asleep until `pausedUntil` are not woken: this ends it for those booking now.
            pause = Self.firstPause
            pausedUntil = min(pausedUntil, now)
            // After a long blackout the second before holds nothing the limiter let through: the
            // rates of its 429s would read near zero (a window of 5 s read ~30/s at its next start).
            if let since = blackout?.since, now - since >= Self.longBlackout { endLongBlackout(since: since, sentAt: sentAt) }
            if blackout != nil { blackoutsEnded += 1 }
            blackout = nil
            // Only after a blackout: a window that ran out refuses to its end, and the second's count
            // is the window's. A token bucket's 429s come between admissions, and the second's
            // count is the pace's own: after a probe's 429 measured from its rise, the count over
            // the second before (most of it the climb back, ~190/s against 200/s) took the pace
            // back under it.
            if blackoutSinceAdmission { paceToLimit(now: now) }
            blackoutSinceAdmission = false
        }
        return fresh
    }

    /// A blackout of `longBlackout` or more (it began at `since`) ended with a request sent at
    /// `sentAt`. Rates are measured from here on; and the decreases of the run-up to it, which
    /// read a window running out (the admitted rate falling to nothing over its last tenths of
    /// a second: 427, 185 then 76/s against a window of 500 in 5 s), are taken back: the pace
    /// is what it was a second before the blackout began, if that was faster; or, if the last
    /// long blackout ended within that second, what it was as that one ended. Before that end
    /// the pace was the last run-up's: against a window of 550 in 5 s, taken at ~540/s in about
    /// a second, "a second before" fell a millisecond before or after the last restoring, and in
    /// the runs where it fell before, the last window went at ~125/s (2.7 s for 354 requests,
    /// 20.0 s against 17.9).
    private mutating func endLongBlackout(since: Double, sentAt: Double) {
        log.measure(from: sentAt)
        if let span = refusingFor, span >= Self.longWindowSpan { longWindows = true }
        slowStart = false
        defer { longBlackoutEnd = lastActivity }
        let runUp = max(since - 1, longBlackoutEnd)
        guard let current = rate, let before = history.rate(at: runUp, current: current), before > current else { return }
        rate = before
        ceiling = max(ceiling, before)
    }

    /// The limiter lets requests through again after refusing some: what it let through in the
    /// second up to the latest refused request's send (a whole second since the client got busy)
    /// is its limit, and the pace comes down to `decrease` × that if it is faster. The rate
    /// measured at the first 429 of a one-second window can be far above it: the window runs out
    /// at its end, and the second before spans the last part of the window before too (after such
    /// a 429 a run sent 244–260/s against a window of 200). Requests refused all the way to the
    /// window's end show the window's own count. Only after a blackout's 429s (`admitted`), and
    /// only ever lowers.
    private mutating func paceToLimit(now: Double) {
        // A whole second of it: a young run's second holds only the part it was sending in, and
        // admissions older than `memory` are forgotten.
        guard let current = rate, let start = log.measuredFrom, lastRefusedSent - 1 >= max(start, now - SendLog.memory)
        else { return }
        let limit = Double(log.admittedCount(after: lastRefusedSent - 1, through: lastRefusedSent))
        guard limit >= Double(Self.minimumSample), Self.decrease * limit < current else { return }
        rate = max(Self.minimumRate, Self.decrease * limit)
        ceiling = min(ceiling, limit)
        step = firstStepUp()
        slowStart = false
    }

    /// A blackout of at least `blackoutSpan` (nothing sent in it let through) while the pace is
    /// more than twice what was admitted in the second before
    /// `sentAt` (since the client got busy), or unpaced: a window's allowance was taken in one
    /// clump, and a rate measured over the clump is far too fast. With at least `minimumSample`
    /// admitted, the rate becomes `decrease` × that many a second: a one-second window's
    /// allowance, spread over its second, so the next window is not taken in a clump too.
    private mutating func paceToAllowance(before sentAt: Double, now: Double) -> Bool {
        // A token bucket's refusals come between admissions milliseconds apart; a window's
        // blackout lasts: nothing sent in the last 0.2 s was let through.
        guard let latest = log.latestAdmission, sentAt - latest >= Self.blackoutSpan else { return false }
        let allowance = Double(log.admittedCount(after: sentAt - 1, through: sentAt))
        guard allowance >= Double(Self.minimumSample), (rate ?? .infinity) > 2 * allowance else { return false }
        rate = max(Self.minimumRate, Self.decrease * allowance)
        ceilingBefore = ceiling
        ceiling = allowance
        decreased(now: now)
        slowStart = false
        return true
    }

    /// The admitted rate a 429 is measured at: the lower of the rates over the quarter second and
    /// the second (the long one sees a window's whole allowance, taken in a clump); whichever
    /// there is when only one is. In a slow start, the quarter second's unless it is over twice
    /// the second's (a clump): the pace doubled within the second, which lags behind it (against a
    /// token bucket of 200/s with a burst of 5, the second read ~150/s and the climb back from it
    /// took seconds). Elsewhere the lower: after a limit doubled, a sliding window's clumps read
    /// high over the quarter second, and the pace swung between 240 and 400/s against 400.
    static func observed(short: Double?, long: Double?, slowStart: Bool) -> Double? {
        guard let short, let long else { return short ?? long }
        return slowStart && short <= 2 * long ? short : min(short, long)
    }

    /// The admitted rate over `span` seconds before `sentAt` (`SendLog.admittedRate`).
    private func admittedRate(before sentAt: Double, over span: Double) -> Double? {
        log.admittedRate(before: sentAt, over: span, unpaced: rate == nil)
    }

    /// A request sent at `sentAt` got a 429 at `now`, with `retryAfter` seconds of `Retry-After`
    /// if it had one. Returns whether the rate changed.
    @discardableResult
    public mutating func rateLimited(sentAt: Double, now: Double, retryAfter: Double? = nil) -> Bool {
        notLetThrough(sentAt: sentAt)
        answeredCount += 1
        refusedCount += 1
        lastRefusal = max(lastRefusal, now)
        lastRefusedSent = max(lastRefusedSent, sentAt)
        lastActivity = max(lastActivity, now)
        if retryAfter != nil { toldRetryAfter = true }
        if let refusals = refusalsSinceRise {
            refusalsSinceRise = refusals + 1
            probeCost = refusals + 1
        }
        // In flight when the rate was last lowered: its refusal says nothing new.
        guard sentAt >= lastDecrease else { return false }
        let sinceDecrease = log.admittedCount(after: lastDecrease, through: sentAt)
        // In a slow start, the short span is the time since the last change (a doubling, or a quiet
        // interval that held the pace): before a doubling the pace was half, and the limit is what
        // the doubled pace was let through at. At least `shortestSpan` (`admittedRate`).
        let short = slowStart ? min(Self.window, sentAt - lastChange) : Self.window
        // A probe's 429 (the pace past the ceiling since `crossedAt`): the long span is read from
        // that rise on. Before it the pace climbed back below what the server lets through, and
        // what got through was what was sent: against a token bucket of 200/s with a burst of 5,
        // after a slow start's 175/s, probes read 184, 186 then 187/s over the second, and the
        // pace saw-toothed between 165 and 193/s for the run (11.4 s against 10.4-10.6).
        let probing = (rate.map { $0 > ceiling } ?? false) && crossedAt > lastDecrease
        let long = min(1, sentAt - max(slowStartEnd, probing ? crossedAt : -Double.infinity))
        let observed = Self.observed(short: admittedRate(before: sentAt, over: short), long: admittedRate(before: sentAt, over: long),
                                     slowStart: slowStart)
        guard sinceDecrease >= 2, let observed else {
            // Nothing gets through: a full window (or a cap) until it ends. Waiting helps, briefly
            // and then longer; and what the window let through in the second before is its
            // allowance, which is the pace for the windows to come.
            let since = blackout?.since ?? now
            blackoutSinceAdmission = true
            // The pause doubles with the blackout's first 429 and with each probe's (sent after it
            // began), not with the 429s of the requests sent before it, one event: a burst's 20
            // refusals without latency stretched the first pause to 160 ms of sending nothing, the
            // rate measured across it read ~60/s against a token bucket of 200/s, and the run took
            // 14 s where others took 11.
            let doubles = blackout == nil || sentAt >= since
            if blackout == nil, longWindows { pause = Self.longestPause }
            blackout = Blackout(since: since, told: (blackout?.told ?? false) || retryAfter != nil)
            // Past a second, the server's `Retry-After` says when the blackout ends: probing every
            // 0.25 s would cost four 429s a second to the end of a per-minute window.
            // Delta-seconds are whole: the end may come up to a second sooner, and probes find it.
            // Without it, probes go further apart the longer the blackout has lasted: each costs a
            // retry of the request that carries it (four a second spent the five retries of 52
            // changes in a minute's blackout), and the end is found at most a fifth of it late (a
            // tenth: 3.3 % of requests were 429s against windows of 5 s; a fifth: 2.9 %, 2.7 s slower).
            let lasted = now - since
            let wait = lasted < Self.longBlackout ? 0
                : retryAfter.map { max($0 - 1, 0) } ?? min(lasted * Self.probeSpacing, Self.widestProbeGap)
            pausedUntil = max(pausedUntil, now + max(pause, wait))
            if doubles { pause = min(pause * 2, Self.longestPause) }
            return paceToAllowance(before: sentAt, now: now)
        }
        if rate != nil, sentAt < lastDecrease + Self.hold { return false }
        let lowered = max(Self.minimumRate, Self.decrease * min(rate ?? .infinity, observed))
        let changed = rate != lowered
        rate = lowered
        ceilingBefore = ceiling
        ceiling = observed
        decreased(now: now)
        let wasSlow = slowStart
        slowStart = (log.measuredFrom.map { sentAt - $0 } ?? 0) < Self.shortestSpan
        if wasSlow, !slowStart { slowStartEnd = sentAt }
        return changed
    }
}
