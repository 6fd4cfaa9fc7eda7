/// The counts at the head of a plan.
public struct PlanSummary: Codable, Hashable, Sendable {
    public var rolesManaged: Int
    public var rolesInSync: Int
    public var rolesUnmanaged: Int
    public var unassign: Int
    public var assign: Int
    public var missing: Int

    public init(rolesManaged: Int, rolesInSync: Int, rolesUnmanaged: Int, unassign: Int, assign: Int, missing: Int) {
        self.rolesManaged = rolesManaged
        self.rolesInSync = rolesInSync
        self.rolesUnmanaged = rolesUnmanaged
        self.unassign = unassign
        self.assign = assign
        self.missing = missing
    }

    /// The counts that follow from the managed roles' entries.
    public init(roles: [RolePlan], rolesUnmanaged: Int, assignMissing: Bool) {
        let missing = roles.reduce(0) { $0 + $1.missing.count }
        self.init(rolesManaged: roles.count, rolesInSync: roles.count { $0.isInSync }, rolesUnmanaged: rolesUnmanaged,
                  unassign: roles.reduce(0) { $0 + $1.unassign.count }, assign: assignMissing ? missing : 0, missing: missing)
    }
}

/// One managed role: what it holds, what the policy wants, and the difference.
public struct RolePlan: Codable, Hashable, Sendable {
    public var id: RoleID
    /// The live name (the authority once the role is matched).
    public var name: String
    /// `PATH:LINE:COLUMN` of the declaration.
    public var source: SourceLocation
    public var liveResourceIds: [ResourceID]
    public var desiredResourceIds: [ResourceID]
    /// live − desired: bindings apply removes.
    public var unassign: [ResourceID]
    /// desired − live: bindings the policy declares that are not live.
    public var missing: [ResourceID]

    public init(id: RoleID, name: String, source: SourceLocation, liveResourceIds: [ResourceID], desiredResourceIds: [ResourceID],
                unassign: [ResourceID], missing: [ResourceID]) {
        self.id = id
        self.name = name
        self.source = source
        self.liveResourceIds = liveResourceIds
        self.desiredResourceIds = desiredResourceIds
        self.unassign = unassign
        self.missing = missing
    }

    public var isInSync: Bool { unassign.isEmpty && missing.isEmpty }
}

/// What a change does to one binding.
public enum ChangeAction: String, Codable, Hashable, Sendable {
    case unassign
    case assign
}

/// One request apply would send.
public struct Change: Codable, Hashable, Sendable {
    public var action: ChangeAction
    public var roleId: RoleID
    public var roleName: String
    public var resourceId: ResourceID
    /// The resource's name in EntryGuard, else the policy's alias for it, else `nil`.
    public var resourceName: String?
    /// For unassignments: which of the role's users lose access, and which keep it elsewhere.
    public var effectiveAccess: EffectiveAccess?
    /// For unassignments, when the sessions could be read: the active sessions that keep the
    /// resource open for users who lose it (README, "plan"); `nil` when not known.
    public var activeSessions: [ActiveSession]?

    public init(action: ChangeAction, roleId: RoleID, roleName: String, resourceId: ResourceID, resourceName: String?,
                effectiveAccess: EffectiveAccess? = nil, activeSessions: [ActiveSession]? = nil) {
        self.action = action
        self.roleId = roleId
        self.roleName = roleName
        self.resourceId = resourceId
        self.resourceName = resourceName
        self.effectiveAccess = effectiveAccess
        self.activeSessions = activeSessions
    }
}

extension Change {
    private enum CodingKeys: String, CodingKey {
        case action, roleId, roleName, resourceId, resourceName, effectiveAccess, activeSessions
    }

    /// `resourceName` is written as `null` when unknown; `effectiveAccess` only when computed;
    /// `activeSessions` only when the sessions were read.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action, forKey: .action)
        try container.encode(roleId, forKey: .roleId)
        try container.encode(roleName, forKey: .roleName)
        try container.encode(resourceId, forKey: .resourceId)
        try container.encode(resourceName, forKey: .resourceName)
        try container.encodeIfPresent(effectiveAccess, forKey: .effectiveAccess)
        try container.encodeIfPresent(activeSessions, forKey: .activeSessions)
    }
}

/// A complete plan: the JSON document of README, "plan", also used for saved plans.
public struct Plan: Codable, Hashable, Sendable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    /// RFC 3339 UTC time the plan was made.
    public var generatedAt: String
    public var apiUrl: String
    /// `sha256:` of the canonical desired state.
    public var policyDigest: String
    /// Whether the plan was made with `--assign-missing`: only then may its changes assign. An
    /// addition to the plan format (README, "plan"); a saved plan without it assigns nothing.
    public var assignMissing: Bool
    public var summary: PlanSummary
    /// Managed roles ordered by name, then id.
    public var roles: [RolePlan]
    /// Changes ordered by role order, then resource id.
    public var changes: [Change]
    /// Resource id -> name for every resource to unassign, assign or that is missing, where a name is
    /// known (EntryGuard's, else the policy's alias). An addition to the plan format (README, "plan").
    public var resourceNames: [String: String]
    /// User id -> email for every user the changes name, where `GET /users` (or a session) told it.
    /// An addition to the plan format (README, "plan"), written as `users` only when not empty.
    public var userEmails: [String: String] = [:]
    /// Active sessions of managed roles' users that hold access the policy does not grant (README,
    /// "drift"); `nil` when the sessions were not read. Written only when known.
    public var sessionsOutlivingPolicy: [OutlivingSession]?
    /// With `plan --base`: the differences this policy brings, apart from drift already there.
    public var base: BaseComparison?

    public init(formatVersion: Int = Plan.currentFormatVersion, generatedAt: String, apiUrl: String, policyDigest: String,
                assignMissing: Bool = false, summary: PlanSummary, roles: [RolePlan], changes: [Change],
                resourceNames: [String: String] = [:]) {
        self.formatVersion = formatVersion
        self.generatedAt = generatedAt
        self.apiUrl = apiUrl
        self.policyDigest = policyDigest
        self.assignMissing = assignMissing
        self.summary = summary
        self.roles = roles
        self.changes = changes
        self.resourceNames = resourceNames
    }

    /// Builds the plan document from a diff and its metadata.
    public init(diff: Diff, generatedAt: String, apiUrl: String, policyDigest: String) {
        self.init(generatedAt: generatedAt, apiUrl: apiUrl, policyDigest: policyDigest, assignMissing: diff.assignMissing,
                  summary: diff.summary,
                  roles: diff.roles, changes: diff.changes, resourceNames: diff.resourceNames)
        userEmails = diff.userEmails
        sessionsOutlivingPolicy = diff.sessionsOutlivingPolicy
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion, generatedAt, apiUrl, policyDigest, assignMissing, summary, roles, changes, resourceNames, users, sessionsOutlivingPolicy, base
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        generatedAt = try container.decode(String.self, forKey: .generatedAt)
        apiUrl = try container.decode(String.self, forKey: .apiUrl)
        policyDigest = try container.decode(String.self, forKey: .policyDigest)
        assignMissing = try container.decodeIfPresent(Bool.self, forKey: .assignMissing) ?? false
        summary = try container.decode(PlanSummary.self, forKey: .summary)
        roles = try container.decode([RolePlan].self, forKey: .roles)
        changes = try container.decode([Change].self, forKey: .changes)
        resourceNames = try container.decodeIfPresent([String: String].self, forKey: .resourceNames) ?? [:]
        userEmails = try container.decodeIfPresent([String: String].self, forKey: .users) ?? [:]
        sessionsOutlivingPolicy = try container.decodeIfPresent([OutlivingSession].self, forKey: .sessionsOutlivingPolicy)
        base = try container.decodeIfPresent(BaseComparison.self, forKey: .base)
    }

    /// The name to show for a resource, if one is known.
    /// The saved-plan format (README, "plan"), in the contract's key order: `resourceNames` sorted
    /// by id, `base` only with `plan --base`. The renderer writes this, the reader decodes it above.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(generatedAt, forKey: .generatedAt)
        try container.encode(apiUrl, forKey: .apiUrl)
        try container.encode(policyDigest, forKey: .policyDigest)
        try container.encode(assignMissing, forKey: .assignMissing)
        try container.encode(summary, forKey: .summary)
        try container.encode(roles, forKey: .roles)
        try container.encode(changes, forKey: .changes)
        var names = container.nestedContainer(keyedBy: NameKey.self, forKey: .resourceNames)
        for (id, name) in resourceNames.sorted(by: { $0.key < $1.key }) {
            try names.encode(name, forKey: NameKey(stringValue: id))
        }
        if !userEmails.isEmpty {
            var users = container.nestedContainer(keyedBy: NameKey.self, forKey: .users)
            for (id, email) in userEmails.sorted(by: { $0.key < $1.key }) {
                try users.encode(email, forKey: NameKey(stringValue: id))
            }
        }
        try container.encodeIfPresent(sessionsOutlivingPolicy, forKey: .sessionsOutlivingPolicy)
        try container.encodeIfPresent(base, forKey: .base)
    }

    /// A resource id as the key of `resourceNames`.
    private struct NameKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func resourceName(_ id: ResourceID) -> String? {
        resourceNames[id.rawValue]
    }

    /// The email to show for a user, if one is known.
    public func email(ofUser id: String) -> String? {
        userEmails.isEmpty ? nil : userEmails[id.lowercased()]
    }

    /// Whether the live state differs from the policy (anything to unassign or missing).
    public var hasDrift: Bool { summary.unassign > 0 || summary.missing > 0 }
}
