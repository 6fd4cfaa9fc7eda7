@testable import EntryGuardAPI
import Testing

/// A paced request that reaches the wire more than one slot after its slot books again
/// (`EntryGuardClient.slotAndWire`): the wire held it, and those held beside it would go together
/// when it frees, faster than the pace.
@Suite("A paced request the wire held")
struct PacedWireTests {
    @Test("held past its slot: more than one slot between its slot and the wire; never while unpaced")
    func heldPastSlot() throws {
        let pacer = RequestPacer(wireLimit: 4)
        // Unpaced: however late, nothing to keep to.
        #expect(!pacer.heldPastSlot(booked: 1, now: 2))
        for index in 0..<20 { pacer.admitted(sentAt: 1 + Double(index) * 0.005, now: 1.01 + Double(index) * 0.005) }
        guard case .rate(let rate) = pacer.rateLimited(sentAt: 1.1, now: 1.11, onWire: 1) else {
            Issue.record("expected a decrease")
            return
        }
        let slot = 1 / rate
        try #require(slot > 0.002)
        #expect(!pacer.heldPastSlot(booked: 1.2, now: 1.2))
        #expect(!pacer.heldPastSlot(booked: 1.2, now: 1.2 + slot * 0.9))
        #expect(pacer.heldPastSlot(booked: 1.2, now: 1.2 + slot * 1.1))
        // A wave: the wire full for a round trip of 20 ms holds what was booked meanwhile.
        #expect(pacer.heldPastSlot(booked: 1.2, now: 1.22))
    }
}
