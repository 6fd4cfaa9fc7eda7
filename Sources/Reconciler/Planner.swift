import Foundation
import PolicyLoader
import PolicyModel

/// The plan pipeline: load the policy → read live state → diff → attach metadata.
public struct Planner: Sendable {
    public var loader: PolicyLoader
    /// The time written into `generatedAt`; injected so tests and golden files are stable.
    public var now: @Sendable () -> Date

    public init(loader: PolicyLoader = PolicyLoader(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.loader = loader
        self.now = now
    }

    /// A checked policy (warnings allowed), or every error in it.
    public func loadPolicy(paths: [String]) -> Result<PolicyLoader.Outcome, PlanningFailure> {
        let loaded = loader.load(paths: paths)
        return loaded.diagnostics.hasErrors ? .failure(PlanningFailure(loaded.diagnostics)) : .success(loaded)
    }

    /// A plan and the warnings met on the way, or every error that prevented it. With `base` (a
    /// second policy, `plan --base`), the plan also tells its own differences from drift that the
    /// base policy has too; a base that cannot be planned is a warning, not an error.
    public func plan(policy: PolicyLoader.Outcome, base: PolicyLoader.Outcome? = nil, live source: some LiveStateSource,
                     apiURL: String, options: PlanOptions) async -> Result<(plan: Plan, warnings: [Diagnostic]), PlanningFailure>
    {
        let reading: LiveReading
        do {
            reading = try await source.fetchLiveState()
        } catch {
            return .failure(PlanningFailure(policy.diagnostics + error.diagnostics))
        }
        switch plan(policy: policy, reading: reading, apiURL: apiURL, options: options) {
        case .failure(let failure):
            return .failure(failure)
        case .success(var (plan, warnings)):
            guard let base else { return .success((plan, warnings)) }
            let basePlan = base.diagnostics.hasErrors ? .failure(PlanningFailure(base.diagnostics))
                : self.plan(policy: base, reading: LiveReading(state: reading.state), apiURL: apiURL, options: options)
            switch basePlan {
            case .success(let (basePlan, _)):
                plan.base = BaseComparison(head: plan, base: basePlan)
            case .failure(let failure):
                let errors = failure.diagnostics.filter { $0.severity == .error }
                warnings.append(.warning("the base policy cannot be planned, so no comparison is shown (\(errors.count) error(s); first: \(errors.first?.description ?? "?"))"))
            }
            return .success((plan, warnings))
        }
    }

    /// The plan of a checked policy against live state already read.
    public func plan(policy: PolicyLoader.Outcome, reading: LiveReading, apiURL: String, options: PlanOptions)
        -> Result<(plan: Plan, warnings: [Diagnostic]), PlanningFailure>
    {
        let (diff, diffDiagnostics) = Differ.diff(desired: policy.desired, live: reading.state, options: options)
        let diagnostics = Self.readingDiagnostics(policy, reading) + diffDiagnostics
        guard let diff else { return .failure(PlanningFailure(diagnostics)) }
        let plan = Plan(diff: diff, generatedAt: Self.timestamp(now()), apiUrl: apiURL,
                        policyDigest: PolicyDigest.compute(policy.desired))
        return .success((plan, diagnostics))
    }

    /// Both steps; the live source is not consulted when the policy has an error (no API request on
    /// bad input).
    public func plan(paths: [String], live source: some LiveStateSource, apiURL: String, options: PlanOptions)
        async -> Result<(plan: Plan, warnings: [Diagnostic]), PlanningFailure>
    {
        switch loadPolicy(paths: paths) {
        case .failure(let failure): return .failure(failure)
        case .success(let policy): return await plan(policy: policy, live: source, apiURL: apiURL, options: options)
        }
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
