import PolicyModel

/// `plan --base` in words: what the policy change introduces or resolves, apart from drift that
/// exists without it. Shared by the text and Markdown renderers.
enum BaseComparisonText {
    static func headline(_ base: BaseComparison) -> String {
        "Compared with the base policy (\(base.policyDigest.prefix(19))…): "
            + "\(base.introduced.count) introduced by this change, \(base.preExisting.count) already present without it, "
            + "\(base.resolved.count) resolved by it."
    }

    /// `unassign 660e… (prod-db) from 'DevOps Team'`.
    static func describe(_ entry: DriftEntry, plan: Plan) -> String {
        let name = plan.resourceName(entry.resourceId).map { " (\(PrintableText.escaped($0)))" } ?? ""
        let role = "'\(PrintableText.escaped(entry.roleName))'"
        switch entry.kind {
        case .unassign: return "unassign \(entry.resourceId)\(name) from \(role)"
        case .missing: return "missing \(entry.resourceId)\(name) in \(role)"
        }
    }

    static func textLines(_ base: BaseComparison, plan: Plan) -> [String] {
        var lines = [headline(base)]
        lines += base.introduced.map { "  introduced: " + describe($0, plan: plan) }
        lines += base.resolved.map { "  resolved:   " + describe($0, plan: plan) }
        return lines
    }

    static func markdown(_ base: BaseComparison, plan: Plan) -> String {
        var text = "\n#### Compared with the base branch\n\n"
        text += "| This change | Bindings |\n|:--|--:|\n"
        text += "| introduces | **\(base.introduced.count)** |\n| resolves | \(base.resolved.count) |\n"
        text += "| leaves as it was (drift without it) | \(base.preExisting.count) |\n"
        let listed = base.introduced.map { ("introduced", $0) } + base.resolved.map { ("resolved", $0) }
        if !listed.isEmpty { text += "\n" }
        for (label, entry) in listed.prefix(50) {
            text += "- \(label): \(PlanMarkdown.escape(describe(entry, plan: plan)))\n"
        }
        if listed.count > 50 { text += "- … and \(listed.count - 50) more\n" }
        return text
    }
}
