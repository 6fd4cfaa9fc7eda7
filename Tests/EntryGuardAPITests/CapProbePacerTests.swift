@testable import EntryGuardAPI
import Testing

/// `RequestPacer` hands `InFlightCap` each 429's send time: a failed probe's other 429s are told
/// from the cap's own by it (the table on `InFlightCap`), and the rate control never hears them.
@Suite("A probe of the learned cap, through the pacer")
struct CapProbePacerTests {
    @Test("a failed probe's other 429s (sent before its first came back, the wire full) are the cap's: no rate, no pause")
    func failedProbeKeepsTheRate() async throws {
        let pacer = RequestPacer(wireLimit: 16)
        // 16 sent at once to a server that handles 4 and answers its refusals first: a cap of 4.
        for onWire in 5...16 { _ = pacer.rateLimited(sentAt: 1, now: 1.02, onWire: onWire) }
        for index in 0..<4 { pacer.admitted(sentAt: 1, now: 1.021 + Double(index) * 0.0005) }
        try #require(pacer.learnedCap == 4)
        // Four on the wire, and a fifth held back by the cap until one leaves: the cap is in use.
        await BlackoutWireTests.expectWireHolds(4, pacer, at: 1.03)
        let held = Task { await pacer.enterWire(now: 1.05) }
        while pacer.waitingForWire == 0 { await Task.yield() }
        pacer.leaveWire()
        #expect(await held.value == 4)
        // A second without a 429: the cap rises to 5 (a probe), and the next request goes as the fifth.
        #expect(await pacer.enterWire(now: 2.1) == 5)
        try #require(pacer.learnedCap == 5)
        // The probe's 429: back to 4.
        #expect(pacer.rateLimited(sentAt: 2.1, now: 2.122, onWire: 5) == .cap(4))
        // Three more of the burst it went with, sent just before it with 4 on the wire (the wire
        // full then): the probe's too. Counted at the cap, the third would be taken for a rate
        // limit's, and the pace or a blackout's pause would begin.
        let rest = (0..<3).map { index in pacer.rateLimited(sentAt: 2.099, now: 2.1221 + Double(index) * 0.0001, onWire: 4) }
        #expect(rest == [nil, nil, nil])
        #expect(pacer.rate == nil)
        #expect(!pacer.paused(at: 2.123))
        #expect(pacer.learnedCap == 4)
    }
}
