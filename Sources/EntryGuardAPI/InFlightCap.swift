/// A cap on requests in flight learned from the server's 429s: some limiters count requests being
/// handled, not requests per second, and a rate alone cannot keep under such a cap (at 20 ms a
/// request, 190 requests/s is 3.8 in flight on average and often 5). EntryGuard documents neither
/// (README, "Configuration"). Pure: times are seconds on one clock, supplied by the caller.
///
/// "On the wire" is how many of this client's requests were being sent or awaited when a request
/// went out, itself included; "the admitted most" is the most requests the server let through
/// (answered anything but 429) that were on the wire at one time, in the last second. (Not the
/// counts the admitted requests were sent with: requests sent together reach the server in any
/// order.)
///
/// | event                                                                 | what the cap does                                   |
/// |-----------------------------------------------------------------------|-----------------------------------------------------|
/// | no cap yet; in the last second ≥ 2 admitted, ≥ 3 refusals, and ≥ 2 in 3 refusals sent with more on the wire than the admitted most (looked at on each 429 above it, and on each admission) | cap = the admitted most: the 429s were the server's cap, not its rate |
/// | a cap learned on an admission, within 1 s and before any probe; a request sent before it is let through, and the admitted most is now more | cap = the admitted most: the rest of the burst it was learned from (the second admission of four shows two at once) |
/// | a cap; any 429 within 1 s of a probe's rise                           | the probe's: back to the cap it rose from; the next probe waits twice as long |
/// | a cap; later 429s within 1 s of a failed probe's rise, of requests sent before its first 429 came back | the probe's too: no change (not counted at the cap) |
/// | a cap; a 429 while the wire was at the cap, or sent with the cap on the wire | the cap's, no change; but of those sent with no more than the cap on the wire, the third in a second and later ones are a rate limit's: the rate control takes them |
/// | a cap; another 429 sent with more on the wire than the admitted most   | cap = the admitted most (a raised cap was too high) |
/// | any other 429                                                          | not the cap's: the rate control (`PacingState`) takes it |
/// | 1 s with no 429 (2, 4, then 8 s after 1, 2, 3 or more failed probes in a row), and the cap held a request back | cap + 1 (a probe for a raised cap); a probe that stands resets the wait to 1 s |
///
/// A rate limit seldom looks like a cap: its refusals come at any count on the wire, and admitted
/// requests overlap as much. When it does (a slow server), the cap taken is about the rate times
/// the latency, which costs little, and the cap rises again after 1 s without a 429.
public struct InFlightCap: Sendable, Equatable {
    /// The time without a 429 before the cap rises by one, after a probe that stood.
    public static let quietInterval = 1.0
    /// The most the wait doubles to after failed probes: a server with a fixed cap refuses every
    /// probe, and each costs a few 429s.
    public static let longestQuietInterval = 8.0
    /// How far back admitted and refused requests are remembered.
    static let memory = 1.0
    /// 429s at the cap in a second that the cap takes (none a probe's, each sent with no more
    /// than the cap on the wire: the wire kept to it); later ones are a rate limit's. A cap the
    /// wire keeps to refuses seldom (a probe, a server that frees a place a moment late), and a
    /// rate limit's 429s come at the cap whenever the pace fills it:
    /// a token bucket's small burst looks like a cap in the first burst (5 let through of 16 sent),
    /// and once the cap was taken, a bucket of 100/s at 20 ms of latency refused 38 requests a
    /// second for 10 s, all taken as the cap's, while the pace, never told, rose past it.
    public static let refusalsAtCap = 2

    /// Requests on the wire at most; nil while no cap has been seen.
    public private(set) var limit: Int?
    private var admitted: [Span] = []
    private var refused: [Sample] = []
    private var lastChange = -Double.infinity
    /// The cap a probe rose from, until the cap changes again: a 429 while the wire was at the
    /// raised cap is the probe's, and the cap goes back to this.
    private var probedFrom: Int?
    /// When the cap last rose (a probe).
    private var probedAt = -Double.infinity
    /// When the last failed probe's first 429 came back.
    private var probeFailedAt: Double?
    /// Probes refused in a row: each doubles the wait before the next.
    private var failedProbes = 0
    private var lastRefusal = -Double.infinity
    private var wasHeldBack = false
    /// When the cap was learned on an admission: requests sent before it (its burst) and let
    /// through after may show that the server let more through at once. A cap learned on a 429
    /// is not raised so: against a token bucket with a burst of 5 at 20 ms (200/s), raising the
    /// cap of 4 its first burst showed to the 5 it let through brought its 429s from 0.7 to 2.0 %
    /// and its time from 1.12 to 1.15–1.17 of the bound (`scripts/bench-e2e --only 7s`).
    private var learnedAt: Double?

    struct Sample: Sendable, Equatable {
        /// When it was answered.
        var at: Double
        var onWire: Int
        /// Refused at a known cap, sent with no more than it on the wire, and not a probe's.
        var atCap = false
    }

    struct Span: Sendable, Equatable {
        var sent: Double
        var answered: Double
    }

    public init() {}

    /// A request sent at `sentAt` was let through, answered at `now`. Returns whether the cap
    /// changed: learned, or raised by the rest of the burst it was learned from on an admission
    /// (within a second).
    ///
    /// A server that counts its places when it gets to a request answers a burst's 429s before
    /// the requests it lets through (those it got to last, when the others had left): 16 at once
    /// against a cap of 4 at 30 ms brought 12 429s, then 4 admissions. At the 429s nothing was
    /// admitted yet to compare with, and a cap learned only from a later burst's 429s went
    /// unlearned in 6 runs of 80 (the retries go out a few at a time, and are refused with less on
    /// the wire), the rate control pacing at 78/s where 4 at a time were 133/s.
    @discardableResult
    public mutating func admitted(sentAt: Double, now: Double) -> Bool {
        admitted.append(Span(sent: min(sentAt, now), answered: now))
        forget(before: now - Self.memory)
        guard let limit else {
            // The cheap test first: the sweep sorts a second of admissions (~200 at 200/s), and
            // with no 429 in that second (most admissions of most runs) there is nothing to show.
            guard refused.count >= 3, let most = admittedMost, showsACap(above: most) else { return false }
            lower(to: most, now: now)
            learnedAt = now
            return true
        }
        // The burst's first admissions overlapped less than all of them did.
        guard let learnedAt, sentAt < learnedAt, now - learnedAt < Self.memory, probedFrom == nil,
              let most = admittedMost, most > limit else { return false }
        self.limit = most
        lastChange = now
        return true
    }

    /// Whether the requests refused in the last second show a cap at `most`: at least 2 admitted,
    /// at least 3 refused with more than `most` on the wire, and they 2 in 3 of the refusals.
    private func showsACap(above most: Int) -> Bool {
        let above = refused.count { $0.onWire > most }
        return admitted.count >= 2 && above >= 3 && above * 3 >= refused.count * 2
    }

    /// The most admitted requests on the wire at one time; nil with none.
    private var admittedMost: Int? {
        guard !admitted.isEmpty else { return nil }
        // A sweep over starts and ends; at a tie the end comes first (one answered, the next sent).
        var events: [(time: Double, step: Int)] = []
        events.reserveCapacity(admitted.count * 2)
        for span in admitted {
            events.append((span.sent, 1))
            events.append((span.answered, -1))
        }
        events.sort { left, right in left.time < right.time || (left.time == right.time && left.step < right.step) }
        var current = 0
        var most = 0
        for (_, step) in events {
            current += step
            most = max(most, current)
        }
        return most
    }

    /// A request sent at `sentAt` with `onWire` on the wire got a 429 at `now`; `wireWasFull`: the
    /// wire was at the cap at some moment while it was out. Returns whether the 429 is the cap's
    /// (then the rate is left alone). Without `sentAt` (the unit tests of the other rules) a failed
    /// probe's later 429s are not told from the rest: `RequestPacer` always passes it.
    public mutating func refused(onWire: Int, wireWasFull: Bool = false, sentAt: Double? = nil, now: Double) -> Bool {
        lastRefusal = max(lastRefusal, now)
        refused.append(Sample(at: now, onWire: onWire))
        forget(before: now - Self.memory)
        if let limit {
            // Right after a probe the 429 is the probe's, whatever the counts say: the server
            // may count a request from its arrival, before the client sees the wire at the cap.
            if let probedFrom, now - probedAt < Self.memory {
                failedProbes += 1
                lower(to: probedFrom, now: now)
                probeFailedAt = now
                return true
            }
            // The rest of a failed probe's: on the wire with it, or sent before its first 429 came
            // back. A server that counts the requests it refuses may refuse all of them: against
            // a cap of 4 at 20 ms, the probe's fifth request and the four sent just before it were
            // refused together. Counted at the cap, the third was taken for a rate limit's, and
            // the pace held the cap's ~190/s to 158-176/s for 1.5-2.5 s.
            if let sentAt, let probeFailedAt, sentAt < probeFailedAt, now - probedAt < Self.memory { return true }
            // A server may count its places when it gets to a request, not when the request
            // arrives, and free them a moment after its answer: with the wire at the cap while the
            // request was out, the 429 is the cap's whatever count it was sent with. A probe's
            // raised cap was then too high.
            if wireWasFull || onWire >= limit {
                // Sent with more: before the cap was known (the burst it was learned from).
                guard onWire <= limit else { return true }
                let earlier = refused.count { $0.atCap }
                refused[refused.count - 1].atCap = true
                return earlier < Self.refusalsAtCap
            }
            guard let most = admittedMost, onWire > most else { return false }
            lower(to: most, now: now)
            return true
        }
        guard let most = admittedMost, onWire > most, showsACap(above: most) else { return false }
        lower(to: most, now: now)
        return true
    }

    /// The gate made a request wait for a place under the cap.
    public mutating func heldBack() {
        wasHeldBack = true
    }

    /// Raises the cap by one when it is due; returns whether it rose.
    public mutating func riseIfQuiet(now: Double) -> Bool {
        guard let current = limit, wasHeldBack, now - max(lastChange, lastRefusal) >= quietNeeded else { return false }
        // The last probe stood: it was not taken back.
        if probedFrom != nil { failedProbes = 0 }
        limit = current + 1
        probedAt = now
        probedFrom = current
        lastChange = now
        wasHeldBack = false
        return true
    }

    /// The quiet needed before the next probe: 1 s, doubled for each failed probe in a row, at most 8 s.
    public var quietNeeded: Double {
        min(Self.quietInterval * Double(1 << min(failedProbes, 8)), Self.longestQuietInterval)
    }

    private mutating func lower(to most: Int, now: Double) {
        limit = max(1, min(limit ?? .max, most))
        probedFrom = nil
        lastChange = now
        wasHeldBack = false
    }

    private mutating func forget(before time: Double) {
        if let first = admitted.first, first.answered < time { admitted.removeAll { $0.answered < time } }
        if let first = refused.first, first.at < time { refused.removeAll { $0.at < time } }
    }
}
