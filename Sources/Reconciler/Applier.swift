import EntryGuardAPI
import Foundation
import PolicyModel
import Rendering
import Synchronization

/// What `apply` was asked to do.
public struct ApplyOptions: Sendable {
    /// Policy paths; ignored with `planPath`.
    public var paths: [String]
    /// `--plan FILE`: execute exactly this saved plan, reading no policy.
    public var planPath: String?
    public var autoApprove: Bool
    public var dryRun: Bool
    public var assignMissing: Bool
    public var safety: SafetyValve
    public var concurrency: Int
    public var reportPath: String?

    /// The `--concurrency` a command accepts: more connections than 256 to one API only earn 429s.
    public static let concurrencyRange = 1...256

    public init(paths: [String] = [], planPath: String? = nil, autoApprove: Bool = false, dryRun: Bool = false,
                assignMissing: Bool = false, safety: SafetyValve = SafetyValve(), concurrency: Int = 8, reportPath: String? = nil) {
        self.paths = paths
        self.planPath = planPath
        self.autoApprove = autoApprove
        self.dryRun = dryRun
        self.assignMissing = assignMissing
        self.safety = safety
        self.concurrency = concurrency
        self.reportPath = reportPath
    }
}

/// Where apply talks to the person or the CI log.
public struct ApplyIO: Sendable {
    /// The plan, the dry-run report and the closing summary (stdout).
    public var output: @Sendable (String) -> Void
    /// Warnings (stderr).
    public var diagnostics: @Sendable ([Diagnostic]) -> Void
    /// Progress (stderr); `liveProgress` when stderr is a terminal.
    public var progress: @Sendable (String) -> Void
    public var liveProgress: Bool
    /// Asks a question on the terminal; `nil` when stdin and stderr are not both terminals.
    public var confirm: (@Sendable (String) async -> Bool)?
    /// How a freshly made plan is shown before it is applied.
    public var renderPlan: @Sendable (Plan) -> String

    public init(output: @escaping @Sendable (String) -> Void, diagnostics: @escaping @Sendable ([Diagnostic]) -> Void,
                progress: @escaping @Sendable (String) -> Void, liveProgress: Bool,
                confirm: (@Sendable (String) async -> Bool)?, renderPlan: @escaping @Sendable (Plan) -> String) {
        self.output = output
        self.diagnostics = diagnostics
        self.progress = progress
        self.liveProgress = liveProgress
        self.confirm = confirm
        self.renderPlan = renderPlan
    }
}

/// `egpolicy apply` (CONTRACT §5): plan (or read a saved plan), check, ask, execute, report.
public struct Applier: Sendable {
    public var planner: Planner
    public var options: ApplyOptions
    public var io: ApplyIO
    public var stop: StopRequest

    public init(planner: Planner = Planner(), options: ApplyOptions, io: ApplyIO, stop: StopRequest = StopRequest()) {
        self.planner = planner
        self.options = options
        self.io = io
        self.stop = stop
    }

    /// The exit status: 0 when every change ended applied or already-*, or a dry run found apply
    /// would proceed; 1 otherwise. Errors before the first change are thrown, after the report (every
    /// change skipped, and why) is written where one was asked for.
    public func run(access: LiveAccess) async throws -> Int32 {
        // An unwritable report must stop apply before it changes anything, not after.
        try ReportFile.checkWritable(options.reportPath)
        let known = KnownPlan()
        do {
            return try await execute(access: access, known: known)
        } catch let failure as PlanningFailure where !known.executed {
            let reason = failure.diagnostics.first { $0.severity == .error }?.message ?? "apply stopped before the first change"
            try? writeReport(Self.untouched(known.plan, because: reason))
            throw failure
        }
    }

    private func execute(access: LiveAccess, known: KnownPlan) async throws -> Int32 {
        if let planPath = options.planPath {
            let plan = try SavedPlan.read(from: planPath)
            known.plan = plan
            guard plan.apiUrl == access.apiURL else {
                throw PlanningFailure(.error("plan is stale: it was made for \(plan.apiUrl), but the API is now \(access.apiURL)", path: planPath))
            }
            return try await access.withClient { client in
                let recheck = try await stop.cancellable { try await PlanRecheck.run(plan, client: client, concurrency: options.concurrency) }
                let stale = recheck.problems.isEmpty ? nil : "plan is stale, make a new one: " + recheck.problems.joined(separator: "; ")
                let refusal = stale ?? options.safety.check(plan, liveBindings: recheck.liveBindings)?.message
                return try await proceed(plan, client: client, reviewed: true, refusal: refusal, known: known)
            }
        }
        let policy = try planner.loadPolicy(paths: options.paths).get()
        return try await access.withClient { client in
            let (plan, warnings) = try await stop.cancellable { [planner, options] in
                try await planner.plan(policy: policy, live: APILiveStateSource(client: client), apiURL: access.apiURL,
                                       options: PlanOptions(assignMissing: options.assignMissing)).get()
            }
            known.plan = plan
            io.diagnostics(warnings)
            io.output(io.renderPlan(plan))
            return try await proceed(plan, client: client, reviewed: false, refusal: options.safety.check(plan)?.message, known: known)
        }
    }

    private func proceed(_ plan: Plan, client: EntryGuardClient, reviewed: Bool, refusal: String?, known: KnownPlan) async throws -> Int32 {
        if options.dryRun {
            io.output(DryRunReport.render(plan, basePath: client.basePath, refusal: refusal))
            return refusal == nil ? 0 : 1
        }
        if let refusal {
            throw PlanningFailure(.error(refusal, path: options.planPath))
        }
        guard !plan.changes.isEmpty else {
            io.output("Nothing to apply: the managed roles already match the policy.\n")
            known.executed = true
            try writeReport(ApplyReport(results: []))
            return 0
        }
        if !reviewed && !options.autoApprove {
            guard let confirm = io.confirm else {
                throw PlanningFailure(.error("apply needs --auto-approve when not run from a terminal (or apply a reviewed plan with --plan FILE)"))
            }
            let question = "Apply these \(plan.changes.count) \(plan.changes.count == 1 ? "change" : "changes")? Only 'yes' is accepted: "
            guard try await stop.cancellable({ await confirm(question) }) else {
                if let why = stop.requested {
                    throw PlanningFailure(.error("\(why) before the first change: nothing was changed"))
                }
                io.output("Apply cancelled: nothing was changed.\n")
                known.executed = true
                try writeReport(Self.untouched(plan, because: "cancelled at the prompt"))
                return 1
            }
        }
        guard stop.beginExecution() else {
            throw PlanningFailure(.error("\(stop.requested ?? "stopped") before the first change: nothing was changed"))
        }
        known.executed = true
        let progress = ApplyProgress(total: plan.changes.count, liveLine: io.liveProgress, write: io.progress)
        let executor = ApplyExecutor(client: client, concurrency: options.concurrency, stop: stop, progress: progress)
        let report = await progress.reporting { await executor.execute(plan.changes) }
        try writeReport(report)
        io.output(ApplyReportRendering.text(report))
        return report.succeeded ? 0 : 1
    }

    /// The report of an apply that started nothing: every change skipped, and why.
    static func untouched(_ plan: Plan?, because reason: String) -> ApplyReport {
        ApplyReport(results: (plan?.changes ?? []).map { ChangeResult(change: $0, status: .skipped, attempts: 0) }, stoppedBecause: reason)
    }

    private func writeReport(_ report: ApplyReport) throws {
        guard let path = options.reportPath else { return }
        try ReportFile.write(ApplyReportRendering.json(report), to: path)
    }
}

/// What apply knew when it stopped: the plan, once made or read, and whether changes had begun.
private final class KnownPlan: Sendable {
    private let state = Mutex<(plan: Plan?, executed: Bool)>((nil, false))

    var plan: Plan? {
        get { state.withLock { $0.plan } }
        set { state.withLock { $0.plan = newValue } }
    }

    var executed: Bool {
        get { state.withLock { $0.executed } }
        set { state.withLock { $0.executed = newValue } }
    }
}
