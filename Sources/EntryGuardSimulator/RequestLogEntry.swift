/// One request as the simulator saw it; secrets never appear here.
public struct RequestLogEntry: Codable, Sendable, Equatable {
    /// When the request arrived: RFC 3339 UTC with milliseconds.
    public var time: String
    /// The HTTP method.
    public var method: String
    /// The request path, without the query.
    public var path: String
    /// The status the simulator answered with.
    public var status: Int
    /// Milliseconds from arrival to the response being ready.
    public var durationMs: Double
    /// Requests being handled when this one arrived, itself included.
    public var inFlight: Int
    /// The kind of credential sent: "bearer", "api-key" or "none".
    public var credential: String

    /// Creates an entry.
    public init(time: String, method: String, path: String, status: Int, durationMs: Double, inFlight: Int,
                credential: String) {
        self.time = time
        self.method = method
        self.path = path
        self.status = status
        self.durationMs = durationMs
        self.inFlight = inFlight
        self.credential = credential
    }
}
