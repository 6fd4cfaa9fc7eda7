import Parallel

/// Finds the live role each declaration means (README, "plan").
public struct RoleMatcher: Sendable {
    private let roles: [LiveRole]
    /// Where each id's first role is in `roles` (an index: no role is copied to build it).
    private let byID: [RoleID: Int]

    public init(live: LiveState) {
        roles = live.roles
        var byID: [RoleID: Int] = [:]
        byID.reserveCapacity(live.roles.count)
        for index in live.roles.indices where byID[live.roles[index].id] == nil { byID[live.roles[index].id] = index }
        self.byID = byID
    }

    /// Where the live roles of each exact name (scalar for scalar, not canonical equivalence) are in
    /// `roles`; built only when a declaration has no id, since policies that give ids never need it.
    private func rolesByName() -> [ExactName: [Int]] {
        Dictionary(grouping: roles.indices, by: { ExactName(roles[$0].name) })
    }

    /// The live role for each declaration, in declaration order, and an error for each that has none
    /// or that claims a live role an earlier declaration already claimed.
    public func match(_ declared: [DesiredRole]) -> (pairs: [(DesiredRole, LiveRole)], diagnostics: [Diagnostic]) {
        // Declarations by id (with the live name when they give one) are looked up on all cores; one
        // by name alone, or one that finds nothing, is resolved in the pass below, in order.
        let foundByID = mapInRuns(declared.count) { index -> Int? in
            guard let id = declared[index].id, let found = byID[id] else { return nil }
            if let name = declared[index].name, !ExactName.same(name, roles[found].name) { return nil }
            return found
        }
        var pairs: [(DesiredRole, LiveRole)] = []
        pairs.reserveCapacity(declared.count)
        // Which declaration claimed each live role (its place is all an error needs).
        var claimedBy = [Int?](repeating: nil, count: roles.count)
        var diagnostics: [Diagnostic] = []
        // Built on the first unknown name: one index and one budget for every "did you mean".
        var suggester: Suggester?
        var byName: [ExactName: [Int]]?
        for (index, role) in declared.enumerated() {
            // A live role is claimed under its id's first place (`byID`): one found by name may share
            // its id with another (only a live state that lists a role twice could).
            let found: Int
            let claim: Int
            if let position = foundByID[index] {
                (found, claim) = (position, position)
            } else {
                switch resolve(role, byName: &byName, suggester: &suggester) {
                case .success(let position): (found, claim) = (position, byID[roles[position].id] ?? position)
                case .failure(let diagnostic):
                    diagnostics.append(diagnostic)
                    continue
                }
            }
            let liveRole = roles[found]
            if let first = claimedBy[claim] {
                diagnostics.append(.error(
                    "role \(role.displayName) resolves to live role '\(liveRole.name)' (\(liveRole.id)), which is already declared at \(declared[first].location)",
                    at: role.location))
                continue
            }
            claimedBy[claim] = index
            pairs.append((role, liveRole))
        }
        return (pairs, diagnostics)
    }

    /// Where the live role `role` means is in `roles`, or why there is none.
    private func resolve(_ role: DesiredRole, byName index: inout [ExactName: [Int]]?, suggester: inout Suggester?)
        -> Result<Int, Diagnostic>
    {
        if let id = role.id {
            guard let found = byID[id] else {
                return .failure(.error("role \(id) is not in the organization's live roles", at: role.location))
            }
            let liveRole = roles[found]
            if let name = role.name, !ExactName.same(name, liveRole.name) {
                return .failure(.error(
                    "role \(id) is named '\(liveRole.name)' in EntryGuard, but the policy says '\(name)'", at: role.location))
            }
            return .success(found)
        }
        guard let name = role.name else {
            return .failure(.error("role has neither 'id' nor 'name'", at: role.location))
        }
        if index == nil { index = rolesByName() }
        let byName = index ?? [:]
        let candidates = byName[ExactName(name)] ?? []
        switch candidates.count {
        case 1:
            return .success(candidates[0])
        case 0:
            var message = "no live role is named '\(name)'"
            if suggester == nil { suggester = Suggester(candidates: byName.keys.sorted().map(\.text)) }
            if let near = suggester?.nearest(to: name) {
                message += "; did you mean '\(near)'?"
            }
            return .failure(.error(message, at: role.location))
        default:
            let ids = candidates.map { roles[$0].id.rawValue }.sorted().joined(separator: ", ")
            return .failure(.error("several live roles are named '\(name)' (\(ids)); declare the role by 'id'", at: role.location))
        }
    }
}
