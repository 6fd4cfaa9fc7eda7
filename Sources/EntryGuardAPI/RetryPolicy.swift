import Foundation

/// When to retry a request and how long to wait first (README, "Configuration"). Pure: the caller supplies the
/// time and the random jitter, so every row below is a unit test.
///
/// | failure of attempt n                         | decision                                      |
/// |----------------------------------------------|-----------------------------------------------|
/// | 401, 403, other 4xx (not 429), 3xx           | stop                                          |
/// | n > maxRetries                               | stop                                          |
/// | 429 or 503 with a usable `Retry-After`       | wait what it says (≤ maxRetryAfter, else stop), plus up to a tenth of it (at most 0.1 s) × jitter |
/// | 429 without one, other 5xx, connection error, timeout | wait backoff(n)                      |
///
/// backoff(n) = min(maxDelay, baseDelay · 2^(n−1)) · (0.5 + 0.5 · jitter), jitter ∈ [0, 1):
/// "equal jitter", so clients that failed together spread out but never retry at once.
/// The client ends a 429's backoff early when the blackout it met ends (`EntryGuardClient.waitToRetry`).
public struct RetryPolicy: Sendable, Hashable {
    public var maxRetries: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured; a server asking for more ends the request with its error.
    public var maxRetryAfter: Duration

    public init(maxRetries: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
                maxRetryAfter: Duration = .seconds(120)) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// What went wrong with one attempt.
    public enum Failure: Sendable, Hashable {
        case status(Int, retryAfter: String?)
        case connection
        case timeout
    }

    public enum Decision: Sendable, Hashable {
        case retry(after: Duration)
        case stop
    }

    /// The decision after attempt number `attempt` (1-based) failed with `failure`.
    public func decide(after failure: Failure, attempt: Int, now: Date, jitter: Double) -> Decision {
        guard attempt <= maxRetries else { return .stop }
        switch failure {
        case .status(let status, let retryAfter):
            switch status {
            case 429, 503:
                if let retryAfter, let wait = Self.parseRetryAfter(retryAfter, now: now) {
                    return wait <= maxRetryAfter ? .retry(after: wait + Self.spread(of: wait, jitter: jitter)) : .stop
                }
                return .retry(after: backoff(attempt: attempt, jitter: jitter))
            case 500...599:
                return .retry(after: backoff(attempt: attempt, jitter: jitter))
            default:
                return .stop
            }
        case .connection, .timeout:
            return .retry(after: backoff(attempt: attempt, jitter: jitter))
        }
    }

    /// What a `Retry-After` wait is lengthened by: up to a tenth of it, at most `longestSpread`,
    /// × jitter. Requests refused together are told the same delta-seconds and would wake
    /// together: against a token bucket with a burst of 1, the four reads of plan and apply were refused, their
    /// retries a second later went within 2 ms and were refused again (one let through each
    /// time), and the reads took 3 s. The server said "not before"; a little later keeps to it.
    static func spread(of wait: Duration, jitter: Double) -> Duration {
        min(wait / 10, longestSpread) * min(max(jitter, 0), 1)
    }

    static let longestSpread = Duration.milliseconds(100)

    /// The exponential part with equal jitter.
    public func backoff(attempt: Int, jitter: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let raw = baseDelay * (1 << exponent)
        let capped = raw > maxDelay ? maxDelay : raw
        let factor = 0.5 + 0.5 * min(max(jitter, 0), 1)
        return capped * factor
    }

    /// `Retry-After` as delta-seconds (`120`) or an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`, and the
    /// obsolete RFC 850 and asctime forms). A date in the past means "now". Unparseable: `nil`.
    public static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) {
            guard let seconds = Int(text) else { return .seconds(Int.max / 2) }
            return .seconds(seconds)
        }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                let seconds = date.timeIntervalSince(now)
                return seconds <= 0 ? .zero : .milliseconds(Int64((seconds * 1000).rounded(.up)))
            }
        }
        return nil
    }
}
