import PolicyModel

/// `apply --dry-run` (README, "apply"): every request apply would send, in order, and its verdict.
public enum DryRunReport {
    /// `basePath` is the API URL's path (`/api/v1`); `refusal` is why apply would not proceed.
    /// With `endSessions`, the stops follow, each after the first of its removals; with `sessions`
    /// (a saved plan's sessions read again), a stop whose session has ended since is not sent, and
    /// the sessions the plan does not list are named as not stopped.
    public static func render(_ plan: Plan, basePath: String, refusal: String?, endSessions: Bool = false,
                              sessions: SessionRecheck? = nil) -> String {
        let ended = sessions?.ended ?? []
        let planned = endSessions ? SessionStop.planned(plan.changes) : []
        let stops = planned.filter { !ended.contains($0.session.id) }
        let count = plan.changes.count + stops.count
        var lines = ["Dry run: apply would send \(count) \(plural(count, "request")), in this order (no request was sent):"]
        for change in plan.changes {
            let method = change.action == .unassign ? "DELETE" : "POST  "
            let what = change.action == .unassign ? "unassign" : "assign"
            let name = change.resourceName.map { " (\(PrintableText.escaped($0)))" } ?? ""
            lines.append("  \(method) \(basePath)/roles/\(change.roleId)/resources/\(change.resourceId)"
                         + "  # \(what)\(name) \(change.action == .unassign ? "from" : "to") '\(PrintableText.escaped(change.roleName))'")
        }
        if !stops.isEmpty {
            lines.append("then, after the first removal each depends on succeeds (a stop ends the person's whole session):")
        }
        for stop in stops {
            let session = stop.session
            var line = "  POST   \(basePath)/sessions/admin/\(session.id)/stop  # end the session of "
                + PeopleText.name(of: session, in: plan) + " (until \(PrintableText.escaped(session.expiresAt)))"
            let also = stop.alsoEnded(in: plan.changes)
            line += also.isEmpty ? "; ends nothing else" : "; also ends, until a new session: " + PeopleText.resources(also, in: plan)
            lines.append(line)
        }
        for stop in planned where ended.contains(stop.session.id) {
            lines.append("  not sent: the stop of session \(stop.session.id) of \(PeopleText.name(of: stop.session, in: plan)): "
                         + "it has ended since the plan (already-ended)")
        }
        for session in endSessions ? sessions?.unplanned ?? [] : [] {
            lines.append("  not stopped: session \(session.id) of "
                         + PrintableText.escaped(session.email ?? plan.email(ofUser: session.userId) ?? session.userId)
                         + " (until \(PrintableText.escaped(session.expiresAt))) holds open "
                         + PeopleText.resources(session.resourceIds, in: plan) + ", but the plan does not list it (started since)")
        }
        if let refusal {
            lines.append("Apply would NOT proceed: \(PrintableText.escaped(refusal))")
        } else {
            lines.append(plan.changes.isEmpty ? "Apply would proceed: there is nothing to change." : "Apply would proceed.")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
