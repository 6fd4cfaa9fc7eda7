import Foundation
import PolicyModel
@testable import Rendering
import Testing

/// The text plan is written in pieces rendered on all cores (heavy drift is megabytes of text):
/// the pieces, joined in the order they reach the sink, are the roles in the plan's order.
@Suite("Text plan written in pieces")
struct PlanTextPiecesTests {
    @Test("700 drifting roles: several pieces, each role once, in the plan's order, and the same bytes every time")
    func piecesInOrder() {
        let names = (0..<700).map { String(format: "role-%04d", $0) }
        let plan = Self.plan(names: names)
        var pieces: [String] = []
        PlanText.write(plan, to: { pieces.append($0) })
        // A heading piece, ceil(700 / rolesPerPiece) role pieces, a blank line, the footer.
        #expect(pieces.count == 3 + (700 + PlanText.rolesPerPiece - 1) / PlanText.rolesPerPiece)
        let text = pieces.joined()
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("~ role ") }
            .map { String($0.dropFirst(8).prefix(9)) }
        #expect(headings == names)
        #expect(text.hasSuffix("Plan: 700 to unassign, 0 to assign, 0 missing. 0 of 700 managed roles in sync; 2 unmanaged roles not touched.\n"))
        for _ in 0..<3 { #expect(PlanText.render(plan) == text) }
    }

    /// One unassignment per role; role and resource n have ids ending in n.
    static func plan(names: [String]) -> Plan {
        func id(_ prefix: String, _ n: Int) -> String {
            let hex = String(n, radix: 16)
            return prefix + "-e29b-41d4-a716-" + String(repeating: "0", count: 12 - hex.count) + hex
        }
        var roles: [RolePlan] = []
        var changes: [Change] = []
        for (index, name) in names.enumerated() {
            let role = RoleID(id("550e8400", index))!
            let resource = ResourceID(id("660e8400", index))!
            roles.append(RolePlan(id: role, name: name, source: SourceLocation(path: "policies/p.yaml", line: 3 + index, column: 5),
                                  liveResourceIds: [resource], desiredResourceIds: [], unassign: [resource], missing: []))
            changes.append(Change(action: .unassign, roleId: role, roleName: name, resourceId: resource, resourceName: nil))
        }
        let summary = PlanSummary(rolesManaged: names.count, rolesInSync: 0, rolesUnmanaged: 2, unassign: names.count, assign: 0, missing: 0)
        return Plan(generatedAt: "2026-11-22T10:00:00Z", apiUrl: "https://api.entryguard.io/api/v1", policyDigest: "sha256:00",
                    summary: summary, roles: roles, changes: changes, resourceNames: [:])
    }
}
