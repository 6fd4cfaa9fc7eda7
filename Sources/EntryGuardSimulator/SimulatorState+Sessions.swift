import Foundation

extension SimulatorState {
    /// `GET /sessions/admin` after expiring what is due.
    func listAdminSessions(now: Date) -> Reply {
        sessions.advance(to: now)
        return .json(.array(sessions.newestFirst().map(\.jsonValue)))
    }

    /// `POST /sessions/admin/{id}/stop`.
    func stopSession(id: String, now: Date) throws(APIError) -> Reply {
        sessions.advance(to: now)
        return .json(try sessions.stop(id: id, now: now).jsonValue)
    }

    /// The sessions as they are now (expired and stopped ones moved on), in their stored order.
    func allSessions(now: Date) -> [SimSession] {
        sessions.advance(to: now)
        return sessions.sessions
    }

    /// Replaces every session.
    func setSessions(_ newSessions: [SimSession]) throws(SimulatorError) {
        try sessions.replace(newSessions)
    }
}

extension SimulatorHandle {
    /// The sessions, in their stored order, with expiries and stops that are due applied.
    public func sessions() async -> [SimSession] {
        await state.allSessions(now: Date())
    }

    /// Replaces every session.
    public func setSessions(_ sessions: [SimSession]) async throws {
        try await state.setSessions(sessions)
    }
}
