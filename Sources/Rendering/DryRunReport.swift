import PolicyModel

/// `apply --dry-run` (README, "apply"): every request apply would send, in order, and its verdict.
public enum DryRunReport {
    /// `basePath` is the API URL's path (`/api/v1`); `refusal` is why apply would not proceed.
    public static func render(_ plan: Plan, basePath: String, refusal: String?) -> String {
        var lines = ["Dry run: apply would send \(plan.changes.count) \(plural(plan.changes.count, "request")), in this order (no request was sent):"]
        for change in plan.changes {
            let method = change.action == .unassign ? "DELETE" : "POST  "
            let what = change.action == .unassign ? "unassign" : "assign"
            let name = change.resourceName.map { " (\(PrintableText.escaped($0)))" } ?? ""
            lines.append("  \(method) \(basePath)/roles/\(change.roleId)/resources/\(change.resourceId)"
                         + "  # \(what)\(name) \(change.action == .unassign ? "from" : "to") '\(PrintableText.escaped(change.roleName))'")
        }
        if let refusal {
            lines.append("Apply would NOT proceed: \(PrintableText.escaped(refusal))")
        } else {
            lines.append(plan.changes.isEmpty ? "Apply would proceed: there is nothing to change." : "Apply would proceed.")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
