import Foundation
import EntryGuardAPI
import PolicyLoader
import PolicyModel

/// One benchmark size: the number of declared bindings (10 per role, ~100 files).
struct BenchSize: Sendable {
    var bindings: Int
    var label: String
    /// Iteration limits: enough samples for a median without making the large sizes take minutes.
    var maxIterations: Int
    var maxSeconds: Int
    /// The live state's shape: a 5 % share of roles drifting with 3 users each (light), or every
    /// role drifting with 5 users from a shared pool (heavy, issue 13).
    var heavy = false

    static let all = [
        BenchSize(bindings: 1_000, label: "1k", maxIterations: 1_000, maxSeconds: 2),
        BenchSize(bindings: 10_000, label: "10k", maxIterations: 200, maxSeconds: 4),
        BenchSize(bindings: 100_000, label: "100k", maxIterations: 20, maxSeconds: 12),
        BenchSize(bindings: 1_000_000, label: "1M", maxIterations: 5, maxSeconds: 40),
    ]

    /// 1k, 10k and 100k; 1M too when `EGPOLICY_BENCH_1M=1` (its setup alone takes a while).
    static var selected: [BenchSize] {
        let withMillion = ProcessInfo.processInfo.environment["EGPOLICY_BENCH_1M"] == "1"
        return all.filter { $0.bindings < 1_000_000 || withMillion }
    }

    var policy: SyntheticPolicy {
        heavy ? SyntheticPolicy(roles: bindings / 10, drift: 1, usersPerRole: 5) : SyntheticPolicy(roles: bindings / 10)
    }

    /// The same size with heavy drift; benchmark names say `heavy`.
    var withHeavyDrift: BenchSize {
        var size = self
        size.heavy = true
        size.label = "heavy " + label
        return size
    }
}

/// The inputs of one size, built and checked in a benchmark's setup (not measured). Each stage
/// checks its result, so a benchmark never measures a run that failed or planned something else.
struct Fixture: Sendable {
    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    var data: SyntheticPolicy.Output

    init(_ size: BenchSize) {
        data = size.policy.generate()
    }

    func load() throws(Mismatch) -> PolicyLoader.Outcome {
        try Self.checkLoaded(PolicyLoader().load(sources: data.sources), bindings: data.bindings)
    }

    func decodeLive() throws -> LiveState {
        try Self.checkLive(LiveStateFile.decode(data.liveStateJSON, path: "live-state.json"), data)
    }

    func diff() throws -> (desired: DesiredState, live: LiveState, diff: Diff) {
        let desired = try load().desired
        let live = try decodeLive()
        return (desired, live, try Self.checkDiff(Differ.diff(desired: desired, live: live), data))
    }

    func plan() throws -> Plan {
        Plan(diff: try diff().diff, generatedAt: "2026-11-22T10:00:00Z", apiUrl: "https://api.entryguard.io/api/v1",
             policyDigest: "sha256:benchmark")
    }

    static func checkLoaded(_ outcome: PolicyLoader.Outcome, bindings: Int) throws(Mismatch) -> PolicyLoader.Outcome {
        if let error = outcome.diagnostics.first(where: { $0.severity == .error }) {
            throw Mismatch(description: "the generated policy does not load: \(error)")
        }
        let loaded = outcome.desired.roles.reduce(0) { $0 + $1.resources.count }
        guard loaded == bindings else { throw Mismatch(description: "loaded \(loaded) bindings, generated \(bindings)") }
        return outcome
    }

    static func checkLive(_ live: LiveState, _ data: SyntheticPolicy.Output) throws(Mismatch) -> LiveState {
        let declared = data.bindings / 10
        guard live.roles.count == declared + data.unmanagedRoles else {
            throw Mismatch(description: "decoded \(live.roles.count) live roles, generated \(declared + data.unmanagedRoles)")
        }
        return live
    }

    static func checkDiff(_ result: (diff: Diff?, diagnostics: [Diagnostic]), _ data: SyntheticPolicy.Output) throws(Mismatch) -> Diff {
        guard let diff = result.diff else {
            throw Mismatch(description: "the diff failed: \(result.diagnostics.first.map { "\($0)" } ?? "?")")
        }
        let summary = diff.summary
        guard summary.unassign == data.driftedRoles, summary.missing == data.driftedRoles,
              summary.rolesUnmanaged == data.unmanagedRoles, summary.rolesManaged == data.bindings / 10
        else {
            throw Mismatch(description: "unexpected plan \(summary) for \(data.driftedRoles) drifted roles")
        }
        return diff
    }
}
