@testable import Reconciler
import Testing

/// When apply stops probing for a higher pace: the last 2.5 s of work, at the rate changes have
/// ended so far (`ApplyExecutor.nearTheEnd`).
@Suite("Settling the pace near the end")
struct SettleTests {
    @Test("2.5 s of work left at the rate so far settles; more does not; nothing in the first second")
    func nearTheEnd() {
        // 1,000 ended in 5 s: 200/s, so 500 left is 2.5 s.
        #expect(ApplyExecutor.nearTheEnd(left: 500, finished: 1000, elapsed: .seconds(5)))
        #expect(ApplyExecutor.nearTheEnd(left: 501, finished: 1000, elapsed: .seconds(5)) == false)
        // A first burst ends many changes at once: no rate is read from under a second.
        #expect(ApplyExecutor.nearTheEnd(left: 100, finished: 200, elapsed: .milliseconds(300)) == false)
        #expect(ApplyExecutor.nearTheEnd(left: 0, finished: 10, elapsed: .milliseconds(1500)))
    }
}
