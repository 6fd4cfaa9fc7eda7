import Foundation
import PolicyModel
@testable import Rendering
import TestSupport
import Testing

/// The pull-request comment (issue 15): verdict first, names before ids, a real table header, the
/// commits and run, names with Markdown and HTML characters shown as they are, and where the full
/// plan is when details are cut.
@Suite("Markdown plan as a pull-request comment")
struct PlanMarkdownCommentTests {
    /// Role and resource names with `_`, `*`, `<`, `|`, `&`, a backslash and a backtick.
    static let names = ["data_eng", "*ops* team", "<b>x</b> & co", "a|b", "back\\slash `tick`"]

    static func plan(names: [String] = names) -> Plan {
        func id(_ prefix: String, _ n: Int) -> String {
            prefix + "-e29b-41d4-a716-" + String(repeating: "0", count: 11) + String(n, radix: 16)
        }
        var roles: [RolePlan] = []
        var changes: [Change] = []
        var resourceNames: [String: String] = [:]
        for (index, name) in names.enumerated() {
            let role = RoleID(id("550e8400", index))!
            let resource = ResourceID(id("660e8400", index))!
            resourceNames[resource.rawValue] = "res_" + name
            roles.append(RolePlan(id: role, name: name, source: SourceLocation(path: "policies/t_\(index).yaml", line: 3, column: 5),
                                  liveResourceIds: [resource], desiredResourceIds: [], unassign: [resource], missing: []))
            changes.append(Change(action: .unassign, roleId: role, roleName: name, resourceId: resource, resourceName: "res_" + name))
        }
        roles.sort { ($0.name, $0.id) < ($1.name, $1.id) }
        let summary = PlanSummary(rolesManaged: names.count, rolesInSync: 0, rolesUnmanaged: 2, unassign: names.count, assign: 0, missing: 0)
        return Plan(generatedAt: "2026-11-22T10:00:00Z", apiUrl: "https://api.entryguard.io/api/v1", policyDigest: "sha256:00",
                    summary: summary, roles: roles, changes: changes, resourceNames: resourceNames)
    }

    static let context = MarkdownContext(title: "prod_eu", headCommit: "0123456789abcdef0123456789abcdef01234567", baseCommit: "main",
                                         runURL: "https://github.com/acme/policy/actions/runs/42", mergeApplies: true, fullPlanFile: "plan.json")

    @Test("the exact bytes of a comment with names that are Markdown and HTML, with commits and a run link")
    func exactBytes() throws {
        try Snapshot.assertMatches(PlanMarkdown.render(Self.plan(), context: Self.context), named: "comment-special-names.md")
    }

    @Test("the verdict is the first visible line and says what merging does")
    func verdict() {
        let lines = PlanMarkdown.render(Self.plan(), context: Self.context).split(separator: "\n")
        #expect(lines[0] == "<!-- egpolicy:plan -->")
        #expect(lines[1] == "**egpolicy plan (prod\\_eu): 5 removals in 5 roles; merging applies them.**")
        #expect(lines[2] == "Head 0123456789abcdef0123456789abcdef01234567 · base `main` · [CI run](https://github.com/acme/policy/actions/runs/42)")
        let plain = PlanMarkdown.render(Self.plan(names: ["a"]))
        #expect(plain.split(separator: "\n")[1] == "**egpolicy plan: 1 removal in 1 role.**")
        var inSync = Self.plan(names: [])
        inSync.summary.rolesManaged = 3
        inSync.summary.rolesInSync = 3
        #expect(PlanMarkdown.render(inSync, context: Self.context).split(separator: "\n")[1]
            == "**egpolicy plan (prod\\_eu): no changes.** All 3 managed roles match the policy.")
    }

    @Test("no table has an empty header row; resource names come before their ids")
    func tables() {
        let markdown = PlanMarkdown.render(Self.plan(), context: Self.context)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where line.hasPrefix("|:--") {
            let header = lines[index - 1].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(!header.contains(""), "empty header cell in \(lines[index - 1])")
        }
        #expect(markdown.contains("| Change | Resource | Resource id | Effective access |"))
        #expect(markdown.contains("| unassign | res\\_data\\_eng | `660e8400-e29b-41d4-a716-000000000000` |"))
    }

    @Test("a cut comment says so and names the saved plan and the run")
    func cutNote() {
        let markdown = PlanMarkdown.render(MarkdownLimitTests.bigPlan(roles: 400, perRole: 10), context: Self.context)
        #expect(markdown.utf16.count <= PlanMarkdown.defaultLimit)
        #expect(markdown.contains("**Details cut: "))
        #expect(markdown.contains("The full plan is `plan.json` (kept with the artifacts of the [CI run](https://github.com/acme/policy/actions/runs/42), "
            + "when the CI job keeps it): `egpolicy show plan.json` renders it."))
        let bare = PlanMarkdown.render(MarkdownLimitTests.bigPlan(roles: 400, perRole: 10))
        #expect(bare.contains("For the full plan, run `egpolicy plan --out plan.json` and `egpolicy show plan.json`."))
    }

    @Test("the CI's environment gives the commits and the run: GitHub Actions and GitLab CI")
    func environment() {
        let github = MarkdownContext.fromEnvironment([
            "GITHUB_ACTIONS": "true", "GITHUB_SHA": "1111111111111111111111111111111111111111", "GITHUB_BASE_REF": "main",
            "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/policy", "GITHUB_RUN_ID": "42",
        ])
        #expect(github == MarkdownContext(headCommit: "1111111111111111111111111111111111111111", baseCommit: "main",
                                          runURL: "https://github.com/acme/policy/actions/runs/42"))
        let pullRequest = MarkdownContext.fromEnvironment(["GITHUB_ACTIONS": "true", "GITHUB_SHA": "merge"], pullRequest: ("head", "base"))
        #expect(pullRequest.headCommit == "head" && pullRequest.baseCommit == "base" && pullRequest.runURL == nil)
        let gitlab = MarkdownContext.fromEnvironment([
            "GITLAB_CI": "true", "CI_COMMIT_SHA": "2222222222222222222222222222222222222222",
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_JOB_URL": "https://gitlab.example/acme/policy/-/jobs/7",
        ])
        #expect(gitlab == MarkdownContext(headCommit: "2222222222222222222222222222222222222222", baseCommit: "main",
                                          runURL: "https://gitlab.example/acme/policy/-/jobs/7"))
        #expect(MarkdownContext.fromEnvironment(["GITHUB_SHA": "1111111111111111111111111111111111111111"]) == MarkdownContext())
        // A URL cannot end its link early.
        #expect(MarkdownContext(runURL: "https://x.example/a)b c").runLink == "[CI run](https://x.example/a%29b%20c)")
        #expect(MarkdownContext(runURL: "javascript:alert(1)").runLink == nil)
    }

    /// cmark-gfm, as GitHub renders comments: tables, autolinks, strikethrough, tag filter; raw HTML kept.
    static let cmark = ExternalTool.find("cmark-gfm")

    @Test("cmark-gfm shows the names exactly: no backslashes in <summary>, no emphasis, no HTML injected, tables intact",
          .enabled(if: cmark != nil, "cmark-gfm is not installed (Debian: apt-get install cmark-gfm)"))
    func renderedByCmarkGFM() async throws {
        let markdown = PlanMarkdown.render(Self.plan(), context: Self.context)
        let html = try await ExternalTool.run(try #require(Self.cmark), ["--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough",
                                                                   "-e", "tagfilter"], input: markdown).stdout
        for (name, summary) in [("data_eng", "data_eng"), ("*ops* team", "*ops* team"), ("<b>x</b> & co", "&lt;b&gt;x&lt;/b&gt; &amp; co"),
                                ("a|b", "a|b"), ("back\\slash `tick`", "back\\slash `tick`")] {
            #expect(html.contains("<summary><b>\(summary)</b>: 1 to unassign</summary>"), "\(name) in <summary>")
            // In the table the name is Markdown, rendered back to the same text (HTML-escaped by cmark).
            let cell = "res_" + summary.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">")
            let escaped = cell.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
            #expect(html.contains("<td align=\"left\">\(escaped)</td>"), "\(name) in its table cell")
        }
        #expect(!html.contains("<em>"))
        #expect(!html.contains("<strong>ops"))
        #expect(!html.contains("<b>x</b>"))
        #expect(!html.contains("\\_"))
        // Every row of every table has its four cells: no `|` in a name split one.
        let rows = html.components(separatedBy: "<tr>").dropFirst()
        for row in rows {
            let cells = row.matches(of: /<t[dh][ >]/).count
            #expect(cells == 4 || cells == 2, "\(row)")
        }
        #expect(html.contains("<strong>egpolicy plan (prod_eu): 5 removals in 5 roles; merging applies them.</strong>"))
        #expect(html.contains("<a href=\"https://github.com/acme/policy/actions/runs/42\">CI run</a>"))
        #expect(!html.contains("<thead>\n<tr>\n<th align=\"left\"></th>"))
    }
}
