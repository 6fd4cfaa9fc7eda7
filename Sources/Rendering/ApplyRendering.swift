import PolicyModel

/// What `apply` prints on stdout once it ends: in text, the dry-run report or the closing lines;
/// with `--format json`, one document holding the plan and the report (`jq .` reads it whole).
public enum ApplyRendering {
    public static func text(_ ending: ApplyEnding, plan: Plan?) -> String {
        switch ending {
        case .dryRun(let refusal, let basePath, let endSessions, let sessions):
            plan.map { DryRunReport.render($0, basePath: basePath, refusal: refusal?.message, endSessions: endSessions, sessions: sessions) } ?? ""
        case .nothingToApply: "Nothing to apply: the managed roles already match the policy.\n"
        case .cancelled: "Apply cancelled: nothing was changed.\n" + untouchedStops(ending, plan: plan)
        case .stopped: untouchedStops(ending, plan: plan)
        case .executed(let report): ApplyReportRendering.text(report, plan: plan)
        }
    }

    /// A saved plan's sessions read again: the stops not sent (`endedSinceThePlan`) and the sessions
    /// the plan does not list (`sessionsNotInPlan`), which apply does not stop.
    static func dryRunSessions(_ sessions: SessionRecheck?, endSessions: Bool) -> [(String, JSONValue)] {
        guard endSessions, let sessions else { return [] }
        return [
            ("endedSinceThePlan", .array(sessions.ended.sorted().map { .string($0.rawValue) })),
            ("sessionsNotInPlan", .array(sessions.unplanned.map { .string($0.id.rawValue) })),
        ]
    }

    /// With `--end-sessions`, the stops an apply that changed nothing did not send, each `skipped`
    /// (the reason is on stderr); nothing otherwise.
    static func untouchedStops(_ ending: ApplyEnding, plan: Plan?) -> String {
        guard let report = ending.report(of: plan), !report.stops.isEmpty else { return "" }
        return ApplyReportRendering.sessionLines(report, plan: plan).map { $0 + "\n" }.joined()
    }

    /// `{"formatVersion": 1, "plan": …, "dryRun": …, "report": …, "exitStatus": …}`: the plan as
    /// `plan --format json` writes it (without `planDigest`, which belongs to saved plans), `null`
    /// when none could be made; `dryRun` only for a dry run; the report as `--report` writes it.
    public static func json(_ ending: ApplyEnding, plan: Plan?) -> String {
        var members: [(String, JSONValue)] = [("formatVersion", .int(1)), ("plan", plan.map(PlanJSON.value(of:)) ?? .null)]
        if case .dryRun(let refusal, let basePath, let endSessions, let sessions) = ending, let plan {
            let ended = sessions?.ended ?? []
            let stops = endSessions ? SessionStop.planned(plan.changes).filter { !ended.contains($0.session.id) } : []
            members.append(("dryRun", .object([
                ("wouldProceed", .bool(refusal == nil)),
                ("refusal", refusal.map { .string($0.message) } ?? .null),
                ("requests", .array(plan.changes.map { change -> JSONValue in
                    .object([
                        ("method", .string(change.action == .unassign ? "DELETE" : "POST")),
                        ("path", .string("\(basePath)/roles/\(change.roleId)/resources/\(change.resourceId)")),
                    ])
                } + stops.map { stop -> JSONValue in
                    .object([
                        ("method", .string("POST")),
                        ("path", .string("\(basePath)/sessions/admin/\(stop.session.id)/stop")),
                        ("sessionId", .string(stop.session.id.rawValue)),
                        ("userId", .string(stop.session.userId)),
                        ("alsoEnds", .array(stop.alsoEnded(in: plan.changes).map { .string($0.rawValue) })),
                    ])
                })),
            ] + dryRunSessions(sessions, endSessions: endSessions))))
        }
        members.append(("report", ending.report(of: plan).map(ApplyReportRendering.value(of:)) ?? .null))
        members.append(("exitStatus", .int(Int(ending.exitStatus))))
        return JSONValue.object(members).serialized()
    }
}
