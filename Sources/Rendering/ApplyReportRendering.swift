import PolicyModel

/// The `--report FILE` JSON and the closing summary of an apply.
public enum ApplyReportRendering {
    public static func json(_ report: ApplyReport) -> String {
        value(of: report).serialized()
    }

    static func value(of report: ApplyReport) -> JSONValue {
        var summary: [(String, JSONValue)] = [("total", .int(report.results.count))]
        for status in ChangeStatus.allCases {
            summary.append((camelCase(status.rawValue), .int(report.count(status))))
        }
        if !report.stops.isEmpty {
            var stops: [(String, JSONValue)] = [("total", .int(report.stops.count))]
            for status in StopStatus.allCases {
                stops.append((camelCase(status.rawValue), .int(report.stopCount(status))))
            }
            summary.append(("endSession", .object(stops)))
        }
        summary.append(("succeeded", .bool(report.succeeded)))
        var members: [(String, JSONValue)] = [("formatVersion", .int(1)), ("summary", .object(summary))]
        if let stopped = report.stoppedBecause { members.append(("stoppedBecause", .string(stopped))) }
        members.append(("results", .array(report.results.map(value(of:)) + report.stops.map(value(of:)))))
        if !report.unplannedSessions.isEmpty {
            members.append(("sessionsNotInPlan", .array(report.unplannedSessions.map { session in
                .object([
                    ("id", .string(session.id.rawValue)),
                    ("userId", .string(session.userId)),
                    ("email", session.email.map(JSONValue.string) ?? .null),
                    ("expiresAt", .string(session.expiresAt)),
                    ("resourceIds", .array(session.resourceIds.map { .string($0.rawValue) })),
                ])
            })))
        }
        return .object(members)
    }

    /// `{"action": "end-session", "sessionId", "userId", "email", "status", "attempts", "error"?}`.
    static func value(of result: StopResult) -> JSONValue {
        let session = result.stop.session
        var members: [(String, JSONValue)] = [
            ("action", .string("end-session")),
            ("sessionId", .string(session.id.rawValue)),
            ("userId", .string(session.userId)),
            ("email", session.email.map(JSONValue.string) ?? .null),
            ("status", .string(result.status.rawValue)),
            ("attempts", .int(result.attempts)),
        ]
        if let error = result.error { members.append(("error", .string(error))) }
        return .object(members)
    }

    static func value(of result: ChangeResult) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("action", .string(result.change.action.rawValue)),
            ("roleId", .string(result.change.roleId.rawValue)),
            ("roleName", .string(result.change.roleName)),
            ("resourceId", .string(result.change.resourceId.rawValue)),
            ("status", .string(result.status.rawValue)),
            ("attempts", .int(result.attempts)),
        ]
        if let error = result.error { members.append(("error", .string(error))) }
        return .object(members)
    }

    /// `Apply: 4 applied, 1 already absent, 0 already present, 1 failed, 2 skipped.` and the failures.
    public static func text(_ report: ApplyReport) -> String {
        text(report, plan: nil)
    }

    /// The closing lines, naming people by email from `plan` where it knows them; then the stops,
    /// or, without `--end-sessions`, the sessions that still hold removed access and until when.
    public static func text(_ report: ApplyReport, plan: Plan?) -> String {
        var lines: [String] = []
        for result in report.results where result.status == .failed {
            lines.append("failed: \(result.change.action.rawValue) \(result.change.resourceId) "
                         + "\(result.change.action == .unassign ? "from" : "to") '\(PrintableText.escaped(result.change.roleName))': "
                         + PrintableText.escaped(result.error ?? "unknown error"))
        }
        if let stopped = report.stoppedBecause {
            lines.append("apply stopped starting changes: \(PrintableText.escaped(stopped))")
        }
        lines.append("Apply: \(report.count(.applied)) applied, \(report.count(.alreadyAbsent)) already absent, "
                     + "\(report.count(.alreadyPresent)) already present, \(report.count(.failed)) failed, "
                     + "\(report.count(.skipped)) skipped (of \(report.results.count)).")
        lines += sessionLines(report, plan: plan)
        return lines.joined(separator: "\n") + "\n"
    }

    static func sessionLines(_ report: ApplyReport, plan: Plan?) -> [String] {
        var lines: [String] = []
        func who(_ session: ActiveSession) -> String {
            plan.map { PeopleText.name(of: session, in: $0) } ?? PrintableText.escaped(session.email ?? session.userId)
        }
        for result in report.stops where result.status == .failed || result.status == .skipped {
            lines.append("\(result.status == .failed ? "failed" : "skipped"): end session \(result.stop.session.id) of "
                         + "\(who(result.stop.session)): " + PrintableText.escaped(result.error ?? "unknown error"))
        }
        if !report.stops.isEmpty {
            lines.append("Sessions: \(report.stopCount(.applied)) stopped, \(report.stopCount(.alreadyEnded)) already ended, "
                         + "\(report.stopCount(.failed)) failed, \(report.stopCount(.skipped)) skipped (of \(report.stops.count)).")
        }
        let outliving = OutlivingSessions(report: report)
        if let until = outliving.latestExpiry {
            let count = outliving.sessions.count
            lines.append("\(count) active \(plural(count, "session")) still \(count == 1 ? "holds" : "hold") removed access, "
                         + "the last until \(PrintableText.escaped(until))"
                         + (report.stops.isEmpty ? " (apply --end-sessions ends them):" : " (their stop did not succeed):"))
            for session in outliving.sessions {
                lines.append("  session \(session.id) of \(who(session)) until \(PrintableText.escaped(session.expiresAt))")
            }
        }
        if let until = report.unplannedSessions.map(\.expiresAt).max() {
            let count = report.unplannedSessions.count
            lines.append("\(count) active \(plural(count, "session")) not in the saved plan (started since) still "
                         + "\(count == 1 ? "holds" : "hold") removed access, the last until \(PrintableText.escaped(until)); "
                         + "not stopped, as the plan did not list \(count == 1 ? "it" : "them") (make a new plan to end \(count == 1 ? "it" : "them")):")
            for session in report.unplannedSessions {
                let email = session.email ?? plan?.email(ofUser: session.userId) ?? session.userId
                lines.append("  session \(session.id) of \(PrintableText.escaped(email)) until \(PrintableText.escaped(session.expiresAt)): "
                             + (plan.map { PeopleText.resources(session.resourceIds, in: $0) }
                                 ?? session.resourceIds.map(\.rawValue).joined(separator: ", ")))
            }
        }
        return lines
    }

    /// `already-absent` → `alreadyAbsent`.
    static func camelCase(_ text: String) -> String {
        let parts = text.split(separator: "-")
        return parts.enumerated().map { index, part in
            index == 0 ? String(part) : part.prefix(1).uppercased() + part.dropFirst()
        }.joined()
    }
}
