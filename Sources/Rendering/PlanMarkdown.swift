import PolicyModel

/// The plan as a pull-request comment (README, "CI"): a marker so CI can update one comment in place,
/// a one-line verdict, the commits and run it was made for, the summary table, then one collapsible
/// section per changed role, under a size limit.
///
/// Two escapings meet here. Table cells and the verdict are Markdown: names are backslash-escaped
/// there. A `<details><summary>` line is an HTML block, which GitHub (and CommonMark) do not read as
/// Markdown: a backslash there is shown as it is, so names there are only HTML-escaped.
public enum PlanMarkdown {
    public static let marker = "<!-- egpolicy:plan -->"
    /// GitHub refuses comments over 65,536 characters; the contract keeps plans under 60,000.
    /// Characters are counted as UTF-16 code units, the strictest reading of "character": never
    /// fewer than Unicode scalars (code points), and far more than grapheme clusters for a name of
    /// many combining marks, so the cap holds however GitHub counts.
    public static let defaultLimit = 60_000

    public static func render(_ plan: Plan, context: MarkdownContext = MarkdownContext(), limit: Int = defaultLimit) -> String {
        let summary = plan.summary
        var head = "\(marker)\n\(verdict(plan, context: context))\n"
        if let line = context.provenanceLine() { head += "\n" + line + "\n" }
        head += """

        | Summary | Count |
        |:--|--:|
        | Bindings to unassign | **\(summary.unassign)** |
        | Bindings to assign | \(summary.assign) |
        | Missing bindings (declared, not live) | \(summary.missing) |
        | Managed roles | \(summary.rolesManaged) |
        | Managed roles in sync | \(summary.rolesInSync) |
        | Unmanaged roles (not touched) | \(summary.rolesUnmanaged) |

        """
        if plan.hasDrift && summary.missing > 0 && summary.assign == 0 {
            head += "\nMissing bindings are reported, not assigned (`--assign-missing` assigns them).\n"
        }
        if let base = plan.base { head += BaseComparisonText.markdown(base, plan: plan) }
        let foot = "\n<sub>policy \(plan.policyDigest)</sub>\n"

        var body = ""
        var used = head.utf16.count + foot.utf16.count
        var shownRoles = 0
        let changed = plan.roles.filter { !$0.isInSync }
        let changes = ChangeIndex(plan)
        let cutNote = context.cutNote(limit: limit)
        let reserve = 120 + cutNote.utf16.count // room for the lines that say what was left out
        for role in changed {
            let section = self.section(role, plan: plan, changes: changes)
            let size = section.utf16.count
            if used + size + reserve > limit { break }
            body += section
            used += size
            shownRoles += 1
        }
        if shownRoles < changed.count {
            let rest = changed[shownRoles...]
            let left = rest.reduce(0) { $0 + $1.unassign.count + $1.missing.count }
            body += "\n**Details cut: \(left) \(plural(left, "change")) in \(rest.count) more \(plural(rest.count, "role")) are not shown** "
                + "(the comment would exceed \(limit) characters). " + cutNote + "\n"
        }
        return head + body + foot
    }

    private static func section(_ role: RolePlan, plan: Plan, changes: ChangeIndex) -> String {
        let assigning = changes.assigning.contains(role.id)
        var counts: [String] = []
        if !role.unassign.isEmpty { counts.append("\(role.unassign.count) to unassign") }
        if !role.missing.isEmpty { counts.append("\(role.missing.count) \(assigning ? "to assign" : "missing")") }
        var text = """

        <details><summary><b>\(html(role.name))</b>: \(counts.joined(separator: ", "))</summary>

        Declared at `\(code(role.source.description))`; role id `\(role.id)`.

        | Change | Resource | Resource id | Effective access |
        |:--|:--|:--|:--|

        """
        let rows = role.unassign.map { ($0, "unassign") } + role.missing.map { ($0, assigning ? "assign" : "missing") }
        for (resource, label) in rows.sorted(by: { $0.0 < $1.0 }) {
            let change = label == "unassign" ? changes.unassignment(of: resource, from: role.id).map { plan.changes[$0] } : nil
            var effect = change?.effectiveAccess.map { escape(EffectiveAccessText.describe($0, sessions: change?.activeSessions, in: plan)) }
            for session in change?.activeSessions ?? [] {
                effect = (effect.map { $0 + "<br>" } ?? "") + escape(describe(session, in: plan))
            }
            let name = plan.resourceName(resource).map(escape) ?? "—"
            text += "| \(label) | \(name) | `\(resource)` | \(effect ?? "") |\n"
        }
        text += "\n</details>\n"
        return text
    }

    /// `bob@acme.example's session 990e… holds it open until …`: the person first, the id after.
    static func describe(_ session: ActiveSession, in plan: Plan) -> String {
        var text = "\(PeopleText.name(of: session, in: plan))'s session \(session.id) holds it open until "
            + PrintableText.escaped(session.expiresAt)
        if !session.otherResourceIds.isEmpty {
            text += "; stopping it also ends " + PeopleText.resources(session.otherResourceIds, in: plan)
        }
        return text
    }

    /// Text for inside a code span, where backslash escapes do not work.
    static func code(_ text: String) -> String {
        PrintableText.escaped(text).replacingBackticks()
    }

    /// Markdown text (a paragraph or a table cell): keeps names from breaking the table, turning
    /// into emphasis, links or code, or injecting HTML; control characters are made visible.
    static func escape(_ text: String) -> String {
        var output = ""
        for character in PrintableText.escaped(text) {
            switch character {
            case "|": output += "\\|"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "`", "*", "_", "[", "]", "\\", "~": output += "\\\(character)"
            default: output.append(character)
            }
        }
        return output
    }

    /// Text inside HTML (`<summary>`), where Markdown is not read: only `<`, `>` and `&` are special.
    /// A backslash escape here would be shown to the reader as a backslash.
    static func html(_ text: String) -> String {
        var output = ""
        for character in PrintableText.escaped(text) {
            switch character {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
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
