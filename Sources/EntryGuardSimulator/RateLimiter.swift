/// The shapes of rate limit the simulator can put in front of its API (README, "The simulator"), so the client's
/// rate control is tested against each: EntryGuard documents none of them.
public enum LimiterShape: String, CaseIterable, Sendable {
    /// A bucket of `burst` tokens refilled at the rate; a request takes one or is refused.
    case tokenBucket = "token-bucket"
    /// At most `rate` × `window` requests per window of `window` seconds (1 by default), windows
    /// starting at the first request after the last one ended.
    case fixedWindow = "fixed-window"
    /// At most `rate` × `window` requests admitted in any trailing `window` seconds.
    case slidingWindow = "sliding-window"
}

/// From the `after`-th request the limiter counts on, the rate becomes `requestsPerSecond`: a limit
/// that halves or doubles during a run.
public struct RateChange: Sendable, Hashable {
    public var after: Int
    public var requestsPerSecond: Int

    public init(after: Int, requestsPerSecond: Int) {
        self.after = after
        self.requestsPerSecond = requestsPerSecond
    }
}

/// Decides, request by request, whether the limit lets it through. Pure: the caller gives the time
/// (seconds on one clock) and how many requests are in flight (this one included).
///
/// | shape            | admits when                                         | `Retry-After` of a refusal          |
/// |------------------|-----------------------------------------------------|-------------------------------------|
/// | in-flight cap    | requests in flight ≤ `maxInFlight` (checked first; with `capAtArrival`, on arrival) | 1      |
/// | token bucket     | a token is left (`burst` at most, refilled at rate) | ⌈time to the next token⌉, at least 1 |
/// | fixed window     | fewer than rate × window requests in this window    | ⌈time to the window's end⌉, at least 1 |
/// | sliding window   | fewer than rate × window admitted in the trailing window | ⌈time until the oldest leaves⌉, at least 1 |
///
/// A window is one second unless `window` says more (a per-minute limit: 60).
///
/// Without `Retry-After` (`--no-retry-after`) a refusal is the same 429, the header left out.
struct RateLimiter: Sendable {
    enum Verdict: Sendable, Hashable {
        case admit
        /// 429; `retryAfter` whole seconds, nil when the header is left out.
        case refuse(retryAfter: Int?)
    }

    let shape: LimiterShape
    /// Requests per second; nil when only the in-flight cap applies.
    private(set) var rate: Int?
    let burst: Int
    /// A window's length in seconds.
    let window: Double
    let maxInFlight: Int?
    /// The cap is checked on arrival (`arrive(inFlight:)`), not with the rate.
    let capAtArrival: Bool
    let sendsRetryAfter: Bool
    let change: RateChange?
    /// Requests counted so far (every one that reached the limiter).
    private(set) var seen = 0

    private var tokens: Double
    private var lastRefill: Double?
    private var windowStart: Double?
    private var windowCount = 0
    /// Admission times of the trailing second, oldest first, from `head` on.
    private var admitted: [Double] = []
    private var head = 0

    init(shape: LimiterShape = .fixedWindow, rate: Int?, burst: Int? = nil, window: Int = 1, maxInFlight: Int? = nil,
         capAtArrival: Bool = false, sendsRetryAfter: Bool = true, change: RateChange? = nil) {
        self.shape = shape
        self.rate = rate
        self.burst = max(1, burst ?? rate ?? 1)
        self.window = Double(max(1, window))
        self.maxInFlight = maxInFlight
        self.capAtArrival = capAtArrival
        self.sendsRetryAfter = sendsRetryAfter
        self.change = change
        tokens = Double(self.burst)
    }

    /// The limiter a configuration asks for; nil when it sets no limit.
    init?(_ configuration: SimulatorConfiguration) {
        guard configuration.rateLimit != nil || configuration.maxInFlight != nil else { return nil }
        self.init(shape: configuration.limiter, rate: configuration.rateLimit, burst: configuration.burst,
                  window: configuration.windowSeconds, maxInFlight: configuration.maxInFlight, capAtArrival: configuration.capAtArrival, sendsRetryAfter: configuration.sendsRetryAfter,
                  change: configuration.rateChange)
    }

    /// The verdict on a request as it arrives, with `inFlight` requests being handled (itself
    /// included): refused only by a cap checked on arrival.
    func arrive(inFlight: Int) -> Verdict {
        guard capAtArrival, let maxInFlight, inFlight > maxInFlight else { return .admit }
        return refuse(waiting: 1)
    }

    /// The verdict on a request the server gets to at `now`, with `inFlight` requests being handled.
    mutating func admit(at now: Double, inFlight: Int) -> Verdict {
        seen += 1
        if let change, seen == change.after + 1, rate != nil { rate = change.requestsPerSecond }
        if !capAtArrival, let maxInFlight, inFlight > maxInFlight { return refuse(waiting: 1) }
        guard let rate else { return .admit }
        let perSecond = Double(rate)
        switch shape {
        case .tokenBucket:
            if let lastRefill { tokens = min(Double(burst), tokens + (now - lastRefill) * perSecond) }
            lastRefill = now
            guard tokens >= 1 else { return refuse(waiting: (1 - tokens) / perSecond) }
            tokens -= 1
            return .admit
        case .fixedWindow:
            if let start = windowStart, now - start < window {
                windowCount += 1
            } else {
                windowStart = now
                windowCount = 1
            }
            guard Double(windowCount) > allowance, let start = windowStart else { return .admit }
            return refuse(waiting: start + window - now)
        case .slidingWindow:
            while head < admitted.count, admitted[head] <= now - window { head += 1 }
            if head > 4096, head * 2 > admitted.count {
                admitted.removeFirst(head)
                head = 0
            }
            guard Double(admitted.count - head) >= allowance else {
                admitted.append(now)
                return .admit
            }
            return refuse(waiting: admitted[head] + window - now)
        }
    }

    /// What a window admits.
    private var allowance: Double { Double(rate ?? 0) * window }

    private func refuse(waiting seconds: Double) -> Verdict {
        guard sendsRetryAfter else { return .refuse(retryAfter: nil) }
        return .refuse(retryAfter: max(1, Int(seconds.rounded(.up))))
    }
}
