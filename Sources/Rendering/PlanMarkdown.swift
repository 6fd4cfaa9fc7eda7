import PolicyModel

/// The plan as a pull-request comment (README, "CI"): a marker so CI can update one comment in place,
/// the summary table first, then one collapsible section per changed role, under a size limit.
public enum PlanMarkdown {
    public static let marker = "<!-- egpolicy:plan -->"
    /// GitHub refuses comments over 65,536 characters; the contract keeps plans under 60,000.
    /// Characters are counted as UTF-16 code units, the strictest reading of "character": never
    /// fewer than Unicode scalars (code points), and far more than grapheme clusters for a name of
    /// many combining marks, so the cap holds however GitHub counts.
    public static let defaultLimit = 60_000

    public static func render(_ plan: Plan, limit: Int = defaultLimit) -> String {
        let summary = plan.summary
        var head = """
        \(marker)
        \(verdict(plan))

        ### egpolicy plan

        | | |
        |:--|--:|
        | Bindings to unassign | **\(summary.unassign)** |
        | Bindings to assign | \(summary.assign) |
        | Missing bindings (declared, not live) | \(summary.missing) |
        | Managed roles | \(summary.rolesManaged) |
        | Managed roles in sync | \(summary.rolesInSync) |
        | Unmanaged roles (not touched) | \(summary.rolesUnmanaged) |

        """
        if !plan.hasDrift {
            head += "\nNo changes: every managed role matches the policy.\n"
        } else if summary.missing > 0 && summary.assign == 0 {
            head += "\nMissing bindings are reported, not assigned (`--assign-missing` assigns them).\n"
        }
        if let base = plan.base { head += BaseComparisonText.markdown(base, plan: plan) }
        let foot = "\n<sub>policy \(plan.policyDigest)</sub>\n"

        var body = ""
        var used = head.utf16.count + foot.utf16.count
        var shownRoles = 0
        let changed = plan.roles.filter { !$0.isInSync }
        let assigning = Set(plan.changes.lazy.filter { $0.action == .assign }.map(\.roleId))
        let access = EffectiveAccessText.index(plan)
        let sessions = EffectiveAccessText.sessionIndex(plan)
        let reserve = 200 // room for the line that says what was left out
        for role in changed {
            let section = self.section(role, plan: plan, assigning: assigning.contains(role.id), access: access, sessions: sessions)
            let size = section.utf16.count
            if used + size + reserve > limit { break }
            body += section
            used += size
            shownRoles += 1
        }
        if shownRoles < changed.count {
            let rest = changed[shownRoles...]
            let left = rest.reduce(0) { $0 + $1.unassign.count + $1.missing.count }
            body += "\n**\(left) \(plural(left, "change")) in \(rest.count) more \(plural(rest.count, "role")) are not shown** "
                + "(the comment would exceed \(limit) characters); the full plan is in the job's log and `--format json`.\n"
        }
        return head + body + foot
    }

    /// The first visible line: what the plan does to people, in one sentence.
    static func verdict(_ plan: Plan) -> String {
        let summary = plan.summary
        guard plan.hasDrift else {
            return "**No changes**: all \(summary.rolesManaged) managed \(plural(summary.rolesManaged, "role")) match the policy."
        }
        var parts: [String] = []
        if summary.unassign > 0 { parts.append("\(summary.unassign) \(plural(summary.unassign, "binding")) to remove") }
        if summary.assign > 0 { parts.append("\(summary.assign) to assign") }
        if summary.missing > summary.assign { parts.append("\(summary.missing - summary.assign) missing") }
        var text = "**Drift: " + parts.joined(separator: ", ") + "**"
        let losing = PeopleText.usersLosingAccess(plan)
        if !losing.isEmpty {
            text += "; \(losing.count) \(losing.count == 1 ? "person loses" : "people lose") access"
            // Names only where emails are known: a row of UUIDs tells a reviewer nothing.
            let named = losing.compactMap { plan.email(ofUser: $0) }.sorted()
            if !named.isEmpty {
                let shown = named.prefix(5).map { escape($0) }.joined(separator: ", ")
                text += " (" + shown + (losing.count > min(5, named.count) ? ", …" : "") + ")"
            }
        }
        let outliving = OutlivingSessions(plan: plan)
        if !outliving.sessions.isEmpty, let until = outliving.latestExpiry {
            text += "; \(outliving.sessions.count) active \(plural(outliving.sessions.count, "session")) keep removed access open "
                + "until \(escape(until)) unless applied with `--end-sessions`"
        }
        return text + "."
    }

    private static func section(_ role: RolePlan, plan: Plan, assigning: Bool, access: [ChangeKey: EffectiveAccess],
                                sessions: [ChangeKey: [ActiveSession]]) -> String {
        var counts: [String] = []
        if !role.unassign.isEmpty { counts.append("\(role.unassign.count) to unassign") }
        if !role.missing.isEmpty { counts.append("\(role.missing.count) \(assigning ? "to assign" : "missing")") }
        var text = """

        <details><summary><b>\(escape(role.name))</b>: \(counts.joined(separator: ", "))</summary>

        Role `\(role.id)`, declared at `\(code(role.source.description))`

        | Change | Resource | Name | Effective access |
        |:--|:--|:--|:--|

        """
        let rows = role.unassign.map { ($0, "unassign") } + role.missing.map { ($0, assigning ? "assign" : "missing") }
        for (resource, label) in rows.sorted(by: { $0.0 < $1.0 }) {
            let key = ChangeKey(role: role.id, resource: resource)
            var effect = label == "unassign"
                ? access[key].map { escape(EffectiveAccessText.describe($0, sessions: sessions[key], in: plan)) } : nil
            for session in label == "unassign" ? sessions[key] ?? [] : [] {
                effect = (effect.map { $0 + "<br>" } ?? "") + escape(PeopleText.describe(session, in: plan))
            }
            text += "| \(label) | `\(resource)` | \(plan.resourceName(resource).map(escape) ?? "") | \(effect ?? "") |\n"
        }
        text += "\n</details>\n"
        return text
    }

    /// Text for inside a code span, where backslash escapes do not work.
    static func code(_ text: String) -> String {
        PrintableText.escaped(text).replacingBackticks()
    }

    /// Keeps names from breaking the table or injecting HTML.
    static func escape(_ text: String) -> String {
        var output = ""
        for character in PrintableText.escaped(text) {
            switch character {
            case "|": output += "\\|"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "`", "*", "_", "[", "]", "\\": output += "\\\(character)"
            default: output.append(character)
            }
        }
        return output
    }
}

private extension String {
    func replacingBackticks() -> String {
        String(map { $0 == "`" ? "'" : $0 })
    }
}
