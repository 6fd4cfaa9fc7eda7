import Foundation
import Synchronization

/// How fast to send, learned from the server's 429s (EntryGuard publishes no rate-limit headers).
/// Pure: times are seconds on one clock, supplied by the caller, so each rule is a unit test.
///
/// - Unpaced until the first 429. Then the rate becomes 97 % of the requests the server admitted in the
///   second before the refused one was sent: that count is what its limit let through. With fewer than
///   two admitted there is no estimate: an unpaced client only pauses, a paced one halves its rate.
/// - A 429 pauses every *new* request until its `Retry-After` has passed (a retry has already waited it).
/// - 429s for requests sent before the last adjustment are the same burst: they pause, but do not lower
///   the rate again. A later 429 lowers it to the smaller of the new estimate and 97 % of the old rate.
/// - The rate never rises again within a run: a run is minutes long, and a second burst costs a pause.
public struct PacingState: Sendable, Equatable {
    /// The share of the observed limit used, leaving room for clock skew and other clients.
    public static let headroom = 0.97
    /// Admitted requests are remembered this long; the estimate looks one second back.
    static let memory = 2.0

    /// Requests per second; nil while unpaced.
    public private(set) var rate: Double?
    private var nextSlot = -Double.infinity
    private var pausedUntil = -Double.infinity
    private var lastAdjustment = -Double.infinity
    /// Send times of requests the server answered with anything but 429, oldest first.
    private var admitted: [Double] = []

    public init() {}

    /// Books a start time for a request wanting to go at `now`; the caller waits until then.
    public mutating func reserve(now: Double, isRetry: Bool) -> Double {
        var start = now
        if !isRetry { start = max(start, pausedUntil) }
        if let rate {
            start = max(start, nextSlot)
            nextSlot = start + 1 / rate
        }
        return start
    }

    /// A request sent at `sentAt` got an answer other than 429 (the server let it through).
    public mutating func admitted(sentAt: Double, now: Double) {
        admitted.append(sentAt)
        if let first = admitted.first, first < now - Self.memory, admitted.count > 64 {
            admitted.removeAll { $0 < now - Self.memory }
        }
    }

    /// A request sent at `sentAt` got a 429 at `now`; it retries after `pause` (nil: it gives up).
    public mutating func rateLimited(sentAt: Double, now: Double, pause: Double?) {
        if let pause { pausedUntil = max(pausedUntil, now + pause) }
        guard sentAt >= lastAdjustment else { return }
        let observed = Double(admitted.count { $0 > sentAt - 1 && $0 <= sentAt })
        // Fewer than two admitted: no estimate. Unpaced, only the pause applies; paced, halve.
        var estimate = observed >= 2 ? observed * Self.headroom : rate.map { $0 / 2 }
        if let current = rate, let new = estimate { estimate = min(new, current * Self.headroom) }
        if let estimate { rate = max(estimate, 1) }
        lastAdjustment = now
        nextSlot = max(nextSlot, pausedUntil)
    }
}

/// `PacingState` shared by every request of one client.
final class RequestPacer: Sendable {
    private let state = Mutex(PacingState())

    /// The start booked, and the time between slots while paced.
    func reserve(now: Double, isRetry: Bool) -> (start: Double, slot: Double?) {
        state.withLock { ($0.reserve(now: now, isRetry: isRetry), $0.rate.map { 1 / $0 }) }
    }

    func admitted(sentAt: Double, now: Double) {
        state.withLock { $0.admitted(sentAt: sentAt, now: now) }
    }

    /// Returns the new rate when this 429 changed it.
    func rateLimited(sentAt: Double, now: Double, pause: Double?) -> Double? {
        state.withLock { state in
            let before = state.rate
            state.rateLimited(sentAt: sentAt, now: now, pause: pause)
            return state.rate == before ? nil : state.rate
        }
    }
}
