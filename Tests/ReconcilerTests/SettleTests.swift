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

    @Test("at the pace when it is faster than the rate so far (a limit that doubled); the rate so far when it is not")
    func atThePace() {
        // 1,500 ended in 7 s (~214/s), paced at 370/s: 900 left is 2.4 s at the pace.
        #expect(ApplyExecutor.nearTheEnd(left: 900, finished: 1500, elapsed: .seconds(7), pace: 370))
        #expect(ApplyExecutor.nearTheEnd(left: 900, finished: 1500, elapsed: .seconds(7)) == false)
        #expect(ApplyExecutor.nearTheEnd(left: 926, finished: 1500, elapsed: .seconds(7), pace: 370) == false)
        // A pace slower than the rate so far (a limit that halved) does not put the end off.
        #expect(ApplyExecutor.nearTheEnd(left: 500, finished: 1000, elapsed: .seconds(5), pace: 90))
    }
}
