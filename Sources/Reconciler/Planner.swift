import EntryGuardAPI
import Foundation
import Parallel
import PolicyLoader
import PolicyModel

/// What `plan`, `drift` and `apply` plan: the policy's paths, a base policy's (`plan --base`) and
/// the options.
public struct PlanRequest: Sendable {
    public var paths: [String]
    public var basePaths: [String]
    public var options: PlanOptions

    public init(paths: [String], basePaths: [String] = [], options: PlanOptions = PlanOptions()) {
        self.paths = paths
        self.basePaths = basePaths
        self.options = options
    }
}

/// A plan, the warnings met on the way, and the live roles it was made against.
public struct PlanOutcome: Sendable {
    public var plan: Plan
    public var warnings: [Diagnostic]
    public var reading: LiveReading
}

/// The plan pipeline: load the policy → read live state → diff → attach metadata.
public struct Planner: Sendable {
    public var loader: PolicyLoader
    /// The time written into `generatedAt`; injected so tests and golden files are stable.
    public var now: @Sendable () -> Date

    public init(loader: PolicyLoader = PolicyLoader(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.loader = loader
        self.now = now
    }

    /// A checked policy (warnings allowed); one with errors is `invalidPolicy`.
    public func loadPolicy(paths: [String]) throws(ReconcileError) -> PolicyLoader.Outcome {
        let loaded = loader.load(paths: paths)
        guard !loaded.diagnostics.hasErrors else { throw .invalidPolicy(loaded.diagnostics) }
        return loaded
    }

    /// The pipeline of `plan`, `drift` and `apply`: the policy, then credentials and live state,
    /// then the difference. This is the one place that orders them: a policy with errors asks for
    /// no credential and makes no request (a `--live-state` file, which makes none, is read beside
    /// it). `body` receives the plan while the API client that read it is still open — `apply`
    /// goes on with it; `nil` with a `--live-state` file.
    public func plan<Result>(_ request: PlanRequest, access: LiveAccess,
                             then body: (PlanOutcome, EntryGuardClient?) async throws -> Result) async throws -> Result {
        var access = access
        access.readLiveStateFileEarly()
        let policy = try loadPolicy(paths: request.paths)
        let base = request.basePaths.isEmpty ? nil : loader.load(paths: request.basePaths)
        return try await access.withSource { source, client in
            let outcome = try await plan(policy: policy, base: base, live: source, apiURL: access.apiURL, options: request.options)
            return try await body(outcome, client)
        }
    }

    /// `plan(_:access:then:)` for `plan` and `drift`: the outcome alone.
    public func plan(_ request: PlanRequest, access: LiveAccess) async throws -> PlanOutcome {
        try await plan(request, access: access) { outcome, _ in outcome }
    }

    /// A checked policy against a live source. With `base` (a second policy, `plan --base`), the
    /// plan also tells its own differences from drift that the base policy has too; a base that
    /// cannot be planned is a warning, not an error.
    public func plan(policy: PolicyLoader.Outcome, base: PolicyLoader.Outcome? = nil, live source: some LiveStateSource,
                     apiURL: String, options: PlanOptions) async throws(ReconcileError) -> PlanOutcome {
        let reading: LiveReading
        do {
            reading = try await source.fetchLiveState()
        } catch {
            throw error.after(policy.diagnostics)
        }
        var (plan, warnings) = try self.plan(policy: policy, reading: reading, apiURL: apiURL, options: options)
        if let base {
            do throws(ReconcileError) {
                guard !base.diagnostics.hasErrors else { throw .invalidPolicy(base.diagnostics) }
                let (basePlan, _) = try self.plan(policy: base, reading: LiveReading(state: reading.state), apiURL: apiURL, options: options)
                plan.base = BaseComparison(head: plan, base: basePlan)
            } catch {
                let errors = error.diagnostics.filter { $0.severity == .error }
                warnings.append(.warning("the base policy cannot be planned, so no comparison is shown (\(errors.count) error(s); first: \(errors.first?.description ?? "?"))"))
            }
        }
        return PlanOutcome(plan: plan, warnings: warnings, reading: reading)
    }

    /// The plan of a checked policy against live state already read.
    public func plan(policy: PolicyLoader.Outcome, reading: LiveReading, apiURL: String, options: PlanOptions)
        throws(ReconcileError) -> (plan: Plan, warnings: [Diagnostic])
    {
        // The policy's digest needs only the policy, the reading's warnings only the policy and the
        // reading: both are made beside the diff, the longer part (at 100,000 bindings the digest
        // hashes megabytes of canonical text, the warnings look up every resource and role name).
        let ((diff, diffDiagnostics), (digest, readingDiagnostics)) = bothAtOnce(
            { Differ.diff(desired: policy.desired, live: reading.state, options: options) },
            { (PolicyDigest.compute(policy.desired), Self.readingDiagnostics(policy, reading)) })
        let diagnostics = readingDiagnostics + diffDiagnostics
        guard let diff else { throw .invalidPolicy(diagnostics) }
        let plan = Plan(diff: diff, generatedAt: Self.timestamp(now()), apiUrl: apiURL, policyDigest: digest)
        return (plan, diagnostics)
    }

    /// Offline check (`validate`): the policy alone, or also matched against live roles.
    public func validate(paths: [String], live source: (some LiveStateSource)?) async -> (desired: DesiredState, diagnostics: [Diagnostic]) {
        let loaded = loader.load(paths: paths)
        guard !loaded.diagnostics.hasErrors, let source else { return (loaded.desired, loaded.diagnostics) }
        do {
            let reading = try await source.fetchLiveState()
            return (loaded.desired, Self.readingDiagnostics(loaded, reading)
                + RoleMatcher(live: reading.state).match(loaded.desired.roles).diagnostics)
        } catch {
            return (loaded.desired, loaded.diagnostics + error.diagnostics)
        }
    }

    /// The policy's own warnings, the live source's, and resources the policy names that the
    /// organization does not have: what plan and validate both report before matching roles.
    static func readingDiagnostics(_ policy: PolicyLoader.Outcome, _ reading: LiveReading) -> [Diagnostic] {
        policy.diagnostics + reading.warnings + reading.state.unknownResourceWarnings(in: policy.desired)
            + ConfusableNames.warnings(declared: policy.desired.roles, live: reading.state.roles)
    }

    /// RFC 3339 in UTC, whole seconds: `2026-11-22T10:00:00Z`.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}

