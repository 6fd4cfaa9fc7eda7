import EntryGuardAPI
import PolicyModel

/// Runs a plan's changes, at most `concurrency` at once (README, "apply"). It sends exactly the
/// changes it is given, and with `--end-sessions` the stops of the sessions they list; nothing else
/// is derived or added on the way.
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

    /// Runs `changes`; with `endSessions`, also stops each active session its unassignments list,
    /// once, as soon as the first of the removals it holds open has succeeded (applied or
    /// already-absent): that is when the removal can take effect, and waiting for the other removals
    /// would leave the access open longer for nothing. No stop for a removal that failed.
    ///
    /// `sessions` (a saved plan's sessions read again): a stop whose session has ended since is
    /// `already-ended` without a request; sessions the plan does not list are not stopped, only
    /// carried into the report.
    public func execute(_ changes: [Change], endSessions: Bool = false, sessions: SessionRecheck? = nil) async -> ApplyReport {
        var results: [ChangeResult?] = Array(repeating: nil, count: changes.count)
        let stops = endSessions ? SessionStop.planned(changes) : []
        var stopResults: [StopResult?] = Array(repeating: nil, count: stops.count)
        // Change index -> the stops it can make due.
        var stopsOfChange: [Int: [Int]] = [:]
        for (stopIndex, stop) in stops.enumerated() {
            if sessions?.ended.contains(stop.session.id) == true {
                stopResults[stopIndex] = StopResult(stop: stop, status: .alreadyEnded, attempts: 0)
                progress?.record(StopStatus.alreadyEnded)
                continue
            }
            for change in stop.removals { stopsOfChange[change, default: []].append(stopIndex) }
        }
        var dueStops: [Int] = []
        var scheduled: Set<Int> = []
        var authenticationFailure: String?
        // The places of `--concurrency`; a change waiting out a 429 lends its place (`Admission`).
        let admission = Admission(places: concurrency)
        client.startChanges()
        await client.onConnectionThreads { await withTaskGroup(of: Work.self) { group in
            var next = 0
            var running = 0
            var watching = false
            var settled = false
            var done = 0
            let began = ContinuousClock.now
            while true {
                // One 401/403 or a signal: start nothing new, let what is in flight finish. Stops
                // that are due go first: they end access the removals already took away.
                while authenticationFailure == nil, stop.requested == nil, !dueStops.isEmpty || next < changes.count,
                      let place = admission.take() {
                    if !dueStops.isEmpty {
                        let index = dueStops.removeFirst()
                        let planned = stops[index]
                        group.addTask { .stop(index, await Self.holding(place) { await perform(planned) }) }
                    } else {
                        let index = next
                        group.addTask { .change(index, await Self.holding(place) { await perform(changes[index]) }) }
                        next += 1
                    }
                    running += 1
                }
                guard running > 0 else { break }
                // Woken too when a change steps aside, to start another in its place.
                if !watching, authenticationFailure == nil, stop.requested == nil, next < changes.count {
                    watching = true
                    group.addTask { await admission.nextFreed() ? .placeFreed : .watchEnded }
                }
                guard let work = await group.next() else { break }
                let failedAuthentication: String?
                switch work {
                case .placeFreed, .watchEnded:
                    watching = false
                    continue
                case .change(let index, let changeOutcome):
                    failedAuthentication = changeOutcome.authenticationFailed ? changeOutcome.result.error : nil
                    results[index] = changeOutcome.result
                    progress?.record(changeOutcome.result.status)
                    if changeOutcome.result.status.isSuccess {
                        for stopIndex in stopsOfChange[index] ?? [] where scheduled.insert(stopIndex).inserted {
                            dueStops.append(stopIndex)
                        }
                    }
                case .stop(let index, let stopOutcome):
                    stopResults[index] = stopOutcome.result
                    progress?.record(stopOutcome.result.status)
                    failedAuthentication = stopOutcome.authenticationFailed ? stopOutcome.result.error : nil
                }
                running -= 1
                // The last seconds of work, at the rate changes have been ending or the pace: a
                // higher pace would gain little, and a 429 costs its request's whole wait at the very end.
                done += 1
                if !settled, let pace = client.pace,
                   Self.nearTheEnd(left: changes.count - next + running, finished: done, elapsed: began.duration(to: .now),
                                   pace: pace) {
                    client.settlePace()
                    settled = true
                }
                if let failedAuthentication, authenticationFailure == nil {
                    authenticationFailure = failedAuthentication
                }
            }
            admission.endWatch()
        } }
        let finished = zip(changes, results).map { change, result in
            result ?? ChangeResult(change: change, status: .skipped, attempts: 0)
        }
        let ended = zip(stops, stopResults).map { planned, result in
            result ?? StopResult(stop: planned, status: .skipped, attempts: 0,
                                 error: planned.removals.contains { finished[$0].status.isSuccess }
                                     ? "apply stopped starting requests first" : "none of its removals succeeded")
        }
        let stopped = authenticationFailure.map { "authentication failed: \($0)" } ?? stop.requested
        return ApplyReport(results: finished, stoppedBecause: stopped, stops: ended,
                           unplannedSessions: endSessions ? sessions?.unplanned ?? [] : [])
    }

    /// Once the changes left take less than this many seconds at the rate changes have ended so far
    /// (or at the pace, if faster), the pace stops probing (`PacingState.settle`).
    /// A probe's 429 comes up to a window (a second) after the pace passed the limit, and with
    /// `Retry-After` its request waits a second more: at 1.5 s, a run in three ended a second
    /// late against a fixed window of 200/s.
    static let settleSpan = 2.5

    /// Whether the `left` changes would end within `settleSpan` at the rate changes have ended so
    /// far (`finished` in `elapsed`, measured over a second at least: the first burst is no rate),
    /// or at `pace`, the requests a second the pacer sends at, when that is faster. After a limit
    /// doubled, the run's average lagged the pace (~210/s against ~370/s): it settled ~0.5 s
    /// later than 2.5 s before the end, a probe past the new limit went out meanwhile, and in
    /// half the runs its 429s' `Retry-After` ended the run a second late.
    static func nearTheEnd(left: Int, finished: Int, elapsed: Duration, pace: Double? = nil) -> Bool {
        let seconds = elapsed / .seconds(1)
        guard seconds >= 1 else { return false }
        return Double(left) <= max(Double(finished) / seconds, pace ?? 0) * settleSpan
    }

    /// What a task of the executor did.
    enum Work: Sendable {
        case change(Int, Outcome)
        case stop(Int, StopOutcome)
        /// A change stepped aside to wait out a 429 (or the watch ended).
        case placeFreed, watchEnded
    }

    /// Runs `body` holding `place`, which it gives back at the end (and lends while it waits out a 429).
    static func holding<Value: Sendable>(_ place: Admission.Place, _ body: () async -> Value) async -> Value {
        defer { place.leave() }
        return await Admission.withPlace(place) { await body() }
    }

    /// A stop's result, and whether it was a 401/403.
    struct StopOutcome: Sendable {
        var result: StopResult
        var authenticationFailed = false
    }

    /// `POST /sessions/admin/{id}/stop`: 200 applied, 400 "not in a stoppable state" already-ended.
    func perform(_ planned: SessionStop) async -> StopOutcome {
        do {
            switch try await client.stopSession(planned.session.id) {
            case .stopped(let attempts):
                return StopOutcome(result: StopResult(stop: planned, status: .applied, attempts: attempts))
            case .alreadyEnded(let attempts):
                return StopOutcome(result: StopResult(stop: planned, status: .alreadyEnded, attempts: attempts))
            }
        } catch {
            return StopOutcome(result: StopResult(stop: planned, status: .failed, attempts: error.attempts, error: error.description),
                               authenticationFailed: error.isAuthenticationFailure)
        }
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
