/// A fixed one-second window over all requests: past `limit` in a window, the request is refused.
struct RateLimiter: Sendable {
    /// Requests allowed per window.
    let limit: Int
    private var windowStart: ContinuousClock.Instant?
    private var count = 0

    /// Creates a limiter allowing `limit` requests per second.
    init(limit: Int) {
        self.limit = limit
    }

    /// nil when the request may go on; else the whole seconds until the window ends (at least 1).
    mutating func admit(at now: ContinuousClock.Instant) -> Int? {
        if let start = windowStart, now - start < .seconds(1) {
            count += 1
        } else {
            windowStart = now
            count = 1
        }
        guard count > limit, let start = windowStart else { return nil }
        let remaining = (start + .seconds(1)) - now
        let (seconds, attoseconds) = remaining.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}
