
/// How one change ended (README, "apply").
public enum ChangeStatus: String, Codable, Sendable, CaseIterable {
    case applied
    case alreadyAbsent = "already-absent"
    case alreadyPresent = "already-present"
    case failed
    /// Never attempted: apply stopped first (401/403, a signal).
    case skipped

    /// Whether the binding ended as the plan wanted.
    public var isSuccess: Bool { self == .applied || self == .alreadyAbsent || self == .alreadyPresent }
}

/// One change and what became of it.
public struct ChangeResult: Sendable, Hashable {
    public var change: Change
    public var status: ChangeStatus
    public var attempts: Int
    public var error: String?

    public init(change: Change, status: ChangeStatus, attempts: Int, error: String? = nil) {
        self.change = change
        self.status = status
        self.attempts = attempts
        self.error = error
    }
}

/// Everything an apply did, in plan order.
public struct ApplyReport: Sendable, Hashable {
    public var results: [ChangeResult]
    /// Why apply stopped starting changes, if it did (an authentication failure, a signal).
    public var stoppedBecause: String?
    /// With `--end-sessions`: each session stop, in `SessionStop.planned` order.
    public var stops: [StopResult]
    /// `apply --plan FILE --end-sessions`: active sessions the saved plan does not list that held a
    /// removed resource open when apply re-read the sessions; not stopped (`SessionRecheck`).
    public var unplannedSessions: [OutlivingSession]

    public init(results: [ChangeResult], stoppedBecause: String? = nil, stops: [StopResult] = [],
                unplannedSessions: [OutlivingSession] = []) {
        self.results = results
        self.stoppedBecause = stoppedBecause
        self.stops = stops
        self.unplannedSessions = unplannedSessions
    }

    public func count(_ status: ChangeStatus) -> Int {
        results.count { $0.status == status }
    }

    public func stopCount(_ status: StopStatus) -> Int {
        stops.count { $0.status == status }
    }

    /// Exit 0 only when every change and every stop ended applied or already-*.
    public var succeeded: Bool {
        stoppedBecause == nil && results.allSatisfy(\.status.isSuccess) && stops.allSatisfy(\.status.isSuccess)
    }
}
