import Parallel
import PolicyModel

/// Joins the documents of all files: aliases are global, roles must be declared once.
struct DesiredStateAssembler {
    private(set) var diagnostics: [Diagnostic] = []
    /// Built on the first unknown alias: one index and one budget for every "did you mean".
    private var aliasSuggester: Suggester?

    /// The roles are moved out of `documents`, and each role's entries freed once resolved. Roles are
    /// resolved on all cores; the diagnostics come out in the order of one pass over the roles.
    mutating func assemble(_ documents: inout [PolicyDocument], fileCount: Int) -> DesiredState {
        let aliases = collectAliases(documents)
        var declarations: [RoleDeclaration] = []
        declarations.reserveCapacity(documents.reduce(0) { $0 + $1.roles.count })
        for document in documents.indices {
            declarations += documents[document].roles
            documents[document].roles = []
        }
        // A second declaration of an id or a name is an error, found in declaration order.
        var repeats: [Int: Diagnostic] = [:]
        var byID: [RoleID: SourceLocation] = [:]
        byID.reserveCapacity(declarations.count)
        var byName: [String: SourceLocation] = [:]
        byName.reserveCapacity(declarations.count)
        for (index, declaration) in declarations.enumerated() {
            if let id = declaration.id {
                if let first = byID[id] {
                    repeats[index] = .error("role \(id) is already declared at \(first)", at: declaration.location)
                } else {
                    byID[id] = declaration.location
                }
            }
            if let name = declaration.name {
                if let first = byName[name] {
                    if repeats[index] == nil { repeats[index] = .error("role '\(name)' is already declared at \(first)", at: declaration.location) }
                } else {
                    byName[name] = declaration.location
                }
            }
        }
        // Entries are checked even for a declaration that cannot be used, so every error shows at once.
        let resolved = declarations.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let declarations = buffer
            return mapInRuns(buffer.count) { index -> Resolved? in
                guard let entries = declarations[index].resources else { return nil }
                declarations[index].resources = nil
                let declaration = declarations[index]
                return Self.resolve(entries, of: DesiredRole(id: declaration.id, name: declaration.name, resources: [],
                                                             location: declaration.location), aliases: aliases)
            }
        }
        var roles: [DesiredRole] = []
        roles.reserveCapacity(declarations.count)
        for index in resolved.indices {
            if let repeated = repeats[index] { diagnostics.append(repeated) }
            guard let resolved = resolved[index] else { continue }
            for problem in resolved.problems {
                switch problem {
                case .repeated(let warning): diagnostics.append(warning)
                case .unresolved(let text, let location): error(unresolvedMessage(text, aliases: aliases), at: location)
                }
            }
            if repeats[index] == nil && (resolved.role.id != nil || resolved.role.name != nil) { roles.append(resolved.role) }
        }
        let resolvedAliases = aliases.compactMapValues { $0.conflicting ? nil : $0.id }
        return DesiredState(roles: roles, aliases: resolvedAliases, fileCount: fileCount, documentCount: documents.count)
    }

    /// A role with its entries resolved, and what was wrong with them, in entry order. An entry
    /// that resolves to nothing is told only once all roles are resolved: its "did you mean" shares
    /// one index and one budget with every other.
    private struct Resolved: Sendable {
        var role: DesiredRole
        var problems: [Problem] = []

        enum Problem: Sendable {
            case repeated(Diagnostic)
            case unresolved(String, at: SourceLocation)
        }
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
    private static func resolve(_ entries: [ResourceEntry], of role: DesiredRole, aliases: [String: AliasEntry]) -> Resolved {
        var resolved = Resolved(role: role)
        var firstPlace: [ResourceID: SourceLocation] = [:]
        resolved.role.resources.reserveCapacity(entries.count)
        for entry in entries {
            let reference: ResourceReference
            if let id = entry.id {
                reference = ResourceReference(id: id, location: entry.location)
            } else if let alias = aliases[entry.text] {
                guard !alias.conflicting else { continue }
                reference = ResourceReference(id: alias.id, alias: entry.text, location: entry.location)
            } else {
                resolved.problems.append(.unresolved(entry.text, at: entry.location))
                continue
            }
            // Roles hold a handful of resources: a scan beats hashing until the list grows.
            let earlier = resolved.role.resources.count < 32
                ? resolved.role.resources.first { $0.id == reference.id }?.location : firstPlace[reference.id]
            if let first = earlier {
                let what = reference.alias.map { "resource '\($0)' (\(reference.id))" } ?? "resource \(reference.id)"
                resolved.problems.append(.repeated(.warning("\(what) is listed twice in role \(role.displayName) (first at \(first))",
                                                            at: entry.location)))
                continue
            }
            resolved.role.resources.append(reference)
            if resolved.role.resources.count == 32 {
                for resource in resolved.role.resources { firstPlace[resource.id] = resource.location }
            } else if resolved.role.resources.count > 32 {
                firstPlace[reference.id] = entry.location
            }
        }
        return resolved
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
