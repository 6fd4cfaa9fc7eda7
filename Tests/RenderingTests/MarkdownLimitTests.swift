import PolicyModel
@testable import Rendering
import Testing

@Suite("Markdown limits and escaping")
struct MarkdownLimitTests {
    /// A plan with `roles` roles of `perRole` unassignments each.
    static func bigPlan(roles: Int, perRole: Int) -> Plan {
        func id(_ prefix: String, _ n: Int) -> String {
            let digits = String(n, radix: 16)
            return prefix + "-e29b-41d4-a716-" + String(repeating: "0", count: 12 - digits.count) + digits
        }
        var rolePlans: [RolePlan] = []
        var changes: [Change] = []
        for r in 0..<roles {
            let roleID = RoleID(id("550e8400", r))!
            let resources = (0..<perRole).map { ResourceID(id("660e8400", r * perRole + $0))! }
            rolePlans.append(RolePlan(id: roleID, name: "team-\(r)", source: SourceLocation(path: "policies/t.yaml", line: r + 1, column: 5),
                                      liveResourceIds: resources, desiredResourceIds: [], unassign: resources, missing: []))
            changes += resources.map { Change(action: .unassign, roleId: roleID, roleName: "team-\(r)", resourceId: $0, resourceName: nil) }
        }
        let summary = PlanSummary(rolesManaged: roles, rolesInSync: 0, rolesUnmanaged: 0, unassign: changes.count, assign: 0, missing: 0)
        return Plan(generatedAt: "2026-11-22T10:00:00Z", apiUrl: "https://api.entryguard.io/api/v1", policyDigest: "sha256:00",
                    summary: summary, roles: rolePlans, changes: changes)
    }

    @Test("a huge plan stays under 60,000 characters and says how much was left out")
    func truncation() throws {
        let plan = Self.bigPlan(roles: 400, perRole: 10)
        let markdown = PlanMarkdown.render(plan)
        #expect(markdown.count <= 60_000)
        #expect(markdown.hasPrefix("<!-- egpolicy:plan -->\n"))
        #expect(markdown.contains("| Bindings to unassign | **4000** |"))
        let shown = markdown.components(separatedBy: "<details>").count - 1
        #expect(shown > 0 && shown < 400)
        let left = (400 - shown) * 10
        #expect(markdown.contains("**Details cut: \(left) changes in \(400 - shown) more roles are not shown**"))
    }

    @Test("the cap counts UTF-16 code units, not characters: names of many combining marks stay under it")
    func combiningMarks() {
        var plan = Self.bigPlan(roles: 400, perRole: 2)
        // One character each: a letter and 300 combining marks (301 scalars, 301 UTF-16 units).
        for index in plan.roles.indices {
            plan.roles[index].name = "r" + String(repeating: "\u{0301}", count: 300)
        }
        let markdown = PlanMarkdown.render(plan)
        #expect(markdown.unicodeScalars.count <= 60_000)
        #expect(markdown.utf16.count <= 60_000)
        #expect(markdown.contains("more roles are not shown"))
        // Astral characters count two units each, as UTF-16 (and GitHub's limit) counts them.
        for index in plan.roles.indices { plan.roles[index].name = String(repeating: "\u{1F600}", count: 150) }
        #expect(PlanMarkdown.render(plan).utf16.count <= 60_000)
    }

    @Test("a plan that fits is not cut")
    func noTruncation() {
        let markdown = PlanMarkdown.render(Self.bigPlan(roles: 5, perRole: 3))
        #expect(markdown.components(separatedBy: "<details>").count - 1 == 5)
        #expect(!markdown.contains("not shown"))
    }

    @Test("names cannot break the table or inject HTML; control characters are made visible")
    func escaping() {
        #expect(PlanMarkdown.escape("a|b<script>`x`_y_\u{1B}[31m") == #"a\|b&lt;script&gt;\`x\`\_y\_\\u{1B}\[31m"#)
        #expect(PrintableText.escaped("Dev\u{1B}[2JOps") == "Dev\\u{1B}[2JOps")
    }
}
