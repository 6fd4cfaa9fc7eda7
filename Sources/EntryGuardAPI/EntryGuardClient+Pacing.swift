import Foundation
import Logging
import NIOCore

/// The pace of `send`: the slot a request waits for, its place on the wire, a retry's wait, and
/// what the pacer learns from each answer (`RequestPacer`, `PacingState`).
extension EntryGuardClient {
    /// Waits `wait` before a retry; after a blackout's 429 without `Retry-After` (`blackout`, its
    /// mark), no longer than until that blackout ends. Our backoff stands in for the server's word
    /// on when to come back; once a request sent after the refusals is let through, the server has
    /// said it, and the retry books a slot at the pace like any other. Against a window of 550
    /// per 5 s without `Retry-After`, a request refused as a blackout's probe three times slept
    /// past the next window's opening, and its change ended the run 0.45 s after the rest.
    /// Checked every `longestPause` (0.25 s), no later than the blackout's own probes (those
    /// sleep up to a fifth of its length). 5xx, connection errors and timeouts, and a 429 outside
    /// a blackout, keep the whole backoff: a server in trouble is no window that has reopened.
    func waitToRetry(_ wait: Duration, blackout mark: Int?) async throws {
        guard let mark else { return try await timing.sleep(wait) }
        let check = Duration.milliseconds(Int64(PacingState.longestPause * 1000))
        var left = wait
        while left > .zero, !pacer.blackoutEnded(after: mark) {
            let step = min(left, check)
            try await timing.sleep(step)
            left -= step
        }
    }

    /// Whether the wait before a retry was the server's `Retry-After` (not a backoff of ours).
    static func carriesRetryAfter(_ failure: RetryPolicy.Failure) -> Bool {
        guard case .status(_, let retryAfter?) = failure else { return false }
        return RetryPolicy.parseRetryAfter(retryAfter, now: Date()) != nil
    }

    /// The pacer's slot, the credential, then a place on the wire; returns the send time, the
    /// credential and how many requests are on the wire with this one. A request that reaches the
    /// wire more than one slot after its slot (the wire was full: a learned cap, `--concurrency`)
    /// gives its place back and books again, as a late wake does (`waitForSlot`), sharing its
    /// limit: those the wire held beside it would go together when it frees, faster than the pace.
    /// Against a token bucket of 200/s with a burst of 5 at 20 ms, a cap of 5 sent waves of five
    /// every 20 ms (240/s, the pace then 153/s), and the fifth of each was refused.
    func slotAndWire(endpoint: String, attempt: Int, waitedRetryAfter: Bool, authenticated: Bool)
        async throws(APIError) -> (booked: Double, authorization: Authorization?, onWire: Int) {
        var late = 0
        while true {
            let booked = try await waitForSlot(endpoint: endpoint, attempt: attempt, waitedRetryAfter: waitedRetryAfter, late: &late)
            let authorization = authenticated ? try await self.authorization(endpoint: endpoint, attempt: attempt) : nil
            let onWire = try await enterWire(endpoint: endpoint, attempt: attempt, waitedRetryAfter: waitedRetryAfter)
            guard late < Self.lateRebookings, pacer.heldPastSlot(booked: booked, now: clockSeconds()) else {
                return (booked, authorization, onWire)
            }
            pacer.leaveWire()
            late += 1
        }
    }

    /// How often one request gives up a slot it came to late (woken late, or held at the wire).
    static let lateRebookings = 2

    /// Waits for the pacer's slot (a no-op until the server has answered 429); returns the send time.
    /// A retry that waited the server's `Retry-After` skips a blackout's pause (the server said when);
    /// one that waited a backoff of ours does not.
    /// A slot woken for more than one slot late is given up for a new one, so requests delayed by a
    /// busy machine do not reach the server together and break the pace (`late` counts these, up to
    /// `lateRebookings`).
    private func waitForSlot(endpoint: String, attempt: Int, waitedRetryAfter: Bool, late: inout Int) async throws(APIError) -> Double {
        var rebooked = 0
        while late <= Self.lateRebookings {
            let now = clockSeconds()
            try giveUpOnSilentBlackout(endpoint: endpoint, attempt: attempt)
            let (start, slot) = pacer.reserve(now: now, isRetry: waitedRetryAfter)
            if start > now {
                // To the microsecond: rounded up to whole milliseconds, a wait ran up to a
                // millisecond long, and at 400/s and more (slots of 2.5 ms or less) many requests
                // woke more than a slot late and gave the slot up (a pace of 625/s sent ~450/s).
                do {
                    try await timing.sleep(.microseconds(Int64(((start - now) * 1_000_000).rounded(.up))))
                } catch {
                    throw APIError.connection(endpoint: endpoint, message: "cancelled while waiting to send", attempts: attempt - 1)
                }
            }
            let woke = clockSeconds()
            // A blackout began while this request waited for its slot (a 429 of a request booked
            // before it): it would be refused too. It books again, after the pause, as often as a
            // probe's 429 moves the pause on (a long blackout's probes go seconds apart: a request
            // that went out after a few of them was refused, and spent a retry, for nothing); on a
            // clock that does not move, a few times only, so that it is not held for ever.
            if !waitedRetryAfter, rebooked < Self.maxRebookings, pacer.paused(at: woke) {
                if woke <= now { rebooked += 1 }
                continue
            }
            guard let slot, woke - start > slot else { return max(woke, now) }
            late += 1
        }
        return clockSeconds()
    }

    /// A server that has refused every request for longer than the longest `Retry-After` the client
    /// honours, never saying when it will stop, is not a rate limit to wait out (a ban, an outage
    /// answered 429): the request fails now, unsent, as one told to wait longer would. Its probes
    /// go up to 5 s apart and each spends a retry of the request carrying it: waiting on, 2,000
    /// changes would take hours to fail.
    private func giveUpOnSilentBlackout(endpoint: String, attempt: Int) throws(APIError) {
        let longest = configuration.retry.maxRetryAfter.seconds
        guard let lasted = pacer.silentBlackout, lasted > longest else { return }
        let message = "rate limited: the server has answered every request with 429 for \(Int(lasted)) s without saying when "
            + "it will stop (no Retry-After), longer than the longest wait honoured (\(Int(longest)) s); given up"
        throw APIError.status(429, endpoint: endpoint, message: message, attempts: attempt - 1)
    }

    /// How often one request books again, or waits at the wire, for a pause while the clock does
    /// not move.
    static let maxRebookings = 8

    /// A place on the wire (`RequestPacer.enterWire`); returns how many requests are on it with
    /// this one. A request that waited for the wire while a blackout began (the 429 of the probe
    /// ahead of it) would be refused too: it steps off and waits out the pause first, keeping its
    /// slot (booking again would push the pace's later slots back). So a blackout's probes go a
    /// pause apart, not one right after another. As often as the pause moves on, as above.
    private func enterWire(endpoint: String, attempt: Int, waitedRetryAfter: Bool) async throws(APIError) -> Int {
        var waited = 0
        while true {
            let onWire = await pacer.enterWire(now: clockSeconds())
            let now = clockSeconds()
            guard !waitedRetryAfter, waited < Self.maxRebookings, let end = pacer.pauseEnd(after: now) else { return onWire }
            pacer.leaveWire()
            do {
                try await timing.sleep(.milliseconds(Int64((max(end - now, 0) * 1000).rounded(.up))))
            } catch {
                throw APIError.connection(endpoint: endpoint, message: "cancelled while waiting to send", attempts: attempt - 1)
            }
            if clockSeconds() <= now { waited += 1 }
        }
    }

    /// The `Retry-After` of a 429 in seconds, when it has one the retry policy honours.
    func retryAfterSeconds(_ failure: RetryPolicy.Failure) -> Double? {
        guard case .status(429, let header?) = failure, let wait = RetryPolicy.parseRetryAfter(header, now: Date()),
              wait <= configuration.retry.maxRetryAfter else { return nil }
        return wait.seconds
    }

    /// Tells the pacer what a failed attempt says about the server's rate limit.
    func learn(from error: APIError, sentAt: Double, onWire: Int, retryAfter: Double? = nil) {
        guard let status = error.status else { return pacer.unanswered(sentAt: sentAt) }
        guard status == 429 else { return admitted(sentAt: sentAt) }
        switch pacer.rateLimited(sentAt: sentAt, now: clockSeconds(), onWire: onWire, retryAfter: retryAfter) {
        case .rate(let rate):
            logger.info("rate limited by the server: pacing requests at \(String(format: "%.1f", rate))/s")
        case .cap(let cap):
            logger.info("rate limited by the server at \(onWire) requests in flight: sending at most \(cap) at once")
        case nil:
            break
        }
    }

    /// Tells the pacer a request was let through (any answer but 429).
    func admitted(sentAt: Double) {
        let change = pacer.admitted(sentAt: sentAt, now: clockSeconds())
        if let cap = change.cap, change.capLearned {
            logger.info("rate limited by the server beyond \(cap) requests in flight: sending at most \(cap) at once")
        } else if let cap = change.cap {
            logger.debug("the rest of the burst the cap on requests in flight was learned from got through together: sending at most \(cap) at once")
        }
        guard let rate = change.rate else { return }
        let pace = String(format: "%.1f", rate)
        if change.raised {
            logger.info("the server let requests through again after a long blackout: pacing requests at \(pace)/s, as before it")
        } else {
            logger.info("the server let requests through again: pacing requests at \(pace)/s, under what it let through in a second")
        }
    }

    func clockSeconds() -> Double {
        timing.now().timeIntervalSinceReferenceDate
    }
}
