/// A stop `apply --end-sessions` would send (README, "apply --end-sessions"): one per session,
/// however many removals it holds open.
public struct SessionStop: Hashable, Sendable {
    /// The session as the first removal that holds it open lists it.
    public var session: ActiveSession
    /// Indexes into the plan's changes of the unassignments whose success makes the stop due.
    public var removals: [Int]
    /// Every resource the stop ends the user's access to, the removed ones included, sorted.
    public var resourcesEnded: [ResourceID]

    /// The stops a plan's changes imply, in the order their sessions first appear in the changes.
    public static func planned(_ changes: [Change]) -> [SessionStop] {
        var stops: [SessionStop] = []
        var position: [SessionID: Int] = [:]
        for (index, change) in changes.enumerated() where change.action == .unassign {
            for session in change.activeSessions ?? [] {
                if let at = position[session.id] {
                    stops[at].removals.append(index)
                } else {
                    position[session.id] = stops.count
                    stops.append(SessionStop(session: session, removals: [index],
                                             resourcesEnded: Array(Set(session.otherResourceIds + [change.resourceId])).sorted()))
                }
            }
        }
        return stops
    }

    /// The resources the stop ends beyond the bindings the plan removes from this user: what the
    /// user loses until they start a new session.
    public func alsoEnded(in changes: [Change]) -> [ResourceID] {
        let removed = Set(removals.map { changes[$0].resourceId })
        return resourcesEnded.filter { !removed.contains($0) }
    }
}

/// How one stop ended (README, "apply --end-sessions").
public enum StopStatus: String, Codable, Sendable, CaseIterable {
    /// 200: the session is ending.
    case applied
    /// 400 "not in a stoppable state": it had already ended.
    case alreadyEnded = "already-ended"
    case failed
    /// Never attempted: none of its removals succeeded, or apply stopped first.
    case skipped

    public var isSuccess: Bool { self == .applied || self == .alreadyEnded }
}

/// One stop and what became of it.
public struct StopResult: Sendable, Hashable {
    public var stop: SessionStop
    public var status: StopStatus
    public var attempts: Int
    public var error: String?

    public init(stop: SessionStop, status: StopStatus, attempts: Int, error: String? = nil) {
        self.stop = stop
        self.status = status
        self.attempts = attempts
        self.error = error
    }
}

/// Sessions that still hold removed access after an apply: each active session listed on an
/// unassignment that succeeded, unless a stop of it succeeded.
public struct OutlivingSessions: Hashable, Sendable {
    public var sessions: [ActiveSession]

    public init(report: ApplyReport) {
        let ended = Set(report.stops.filter(\.status.isSuccess).map(\.stop.session.id))
        var seen: Set<SessionID> = []
        var sessions: [ActiveSession] = []
        for result in report.results where result.change.action == .unassign && result.status.isSuccess {
            for session in result.change.activeSessions ?? [] where !ended.contains(session.id) && seen.insert(session.id).inserted {
                sessions.append(session)
            }
        }
        self.sessions = sessions
    }

    public init(plan: Plan) {
        var seen: Set<SessionID> = []
        sessions = plan.changes.flatMap { $0.activeSessions ?? [] }.filter { seen.insert($0.id).inserted }
    }

    /// The last expiry among them (RFC 3339 UTC text orders as time does), if any.
    public var latestExpiry: String? { sessions.map(\.expiresAt).max() }
}
