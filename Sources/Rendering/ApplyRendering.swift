import PolicyModel

/// What `apply` prints on stdout once it ends: in text, the dry-run report or the closing lines;
/// with `--format json`, one document holding the plan and the report (`jq .` reads it whole).
public enum ApplyRendering {
    public static func text(_ ending: ApplyEnding, plan: Plan?) -> String {
        switch ending {
        case .dryRun(let refusal, let basePath, let endSessions):
            plan.map { DryRunReport.render($0, basePath: basePath, refusal: refusal?.message, endSessions: endSessions) } ?? ""
        case .nothingToApply: "Nothing to apply: the managed roles already match the policy.\n"
        case .cancelled: "Apply cancelled: nothing was changed.\n"
        case .stopped: ""
        case .executed(let report): ApplyReportRendering.text(report, plan: plan)
        }
    }

    /// `{"formatVersion": 1, "plan": …, "dryRun": …, "report": …, "exitStatus": …}`: the plan as
    /// `plan --format json` writes it (without `planDigest`, which belongs to saved plans), `null`
    /// when none could be made; `dryRun` only for a dry run; the report as `--report` writes it.
    public static func json(_ ending: ApplyEnding, plan: Plan?) -> String {
        var members: [(String, JSONValue)] = [("formatVersion", .int(1)), ("plan", plan.map(PlanJSON.value(of:)) ?? .null)]
        if case .dryRun(let refusal, let basePath, let endSessions) = ending, let plan {
            let stops = endSessions ? SessionStop.planned(plan.changes) : []
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
            ])))
        }
        members.append(("report", ending.report(of: plan).map(ApplyReportRendering.value(of:)) ?? .null))
        members.append(("exitStatus", .int(Int(ending.exitStatus))))
        return JSONValue.object(members).serialized()
    }
}
