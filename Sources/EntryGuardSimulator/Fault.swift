/// A scripted behaviour for a request a `FaultRule` matches.
public enum Fault: Sendable {
    /// Answer at once with the standard error body, and a `Retry-After` header when given.
    case status(Int, message: String? = nil, retryAfter: String? = nil)
    /// Hold the request this long, then handle it normally.
    case delay(milliseconds: Int)
    /// Answer with these raw bytes (non-JSON, oversize, truncated …).
    case body(status: Int, contentType: String, bytes: [UInt8])
    /// Answer as a broken or hostile server does, at once (before the credentials are checked).
    case hostile(HostileResponse)
}
