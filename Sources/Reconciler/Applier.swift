import EntryGuardAPI
import Foundation
import PolicyModel
import Parallel

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
    /// `--end-sessions`: after each removal succeeds, stop the active sessions that hold it open.
    public var endSessions = false

    /// The `--concurrency` a command accepts: more connections than 256 to one API only earn 429s.
    public static let concurrencyRange = 1...256

    public init(paths: [String] = [], planPath: String? = nil, autoApprove: Bool = false, dryRun: Bool = false,
                assignMissing: Bool = false, safety: SafetyValve = SafetyValve(), concurrency: Int = 8) {
        self.paths = paths
        self.planPath = planPath
        self.autoApprove = autoApprove
        self.dryRun = dryRun
        self.assignMissing = assignMissing
        self.safety = safety
        self.concurrency = concurrency
    }
}

/// Where apply meets the person, all of it done by the CLI: it shows a fresh plan, asks, and
/// prints progress. Apply itself prints nothing and writes no file.
public struct ApplyIO: Sendable {
    /// A plan just made and the warnings met making it, before anything is decided.
    public var show: @Sendable (Plan, [Diagnostic]) -> Void
    /// Asks whether to apply the plan's changes; `nil` when stdin and stderr are not both terminals.
    public var confirm: (@Sendable (Plan) async -> Bool)?
    /// Progress on stderr: rewritten in place when `liveProgress` (a terminal), else a line now and then.
    public var progress: @Sendable (String) -> Void
    public var liveProgress: Bool
    /// Warnings met after the plan was shown (or, for a saved plan, instead of showing it): sessions
    /// a saved plan does not list that hold removed access (`SessionRecheck`).
    public var warn: @Sendable ([Diagnostic]) -> Void = { _ in }

    public init(show: @escaping @Sendable (Plan, [Diagnostic]) -> Void, confirm: (@Sendable (Plan) async -> Bool)?,
                progress: @escaping @Sendable (String) -> Void, liveProgress: Bool) {
        self.show = show
        self.confirm = confirm
        self.progress = progress
        self.liveProgress = liveProgress
    }
}

/// What an apply did: the plan (`nil` when none could be made or read), how it ended, and, when it
/// stopped before its first change, the error with every diagnostic.
public struct ApplyOutcome: Sendable {
    public var plan: Plan?
    public var ending: ApplyEnding
    public var failure: ReconcileError?

    /// What `--report` holds; `nil` for a dry run.
    public var report: ApplyReport? { ending.report(of: plan) }
    public var exitStatus: Int32 { ending.exitStatus }
}

/// `egpolicy apply` (README, "apply"): plan (or read a saved plan), decide, ask, execute.
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

    /// How apply ended. An error before the first change ends it `stopped` (the outcome carries the
    /// error and the plan, if one was known, so the report can list every change as skipped); only
    /// errors that are not the reconciler's are thrown.
    public func run(access: LiveAccess) async throws -> ApplyOutcome {
        let known = KnownPlan()
        do {
            let ending = try await stop.cancellable { [self] in try await execute(access: access, known: known) }
            return ApplyOutcome(plan: known.plan, ending: ending)
        } catch let failure as ReconcileError where !known.executed {
            return ApplyOutcome(plan: known.plan, ending: .stopped(reason: failure.reason, endSessions: options.endSessions), failure: failure)
        }
    }

    /// Reading and planning are cancelled by a stop request (nothing has changed yet); once changes
    /// run, a stop only keeps new ones from starting.
    private func execute(access: LiveAccess, known: KnownPlan) async throws -> ApplyEnding {
        if let planPath = options.planPath {
            let plan = try SavedPlan.read(from: planPath)
            known.plan = plan
            guard plan.apiUrl == access.apiURL else {
                throw ReconcileError.refused("plan is stale: it was made for \(plan.apiUrl), but the API is now \(access.apiURL)", path: planPath)
            }
            return try await access.withClient { client in
                async let reread = rereadSessions(plan, client: client)
                let recheck = try await PlanRecheck.run(plan, client: client, concurrency: options.concurrency)
                var sessions: SessionRecheck?
                var notReread: String?
                switch await reread {
                case .success(let found)?: sessions = found
                case .failure(let unreadable)?: notReread = unreadable.reason
                case nil: break
                }
                if let unplanned = sessions?.unplanned, !unplanned.isEmpty { io.warn([unplannedWarning(unplanned, plan: plan)]) }
                let decision = ApplyDecision.decide(plan, stale: recheck.problems, safety: options.safety, liveBindings: recheck.liveBindings,
                                                    approval: .given, endSessions: options.endSessions, sessionsNotReread: notReread)
                return try await proceed(plan, decision, client: client, known: known, sessions: sessions)
            }
        }
        let request = PlanRequest(paths: options.paths, options: PlanOptions(assignMissing: options.assignMissing))
        return try await planner.plan(request, access: access) { outcome, client in
            guard let client else { throw ReconcileError.configuration("apply reads the live roles from the API, not from a file") }
            known.plan = outcome.plan
            io.show(outcome.plan, outcome.warnings)
            let approval: Approval = options.autoApprove || options.dryRun ? .given : io.confirm == nil ? .cannotAsk : .canAsk
            let decision = ApplyDecision.decide(outcome.plan, safety: options.safety,
                                                liveBindings: SafetyValve.liveBindings(of: outcome.plan), approval: approval,
                                                endSessions: options.endSessions)
            return try await proceed(outcome.plan, decision, client: client, known: known)
        }
    }

    /// With `--end-sessions` and removals to make, the saved plan's sessions read again; else `nil`.
    private func rereadSessions(_ plan: Plan, client: EntryGuardClient) async -> Result<SessionRecheck, SessionReread.Unreadable>? {
        guard options.endSessions, plan.changes.contains(where: { $0.action == .unassign }) else { return nil }
        return await SessionReread.run(plan, client: client)
    }

    /// Sessions the saved plan does not list that hold open what it removes: not stopped (the plan
    /// was reviewed without them), and said so before the first change.
    func unplannedWarning(_ sessions: [OutlivingSession], plan: Plan) -> Diagnostic {
        let listed = sessions.map { session in
            "\(session.id) of \(session.email ?? session.userId) until \(session.expiresAt) ("
                + session.resourceIds.map { plan.resourceName($0) ?? $0.rawValue }.joined(separator: ", ") + ")"
        }
        return .warning("\(sessions.count) active session(s) not in the saved plan hold open a resource it removes: "
                        + listed.joined(separator: "; ")
                        + ". They started after the plan was made, so apply does not stop them (it stops only the sessions the plan lists); "
                        + "make a new plan and apply it with --end-sessions to end them", path: options.planPath)
    }

    private func proceed(_ plan: Plan, _ decision: ApplyDecision, client: EntryGuardClient, known: KnownPlan,
                         sessions: SessionRecheck? = nil) async throws -> ApplyEnding {
        if options.dryRun {
            return .dryRun(refusal: decision.refusal, basePath: client.basePath, endSessions: options.endSessions, sessions: sessions)
        }
        switch decision {
        case .refuse(let refusal):
            throw ReconcileError(.refused, [refusal.diagnostic(path: options.planPath)])
        case .nothingToApply:
            return .nothingToApply
        case .ask:
            guard await io.confirm?(plan) == true else {
                if let why = stop.requested { throw ReconcileError.interrupted("\(why) before the first change: nothing was changed") }
                return .cancelled(endSessions: options.endSessions)
            }
        case .proceed:
            break
        }
        guard stop.beginExecution() else {
            throw ReconcileError.interrupted("\(stop.requested ?? "stopped") before the first change: nothing was changed")
        }
        known.executed = true
        let stops = options.endSessions ? SessionStop.planned(plan.changes).count : 0
        let progress = ApplyProgress(total: plan.changes.count, stops: stops, liveLine: io.liveProgress, write: io.progress)
        let executor = ApplyExecutor(client: client, concurrency: options.concurrency, stop: stop, progress: progress)
        return .executed(await progress.reporting {
            await executor.execute(plan.changes, endSessions: options.endSessions, sessions: sessions)
        })
    }
}

/// What apply knew when it stopped: the plan, once made or read, and whether changes had begun.
private final class KnownPlan: Sendable {
    private let state = Locked<(plan: Plan?, executed: Bool)>((nil, false))

    var plan: Plan? {
        get { state.withLock { $0.plan } }
        set { state.withLock { $0.plan = newValue } }
    }

    var executed: Bool {
        get { state.withLock { $0.executed } }
        set { state.withLock { $0.executed = newValue } }
    }
}
