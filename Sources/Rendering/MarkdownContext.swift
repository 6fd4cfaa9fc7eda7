import PolicyModel

/// What the Markdown plan says about where it was made (README, "Pull-request comments"): a title,
/// the commits, the CI run, whether merging applies the plan, and where the full plan is kept.
public struct MarkdownContext: Sendable, Equatable {
    /// Names the plan in its verdict (`egpolicy plan (production): …`), for several plans in one pull request.
    public var title: String?
    /// The commit whose policy was planned (a pull request's head).
    public var headCommit: String?
    /// The commit or branch the change is to be merged into.
    public var baseCommit: String?
    /// The CI run that made the plan: its log and its artifacts.
    public var runURL: String?
    /// The recommended flow applies the reviewed plan on merge; the verdict then says so.
    public var mergeApplies = false
    /// The file the full plan was saved to (`plan --out`, or the file `show` read).
    public var fullPlanFile: String?

    public init(title: String? = nil, headCommit: String? = nil, baseCommit: String? = nil, runURL: String? = nil,
                mergeApplies: Bool = false, fullPlanFile: String? = nil) {
        self.title = title
        self.headCommit = headCommit
        self.baseCommit = baseCommit
        self.runURL = runURL
        self.mergeApplies = mergeApplies
        self.fullPlanFile = fullPlanFile
    }

    /// The defaults a CI system's environment gives: GitHub Actions (`GITHUB_ACTIONS=true`) and GitLab CI
    /// (`GITLAB_CI=true`). `pullRequest` is the head and base commit of a GitHub pull-request event, read
    /// from `GITHUB_EVENT_PATH` by the caller; `GITHUB_SHA` is then a merge commit GitHub made, not the head.
    public static func fromEnvironment(_ environment: [String: String], pullRequest: (head: String?, base: String?) = (nil, nil))
        -> MarkdownContext
    {
        func value(_ key: String) -> String? {
            guard let text = environment[key], !text.isEmpty else { return nil }
            return text
        }
        var context = MarkdownContext()
        if environment["GITHUB_ACTIONS"] == "true" {
            context.headCommit = pullRequest.head ?? value("GITHUB_SHA")
            context.baseCommit = pullRequest.base ?? value("GITHUB_BASE_REF")
            if let server = value("GITHUB_SERVER_URL"), let repository = value("GITHUB_REPOSITORY"), let run = value("GITHUB_RUN_ID") {
                context.runURL = "\(server)/\(repository)/actions/runs/\(run)"
            }
        } else if environment["GITLAB_CI"] == "true" {
            context.headCommit = value("CI_COMMIT_SHA")
            context.baseCommit = value("CI_MERGE_REQUEST_DIFF_BASE_SHA") ?? value("CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
            context.runURL = value("CI_JOB_URL")
        }
        return context
    }

    /// `Head 0a1b… · base 9f8e… · [CI run](https://…)`, or nil when nothing is known.
    func provenanceLine() -> String? {
        var parts: [String] = []
        if let headCommit { parts.append("Head " + Self.commit(headCommit)) }
        if let baseCommit { parts.append("base " + Self.commit(baseCommit)) }
        if let link = runLink { parts.append(link) }
        guard !parts.isEmpty else { return nil }
        var line = parts.joined(separator: " · ")
        line = line.prefix(1).uppercased() + line.dropFirst()
        return line
    }

    /// `[CI run](url)` for an http(s) URL, with the characters that would end the link encoded.
    var runLink: String? {
        guard let runURL, runURL.hasPrefix("https://") || runURL.hasPrefix("http://") else { return nil }
        var encoded = ""
        for scalar in runURL.unicodeScalars {
            switch scalar {
            case "(", ")", "<", ">", " ", "\"", "\\", "`", "|", "[", "]":
                encoded += "%" + String(scalar.value, radix: 16, uppercase: true)
            default:
                if scalar.value < 0x21 || scalar.value == 0x7F {
                    encoded += "%" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    encoded.unicodeScalars.append(scalar)
                }
            }
        }
        return "[CI run](\(encoded))"
    }

    /// A hex commit id as plain text (GitHub and GitLab link it); anything else (a branch) as code.
    static func commit(_ text: String) -> String {
        let isHex = (7...64).contains(text.count) && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
        return isHex ? text : "`" + PlanMarkdown.code(text) + "`"
    }

    /// Where the full plan is, for the line that says details were cut.
    func cutNote(limit: Int) -> String {
        if let file = fullPlanFile {
            let name = "`" + PlanMarkdown.code(file) + "`"
            let kept = runLink.map { " (kept with the artifacts of the \($0), when the CI job keeps it)" } ?? ""
            return "The full plan is \(name)\(kept): `egpolicy show \(PlanMarkdown.code(file))` renders it."
        }
        return "For the full plan, run `egpolicy plan --out plan.json` and `egpolicy show plan.json`"
            + (runLink.map { "; the log of the \($0) has the warnings" } ?? "") + "."
    }
}

extension PlanMarkdown {
    /// The first visible line: what merging does, in one sentence, then who loses access.
    /// `**egpolicy plan: 12 removals in 4 roles; merging applies them.** 9 people lose access (…).`
    static func verdict(_ plan: Plan, context: MarkdownContext) -> String {
        let summary = plan.summary
        let name = "egpolicy plan" + (context.title.map { " (\(escape($0)))" } ?? "")
        guard plan.hasDrift else {
            return "**\(name): no changes.** All \(summary.rolesManaged) managed \(plural(summary.rolesManaged, "role")) match the policy."
        }
        let assigning = Set(plan.changes.lazy.filter { $0.action == .assign }.map(\.roleId))
        let changedRoles = plan.roles.filter { !$0.unassign.isEmpty || (assigning.contains($0.id) && !$0.missing.isEmpty) }.count
        var changes: [String] = []
        if summary.unassign > 0 { changes.append("\(summary.unassign) \(plural(summary.unassign, "removal"))") }
        if summary.assign > 0 { changes.append("\(summary.assign) \(plural(summary.assign, "assignment"))") }
        var clauses: [String] = []
        if !changes.isEmpty { clauses.append(changes.joined(separator: " and ") + " in \(changedRoles) \(plural(changedRoles, "role"))") }
        let unassigned = summary.missing - summary.assign
        if unassigned > 0 { clauses.append("\(unassigned) missing \(plural(unassigned, "binding")) (reported, not assigned)") }
        var text = "**\(name): " + clauses.joined(separator: ", ")
        if context.mergeApplies {
            text += changes.isEmpty ? "; merging changes nothing live" : "; merging applies \(plan.changes.count == 1 ? "it" : "them")"
        }
        text += ".**"
        let losing = PeopleText.usersLosingAccess(plan)
        var people: [String] = []
        if !losing.isEmpty {
            var sentence = "\(losing.count) \(losing.count == 1 ? "person loses" : "people lose") access"
            // Names only where emails are known: a row of UUIDs tells a reviewer nothing.
            let named = losing.compactMap { plan.email(ofUser: $0) }.sorted()
            if !named.isEmpty {
                let shown = named.prefix(5).map { escape($0) }.joined(separator: ", ")
                sentence += " (" + shown + (losing.count > min(5, named.count) ? ", …" : "") + ")"
            }
            people.append(sentence)
        }
        let outliving = OutlivingSessions(plan: plan)
        if !outliving.sessions.isEmpty, let until = outliving.latestExpiry {
            people.append("\(outliving.sessions.count) active \(plural(outliving.sessions.count, "session")) keep removed access open "
                + "until \(escape(until)) unless applied with `--end-sessions`")
        }
        if !people.isEmpty {
            let sentence = people.joined(separator: "; ")
            text += " " + sentence.prefix(1).uppercased() + sentence.dropFirst() + "."
        }
        return text
    }
}
