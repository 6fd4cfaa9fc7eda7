@testable import EntryGuardAPI
import Synchronization
import Testing

/// In a blackout (a 429 of one, nothing admitted since), one request on the wire at a time: those
/// sent beside a probe before its 429 is back would be refused too. An admission ends it.
@Suite("The wire in a blackout", .timeLimit(.minutes(1)))
struct BlackoutWireTests {
    @Test("a blackout holds the wire to one request; the next admission lets the others on")
    func oneProbeAtATime() async {
        let (pacer, second) = await Self.blackoutWithOneWaiting()
        // It waits: were the wire open to four, it would be on already and nobody would wait.
        #expect(pacer.waitingForWire == 1)
        // The probe is answered and let through: the blackout is over.
        pacer.admitted(sentAt: 1.02, now: 1.03)
        #expect(await second.value == 2)
        #expect(pacer.waitingForWire == 0)
        #expect(await pacer.enterWire(now: 1.04) == 3)
    }

    @Test("the admission that brings the pace down to a window's count returns the new pace (the client logs it); others return nil")
    func admissionReturnsALoweredPace() {
        // PacingStateTests.limitAtTheWindowsEnd's window, through the shared pacer.
        let pacer = RequestPacer(wireLimit: 16)
        let admit = { (sent: Double, answered: Double) in #expect(pacer.admitted(sentAt: sent, now: answered) == .init()) }
        PacingStateTests.admit(275, from: 8, to: 10, admit)
        #expect(pacer.rateLimited(sentAt: 10, now: 10.002, onWire: 1) == .rate(247.5))
        PacingStateTests.admit(247.5, from: 10, to: 11.81, admit)
        #expect(pacer.rateLimited(sentAt: 11.81, now: 11.812, onWire: 1) == .rate(0.9 * 247.5))
        for sent in [11.85, 11.9, 11.96] { _ = pacer.rateLimited(sentAt: sent, now: sent + 0.002, onWire: 1) }
        // 210 let through in the second up to the last 429 (10.96 to 11.96).
        let lowered = pacer.admitted(sentAt: 12.01, now: 12.012)
        #expect(lowered.rate.map { ($0 * 1000).rounded() / 1000 } == 189)
        #expect(lowered.raised == false)
        #expect(pacer.rate == lowered.rate)
        #expect(pacer.admitted(sentAt: 12.02, now: 12.022) == .init())
    }

    @Test("the admission that ends a long blackout and restores the pace before it returns that pace as raised")
    func admissionReturnsARestoredPace() {
        let pacer = RequestPacer(wireLimit: 16)
        PacingStateTests.admit(200, from: 8, to: 10) { pacer.admitted(sentAt: $0, now: $1) }
        _ = pacer.rateLimited(sentAt: 10, now: 10.002, onWire: 1)
        PacingStateTests.admit(180, from: 10.01, to: 12) { pacer.admitted(sentAt: $0, now: $1) }
        _ = pacer.rateLimited(sentAt: 12, now: 12.002, onWire: 1)
        #expect(pacer.rate.map { ($0 * 1000).rounded() / 1000 } == 162)
        for sent in stride(from: 12.3, to: 14, by: 0.25) { _ = pacer.rateLimited(sentAt: sent, now: sent + 0.002, onWire: 1, retryAfter: 1) }
        let restored = pacer.admitted(sentAt: 14, now: 14.01)
        #expect(restored.rate.map { ($0 * 1000).rounded() / 1000 } == 180)
        #expect(restored.raised == true)
    }

    @Test("a burst's 429s answered before its admissions: the cap is learned as the admissions come, rises to their overlap, and ends the pause the 429s started")
    func capEndsBlackoutPause() async throws {
        let pacer = RequestPacer(wireLimit: 16)
        // 16 sent at once to a server that handles 4 and answers its refusals first.
        for onWire in 5...16 { #expect(pacer.rateLimited(sentAt: 1, now: 1.02, onWire: onWire) == nil) }
        #expect(pacer.paused(at: 1.025))
        // The first admission is no evidence; the second shows 2 at once, the rest of the burst 4.
        let changes = (0..<4).map { index in pacer.admitted(sentAt: 1, now: 1.021 + Double(index) * 0.0005) }
        #expect(changes.map(\.cap) == [nil, 2, 3, 4])
        #expect(changes.map(\.capLearned) == [false, true, false, false])
        #expect(!pacer.paused(at: 1.025))
        #expect(pacer.rate == nil)
        // Else the wire below would wait for ever.
        try #require(pacer.learnedCap == 4)
        // The wire is open to the cap: four at once, the fifth waits.
        await Self.expectWireHolds(4, pacer, at: 1.03)
        // Requests sent after the cap was learned and let through together do not raise it.
        for _ in 0..<5 { pacer.admitted(sentAt: 1.03, now: 1.06) }
        #expect(pacer.learnedCap == 4)
    }

    @Test("after a decrease too, one request on the wire until one is let through")
    func decreaseHoldsTheWire() async {
        let pacer = RequestPacer(wireLimit: 4)
        for index in 0..<20 { pacer.admitted(sentAt: 1 + Double(index) * 0.005, now: 1.01 + Double(index) * 0.005) }
        // Enough admitted to measure a rate from: a decrease, not a blackout.
        guard case .rate = pacer.rateLimited(sentAt: 1.1, now: 1.11, onWire: 1) else {
            Issue.record("expected a decrease")
            return
        }
        #expect(!pacer.paused(at: 1.11))
        #expect(await pacer.enterWire(now: 1.12) == 1)
        let second = Task { await pacer.enterWire(now: 1.121) }
        await Self.untilSomeoneWaits(pacer)
        #expect(pacer.waitingForWire == 1)
        pacer.admitted(sentAt: 1.12, now: 1.14)
        #expect(await second.value == 2)
    }

    @Test("a request sent before the blackout's latest 429 and let through late neither ends it nor resets its pause; one sent after does")
    func lateAdmissionKeepsTheBlackout() async {
        let (pacer, second) = await Self.blackoutWithOneWaiting()
        // Sent just before the refused request and answered after its 429: no news of now.
        pacer.admitted(sentAt: 0.999, now: 1.025)
        #expect(pacer.waitingForWire == 1)
        // The probe is refused: the pause doubled from the first 429's, not from a reset.
        #expect(pacer.rateLimited(sentAt: 1.02, now: 1.04, onWire: 1) == nil)
        #expect(pacer.pauseEnd(after: 1.04) == 1.04 + 2 * PacingState.firstPause)
        pacer.leaveWire()
        #expect(await second.value == 1)
        // A request sent after the latest 429 is let through: the blackout is over.
        pacer.admitted(sentAt: 1.07, now: 1.09)
        #expect(await pacer.enterWire(now: 1.09) == 2)
    }

    @Test("the end of a blackout's pause is known while it lasts, so a request that waited for the wire can wait it out")
    func pauseEnd() {
        let pacer = RequestPacer(wireLimit: 4)
        pacer.admitted(sentAt: 0.9, now: 0.95)
        #expect(pacer.pauseEnd(after: 1) == nil)
        _ = pacer.rateLimited(sentAt: 1, now: 1.01, onWire: 1)
        #expect(pacer.pauseEnd(after: 1.015) == 1.01 + PacingState.firstPause)
        #expect(pacer.pauseEnd(after: 1.03) == nil)
    }

    @Test("without a blackout the wire holds --concurrency")
    func noBlackout() async {
        await Self.expectWireHolds(3, RequestPacer(wireLimit: 3), at: 1)
    }

    /// `count` requests get on the wire at once; the next waits until one leaves it.
    static func expectWireHolds(_ count: Int, _ pacer: RequestPacer, at now: Double) async {
        for expected in 1...count { #expect(await pacer.enterWire(now: now) == expected) }
        let next = Task { await pacer.enterWire(now: now) }
        await untilSomeoneWaits(pacer)
        #expect(pacer.waitingForWire == 1)
        pacer.leaveWire()
        #expect(await next.value == count)
    }

    /// A blackout (a 429 with fewer than two admitted since the last decrease, sent at 1, answered
    /// at 1.01), its probe on the wire (1.02), and a second request waiting for the wire.
    static func blackoutWithOneWaiting() async -> (RequestPacer, Task<Int, Never>) {
        let pacer = RequestPacer(wireLimit: 4)
        pacer.admitted(sentAt: 0.9, now: 0.95)
        #expect(pacer.rateLimited(sentAt: 1, now: 1.01, onWire: 1) == nil)
        #expect(await pacer.enterWire(now: 1.02) == 1)
        let second = Task { await pacer.enterWire(now: 1.021) }
        await untilSomeoneWaits(pacer)
        return (pacer, second)
    }

    /// Yields until a request waits for the wire, or long enough that one would have.
    static func untilSomeoneWaits(_ pacer: RequestPacer) async {
        var spins = 0
        while pacer.waitingForWire == 0, spins < 100_000 {
            await Task.yield()
            spins += 1
        }
    }
}
