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

    /// A plan and the warnings met on the way, or every error that prevented it. The live source is
    /// not consulted when the policy has an error (no API request on bad input).
    public func plan(paths: [String], live source: some LiveStateSource, apiURL: String, options: PlanOptions)
        async -> Result<(plan: Plan, warnings: [Diagnostic]), PlanningFailure>
    {
        let loaded = loader.load(paths: paths)
        guard !loaded.diagnostics.hasErrors else { return .failure(PlanningFailure(loaded.diagnostics)) }
        let live: LiveState
        do {
            live = try await source.fetchLiveState()
        } catch {
            return .failure(PlanningFailure(loaded.diagnostics + error.diagnostics))
        }
        let (diff, diffDiagnostics) = Differ.diff(desired: loaded.desired, live: live, options: options)
        let diagnostics = loaded.diagnostics + diffDiagnostics
        guard let diff else { return .failure(PlanningFailure(diagnostics)) }
        let plan = Plan(diff: diff, generatedAt: Self.timestamp(now()), apiUrl: apiURL,
                        policyDigest: PolicyDigest.compute(loaded.desired))
        return .success((plan, diagnostics))
    }

    /// Offline check (`validate`): the policy alone, or also matched against live roles.
    public func validate(paths: [String], live source: (some LiveStateSource)?) async -> [Diagnostic] {
        let loaded = loader.load(paths: paths)
        guard !loaded.diagnostics.hasErrors, let source else { return loaded.diagnostics }
        do {
            let live = try await source.fetchLiveState()
            return loaded.diagnostics + RoleMatcher(live: live).match(loaded.desired.roles).diagnostics
        } catch {
            return loaded.diagnostics + error.diagnostics
        }
    }

    /// RFC 3339 in UTC, whole seconds: `2026-11-22T10:00:00Z`.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
