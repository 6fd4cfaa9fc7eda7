import Foundation

/// The organization's sessions, with the rules of `../shared/api/users-and-sessions.md`: a session
/// expires by its `expiresAt`; an admin stop makes it EXPIRING (its rules REMOVING) and, once its
/// rules are removed, CANCELLED (its rules REMOVED).
///
/// Time moves when the book is looked at (`advance(to:)`), so a test sees each change at the first
/// request after it is due, never in between.
struct SessionBook: Sendable {
    /// The sessions, in the order they were given.
    private(set) var sessions: [SimSession]
    /// Seconds from a stop to the rules being removed (CANCELLED); 0: by the next request.
    let stopCompletionSeconds: Double
    /// Session id (lowercase) -> when an admin stopped it, until its rules are removed.
    private var stopping: [String: Date] = [:]
    /// Session id (lowercase) -> `expiresAt` as an instant.
    private var expiries: [String: Date] = [:]

    /// Checks every session's id and timestamps; two sessions with one id are an error.
    init(_ sessions: [SimSession], stopCompletionSeconds: Double = 0) throws(SimulatorError) {
        self.sessions = sessions
        self.stopCompletionSeconds = stopCompletionSeconds
        for session in sessions {
            guard Route.isUUID(session.id) else { throw SimulatorError("session id \(session.id) is not a UUID") }
            guard let expiry = Timestamp.date(session.expiresAt) else {
                throw SimulatorError("session \(session.id): expiresAt \(session.expiresAt) is not an RFC 3339 UTC timestamp")
            }
            guard Timestamp.date(session.startedAt) != nil else {
                throw SimulatorError("session \(session.id): startedAt \(session.startedAt) is not an RFC 3339 UTC timestamp")
            }
            guard expiries.updateValue(expiry, forKey: session.id.lowercased()) == nil else {
                throw SimulatorError("two sessions have the id \(session.id)")
            }
            if session.status == .expiring { stopping[session.id.lowercased()] = Date(timeIntervalSince1970: 0) }
        }
    }

    /// Expires the sessions whose `expiresAt` has passed and finishes the stops that are due.
    mutating func advance(to now: Date) {
        for index in sessions.indices {
            let key = sessions[index].id.lowercased()
            if sessions[index].status.isStoppable, let expiry = expiries[key], expiry <= now {
                let at = sessions[index].expiresAt
                sessions[index].status = .expired
                sessions[index].endedReason = "EXPIRED"
                sessions[index].endedAt = at
                Self.removeRules(of: &sessions[index], at: at)
            } else if sessions[index].status == .expiring, let stoppedAt = stopping[key],
                      now.timeIntervalSince(stoppedAt) >= stopCompletionSeconds {
                sessions[index].status = .cancelled
                Self.removeRules(of: &sessions[index], at: Timestamp.rfc3339(now))
                stopping[key] = nil
            }
        }
    }

    /// `GET /sessions/admin`: every session, newest first (by `startedAt`, then `createdAt`, then id).
    func newestFirst() -> [SimSession] {
        sessions.enumerated().sorted { left, right in
            let (l, r) = (left.element, right.element)
            let leftStart = Timestamp.date(l.startedAt) ?? .distantPast
            let rightStart = Timestamp.date(r.startedAt) ?? .distantPast
            if leftStart != rightStart { return leftStart > rightStart }
            if l.createdAt != r.createdAt { return l.createdAt > r.createdAt }
            return left.offset > right.offset
        }.map(\.element)
    }

    /// `POST /sessions/admin/{id}/stop`: the session, now EXPIRING with `endedReason` ADMIN and its
    /// open rules REMOVING; 404 for an unknown id, 400 for one that is not PENDING, ACTIVE or PARTIAL.
    mutating func stop(id: String, now: Date) throws(APIError) -> SimSession {
        guard let index = sessions.firstIndex(where: { $0.id.lowercased() == id.lowercased() }) else {
            throw .sessionNotFound(id)
        }
        guard sessions[index].status.isStoppable else { throw .sessionNotStoppable }
        let timestamp = Timestamp.rfc3339(now)
        sessions[index].status = .expiring
        sessions[index].endedReason = "ADMIN"
        sessions[index].endedAt = timestamp
        for rule in sessions[index].resourceIps.indices where sessions[index].resourceIps[rule].status.isOpen {
            sessions[index].resourceIps[rule].status = .removing
        }
        stopping[id.lowercased()] = now
        return sessions[index]
    }

    /// Replaces every session (a test hook); ids and timestamps are checked as at start.
    mutating func replace(_ newSessions: [SimSession]) throws(SimulatorError) {
        self = try SessionBook(newSessions, stopCompletionSeconds: stopCompletionSeconds)
    }

    /// Marks every rule that is not already gone REMOVED.
    private static func removeRules(of session: inout SimSession, at timestamp: String) {
        for rule in session.resourceIps.indices where session.resourceIps[rule].status != .removed
            && session.resourceIps[rule].status != .failed {
            session.resourceIps[rule].status = .removed
            session.resourceIps[rule].removedAt = timestamp
        }
    }
}

extension APIError {
    static func sessionNotFound(_ id: String) -> APIError {
        APIError(status: 404, message: "Session not found with id: \(id)")
    }

    static let sessionNotStoppable = APIError(
        status: 400, message: "Session is not in a stoppable state (already expired/cancelled)")
}
