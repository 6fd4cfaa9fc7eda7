import EntryGuardAPI
import PolicyModel

/// Runs a plan's changes, at most `concurrency` at once (README, "apply"). It sends exactly the
/// changes it is given; nothing is derived or added on the way.
public struct ApplyExecutor: Sendable {
    public let client: EntryGuardClient
    public let concurrency: Int
    public let stop: StopRequest
    public let progress: ApplyProgress?

    public init(client: EntryGuardClient, concurrency: Int, stop: StopRequest = StopRequest(), progress: ApplyProgress? = nil) {
        self.client = client
        self.concurrency = max(concurrency, 1)
        self.stop = stop
        self.progress = progress
    }

    public func execute(_ changes: [Change]) async -> ApplyReport {
        var results: [ChangeResult?] = Array(repeating: nil, count: changes.count)
        var authenticationFailure: String?
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            var inFlight = 0
            while true {
                // One 401/403 or a signal: start nothing new, let what is in flight finish.
                while inFlight < concurrency, next < changes.count, authenticationFailure == nil, stop.requested == nil {
                    let index = next
                    group.addTask { (index, await perform(changes[index])) }
                    next += 1
                    inFlight += 1
                }
                guard let (index, outcome) = await group.next() else { break }
                inFlight -= 1
                results[index] = outcome.result
                progress?.record(outcome.result.status)
                if outcome.authenticationFailed, authenticationFailure == nil {
                    authenticationFailure = outcome.result.error
                }
            }
        }
        let finished = zip(changes, results).map { change, result in
            result ?? ChangeResult(change: change, status: .skipped, attempts: 0)
        }
        let stopped = authenticationFailure.map { "authentication failed: \($0)" } ?? stop.requested
        return ApplyReport(results: finished, stoppedBecause: stopped)
    }

    /// A result, and whether it was a 401/403 (which stops apply from starting more).
    struct Outcome: Sendable {
        var result: ChangeResult
        var authenticationFailed = false
    }

    /// One change, with the outcomes README, "apply" names for a binding already as the plan wants it.
    func perform(_ change: Change) async -> Outcome {
        do {
            switch change.action {
            case .unassign:
                let attempts = try await client.unassign(change.resourceId, from: change.roleId)
                return Outcome(result: ChangeResult(change: change, status: .applied, attempts: attempts))
            case .assign:
                let attempts = try await client.assign(change.resourceId, to: change.roleId)
                return Outcome(result: ChangeResult(change: change, status: .applied, attempts: attempts))
            }
        } catch {
            return Outcome(result: await result(of: change, after: error), authenticationFailed: error.isAuthenticationFailure)
        }
    }

    private func result(of change: Change, after error: APIError) async -> ChangeResult {
        switch (change.action, error.status) {
        case (.unassign, 404):
            // 404 covers "not assigned" and "no such role/resource": the role itself says which.
            do {
                let role = try await client.role(change.roleId)
                let held = role.resourceIds.compactMap(ResourceID.init)
                if !held.contains(change.resourceId) {
                    return ChangeResult(change: change, status: .alreadyAbsent, attempts: error.attempts + 1)
                }
                return ChangeResult(change: change, status: .failed, attempts: error.attempts + 1,
                                    error: "\(error.description); the role still holds the resource")
            } catch let reread {
                return ChangeResult(change: change, status: .failed, attempts: error.attempts + reread.attempts,
                                    error: "\(error.description); re-reading the role: \(reread.description)")
            }
        case (.assign, 400) where error.message.localizedCaseInsensitiveContains("already assigned"):
            return ChangeResult(change: change, status: .alreadyPresent, attempts: error.attempts)
        default:
            return ChangeResult(change: change, status: .failed, attempts: error.attempts, error: error.description)
        }
    }
}
