@testable import EntryGuardAPI
import Testing

/// What the pacer measures from (`SendLog`), and the rates it remembers (`RateHistory`), on
/// explicit times in seconds.
@Suite("PacingState's send log and rate history")
struct SendLogTests {
    /// `count` requests sent `gap` apart from `from`, each let through and answered at once.
    static func letThrough(_ count: Int, from: Double, gap: Double, into log: inout SendLog) {
        for index in 0..<count {
            let time = from + Double(index) * gap
            log.sent(at: time)
            log.letThrough(sentAt: time, now: time)
        }
    }

    @Test("the admitted rate over a span: what was let through in it, per second; nil under the sample")
    func admittedRate() throws {
        var log = SendLog()
        Self.letThrough(100, from: 1, gap: 0.005, into: &log)  // 200/s from 1.0 to 1.495
        let rate = try #require(log.admittedRate(before: 1.5, over: 0.25, unpaced: false))
        #expect(abs(rate - 200) < 5)
        // Fewer than `minimumSample` in the span: no rate.
        var few = SendLog()
        Self.letThrough(PacingState.minimumSample - 1, from: 1, gap: 0.02, into: &few)
        #expect(few.admittedRate(before: 1.2, over: 0.25, unpaced: false) == nil)
    }

    @Test("while unpaced, requests sent and not answered count as let through; refused ones do not")
    func unpacedCountsTheUnanswered() throws {
        var log = SendLog()
        Self.letThrough(1, from: 0.5, gap: 0, into: &log)  // measuring starts at 0.5
        Self.letThrough(20, from: 1.001, gap: 0.005, into: &log)
        // 30 more sent, 10 of them refused, none of the rest answered yet.
        for index in 0..<30 { log.sent(at: 1.1 + Double(index) * 0.005) }
        for index in 0..<10 { log.notLetThrough(sentAt: 1.1 + Double(index) * 0.005) }
        let paced = try #require(log.admittedRate(before: 1.25, over: 0.25, unpaced: false))
        let unpaced = try #require(log.admittedRate(before: 1.25, over: 0.25, unpaced: true))
        #expect(abs(paced - 20 / 0.25) < 0.001)
        #expect(abs(unpaced - 40 / 0.25) < 0.001)
    }

    @Test("after idle time rates are measured from its end, never across it")
    func busySince() throws {
        var log = SendLog()
        Self.letThrough(100, from: 1, gap: 0.005, into: &log)
        log.measure(from: 1.8)
        #expect(log.measuredFrom == 1.8)
        #expect(log.admittedCount(after: 0, through: 2) == 0)
        Self.letThrough(20, from: 1.8005, gap: 0.005, into: &log)
        // The 20 since 1.8, over the 0.1 s since (not the second before).
        let rate = try #require(log.admittedRate(before: 1.9, over: 1, unpaced: false))
        #expect(abs(rate - 20 / 0.1) < 0.001)
        // Measuring from an earlier time does not reach back.
        log.measure(from: 1.5)
        #expect(log.measuredFrom == 1.8)
    }

    @Test("the rate in force at a time: the one before the first change after it, else the current")
    func history() {
        var history = RateHistory()
        history.changed(at: 1, from: nil)
        history.changed(at: 2, from: 180)
        history.changed(at: 3, from: 162)
        #expect(history.rate(at: 0.5, current: 170) == nil)
        #expect(history.rate(at: 1.5, current: 170) == 180)
        #expect(history.rate(at: 2.5, current: 170) == 162)
        #expect(history.rate(at: 3.5, current: 170) == 170)
        // Changes older than `span` before the latest are forgotten (once a later one comes).
        history.changed(at: 3 + RateHistory.span + 1.5, from: 170)
        #expect(history.rate(at: 1.5, current: 150) == 170)
    }
}
