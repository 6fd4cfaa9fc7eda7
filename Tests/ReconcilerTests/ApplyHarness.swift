import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import TestSupport
import PolicyModel
import Reconciler
import Rendering
import Parallel

/// Runs `Applier` against the simulator and keeps what it printed.
struct ApplyHarness: Sendable {
    static let token = "apply-admin-token-31c7"
    static let examplePolicies = Repository.root + "/examples/policies"

    final class Captured: Sendable {
        private let text = Locked("")
        func append(_ more: String) { text.withLock { $0 += more } }
        var value: String { text.withLock { $0 } }
    }

    let output = Captured()
    let errors = Captured()
    /// What `apply --format json` would print: one document, the plan and the report.
    let document = Captured()

    /// What the CLI would show and ask: the plan as one line, warnings as lines of `errors`.
    func io(confirm: (@Sendable (Plan) async -> Bool)? = nil, liveProgress: Bool = false) -> ApplyIO {
        var io = ApplyIO(show: { plan, warnings in
                             errors.append(warnings.map { "\($0)\n" }.joined())
                             output.append("plan with \(plan.changes.count) changes\n")
                         },
                         confirm: confirm, progress: { errors.append($0) }, liveProgress: liveProgress)
        io.warn = { warnings in errors.append(warnings.map { "\($0)\n" }.joined()) }
        return io
    }

    /// What the CLI does with an outcome: the report file, the text on stdout.
    func finish(_ outcome: ApplyOutcome, reportPath: String?) throws {
        if let reportPath, let report = outcome.report {
            try ReportFile.write(ApplyReportRendering.json(report), to: reportPath)
        }
        output.append(ApplyRendering.text(outcome.ending, plan: outcome.plan))
        document.append(ApplyRendering.json(outcome.ending, plan: outcome.plan))
    }

    func access(_ handle: SimulatorHandle, maxRetries: Int = 5, token: String = ApplyHarness.token,
                timeout: Duration = .seconds(10)) -> LiveAccess {
        LiveAccess(apiURL: handle.baseURL, environment: ["ENTRYGUARD_TOKEN": token], maxRetries: maxRetries,
                   requestTimeout: timeout, maxConnections: 16)
    }

    /// Runs apply as the CLI does (the report checked first, written last); a failure comes back as
    /// its messages.
    func run(_ options: ApplyOptions, reportPath: String? = nil, on handle: SimulatorHandle, maxRetries: Int = 5,
             timeout: Duration = .seconds(10), stop: StopRequest = StopRequest(),
             confirm: (@Sendable (Plan) async -> Bool)? = nil, liveProgress: Bool = false) async -> (status: Int32, failure: [String]) {
        do {
            try ReportFile.checkWritable(reportPath)
            let outcome = try await Applier(options: options, io: io(confirm: confirm, liveProgress: liveProgress), stop: stop)
                .run(access: access(handle, maxRetries: maxRetries, timeout: timeout))
            try finish(outcome, reportPath: reportPath)
            return (outcome.exitStatus, outcome.failure?.diagnostics.map(\.message) ?? [])
        } catch let failure as ReconcileError {
            return (1, failure.diagnostics.map(\.message))
        } catch {
            return (1, ["\(error)"])
        }
    }

    static func writes(_ handle: SimulatorHandle) async -> [String] {
        await handle.requestLog().filter { $0.method == "DELETE" || $0.method == "POST" }.map { "\($0.method) \($0.path)" }
    }

    static func temporaryPath(_ name: String) -> String {
        let directory = Scratch.root.appendingPathComponent("egpolicy-apply-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    /// A policy that declares `roles` generated roles with no resource (the simulator holds each with
    /// `perRole` resources): every binding is to be unassigned.
    static func emptyingPolicy(roles: Int, perRole: Int) throws -> (policy: String, state: [SimRole]) {
        var yaml = "version: 1\nroles:\n"
        var state: [SimRole] = []
        for r in 0..<roles {
            let id = String(format: "550e8400-e29b-41d4-a716-%012x", 0x1000 + r)
            yaml += "  - id: \(id)\n    resources: []\n"
            let resources = (0..<perRole).map { String(format: "660e8400-e29b-41d4-a716-%012x", 0x1000 + r * perRole + $0) }
            state.append(SimRole(id: id, name: "team-\(r)", resourceIds: resources))
        }
        let path = temporaryPath("emptying.yaml")
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return (path, state)
    }
}
