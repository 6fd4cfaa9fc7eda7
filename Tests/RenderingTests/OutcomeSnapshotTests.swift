import Foundation
import PolicyModel
import Rendering
import TestSupport
import Testing

/// Golden files of what apply and drift print and write, beside the plan's: the dry-run report, the
/// apply summary and its JSON (report file and `--format json` document), the metrics file and the
/// GitHub annotations, all of the bundled example.
@Suite("Outcome golden files")
struct OutcomeSnapshotTests {
    /// The example's changes ended in every status, as a run that failed and was stopped ends.
    static func report(of plan: Plan) -> ApplyReport {
        let statuses: [ChangeStatus] = [.applied, .alreadyAbsent, .failed, .applied, .skipped, .skipped]
        let results = zip(plan.changes, statuses).map { change, status in
            ChangeResult(change: change, status: status, attempts: status == .skipped ? 0 : status == .failed ? 6 : 1,
                         error: status == .failed ? "DELETE /api/v1/roles/\(change.roleId)/resources/\(change.resourceId): HTTP 500 after 6 attempts" : nil)
        }
        return ApplyReport(results: results, stoppedBecause: "interrupted by SIGTERM")
    }

    @Test("dry run: proceeding, and refused by the safety valve")
    func dryRun() async throws {
        let plan = try await ExamplePlanSnapshotTests.examplePlan()
        let valve = try #require(SafetyValve(maxUnassign: 2).check(plan))
        let text = ApplyRendering.text(.dryRun(refusal: nil, basePath: "/api/v1"), plan: plan)
            + ApplyRendering.text(.dryRun(refusal: .safetyValve(valve), basePath: "/api/v1"), plan: plan)
        try Snapshot.assertMatches(text, named: "example-dry-run.txt")
        try Snapshot.assertMatches(ApplyRendering.json(.dryRun(refusal: .safetyValve(valve), basePath: "/api/v1"), plan: plan),
                                   named: "example-dry-run.json")
    }

    @Test("apply: the summary, the --report file and the --format json document")
    func applySummary() async throws {
        let plan = try await ExamplePlanSnapshotTests.examplePlan()
        let report = Self.report(of: plan)
        try Snapshot.assertMatches(ApplyRendering.text(.executed(report), plan: plan), named: "example-apply-summary.txt")
        try Snapshot.assertMatches(ApplyReportRendering.json(report), named: "example-apply-report.json")
        try Snapshot.assertMatches(ApplyRendering.json(.executed(report), plan: plan), named: "example-apply.json")
        try Snapshot.assertMatches(ApplyReportRendering.json(try #require(ApplyEnding.stopped(reason: "refusing to apply").report(of: plan))),
                                   named: "example-apply-report-stopped.json")
    }

    @Test("drift: the metrics file, in sync or not, and when the check failed")
    func metrics() async throws {
        let plan = try await ExamplePlanSnapshotTests.examplePlan()
        let build = DriftMetrics.Build(version: "0.1.0", commit: "0123456789abcdef0123456789abcdef01234567")
        try Snapshot.assertMatches(DriftMetrics.render(plan, timestamp: 1_795_341_600, build: build, duration: 0.25), named: "example-drift.prom")
        try Snapshot.assertMatches(DriftMetrics.render(nil, timestamp: 1_795_341_600, build: build, duration: 12.0625),
                                   named: "example-drift-failed.prom")
    }

    @Test("GitHub annotations: a warning per drifted role and a diagnostic with a location")
    func annotations() async throws {
        let plan = try await ExamplePlanSnapshotTests.examplePlan()
        let diagnostic = Diagnostic.warning("resource 'warehouse' does not exist in the organization",
                                            at: SourceLocation(path: "examples/policies/data.yaml", line: 7, column: 9))
        let lines = GitHubAnnotations.driftWarnings(plan) + [GitHubAnnotations.render(diagnostic)]
        try Snapshot.assertMatches(lines.joined(separator: "\n") + "\n", named: "example-annotations.txt")
    }
}
