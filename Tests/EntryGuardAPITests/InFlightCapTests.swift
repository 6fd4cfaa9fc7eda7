import EntryGuardAPI
import Testing

/// The learned cap on requests in flight (the table on `InFlightCap`), on explicit times in seconds.
@Suite("InFlightCap")
struct InFlightCapTests {
    /// `count` requests admitted together: sent at `sent`, answered at `answered`.
    static func admit(_ count: Int, sent: Double, answered: Double, into cap: inout InFlightCap) {
        for _ in 0..<count { cap.admitted(sentAt: sent, now: answered) }
    }

    /// 16 requests sent at once against a server that handles 4: which four get through depends on
    /// the order they reach it, not on the order they left (here the 2nd, 7th, 11th and 15th).
    static func burstAgainstFour() -> (cap: InFlightCap, capped: [Int: Bool]) {
        var cap = InFlightCap()
        admit(4, sent: 1, answered: 1.02, into: &cap)
        var capped: [Int: Bool] = [:]
        for onWire in 1...16 where ![2, 7, 11, 15].contains(onWire) {
            capped[onWire] = cap.refused(onWire: onWire, now: 1.02)
        }
        return (cap, capped)
    }

    /// The cap of `burstAgainstFour`, probed: held back, it rises to 5 at 2.1 s.
    static func probed() -> InFlightCap {
        var (cap, _) = burstAgainstFour()
        cap.heldBack()
        let rose = cap.riseIfQuiet(now: 2.1)
        #expect(rose)
        #expect(cap.limit == 5)
        return cap
    }

    @Test("refusals sent with more on the wire than the admitted requests ever overlapped: a cap at that overlap")
    func learnsTheCap() {
        let (cap, capped) = Self.burstAgainstFour()
        #expect(cap.limit == 4)
        // At most 4 on the wire: never the cap's. Above 4, the cap's once at least 3 refusals, and
        // 2 in 3 of all refusals, were above it: from the 9th refusal (sent 12th) on.
        #expect(capped.filter { $0.value }.keys.sorted() == [12, 13, 14, 16])
    }

    @Test("a burst's 429s answered before its admissions: the cap is learned at the second admission and rises with the rest of the burst, for a second")
    func learnsTheCapFromLaterAdmissions() {
        var cap = InFlightCap()
        for onWire in 5...16 { _ = cap.refused(onWire: onWire, now: 1.02) }
        #expect(cap.limit == nil)
        let changed = (0..<4).map { index in cap.admitted(sentAt: 1, now: 1.021 + Double(index) * 0.0005) }
        #expect(changed == [false, true, true, true])
        #expect(cap.limit == 4)
        // Sent after it was learned, five let through together do not raise it.
        Self.admit(5, sent: 1.5, answered: 1.9, into: &cap)
        #expect(cap.limit == 4)
        // Nor does one of its burst answered a second after it was learned, overlapping them.
        let late = cap.admitted(sentAt: 1, now: 2.1)
        #expect(!late)
        #expect(cap.limit == 4)
    }

    @Test("a cap learned on a 429 is not raised by the rest of its burst let through after")
    func capFromARefusalIsNotRaised() {
        var (cap, _) = Self.burstAgainstFour()
        let fifth = cap.admitted(sentAt: 1, now: 1.025)
        #expect(!fifth)
        #expect(cap.limit == 4)
    }

    @Test("a rate limit is not a cap: its refusals come at counts the admitted requests also reached together")
    func rateLimitIsNotACap() {
        var cap = InFlightCap()
        for index in 0..<40 {
            let sent = 1 + Double(index) * 0.005
            cap.admitted(sentAt: sent, now: sent + 0.08)  // 16 overlap
        }
        var capped: [Bool] = []
        for index in 0..<10 { capped.append(cap.refused(onWire: 1 + (index * 3) % 16, now: 1.3 + Double(index) * 0.005)) }
        #expect(capped.allSatisfy { !$0 })
        #expect(cap.limit == nil)
    }

    @Test("refusals with only one admitted request are no evidence of a cap")
    func tooLittleEvidence() {
        var cap = InFlightCap()
        Self.admit(1, sent: 0.99, answered: 1, into: &cap)
        var capped: [Bool] = []
        for onWire in 2...10 { capped.append(cap.refused(onWire: onWire, now: 1)) }
        #expect(capped.allSatisfy { !$0 })
        #expect(cap.limit == nil)
    }

    @Test("the cap rises by one after 1 s without a 429 while it held requests back; a refusal above the overlap lowers it again")
    func probesUpward() {
        var (cap, _) = Self.burstAgainstFour()
        let idle = cap.riseIfQuiet(now: 3.1)
        #expect(!idle)  // nothing held back
        cap.heldBack()
        let early = cap.riseIfQuiet(now: 1.9)
        #expect(!early)  // under 1 s since the cap was set
        let due = cap.riseIfQuiet(now: 3.1)
        #expect(due)
        #expect(cap.limit == 5)
        Self.admit(4, sent: 3.2, answered: 3.22, into: &cap)
        let refusedAbove = cap.refused(onWire: 5, now: 3.22)
        #expect(refusedAbove)
        #expect(cap.limit == 4)
    }

    @Test("a probe's raised cap: a 429 while the wire was at it goes back to the cap it rose from, whatever count it was sent with")
    func failedProbe() {
        var cap = Self.probed()
        Self.admit(5, sent: 2.2, answered: 2.22, into: &cap)  // the client saw 5 overlap
        // Sent with 3 on the wire; the wire reached 5 while it was out, and the server refused it.
        let probe = cap.refused(onWire: 3, wireWasFull: true, now: 2.24)
        #expect(probe)
        #expect(cap.limit == 4)
    }

    @Test("within 1 s of a probe's rise any 429 is the probe's, even one sent below the cap with the wire never full; later it is the rate's")
    func probeTakesItsWindow() {
        var cap = Self.probed()
        Self.admit(4, sent: 2.2, answered: 2.22, into: &cap)
        // A server that counts a request from its arrival saw 5 where the client saw 4.
        let inWindow = cap.refused(onWire: 4, wireWasFull: false, now: 2.23)
        #expect(inWindow)
        #expect(cap.limit == 4)
        // A probe that stands: more than 1 s after its rise, a 429 sent below the raised cap with
        // the wire never full is the rate's, and the cap stays.
        var stood = Self.probed()
        Self.admit(5, sent: 3.0, answered: 3.02, into: &stood)
        let later = stood.refused(onWire: 3, wireWasFull: false, now: 3.2)
        #expect(!later)
        #expect(stood.limit == 5)
    }

    @Test("a failed probe's other 429s (sent before its first came back, within 1 s of its rise) are its too: not counted at the cap, not a rate limit's")
    func failedProbeTakesItsBurst() {
        var cap = Self.probed()
        // A server that counts the requests it refuses refuses the whole burst the probe went
        // with: the four sent just before the rise, and the fifth. The fifth's 429 comes first.
        let first = cap.refused(onWire: 5, wireWasFull: true, sentAt: 2.1, now: 2.122)
        let rest = [1, 2, 3, 4].map { onWire in cap.refused(onWire: onWire, wireWasFull: true, sentAt: 2.099, now: 2.1221) }
        #expect(first)
        #expect(rest == [true, true, true, true])
        #expect(cap.limit == 4)
        // Sent after the probe's 429 came back: at the cap again, two in a second are the cap's and
        // the third the rate's. The probe's five were not counted among them.
        let after = [2.15, 2.16, 2.17].map { now in cap.refused(onWire: 4, wireWasFull: true, sentAt: 2.13, now: now) }
        #expect(after == [true, true, false])
        // Sent before the probe's 429 came back, but refused more than 1 s after its rise: no
        // longer the probe's (nothing else makes it the cap's: the wire was not full).
        let late = cap.refused(onWire: 2, wireWasFull: false, sentAt: 2.11, now: 3.15)
        #expect(!late)
        #expect(cap.limit == 4)
    }

    @Test("each failed probe doubles the quiet before the next, up to 8 s; a probe that stands resets it to 1 s")
    func failedProbesBackOff() {
        var (cap, _) = Self.burstAgainstFour()
        #expect(cap.quietNeeded == 1)
        var now = 1.02
        var waits: [Double] = []
        for _ in 0..<5 {
            let needed = cap.quietNeeded
            cap.heldBack()
            let early = cap.riseIfQuiet(now: now + needed - 0.01)
            #expect(!early)
            let due = cap.riseIfQuiet(now: now + needed + 0.001)
            #expect(due)
            waits.append(needed)
            now += needed + 0.001
            // The probe is refused at once.
            let probe = cap.refused(onWire: 5, wireWasFull: true, now: now + 0.02)
            #expect(probe)
            #expect(cap.limit == 4)
            now += 0.02
        }
        #expect(waits == [1, 2, 4, 8, 8])
        // The next probe stands: nothing refused it, and the cap rises again after its wait...
        cap.heldBack()
        let standing = cap.riseIfQuiet(now: now + 8.001)
        #expect(standing)
        #expect(cap.limit == 5)
        cap.heldBack()
        let next = cap.riseIfQuiet(now: now + 16.002)
        #expect(next)
        #expect(cap.limit == 6)
        // ...and the one after that waits 1 s again.
        #expect(cap.quietNeeded == 1)
    }

    @Test("at a known cap, a 429 while the wire was full is the cap's and changes nothing; one while it was not is the rate's")
    func atTheCap() {
        var (cap, _) = Self.burstAgainstFour()
        Self.admit(4, sent: 1.5, answered: 1.52, into: &cap)
        let full = cap.refused(onWire: 2, wireWasFull: true, now: 1.53)
        #expect(full)
        #expect(cap.limit == 4)
        let notFull = cap.refused(onWire: 2, wireWasFull: false, now: 1.54)
        #expect(!notFull)
        #expect(cap.limit == 4)
    }

    @Test("at a known cap, the wire kept to it: two 429s in a second are the cap's, a third and later ones a rate limit's; a second on, the cap's again")
    func refusalsAtTheCapFromARate() {
        var (cap, _) = Self.burstAgainstFour()
        Self.admit(4, sent: 1.5, answered: 1.52, into: &cap)
        // A token bucket's refusals, the pace keeping the wire at the cap: each sent with the
        // cap on the wire, or while it was full.
        let taken = [
            cap.refused(onWire: 4, now: 1.53), cap.refused(onWire: 3, wireWasFull: true, now: 1.55),
            cap.refused(onWire: 4, now: 1.6), cap.refused(onWire: 2, wireWasFull: true, now: 1.7),
        ]
        #expect(taken == [true, true, false, false])
        #expect(cap.limit == 4)
        // At 2.65 those before 1.65 are forgotten: of the four, only the one at 1.7 is left.
        let later = cap.refused(onWire: 4, now: 2.65)
        #expect(later)
        #expect(cap.limit == 4)
    }

    @Test("what was seen more than a second ago is forgotten")
    func forgets() {
        var cap = InFlightCap()
        Self.admit(4, sent: 0.98, answered: 1, into: &cap)
        _ = cap.refused(onWire: 9, now: 1)
        _ = cap.refused(onWire: 9, now: 1)
        // Two seconds later the old refusals no longer count: two new ones are not yet evidence.
        Self.admit(4, sent: 2.98, answered: 3, into: &cap)
        let refusedLater = cap.refused(onWire: 9, now: 3)
        #expect(!refusedLater)
        #expect(cap.limit == nil)
    }
}
