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
        "egpolicy-desired-state-v1\n" + canonicalLines.joined(separator: "\n") + "\n"
    }

    /// Hands `body` the bytes of `canonicalText` piece by piece, in order, without building it or
    /// its lines: what the policy digest hashes (at 100,000 bindings the text is megabytes).
    ///
    /// Lines sort as strings; a role's line starts with its id, so lines of roles with ids sort as
    /// the ids do (same length, hex digits and dashes, ids unique in a valid policy), after every
    /// line of a role without id (those start with `-`, which sorts before any hex digit). Only
    /// those few are made into strings and sorted; with a repeated id, every line is.
    public func writeCanonicalText(_ body: (UnsafeRawBufferPointer) -> Void) {
        func write(_ bytes: [UInt8]) { bytes.withUnsafeBytes(body) }
        write(Array("egpolicy-desired-state-v1\n".utf8))
        var withID = roles.filter { $0.id != nil }
        withID.sort { $0.id! < $1.id! }
        let repeated = zip(withID, withID.dropFirst()).contains { $0.id == $1.id }
        var stringLines = (repeated ? roles : roles.filter { $0.id == nil }).map { String(decoding: Self.canonicalLine(of: $0), as: UTF8.self) }
        stringLines.sort()
        for line in stringLines { write(Array(line.utf8) + [UInt8(ascii: "\n")]) }
        if !repeated {
            var line: [UInt8] = []
            for role in withID {
                Self.canonicalLine(of: role, into: &line)
                line.append(UInt8(ascii: "\n"))
                write(line)
            }
        }
        if roles.isEmpty { write([UInt8(ascii: "\n")]) }
    }

    /// One role's line of `canonicalText`, without its line break.
    static func canonicalLine(of role: DesiredRole) -> [UInt8] {
        var line: [UInt8] = []
        canonicalLine(of: role, into: &line)
        return line
    }

    static func canonicalLine(of role: DesiredRole, into line: inout [UInt8]) {
        line.removeAll(keepingCapacity: true)
        if let id = role.id { id.appendText(to: &line) } else { line.append(UInt8(ascii: "-")) }
        line.append(UInt8(ascii: "\t"))
        line.append(contentsOf: (role.name ?? "-").utf8)
        line.append(UInt8(ascii: "\t"))
        for (index, resource) in role.resources.map(\.id).sorted().enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            resource.appendText(to: &line)
        }
    }

    /// The lines of `canonicalText` after its header, sorted, without their line breaks.
    public var canonicalLines: [String] {
        var lines: [String] = []
        lines.reserveCapacity(roles.count)
        // Each line written as bytes, ids straight from their bits: 100,000 bindings are 100,000 ids.
        var line: [UInt8] = []
        for role in roles {
            Self.canonicalLine(of: role, into: &line)
            lines.append(String(decoding: line, as: UTF8.self))
        }
        lines.sort()
        return lines
    }
}
