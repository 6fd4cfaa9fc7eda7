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
        summary.append(("succeeded", .bool(report.succeeded)))
        var members: [(String, JSONValue)] = [("formatVersion", .int(1)), ("summary", .object(summary))]
        if let stopped = report.stoppedBecause { members.append(("stoppedBecause", .string(stopped))) }
        members.append(("results", .array(report.results.map(value(of:)))))
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
        return lines.joined(separator: "\n") + "\n"
    }

    /// `already-absent` → `alreadyAbsent`.
    static func camelCase(_ text: String) -> String {
        let parts = text.split(separator: "-")
        return parts.enumerated().map { index, part in
            index == 0 ? String(part) : part.prefix(1).uppercased() + part.dropFirst()
        }.joined()
    }
}
