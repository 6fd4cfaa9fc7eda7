/// One binding that differs from a policy: to unassign, or missing.
public struct DriftEntry: Codable, Hashable, Sendable, Comparable {
    public enum Kind: String, Codable, Sendable {
        case unassign, missing
    }

    public var kind: Kind
    public var roleId: RoleID
    public var roleName: String
    public var resourceId: ResourceID

    public init(kind: Kind, roleId: RoleID, roleName: String, resourceId: ResourceID) {
        self.kind = kind
        self.roleId = roleId
        self.roleName = roleName
        self.resourceId = resourceId
    }

    public static func < (lhs: DriftEntry, rhs: DriftEntry) -> Bool {
        (lhs.roleName, lhs.roleId, lhs.resourceId, lhs.kind.rawValue) < (rhs.roleName, rhs.roleId, rhs.resourceId, rhs.kind.rawValue)
    }
}

/// `plan --base PATH`: what a policy change does, told apart from drift that exists without it.
public struct BaseComparison: Codable, Hashable, Sendable {
    public var policyDigest: String
    /// Differences the change brings: present with it, absent with the base policy.
    public var introduced: [DriftEntry]
    /// Drift already present with the base policy, and still there.
    public var preExisting: [DriftEntry]
    /// Drift present with the base policy that the change makes go away.
    public var resolved: [DriftEntry]

    public init(head: Plan, base: Plan) {
        let headEntries = Set(Self.entries(head))
        let baseEntries = Set(Self.entries(base))
        policyDigest = base.policyDigest
        introduced = headEntries.subtracting(baseEntries).sorted()
        preExisting = headEntries.intersection(baseEntries).sorted()
        resolved = baseEntries.subtracting(headEntries).sorted()
    }

    static func entries(_ plan: Plan) -> [DriftEntry] {
        plan.roles.flatMap { role in
            role.unassign.map { DriftEntry(kind: .unassign, roleId: role.id, roleName: role.name, resourceId: $0) }
                + role.missing.map { DriftEntry(kind: .missing, roleId: role.id, roleName: role.name, resourceId: $0) }
        }
    }
}
