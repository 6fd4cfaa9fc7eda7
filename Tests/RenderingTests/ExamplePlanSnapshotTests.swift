import Foundation
import PolicyModel
import Reconciler
import Rendering
import TestSupport
import Testing

/// The bundled example (`examples/`), planned with a fixed clock and rendered in every format.
@Suite("Example plan golden files")
struct ExamplePlanSnapshotTests {
    static let fixedNow = Date(timeIntervalSince1970: 1_795_341_600) // 2026-11-22T10:00:00Z

    /// Plans the example with paths relative to the package root, as the README's quick start does.
    static func examplePlan(assignMissing: Bool = false) async throws -> Plan {
        let root = Repository.root + "/"
        let planner = Planner(now: { fixedNow })
        let access = LiveAccess(apiURL: APIConfiguration.defaultURL, liveStatePath: root + "examples/live-state.json", environment: [:])
        var plan = try await planner.plan(PlanRequest(paths: [root + "examples/policies"], options: PlanOptions(assignMissing: assignMissing)),
                                          access: access).plan
        // Sources keep the path as given; show them relative to the package root.
        plan.roles = plan.roles.map { role in
            var role = role
            role.source.path = String(role.source.path.dropFirst(root.count))
            return role
        }
        return plan
    }

    @Test("text")
    func text() async throws {
        try Snapshot.assertMatches(PlanText.render(try await Self.examplePlan()), named: "example-plan.txt")
    }

    @Test("text with colors, as on a terminal")
    func textWithColors() async throws {
        try Snapshot.assertMatches(PlanText.render(try await Self.examplePlan(), style: TextStyle(colors: true)), named: "example-plan-color.txt")
    }

    @Test("text with --assign-missing")
    func textAssignMissing() async throws {
        try Snapshot.assertMatches(PlanText.render(try await Self.examplePlan(assignMissing: true)), named: "example-plan-assign-missing.txt")
    }

    @Test("JSON")
    func json() async throws {
        try Snapshot.assertMatches(PlanJSON.render(try await Self.examplePlan()), named: "example-plan.json")
    }

    @Test("Markdown")
    func markdown() async throws {
        try Snapshot.assertMatches(PlanMarkdown.render(try await Self.examplePlan()), named: "example-plan.md")
    }

    @Test("the same inputs give the same bytes")
    func deterministic() async throws {
        let first = PlanJSON.render(try await Self.examplePlan())
        let second = PlanJSON.render(try await Self.examplePlan())
        #expect(first == second)
    }

    @Test("a saved plan reads back equal, and renders the same")
    func savedPlanRoundTrip() async throws {
        let plan = try await Self.examplePlan(assignMissing: true)
        let path = Scratch.root.appendingPathComponent("egpolicy-plan-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SavedPlan.write(plan, to: path)
        let read = try SavedPlan.read(from: path)
        #expect(read == plan)
        #expect(PlanText.render(read) == PlanText.render(plan))
    }

    @Test("a saved plan that is not strict JSON is refused with its line and column, before it is decoded", arguments: [
        ("a trailing comma", "{\"formatVersion\": 1,}", "line 1, column 20"),
        ("a leading zero", "{\"formatVersion\": 01}", "line 1, column 19"),
        ("a raw tab in a string", "{\"generatedAt\": \"2026\t\"}", "line 1, column 22"),
    ])
    func savedPlanNotStrictJSON(what: String, text: String, position: String) throws {
        let path = Scratch.root.appendingPathComponent("egpolicy-strict-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try SavedPlan.read(from: path)
            Issue.record("\(what): expected a refusal")
        } catch {
            #expect(error.kind == .invalidPlan)
            #expect(error.reason.hasPrefix("not a saved egpolicy plan: invalid JSON at \(position)"), "\(what): \(error.reason)")
        }
    }

    @Test("a file that is not a plan, or of another format version, is refused")
    func savedPlanErrors() throws {
        let path = Scratch.root.appendingPathComponent("egpolicy-bad-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("[1, 2]".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try SavedPlan.read(from: path) } throws: { ($0 as? ReconcileError)?.kind == .invalidPlan }
        try Data(#"{"formatVersion": 2}"#.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try SavedPlan.read(from: path)
            Issue.record("expected a failure")
        } catch {
            #expect(error.diagnostics.first?.message.contains("missing key 'generatedAt'") == true)
        }
    }
}
