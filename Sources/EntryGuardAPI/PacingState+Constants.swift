/// The constants of `PacingState`'s rules (the table on the type): the spans, shares and steps they read.
extension PacingState {
    /// Time without a 429 before the rate rises again once it is past the ceiling.
    public static let probeInterval = 0.25
    /// The multiplicative decrease.
    public static let decrease = 0.9
    /// Time without a 429 before the rate rises, until the cost of a probe is known.
    public static let quietInterval = 0.5
    /// The share of requests a probe past the limit may cost in 429s. The 429s since the last
    /// increase (the first and those of the requests sent beside it, over all the decreases they
    /// make) are what the probe cost; the quiet intervals of the climb back past the ceiling are
    /// sized so that the requests sent in it are 1 / budget times as many, within the bounds
    /// below. Cheap probes come sooner and find a raised limit sooner (without latency a probe
    /// past a window of 200/s cost 1–5 429s); dear ones come as before (at 20 ms of latency, 5–7
    /// were on the wire when the first 429 came back). And over the run: no probe past the ceiling
    /// while its 429s are over this share of its answers (against a fixed window of 200/s at 20 ms,
    /// the first window's ~20 429s are half of 2 % of 2,000 changes, and probes every ~2 s took
    /// the runs to 2.0–2.4 %).
    public static let refusalBudget = 0.02
    /// The bounds of that quiet interval. Never longer than before the cost was known: a probe that
    /// met many 429s far past the limit measured a low rate, and the climb back must not be slow.
    public static let shortestQuiet = 0.25
    public static let longestQuiet = quietInterval
    /// Quiet intervals from a decrease back past its ceiling: 0.9 × the ceiling, plus steps of
    /// 5 % of that, passes it at the third.
    static let stepsToCeiling = ((1 / decrease - 1) / firstStep).rounded(.up)
    /// The short span the admitted rate is measured over (the long one is a second).
    public static let window = 0.25
    /// After a decrease, 429s of requests sent this soon after it are part of its event.
    public static let hold = 0.1
    /// The first increase after a decrease, as a share of the rate it set.
    public static let firstStep = 0.05
    /// The first and the longest pause of new requests in a blackout.
    public static let firstPause = 0.01
    public static let longestPause = 0.25
    /// The slowest pace.
    public static let minimumRate = 1.0
    /// A gap this long with no request booked to go and no answer, and no 429 for `busyAfterRefusal`,
    /// is idle time (the plan being computed between reading and writing, say): rates are measured
    /// from the end of it, not across it. Short: a busy client books and hears back every few
    /// milliseconds (a paced one books ahead), and a plan computed faster than a longer gap would
    /// be measured across (a run measured 84/s against a token bucket of 200/s that way).
    public static let idleGap = 0.02
    static let busyAfterRefusal = 1.5
    /// The fewest admitted requests a rate is measured from; fewer say too little (a 429 answered
    /// before the admitted requests sent beside it were), and the 429 counts as a blackout's.
    public static let minimumSample = 8
    /// The shortest span a rate is measured over.
    static let shortestSpan = 0.1
    /// A blackout this long is a window's, not the gap between two admissions of a token bucket.
    public static let blackoutSpan = 0.2
    /// A blackout this long is no one-second window's: a longer window (a per-minute limit) or a
    /// ban. Its refusals' `Retry-After` pauses new requests, and rates are measured from its end.
    public static let longBlackout = 1.0
    /// In a long blackout without `Retry-After`, the pause after a probe's 429 is this share of the
    /// time the blackout has lasted (past `longestPause`), up to `widestProbeGap`.
    public static let probeSpacing = 0.2
    public static let widestProbeGap = 5.0
    /// Refusals this far apart in one blackout are no one-second window's: its blackout ends within
    /// a second of its first 429 (a first burst's blackout, found a probe late, lasted 1.08 s to
    /// the admission that ended it, but its refusals spanned 0.83 s).
    public static let longWindowSpan = 1.5
    /// Settled, the pace still climbs back towards what was let through at the last decrease, to
    /// this share of it: only probes past it are stopped (settled at the bottom of a decrease,
    /// ~176/s against 200/s, the last 2.5 s lost ~0.25 s).
    public static let settledShare = 0.95
    /// Two measures of the admitted rate this close are taken for one limit's (`settledCeiling`).
    public static let sameLimit = 0.1
    /// Past the ceiling with no 429 for `probeInterval`, the pace grows by this factor (settled, not
    /// at all).
    public static let growth = 1.25
}
