/// The sessions read again just before a saved plan is applied with `--end-sessions` (README,
/// "Ending sessions"), as the roles are: what the plan's stops still have to do.
///
/// Apply never does more than the plan says, and the stops are part of what was reviewed. So it
/// stops only a session the plan lists that still holds open, now, a resource its removals take
/// away; a listed session that has ended since (or whose rules on those resources have) needs no
/// request and is `already-ended`. A session the plan does not list — started after the plan, by a
/// user the plan says loses a resource it removes — is not stopped: nobody reviewed ending it, and
/// a stop ends the person's whole session. It is reported instead (a warning, and in the report),
/// so that a new plan can end it.
public struct SessionRecheck: Hashable, Sendable {
    /// Listed sessions whose hold on the removed access has ended since the plan.
    public var ended: Set<SessionID>
    /// Active sessions the plan does not list that hold open a resource it removes for their user,
    /// with those resources; by email (else user id), then id.
    public var unplanned: [OutlivingSession]

    public init(ended: Set<SessionID> = [], unplanned: [OutlivingSession] = []) {
        self.ended = ended
        self.unplanned = unplanned
    }

    /// `sessions`: `GET /sessions/admin` now; `emails`: user id (lowercase) → email from `GET /users`
    /// now (the plan's and the session's own are used where it has none).
    public init(plan: Plan, sessions: [LiveSession], emails: [String: String]) {
        let now = Dictionary(sessions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let stops = SessionStop.planned(plan.changes)
        var ended: Set<SessionID> = []
        for stop in stops {
            let removed = Set(stop.removals.map { plan.changes[$0].resourceId })
            let stillHolds = now[stop.session.id].map { $0.isActive && !removed.isDisjoint(with: $0.openResources) } ?? false
            if !stillHolds { ended.insert(stop.session.id) }
        }
        let planned = Set(stops.map(\.session.id))
        var held: [SessionID: (session: LiveSession, resources: Set<ResourceID>)] = [:]
        var activeByUser: [String: [LiveSession]] = [:]
        for session in sessions where session.isActive && !planned.contains(session.id) {
            activeByUser[session.userId, default: []].append(session)
        }
        for change in plan.changes where change.action == .unassign {
            for user in change.effectiveAccess?.usersLosingAccess ?? [] {
                for session in activeByUser[user.lowercased()] ?? [] where session.openResources.contains(change.resourceId) {
                    held[session.id, default: (session, [])].resources.insert(change.resourceId)
                }
            }
        }
        unplanned = held.values.map { session, resources in
            OutlivingSession(id: session.id, userId: session.userId,
                             email: emails[session.userId] ?? plan.email(ofUser: session.userId) ?? session.email,
                             expiresAt: session.expiresAt, resourceIds: resources.sorted())
        }.sorted { ($0.email ?? $0.userId, $0.id) < ($1.email ?? $1.userId, $1.id) }
        self.ended = ended
    }
}
