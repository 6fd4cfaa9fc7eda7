/// Why apply will not start (README, "apply"): a decision, typed, not yet a message.
public enum ApplyRefusal: Hashable, Sendable {
    /// A saved plan no longer describes the live roles it would change.
    case stale([StaleRole])
    /// The safety valve: too many removals, or more than `--max-unassign`.
    case safetyValve(Diagnostic)
    /// No `--auto-approve`, and no terminal to ask on.
    case approvalNeeded
    /// `--end-sessions`, but the plan does not know the sessions (`GET /sessions/admin` could not be
    /// read, or a saved plan made without them).
    case sessionsUnknown
    /// `apply --plan FILE --end-sessions`: the sessions could not be read again before the changes
    /// (`reason`), so apply cannot tell which of the plan's stops are still due.
    case sessionsNotReread(String)

    public var message: String {
        switch self {
        case .stale(let roles): "plan is stale, make a new one: " + roles.map(\.description).joined(separator: "; ")
        case .safetyValve(let diagnostic): diagnostic.message
        case .approvalNeeded: "apply needs --auto-approve when not run from a terminal (or apply a reviewed plan with --plan FILE)"
        case .sessionsUnknown:
            "--end-sessions needs the active sessions, but the plan does not know them (GET /sessions/admin could not be "
                + "read with this credential; an org admin's access token is needed); nothing was changed"
        case .sessionsNotReread(let reason):
            "--end-sessions re-reads the sessions before it applies a saved plan, but they could not be read: "
                + reason + "; nothing was changed"
        }
    }

    /// The refusal as the error it is printed as: the safety valve's own diagnostic, else the
    /// message; at `path` (a saved plan) when given.
    public func diagnostic(path: String?) -> Diagnostic {
        guard case .safetyValve(var diagnostic) = self else { return .error(message, path: path) }
        diagnostic.path = diagnostic.path ?? path
        return diagnostic
    }
}

/// Whether a person approved the changes, can still be asked, or cannot.
public enum Approval: Sendable {
    /// `--auto-approve`, a reviewed saved plan (`--plan`), or a dry run (which changes nothing).
    case given
    /// stdin and stderr are terminals: ask.
    case canAsk
    case cannotAsk
}

/// What apply does with a plan once it is known: the one decision before the first change, pure.
public enum ApplyDecision: Hashable, Sendable {
    case proceed
    /// Ask the person first; proceed only on "yes".
    case ask
    case nothingToApply
    case refuse(ApplyRefusal)

    /// A stale plan is refused first, then the safety valve (`liveBindings`: the managed roles'
    /// live bindings as EntryGuard holds them), then a plan without changes has nothing to do, and
    /// changes need approval.
    ///
    /// Session stops (`endSessions`) do not count toward the safety valve: each follows from a
    /// removal the valve already counted, ends only a session that holds that removed access open,
    /// and takes nothing away that the policy grants for longer than it takes the user to start a
    /// new session. But they need the sessions known: a plan that could not read them is refused
    /// rather than applied without the stops asked for; so is a saved plan whose sessions could not
    /// be read again (`sessionsNotReread`: why).
    public static func decide(_ plan: Plan, stale: [StaleRole] = [], safety: SafetyValve, liveBindings: Int,
                              approval: Approval, endSessions: Bool = false, sessionsNotReread: String? = nil) -> ApplyDecision {
        if !stale.isEmpty { return .refuse(.stale(stale)) }
        if let valve = safety.check(plan, liveBindings: liveBindings) { return .refuse(.safetyValve(valve)) }
        if endSessions, plan.changes.contains(where: { $0.action == .unassign && $0.activeSessions == nil }) {
            return .refuse(.sessionsUnknown)
        }
        if endSessions, let sessionsNotReread { return .refuse(.sessionsNotReread(sessionsNotReread)) }
        if plan.changes.isEmpty { return .nothingToApply }
        switch approval {
        case .given: return .proceed
        case .canAsk: return .ask
        case .cannotAsk: return .refuse(.approvalNeeded)
        }
    }

    /// The refusal, if this decision is one.
    public var refusal: ApplyRefusal? {
        if case .refuse(let refusal) = self { refusal } else { nil }
    }
}
