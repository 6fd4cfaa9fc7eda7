/// What the pacer (`PacingState`) measures the server's admitted rate from: when requests went
/// out, which the server let through and which it did not, over the last `memory` seconds; and
/// since when the client has been busy, for rates are never measured across idle time.
/// Pure: times are seconds on one clock, supplied by the caller.
struct SendLog: Sendable, Equatable {
    /// Send times are remembered this long.
    static let memory = 2.0

    /// Send time of the first request: sent, or admitted when sends are not reported.
    private(set) var firstRequest: Double?
    /// When the client last became busy after idle time (or began work of another kind); rates
    /// are measured from then on.
    private(set) var busySince = -Double.infinity
    /// Send times of requests the server answered with anything but 429, oldest first.
    private var admitted: [Double] = []
    /// Send times of all requests sent, and of those refused (429) or not answered, oldest first:
    /// while unpaced, a request sent before a refused one and not answered yet counts as let
    /// through when the 429's rate is measured. A server answers a 429 at once and a request it
    /// lets through after its work, so the first 429 of a burst comes before most of the answers
    /// sent beside it (a token bucket of 200/s was measured at 80–150/s from the answers alone).
    private var sends: [Double] = []
    private var notAdmitted: [Double] = []

    /// A request goes out at `time`.
    mutating func sent(at time: Double) {
        if firstRequest == nil { firstRequest = time }
        sends.append(time)
        Self.forget(&sends, before: time - Self.memory)
    }

    /// A request sent at `sentAt` was refused or got no answer.
    mutating func notLetThrough(sentAt: Double) {
        notAdmitted.append(sentAt)
        Self.forget(&notAdmitted, before: sentAt - Self.memory)
    }

    /// A request sent at `sentAt` was let through, answered at `now`.
    mutating func letThrough(sentAt: Double, now: Double) {
        if firstRequest == nil { firstRequest = sentAt }
        admitted.append(sentAt)
        Self.forget(&admitted, before: now - Self.memory)
    }

    /// Rates are measured from `time` on (the client became busy after idle time, or began work
    /// of another kind), unless they already are from later.
    mutating func measure(from time: Double) {
        busySince = max(busySince, time)
    }

    private static func forget(_ times: inout [Double], before time: Double) {
        if let first = times.first, first < time, times.count > 64 { times.removeAll { $0 < time } }
    }

    /// Where measuring starts: the first request, or the end of the last idle time if later; nil
    /// before any request.
    var measuredFrom: Double? {
        firstRequest.map { max($0, busySince) }
    }

    /// The send time of the latest request let through.
    var latestAdmission: Double? { admitted.last }

    /// Requests let through that were sent after `start`, up to `end`, since the client got busy.
    func admittedCount(after start: Double, through end: Double) -> Int {
        admitted.count { $0 > start && $0 <= end && $0 >= busySince }
    }

    /// The admitted rate over `span` seconds before `sentAt` (at least `shortestSpan`, at most the
    /// time since measuring started); nil with fewer than `minimumSample` admitted in it.
    /// `unpaced`: nothing holds requests back yet, and those sent and not yet answered count.
    func admittedRate(before sentAt: Double, over span: Double, unpaced: Bool) -> Double? {
        guard let start = measuredFrom else { return nil }
        let elapsed = sentAt - start
        let span = max(min(span, elapsed), PacingState.shortestSpan)
        let counted = { (time: Double) in time > sentAt - span && time <= sentAt && time >= busySince }
        // While unpaced, a burst's first 429 comes before most answers of the requests sent beside
        // it: those sent and not (yet) refused count too. Once paced, few are out at a time, and at
        // a low rate counting them would overstate it (8 out against a window of 30/s).
        let answered = admitted.count(where: counted)
        let count = unpaced ? max(answered, sends.count(where: counted) - notAdmitted.count(where: counted)) : answered
        // Within `shortestSpan` of the start the requests went out together (16 within 0.2 ms):
        // how many were sent before the refused one is the order of the burst, not the server, and
        // only answers make the sample (counting the unanswered, 429s at 20 ms read 72–99/s
        // against a token bucket of 200/s; their blackouts then measured 198–210/s at ~0.1 s).
        let sample = unpaced && elapsed < PacingState.shortestSpan ? answered : count
        return sample >= PacingState.minimumSample ? Double(count) / span : nil
    }
}
