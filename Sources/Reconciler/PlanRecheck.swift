import EntryGuardAPI
import PolicyModel

/// The live roles a saved plan depends on, read again just before it is applied (README, "apply").
struct PlanRecheck: Sendable {
    /// Why the plan is stale; empty when it still describes the live roles.
    var problems: [StaleRole]
    /// The live bindings of the plan's managed roles as EntryGuard holds them now: what the safety
    /// valve counts, so that an entry added to the file cannot inflate the total.
    var liveBindings: Int

    /// Every role with changes by `GET /roles/{id}` (at most `concurrency` at once); the plan's other
    /// roles, when there are any, by one `GET /roles`.
    static func run(_ plan: Plan, client: EntryGuardClient, concurrency: Int) async throws -> PlanRecheck {
        let affected = Staleness.affectedRoles(plan)
        var current = try await reread(affected, client: client, concurrency: concurrency)
        let others = plan.roles.map(\.id).filter { current[$0] == nil }
        if !others.isEmpty {
            let all: [LiveRole]
            do {
                all = try await client.liveRoles()
            } catch let error as APIError {
                throw ReconcileError.api("cannot check the plan against the live roles: \(error.description)")
            } catch {
                throw ReconcileError.api("GET /roles returned a role that cannot be trusted: \(error)")
            }
            let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for id in others { current[id] = .some(byID[id]) }
        }
        return PlanRecheck(problems: Staleness.problems(plan: plan, current: current),
                           liveBindings: Staleness.liveBindings(plan: plan, current: current))
    }

    private static func reread(_ ids: [RoleID], client: EntryGuardClient, concurrency: Int) async throws -> [RoleID: LiveRole?] {
        var current: [RoleID: LiveRole?] = [:]
        try await withThrowingTaskGroup(of: (RoleID, LiveRole?).self) { group in
            var next = 0
            func startNext() {
                guard next < ids.count else { return }
                let id = ids[next]
                next += 1
                group.addTask {
                    do {
                        return (id, try await client.role(id).liveRole())
                    } catch let error as APIError where error.status == 404 {
                        return (id, nil)
                    } catch let error as APIError {
                        throw ReconcileError.api("cannot check the plan against the live role \(id): \(error.description)")
                    } catch {
                        throw ReconcileError.api("GET /roles/\(id) returned a role that cannot be trusted: \(error)")
                    }
                }
            }
            for _ in 0..<min(max(concurrency, 1), ids.count) { startNext() }
            while let (id, role) = try await group.next() {
                current[id] = role
                startNext()
            }
        }
        return current
    }
}
