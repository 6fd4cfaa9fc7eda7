@testable import EntryGuardAPI
import EntryGuardSimulator
import Testing

/// A paced request sleeps to its slot to the microsecond (`EntryGuardClient.waitForSlot`). Rounded
/// up to whole milliseconds, each wait ran up to a millisecond long: at 400/s and more (a slot of
/// 2.5 ms or less) many requests woke more than a slot late and gave their slot up, and a pace of
/// 625/s sent ~450/s.
@Suite("The wait for a slot")
struct SlotSleepTests {
    @Test("a paced request sleeps to its slot to the microsecond, not rounded up to the millisecond")
    func sleptToTheMicrosecond() async throws {
        try await SimulatorFixture.withClient { client, handle, recorder in
            // Nine let through, then a 429: on the fixture's clock, which does not move, the pace
            // is 0.9 × 9 in 0.1 s, 81/s, a slot of 12.345679 ms.
            for _ in 0..<9 { _ = try await client.listRoles() }
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(429, retryAfter: "1")))
            _ = try await client.listRoles()
            let pace = try #require(client.pace)
            #expect(abs(pace - 81) < 0.001)
            let before = await recorder.sleeps.count
            for _ in 0..<3 { _ = try await client.listRoles() }
            let waits = await recorder.sleeps.dropFirst(before).map { $0 / .seconds(1) }
            // Each request books the slot after the last: its wait is a whole number of slots from
            // the clock's one instant, to the microsecond (rounded up to the millisecond, 12.35 ms
            // is slept as 13).
            #expect(waits.count == 3)
            for wait in waits {
                let slots = (wait * pace).rounded()
                #expect(slots >= 1 && abs(wait - slots / pace) < 2e-6, "\(waits)")
            }
        }
    }
}
