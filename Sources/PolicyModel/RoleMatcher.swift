/// Finds the live role each declaration means (README, "plan").
public struct RoleMatcher: Sendable {
    private let byID: [RoleID: LiveRole]
    /// Exact names (scalar for scalar, not canonical equivalence).
    private let byName: [ExactName: [LiveRole]]

    public init(live: LiveState) {
        byID = Dictionary(live.roles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        byName = Dictionary(grouping: live.roles, by: { ExactName($0.name) })
    }

    /// The live role for each declaration, in declaration order, and an error for each that has none
    /// or that claims a live role an earlier declaration already claimed.
    public func match(_ declared: [DesiredRole]) -> (pairs: [(DesiredRole, LiveRole)], diagnostics: [Diagnostic]) {
        var pairs: [(DesiredRole, LiveRole)] = []
        pairs.reserveCapacity(declared.count)
        var claimedBy: [RoleID: DesiredRole] = [:]
        var diagnostics: [Diagnostic] = []
        // Built on the first unknown name: one index and one budget for every "did you mean".
        var suggester: Suggester?
        for role in declared {
            let found: LiveRole
            switch resolve(role, suggester: &suggester) {
            case .success(let liveRole): found = liveRole
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                continue
            }
            if let first = claimedBy[found.id] {
                diagnostics.append(.error(
                    "role \(role.displayName) resolves to live role '\(found.name)' (\(found.id)), which is already declared at \(first.location)",
                    at: role.location))
                continue
            }
            claimedBy[found.id] = role
            pairs.append((role, found))
        }
        return (pairs, diagnostics)
    }

    private func resolve(_ role: DesiredRole, suggester: inout Suggester?) -> Result<LiveRole, Diagnostic> {
        if let id = role.id {
            guard let liveRole = byID[id] else {
                return .failure(.error("role \(id) is not in the organization's live roles", at: role.location))
            }
            if let name = role.name, !ExactName.same(name, liveRole.name) {
                return .failure(.error(
                    "role \(id) is named '\(liveRole.name)' in EntryGuard, but the policy says '\(name)'", at: role.location))
            }
            return .success(liveRole)
        }
        guard let name = role.name else {
            return .failure(.error("role has neither 'id' nor 'name'", at: role.location))
        }
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
