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

    /// Live roles by exact name (scalar for scalar, not canonical equivalence); built only when a
    /// declaration has no id, since policies that give ids never need it.
    private func rolesByName() -> [ExactName: [LiveRole]] {
        Dictionary(grouping: roles, by: { ExactName($0.name) })
    }

    /// The live role for each declaration, in declaration order, and an error for each that has none
    /// or that claims a live role an earlier declaration already claimed.
    public func match(_ declared: [DesiredRole]) -> (pairs: [(DesiredRole, LiveRole)], diagnostics: [Diagnostic]) {
        var pairs: [(DesiredRole, LiveRole)] = []
        pairs.reserveCapacity(declared.count)
        // Where each claimed live role is declared (the declaration's place is all an error needs).
        var claimedBy: [RoleID: SourceLocation] = [:]
        claimedBy.reserveCapacity(declared.count)
        var diagnostics: [Diagnostic] = []
        // Built on the first unknown name: one index and one budget for every "did you mean".
        var suggester: Suggester?
        var byName: [ExactName: [LiveRole]]?
        for role in declared {
            let found: LiveRole
            switch resolve(role, byName: &byName, suggester: &suggester) {
            case .success(let liveRole): found = liveRole
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                continue
            }
            if let first = claimedBy[found.id] {
                diagnostics.append(.error(
                    "role \(role.displayName) resolves to live role '\(found.name)' (\(found.id)), which is already declared at \(first)",
                    at: role.location))
                continue
            }
            claimedBy[found.id] = role.location
            pairs.append((role, found))
        }
        return (pairs, diagnostics)
    }

    private func resolve(_ role: DesiredRole, byName index: inout [ExactName: [LiveRole]]?, suggester: inout Suggester?)
        -> Result<LiveRole, Diagnostic>
    {
        if let id = role.id {
            guard let index = byID[id] else {
                return .failure(.error("role \(id) is not in the organization's live roles", at: role.location))
            }
            let liveRole = roles[index]
            if let name = role.name, !ExactName.same(name, liveRole.name) {
                return .failure(.error(
                    "role \(id) is named '\(liveRole.name)' in EntryGuard, but the policy says '\(name)'", at: role.location))
            }
            return .success(liveRole)
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
            let ids = candidates.map(\.id.rawValue).sorted().joined(separator: ", ")
            return .failure(.error("several live roles are named '\(name)' (\(ids)); declare the role by 'id'", at: role.location))
        }
    }
}
