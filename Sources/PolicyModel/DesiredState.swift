/// A resource a role must hold, as the policy names it.
public struct ResourceReference: Hashable, Sendable {
    public var id: ResourceID
    /// The alias the policy used for it, if any.
    public var alias: String?
    public var location: SourceLocation

    public init(id: ResourceID, alias: String? = nil, location: SourceLocation) {
        self.id = id
        self.alias = alias
        self.location = location
    }
}

/// One role declaration of the policy.
public struct DesiredRole: Hashable, Sendable {
    public var id: RoleID?
    public var name: String?
    /// The resources the role must hold, without repeats, in the order declared.
    public var resources: [ResourceReference]
    /// Where the declaration starts (its first key).
    public var location: SourceLocation

    public init(id: RoleID?, name: String?, resources: [ResourceReference], location: SourceLocation) {
        self.id = id
        self.name = name
        self.resources = resources
        self.location = location
    }

    /// How the role is shown before it is matched to a live role.
    public var displayName: String {
        switch (name, id) {
        case let (name?, _): return "'\(name)'"
        case let (nil, id?): return id.rawValue
        case (nil, nil): return "<unnamed role>"
        }
    }
}

/// Everything the policy files declare, with aliases already resolved.
public struct DesiredState: Sendable, Equatable {
    public var roles: [DesiredRole]
    /// Alias name -> resource, across all files.
    public var aliases: [String: ResourceID]
    /// How many files were read and how many non-empty documents they held.
    public var fileCount: Int
    public var documentCount: Int

    public init(roles: [DesiredRole] = [], aliases: [String: ResourceID] = [:], fileCount: Int = 0, documentCount: Int = 0) {
        self.roles = roles
        self.aliases = aliases
        self.fileCount = fileCount
        self.documentCount = documentCount
    }

    /// A canonical text of the desired bindings: independent of file layout, comments, ordering and
    /// aliases, so its digest changes exactly when what the policy demands changes.
    public var canonicalText: String {
        var lines: [String] = []
        lines.reserveCapacity(roles.count)
        for role in roles {
            let key = "\(role.id?.rawValue ?? "-")\t\(role.name ?? "-")"
            let resources = role.resources.map(\.id).sorted().map(\.rawValue).joined(separator: ",")
            lines.append("\(key)\t\(resources)")
        }
        lines.sort()
        return "egpolicy-desired-state-v1\n" + lines.joined(separator: "\n") + "\n"
    }
}
