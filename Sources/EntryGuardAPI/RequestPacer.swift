import Parallel

/// `PacingState` and `InFlightCap` shared by every request of one client, with the gate that keeps
/// at most `wireLimit` requests on the wire (`--concurrency`), or the learned cap when it is lower.
final class RequestPacer: Sendable {
    private let state = Locked(PacingState())
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
    private let gate = Locked(Gate())
    let wireLimit: Int

    init(wireLimit: Int = .max) {
        self.wireLimit = max(wireLimit, 1)
    }

    /// The start booked, and the time between slots while paced.
    func reserve(now: Double, isRetry: Bool) -> (start: Double, slot: Double?) {
        state.withLock { ($0.reserve(now: now, isRetry: isRetry), $0.rate.map { 1 / $0 }) }
    }

    /// Whether a request booked to go at `booked` and on the wire at `now` came more than one slot
    /// late: the wire held it (a learned cap, `--concurrency`), and those held beside it would go
    /// with it, faster than the pace. Never while unpaced.
    func heldPastSlot(booked: Double, now: Double) -> Bool {
        guard let rate else { return false }
        return now - booked > 1 / rate
    }

    /// The pace in requests per second; nil while unpaced.
    var rate: Double? { state.withLock { $0.rate } }

    /// `PacingState.followedRate`.
    var followedRate: Double? { state.withLock { $0.followedRate } }

    /// Rates are measured from `now` on (`PacingState.startMeasuring`).
    func startMeasuring(now: Double) {
        state.withLock { $0.startMeasuring(now: now) }
    }

    /// No more probes for the rest of the run (`PacingState.settle`).
    func settle(now: Double) {
        state.withLock { $0.settle(now: now) }
    }

    /// Whether new requests are paused at `now` (a blackout).
    func paused(at now: Double) -> Bool {
        state.withLock { $0.pausedUntil > now }
    }

    /// The blackout going on, as the count of those ended before it; nil when there is none.
    var blackoutUnderway: Int? {
        state.withLock { $0.inBlackout ? $0.blackoutsEnded : nil }
    }

    /// Whether the blackout that `blackoutUnderway` returned `mark` for has ended.
    func blackoutEnded(after mark: Int) -> Bool {
        state.withLock { $0.blackoutsEnded > mark }
    }

    /// How long a blackout whose 429s never said when it ends has lasted (`PacingState.silentBlackout`).
    var silentBlackout: Double? {
        state.withLock { $0.silentBlackout }
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

    /// What an admission changed: the rate (lowered to what the server let through in a second,
    /// `PacingState.paceToLimit`, or raised back to the pace before a long blackout), and the cap
    /// on requests in flight (learned, or raised by the rest of its burst).
    struct AdmissionChange: Equatable {
        /// The new rate, if the admission changed it.
        var rate: Double?
        /// The rate went back up (to the pace before a long blackout), not down.
        var raised = false
        /// The new cap on requests in flight, if the admission changed it.
        var cap: Int?
        /// The cap is new (else raised).
        var capLearned = false
    }

    /// A request sent at `sentAt` was let through: a blackout, if any, is over, and all waiting for
    /// the wire look again.
    @discardableResult
    func admitted(sentAt: Double, now: Double) -> AdmissionChange {
        // Only a request sent after the latest 429'd one ends a blackout (`PacingState.admitted`).
        let (fresh, paced) = state.withLock { state -> (Bool, AdmissionChange) in
            let before = state.rate
            let fresh = state.admitted(sentAt: sentAt, now: now)
            guard let after = state.rate, after != before else { return (fresh, AdmissionChange()) }
            return (fresh, AdmissionChange(rate: after, raised: after > before ?? .infinity))
        }
        var change = paced
        let (learned, wake) = gate.withLock { gate -> (Bool, [CheckedContinuation<Void, Never>]) in
            let before = gate.cap.limit
            if gate.cap.admitted(sentAt: sentAt, now: now) { change.cap = gate.cap.limit }
            // A cap learned now: the burst's 429s, answered before these admissions, were its, not
            // a full window's, and their blackout ends (as when it is learned from a 429). A cap
            // raised: there may be room for those waiting.
            let learned = before == nil && change.cap != nil
            change.capLearned = learned
            if learned || (gate.blackout && fresh) { gate.blackout = false } else if change.cap == nil { return (false, []) }
            defer { gate.waiters.removeAll() }
            return (learned, gate.waiters)
        }
        if learned { state.withLock { $0.liftBlackout() } }
        wake.forEach { $0.resume() }
        return change
    }

    /// What a 429 changed: the cap on requests in flight when the 429 is the cap's, else the rate.
    enum Change: Equatable {
        case cap(Int)
        case rate(Double)
    }

    func rateLimited(sentAt: Double, now: Double, onWire: Int, retryAfter: Double? = nil) -> Change? {
        let (capped, learned, wake) = gate.withLock { gate -> (Int?, Bool, [CheckedContinuation<Void, Never>]) in
            let before = gate.cap.limit
            guard gate.cap.refused(onWire: onWire, wireWasFull: gate.lastFull >= sentAt, sentAt: sentAt, now: now) else { return (nil, false, []) }
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
            (state.rateLimited(sentAt: sentAt, now: now, retryAfter: retryAfter) ? state.rate.map(Change.rate) : nil, state.inBlackout)
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
