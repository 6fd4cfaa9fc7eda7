import Synchronization

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
/// requests sent before the refused one and not answered yet count as admitted.

/// | event                                                        | what the pace does                                              |
/// |--------------------------------------------------------------|-----------------------------------------------------------------|
/// | no 429 yet                                                   | unpaced: only `--concurrency` bounds the requests in flight     |
/// | 429 while unpaced                                            | rate = 0.9 × admitted                                            |
/// | 429 for a request sent ≥ 0.1 s after the last decrease, with ≥ 2 admitted since it | rate = 0.9 × min(rate, admitted), at least 1/s |
/// | 429 for a request sent sooner                                | the same congestion event: no change                            |
/// | 429 with fewer than 2 admitted since the last decrease, or too few (< 8) to measure a rate from | a blackout (a full window): new requests (not retries that waited a `Retry-After`) pause 10 ms, doubling with each such 429 up to 0.25 s, until one sent after the latest 429 is admitted (one sent before it and answered late says nothing of now; one booked before the pause and woken inside it books again), and one request at a time on the wire (a probe) until then; and once nothing sent in 0.2 s was let through, when ≥ 8 were admitted in the second before and the pace is over twice that many a second (a rate measured over a clump) or unpaced, rate = 0.9 × that many a second: the window's allowance |
/// | the first request let through after 429s, sent after the latest refused one | rate = 0.9 × what was admitted in the second up to that refused one's send, if lower (a one-second window's own count; at its first 429 the second before spans the window before too) |
/// | 0.5 s with no 429 at all, and the pace held a request back   | rate += step; step is 5 % of the rate the last decrease set     |
/// | … once the rate is past what was admitted at that decrease   | the step doubles at each increase (probing for a raised limit), and the next increase comes after 0.25 s with no 429 |
/// | 0.5 s with no 429, nothing held back                         | unchanged: the client is not using the rate it has              |
/// | `settle()` (apply: the work left would end within 1.5 s)      | no more increases; decreases as above                           |
///
/// `Retry-After` is honoured by the request it answered: the retry policy waits it before that
/// request goes again (and then it takes a slot like any other, skipping a blackout's pause: the
/// server said when; a retry after a backoff of ours keeps to the pause too). While it waits, its
/// change lends its place of `--concurrency` (`Admission`). New requests are not held for it:
/// a token bucket's `Retry-After: 1` would cost a whole second of sending for each 429, and a
/// window's is rounded up to whole seconds; the blackout pause covers a window that is full.
public struct PacingState: Sendable, Equatable {
    /// Time without a 429 before the rate rises again once it is past the ceiling.
    public static let probeInterval = 0.25
    /// The multiplicative decrease.
    public static let decrease = 0.9
    /// Time without a 429 before the rate rises.
    public static let quietInterval = 0.5
    /// The short span the admitted rate is measured over (the long one is a second).
    public static let window = 0.25
    /// After a decrease, 429s of requests sent this soon after it are part of its event.
    public static let hold = 0.1
    /// The first increase after a decrease, as a share of the rate it set.
    public static let firstStep = 0.05
    /// The first and the longest pause of new requests in a blackout.
    public static let firstPause = 0.01
    public static let longestPause = 0.25
    /// The slowest pace.
    public static let minimumRate = 1.0
    /// Admitted requests are remembered this long.
    static let memory = 2.0
    /// A gap this long with no request booked to go and no answer, and no 429 for `busyAfterRefusal`,
    /// is idle time (the plan being computed between reading and writing, say): rates are measured
    /// from the end of it, not across it. Short: a busy client books and hears back every few
    /// milliseconds (a paced one books ahead), and a plan computed faster than a longer gap would
    /// be measured across (a run measured 84/s against a token bucket of 200/s that way).
    public static let idleGap = 0.02
    static let busyAfterRefusal = 1.5
    /// The fewest admitted requests a rate is measured from; fewer say too little (a 429 answered
    /// before the admitted requests sent beside it were), and the 429 counts as a blackout's.
    public static let minimumSample = 8
    /// A blackout this long is a window's, not the gap between two admissions of a token bucket.
    public static let blackoutSpan = 0.2

    /// Requests per second; nil while unpaced.
    public private(set) var rate: Double?
    /// The admitted rate when the rate was last lowered: below it the rate climbs in equal steps,
    /// past it the steps double.
    public private(set) var ceiling = 0.0
    /// The next increase.
    public private(set) var step = 0.0
    /// No more increases: the work left is too little to gain from a higher rate (see `settle`).
    public private(set) var settled = false
    /// New requests wait until then (a blackout).
    public private(set) var pausedUntil = -Double.infinity
    /// A 429 of a blackout came, and nothing was admitted since.
    public var inBlackout: Bool { pause > Self.firstPause }
    private var pause = firstPause
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
    /// A 429 came since the last request let through that was sent after the latest 429'd one.
    private var refusedSinceAdmission = false
    /// Whether the pace made some request wait since `lastChange`.
    private var heldBack = false
    /// Send time of the first request: sent, or admitted when sends are not reported.
    private var firstRequest: Double?
    /// Send times of requests the server answered with anything but 429, oldest first.
    private var admitted: [Double] = []
    /// Send times of all requests sent, and of those refused (429) or not answered, oldest first:
    /// while unpaced, a request sent before a refused one and not answered yet counts as let
    /// through when the 429's rate is measured. A server answers a 429 at once and a request it
    /// lets through after its work, so the first 429 of a burst comes before most of the answers
    /// sent beside it (a token bucket of 200/s was measured at 80–150/s from the answers alone).
    private var sends: [Double] = []
    private var notAdmitted: [Double] = []
    /// When the client last became busy after idle time; rates are measured from then on.
    private var busySince = -Double.infinity
    /// The last booking or answer.
    private var lastActivity = -Double.infinity

    public init() {}

    /// Books a start time for a request wanting to go at `now`; the caller waits until then. A
    /// retry that has already waited the server's `Retry-After` (`isRetry`) skips a blackout's
    /// pause, but keeps to the slots.
    public mutating func reserve(now: Double, isRetry: Bool = false) -> Double {
        if now - lastActivity > Self.idleGap, now - lastRefusal > Self.busyAfterRefusal { busySince = now }
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

    /// Stops the additive increase for the rest of the run. Near the end of the work, a probe past the
    /// limit would gain little and its 429 would cost the refused request's wait (a whole second
    /// of `Retry-After`) at the very end; decreases still follow the server.
    public mutating func settle() {
        settled = true
    }

    /// The additive increase, due when `quietInterval` has passed since the last change and the last 429.
    private mutating func riseIfQuiet(now: Double) {
        guard !settled else { return }
        // Past the ceiling for a whole interval without a 429, the limit has risen: probe faster.
        guard let current = rate,
              now - max(lastChange, lastRefusal) >= (current > ceiling ? Self.probeInterval : Self.quietInterval) else { return }
        if heldBack {
            let raised = current + step
            rate = raised
            if raised > ceiling { step = min(step * 2, raised) }
        }
        heldBack = false
        lastChange = now
    }

    /// Ends a blackout's pause: its 429s turned out to be a cap on requests in flight's
    /// (`InFlightCap`), which the wire now keeps to, not a full window's.
    public mutating func liftBlackout() {
        pausedUntil = -Double.infinity
        pause = Self.firstPause
    }

    /// A request goes out at `time`.
    public mutating func sending(at time: Double) {
        if firstRequest == nil { firstRequest = time }
        sends.append(time)
        Self.forget(&sends, before: time - Self.memory)
    }

    /// A request sent at `sentAt` was refused or got no answer: not let through.
    public mutating func notLetThrough(sentAt: Double) {
        notAdmitted.append(sentAt)
        Self.forget(&notAdmitted, before: sentAt - Self.memory)
    }

    private static func forget(_ times: inout [Double], before time: Double) {
        if let first = times.first, first < time, times.count > 64 { times.removeAll { $0 < time } }
    }

    /// A request sent at `sentAt` got an answer other than 429 (the server let it through).
    /// Returns whether it was sent after the latest 429'd request: only such an admission ends a
    /// blackout.
    @discardableResult
    public mutating func admitted(sentAt: Double, now: Double) -> Bool {
        if firstRequest == nil { firstRequest = sentAt }
        lastActivity = max(lastActivity, now)
        admitted.append(sentAt)
        let fresh = sentAt > lastRefusedSent
        if fresh {
            pause = Self.firstPause
            if refusedSinceAdmission { paceToLimit(now: now) }
            refusedSinceAdmission = false
        }
        Self.forget(&admitted, before: now - Self.memory)
        return fresh
    }

    /// The limiter lets requests through again after refusing some: what it let through in the
    /// second up to the latest refused request's send (a whole second since the client got busy)
    /// is its limit, and the pace comes down to `decrease` × that if it is faster. The rate
    /// measured at the first 429 of a one-second window can be far above it: the window runs out
    /// at its end, and the second before spans the last part of the window before too (after such
    /// a 429 a run sent 244–260/s against a window of 200). Requests refused all the way to the
    /// window's end show the window's own count. Only ever lowers: against a token bucket the
    /// decrease at the 429 is already lower.
    private mutating func paceToLimit(now: Double) {
        // A whole second of it: a young run's second holds only the part it was sending in, and
        // admissions older than `memory` are forgotten.
        guard let current = rate, let firstRequest, lastRefusedSent - 1 >= max(firstRequest, busySince, now - Self.memory)
        else { return }
        let limit = Double(admitted.count { $0 > lastRefusedSent - 1 && $0 <= lastRefusedSent && $0 >= busySince })
        guard limit >= Double(Self.minimumSample), Self.decrease * limit < current else { return }
        rate = max(Self.minimumRate, Self.decrease * limit)
        ceiling = min(ceiling, limit)
        step = max(rate! * Self.firstStep, Self.minimumRate / 10)
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
        guard let latest = admitted.last, sentAt - latest >= Self.blackoutSpan else { return false }
        let allowance = Double(admitted.count { $0 > sentAt - 1 && $0 <= sentAt && $0 >= busySince })
        guard allowance >= Double(Self.minimumSample), (rate ?? .infinity) > 2 * allowance else { return false }
        rate = max(Self.minimumRate, Self.decrease * allowance)
        ceiling = allowance
        step = max(rate! * Self.firstStep, Self.minimumRate / 10)
        lastDecrease = now
        lastChange = now
        heldBack = false
        return true
    }

    /// The admitted rate over `span` seconds before `sentAt` (at least 0.1 s, at most the time since
    /// the first request, and since the client last became busy); nil with fewer than
    /// `minimumSample` admitted in it.
    private func admittedRate(before sentAt: Double, over span: Double) -> Double? {
        guard let firstRequest else { return nil }
        let span = max(min(span, sentAt - max(firstRequest, busySince)), 0.1)
        let counted = { (time: Double) in time > sentAt - span && time <= sentAt && time >= busySince }
        // While unpaced, a burst's first 429 comes before most answers of the requests sent beside
        // it: those sent and not (yet) refused count too. Once paced, few are out at a time, and at
        // a low rate counting them would overstate it (8 out against a window of 30/s).
        let answered = admitted.count(where: counted)
        let count = rate == nil ? max(answered, sends.count(where: counted) - notAdmitted.count(where: counted)) : answered
        return count >= Self.minimumSample ? Double(count) / span : nil
    }

    /// A request sent at `sentAt` got a 429 at `now`. Returns whether the rate changed.
    @discardableResult
    public mutating func rateLimited(sentAt: Double, now: Double) -> Bool {
        notLetThrough(sentAt: sentAt)
        lastRefusal = max(lastRefusal, now)
        lastRefusedSent = max(lastRefusedSent, sentAt)
        lastActivity = max(lastActivity, now)
        refusedSinceAdmission = true
        // In flight when the rate was last lowered: its refusal says nothing new.
        guard sentAt >= lastDecrease else { return false }
        let sinceDecrease = admitted.count { $0 > lastDecrease && $0 <= sentAt && $0 >= busySince }
        let estimates = [admittedRate(before: sentAt, over: Self.window), admittedRate(before: sentAt, over: 1)].compactMap { $0 }
        guard sinceDecrease >= 2, let observed = estimates.min() else {
            // Nothing gets through: a full window (or a cap) until it ends. Waiting helps, briefly
            // and then longer; and what the window let through in the second before is its
            // allowance, which is the pace for the windows to come.
            pausedUntil = max(pausedUntil, now + pause)
            pause = min(pause * 2, Self.longestPause)
            return paceToAllowance(before: sentAt, now: now)
        }
        if rate != nil, sentAt < lastDecrease + Self.hold { return false }
        let lowered = max(Self.minimumRate, Self.decrease * min(rate ?? .infinity, observed))
        let changed = rate != lowered
        rate = lowered
        ceiling = observed
        step = max(lowered * Self.firstStep, Self.minimumRate / 10)
        lastDecrease = now
        lastChange = now
        heldBack = false
        return changed
    }
}

/// `PacingState` and `InFlightCap` shared by every request of one client, with the gate that keeps
/// at most `wireLimit` requests on the wire (`--concurrency`), or the learned cap when it is lower.
final class RequestPacer: Sendable {
    private let state = Mutex(PacingState())
    private struct Gate {
        var onWire = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var cap = InFlightCap()
        /// When the wire was last at its limit (not counting a blackout's).
        var lastFull = -Double.infinity
        /// In a blackout, and after a decrease, one request on the wire at a time until one is
        /// let through: a probe. Those sent beside it before its 429 is back would be refused too.
        var blackout = false
    }
    private let gate = Mutex(Gate())
    let wireLimit: Int

    init(wireLimit: Int = .max) {
        self.wireLimit = max(wireLimit, 1)
    }

    /// The start booked, and the time between slots while paced.
    func reserve(now: Double, isRetry: Bool) -> (start: Double, slot: Double?) {
        state.withLock { ($0.reserve(now: now, isRetry: isRetry), $0.rate.map { 1 / $0 }) }
    }

    /// The pace in requests per second; nil while unpaced.
    var rate: Double? { state.withLock { $0.rate } }

    /// No more increases for the rest of the run (`PacingState.settle`).
    func settle() {
        state.withLock { $0.settle() }
    }

    /// Whether new requests are paused at `now` (a blackout).
    func paused(at now: Double) -> Bool {
        state.withLock { $0.pausedUntil > now }
    }

    /// When the pause of new requests (a blackout) ends, if it has not ended by `now`.
    func pauseEnd(after now: Double) -> Double? {
        state.withLock { $0.pausedUntil > now ? $0.pausedUntil : nil }
    }

    /// A request goes out.
    func sending(at time: Double) {
        state.withLock { $0.sending(at: time) }
    }

    /// A request got no answer (a connection error, a timeout).
    func unanswered(sentAt: Double) {
        state.withLock { $0.notLetThrough(sentAt: sentAt) }
    }

    /// A request sent at `sentAt` was let through: a blackout, if any, is over, and all waiting for
    /// the wire look again. Returns the new rate if this lowered it (`PacingState.paceToLimit`).
    @discardableResult
    func admitted(sentAt: Double, now: Double) -> Double? {
        // Only a request sent after the latest 429'd one ends a blackout (`PacingState.admitted`).
        let (fresh, lowered) = state.withLock { state -> (Bool, Double?) in
            let before = state.rate
            let fresh = state.admitted(sentAt: sentAt, now: now)
            return (fresh, state.rate != before ? state.rate : nil)
        }
        let wake = gate.withLock { gate -> [CheckedContinuation<Void, Never>] in
            gate.cap.admitted(sentAt: sentAt, now: now)
            guard gate.blackout, fresh else { return [] }
            gate.blackout = false
            defer { gate.waiters.removeAll() }
            return gate.waiters
        }
        wake.forEach { $0.resume() }
        return lowered
    }

    /// What a 429 changed: the cap on requests in flight when the 429 is the cap's, else the rate.
    enum Change: Equatable {
        case cap(Int)
        case rate(Double)
    }

    func rateLimited(sentAt: Double, now: Double, onWire: Int) -> Change? {
        let (capped, learned, wake) = gate.withLock { gate -> (Int?, Bool, [CheckedContinuation<Void, Never>]) in
            let before = gate.cap.limit
            guard gate.cap.refused(onWire: onWire, wireWasFull: gate.lastFull >= sentAt, now: now) else { return (nil, false, []) }
            guard before == nil else { return (gate.cap.limit == before ? -1 : gate.cap.limit, false, []) }
            // The cap is new: the burst's earlier 429s, answered before the requests let through
            // beside them, were its too, not a full window's. Their blackout ends.
            gate.blackout = false
            defer { gate.waiters.removeAll() }
            return (gate.cap.limit, true, gate.waiters)
        }
        if let capped {
            state.withLock { state in
                state.notLetThrough(sentAt: sentAt)
                if learned { state.liftBlackout() }
            }
            wake.forEach { $0.resume() }
            return capped > 0 ? .cap(capped) : nil
        }
        let (change, blackout) = state.withLock { state in
            (state.rateLimited(sentAt: sentAt, now: now) ? state.rate.map(Change.rate) : nil, state.inBlackout)
        }
        // After a decrease too, one request on the wire until one is let through: against a
        // window that has run out, the requests sent in the round trip after its first 429 would
        // all be refused; against a token bucket, the next admission opens the wire again.
        if blackout || change != nil { gate.withLock { $0.blackout = true } }
        return change
    }

    /// Waits for a place on the wire (first come, first served); returns how many requests are on
    /// the wire with this one. `leaveWire` gives the place back.
    func enterWire(now: Double) async -> Int {
        while true {
            let (entered, wake) = gate.withLock { gate -> (Int?, [CheckedContinuation<Void, Never>]) in
                // A raised cap may have room for those waiting: wake them all to look again (each
                // without room waits again).
                var wake: [CheckedContinuation<Void, Never>] = []
                if gate.cap.riseIfQuiet(now: now), gate.onWire < limit(gate) {
                    wake = gate.waiters
                    gate.waiters.removeAll()
                }
                guard gate.onWire < limit(gate) else {
                    // Held back by the cap (not by a blackout's one probe): the cap is in use.
                    if gate.onWire >= capacity(gate), gate.cap.limit.map({ $0 < wireLimit }) == true { gate.cap.heldBack() }
                    return (nil, wake)
                }
                gate.onWire += 1
                if gate.onWire >= capacity(gate) { gate.lastFull = now }
                return (gate.onWire, wake)
            }
            wake.forEach { $0.resume() }
            if let entered { return entered }
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let roomNow = gate.withLock { gate -> Bool in
                    if gate.onWire < limit(gate) { return true }
                    gate.waiters.append(waiter)
                    return false
                }
                if roomNow { waiter.resume() }
            }
        }
    }

    /// How many requests wait for a place on the wire.
    var waitingForWire: Int { gate.withLock { $0.waiters.count } }

    /// The cap on requests in flight learned so far, if any.
    var learnedCap: Int? { gate.withLock { $0.cap.limit } }

    private func limit(_ gate: Gate) -> Int {
        gate.blackout ? 1 : capacity(gate)
    }

    /// `--concurrency`, or the learned cap when it is lower.
    private func capacity(_ gate: Gate) -> Int {
        min(wireLimit, gate.cap.limit ?? .max)
    }

    func leaveWire() {
        let next = gate.withLock { gate -> CheckedContinuation<Void, Never>? in
            gate.onWire -= 1
            return gate.waiters.isEmpty ? nil : gate.waiters.removeFirst()
        }
        next?.resume()
    }
}
