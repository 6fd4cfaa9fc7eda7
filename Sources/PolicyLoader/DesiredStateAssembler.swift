import PolicyModel

/// Joins the documents of all files: aliases are global, roles must be declared once.
struct DesiredStateAssembler {
    private(set) var diagnostics: [Diagnostic] = []
    /// Built on the first unknown alias: one index and one budget for every "did you mean".
    private var aliasSuggester: Suggester?

    /// Each role's entries are taken out of `documents` as they are resolved, and freed.
    mutating func assemble(_ documents: inout [PolicyDocument], fileCount: Int) -> DesiredState {
        let aliases = collectAliases(documents)
        let declared = documents.reduce(0) { $0 + $1.roles.count }
        var roles: [DesiredRole] = []
        roles.reserveCapacity(declared)
        var byID: [RoleID: SourceLocation] = [:]
        byID.reserveCapacity(declared)
        var byName: [String: SourceLocation] = [:]
        byName.reserveCapacity(declared)
        let places = documents.indices.flatMap { document in documents[document].roles.indices.map { (document, $0) } }
        for (document, index) in places {
            let declaration = documents[document].roles[index]
            documents[document].roles[index].resources = nil
            var duplicate = false
            if let id = declaration.id {
                if let first = byID[id] {
                    error("role \(id) is already declared at \(first)", at: declaration.location)
                    duplicate = true
                } else {
                    byID[id] = declaration.location
                }
            }
            if let name = declaration.name {
                if let first = byName[name] {
                    if !duplicate { error("role '\(name)' is already declared at \(first)", at: declaration.location) }
                    duplicate = true
                } else {
                    byName[name] = declaration.location
                }
            }
            // Entries are checked even for a declaration that cannot be used, so every error shows at once.
            guard let entries = declaration.resources else { continue }
            let role = resolve(entries, of: DesiredRole(id: declaration.id, name: declaration.name, resources: [], location: declaration.location),
                               aliases: aliases)
            if !duplicate && (role.id != nil || role.name != nil) { roles.append(role) }
        }
        let resolvedAliases = aliases.compactMapValues { $0.conflicting ? nil : $0.id }
        return DesiredState(roles: roles, aliases: resolvedAliases, fileCount: fileCount, documentCount: documents.count)
    }

    private struct AliasEntry {
        var id: ResourceID
        var location: SourceLocation
        var conflicting = false
    }

    /// Aliases across all files; one name bound to two UUIDs is an error at both places.
    private mutating func collectAliases(_ documents: [PolicyDocument]) -> [String: AliasEntry] {
        var aliases: [String: AliasEntry] = [:]
        for definition in documents.lazy.flatMap(\.aliases) {
            guard var existing = aliases[definition.name] else {
                aliases[definition.name] = AliasEntry(id: definition.id, location: definition.location)
                continue
            }
            guard existing.id != definition.id else { continue }
            if !existing.conflicting {
                error("alias '\(definition.name)' is defined as \(existing.id) here and as \(definition.id) at \(definition.location)",
                      at: existing.location)
            }
            error("alias '\(definition.name)' is defined as \(definition.id) here and as \(existing.id) at \(existing.location)",
                  at: definition.location)
            existing.conflicting = true
            aliases[definition.name] = existing
        }
        return aliases
    }

    /// Turns each entry into a resource id; warns about a resource listed twice.
    private mutating func resolve(_ entries: [ResourceEntry], of role: DesiredRole, aliases: [String: AliasEntry]) -> DesiredRole {
        var role = role
        var firstPlace: [ResourceID: SourceLocation] = [:]
        role.resources.reserveCapacity(entries.count)
        for entry in entries {
            let reference: ResourceReference
            if let id = entry.id {
                reference = ResourceReference(id: id, location: entry.location)
            } else if let alias = aliases[entry.text] {
                guard !alias.conflicting else { continue }
                reference = ResourceReference(id: alias.id, alias: entry.text, location: entry.location)
            } else {
                error(unresolvedMessage(entry.text, aliases: aliases), at: entry.location)
                continue
            }
            // Roles hold a handful of resources: a scan beats hashing until the list grows.
            let earlier = role.resources.count < 32
                ? role.resources.first { $0.id == reference.id }?.location : firstPlace[reference.id]
            if let first = earlier {
                let what = reference.alias.map { "resource '\($0)' (\(reference.id))" } ?? "resource \(reference.id)"
                diagnostics.append(.warning("\(what) is listed twice in role \(role.displayName) (first at \(first))", at: entry.location))
                continue
            }
            role.resources.append(reference)
            if role.resources.count == 32 {
                for resource in role.resources { firstPlace[resource.id] = resource.location }
            } else if role.resources.count > 32 {
                firstPlace[reference.id] = entry.location
            }
        }
        return role
    }

    private mutating func unresolvedMessage(_ text: String, aliases: [String: AliasEntry]) -> String {
        if UUIDText.looksLikeMalformedUUID(text) {
            return "'\(text)' is not a valid UUID (expected 8-4-4-4-12 hex digits)"
        }
        if !AliasName.isValid(text) {
            return "'\(text)' is neither a resource UUID nor a valid alias name"
        }
        var message = "unknown resource alias '\(text)'"
        if aliasSuggester == nil { aliasSuggester = Suggester(candidates: aliases.keys.sorted()) }
        if let near = aliasSuggester?.nearest(to: text) {
            message += "; did you mean '\(near)'?"
        } else {
            message += "; define it under 'resources:' in any policy file"
        }
        return message
    }

    private mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(.error(message, at: location))
    }
}
