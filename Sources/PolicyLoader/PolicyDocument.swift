import PolicyModel

/// One alias definition: `resources: {name: uuid}`.
struct AliasDefinition: Sendable {
    var name: String
    var id: ResourceID
    var location: SourceLocation
}

/// One entry of a role's `resources` list, before aliases are resolved.
struct ResourceEntry: Sendable {
    /// The entry as written when it is not a UUID (an alias, or an error to report); empty for a
    /// UUID, so the documents of all files do not keep a string per binding until they are joined.
    var text: String
    /// The entry read as a UUID, when it is one: parsed while the files are read in parallel,
    /// rather than when they are joined on one thread.
    var id: ResourceID?
    var location: SourceLocation
}

/// One role as written in one document.
struct RoleDeclaration: Sendable {
    var id: RoleID?
    var name: String?
    /// `nil` when the declaration had an error there (already reported).
    var resources: [ResourceEntry]?
    var location: SourceLocation
}

/// What one YAML document declares.
struct PolicyDocument: Sendable {
    var aliases: [AliasDefinition] = []
    var roles: [RoleDeclaration] = []
}

/// Checks one document against the policy schema (README, "Policy files") and extracts its declarations.
struct PolicyDocumentParser {
    static let topLevelKeys = ["version", "resources", "roles"]
    static let roleKeys = ["id", "name", "description", "resources"]
    static let supportedVersion = "1"

    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String) {
        self.path = path
    }

    mutating func parse(_ root: YAMLNode) -> PolicyDocument {
        var document = PolicyDocument()
        guard case .mapping(let pairs) = root.content, checkTag(root) else {
            error("a policy document must be a mapping with the keys 'version', 'resources' and 'roles'; found \(root.kindDescription)", at: root)
            return document
        }
        let fields = self.fields(of: pairs, known: Self.topLevelKeys, in: "the policy document")
        if let version = fields["version"] {
            checkVersion(version)
        } else {
            error("missing required key 'version' (write 'version: 1')", at: root)
        }
        if let aliases = fields["resources"], !aliases.isNull {
            document.aliases = parseAliases(aliases)
        }
        if let roles = fields["roles"], !roles.isNull {
            if case .sequence(let items) = roles.content, checkTag(roles) {
                document.roles = items.compactMap { parseRole($0) }
            } else {
                error("'roles' must be a list of roles; found \(roles.kindDescription)", at: roles)
            }
        }
        return document
    }

    private mutating func checkVersion(_ node: YAMLNode) {
        guard checkTag(node) else { return }
        switch node.content {
        case .scalar(Self.supportedVersion, plain: true):
            return
        case .scalar(let text, plain: false):
            error("'version' must be the integer 1, not the string \"\(text)\" (remove the quotes)", at: node)
        case .scalar(let text, plain: true) where !node.isNull && Int(text) != nil:
            error("unsupported policy version \(text); this egpolicy reads version 1", at: node)
        case .scalar(let text, plain: true) where !node.isNull && YAMLNumber.isNumber(text):
            // YAML reads `1.0` as a float, editors as the number 1; egpolicy reads scalars as written.
            error("'version' must be the integer 1, not the number \(text) (write 'version: 1')", at: node)
        default:
            error("'version' must be the integer 1; found \(node.kindDescription)", at: node)
        }
    }

    private mutating func parseAliases(_ node: YAMLNode) -> [AliasDefinition] {
        guard case .mapping(let pairs) = node.content, checkTag(node) else {
            error("'resources' must be a mapping of alias names to resource UUIDs; found \(node.kindDescription)", at: node)
            return []
        }
        var definitions: [AliasDefinition] = []
        var seen: [String: YAMLNode] = [:]
        for pair in pairs {
            guard let name = keyText(pair.key) else { continue }
            if let first = seen[name] {
                error("duplicate alias '\(name)' in this mapping (first at line \(first.line), column \(first.column))", at: pair.key)
                continue
            }
            seen[name] = pair.key
            guard AliasName.isValid(name) else {
                if UUIDText.normalize(name) != nil {
                    error("alias name '\(name)' is a UUID; an alias must be a name (roles can list the UUID directly)", at: pair.key)
                } else {
                    error("invalid alias name '\(name)': it must start with a letter or digit and contain only letters, digits, '.', '_' and '-'", at: pair.key)
                }
                continue
            }
            guard let text = string(pair.value, describing: "alias '\(name)'") else { continue }
            guard let id = ResourceID(text) else {
                error("alias '\(name)' must map to a resource UUID (8-4-4-4-12 hex digits); '\(text)' is not one", at: pair.value)
                continue
            }
            definitions.append(AliasDefinition(name: name, id: id, location: location(of: pair.key)))
        }
        return definitions
    }

    private mutating func parseRole(_ node: YAMLNode) -> RoleDeclaration? {
        guard case .mapping(let pairs) = node.content, checkTag(node) else {
            error("each role must be a mapping with 'id' and/or 'name' and 'resources'; found \(node.kindDescription)", at: node)
            return nil
        }
        let fields = self.fields(of: pairs, known: Self.roleKeys, in: "a role")
        var role = RoleDeclaration(id: nil, name: nil, resources: nil, location: location(of: node))
        var valid = true
        if let idNode = fields["id"] {
            if let text = string(idNode, describing: "'id'") {
                role.id = RoleID(text)
                if role.id == nil {
                    error("role id '\(text)' is not a UUID (8-4-4-4-12 hex digits)", at: idNode)
                    valid = false
                }
            } else {
                valid = false
            }
        }
        if let nameNode = fields["name"] {
            if let name = string(nameNode, describing: "'name'") {
                if name.isEmpty {
                    error("'name' must not be empty", at: nameNode)
                    valid = false
                } else {
                    role.name = name
                }
            } else {
                valid = false
            }
        }
        if let description = fields["description"], !description.isNull {
            _ = string(description, describing: "'description'")
        }
        if valid, fields["id"] == nil, fields["name"] == nil {
            error("a role needs 'id' or 'name' (or both)", at: node)
        }
        let label = role.name.map { "role '\($0)'" } ?? role.id.map { "role \($0)" } ?? "this role"
        if let resources = fields["resources"] {
            role.resources = parseResourceList(resources, role: label)
        } else {
            error("\(label) has no 'resources'; write 'resources: []' if it must hold no resource", at: node)
        }
        return role
    }

    private mutating func parseResourceList(_ node: YAMLNode, role label: String) -> [ResourceEntry]? {
        if node.isNull {
            error("'resources' of \(label) is empty; write 'resources: []' if the role must hold no resource", at: node)
            return nil
        }
        guard case .sequence(let items) = node.content, checkTag(node) else {
            error("'resources' of \(label) must be a list of resource UUIDs or aliases; found \(node.kindDescription)", at: node)
            return nil
        }
        var entries: [ResourceEntry] = []
        entries.reserveCapacity(items.count)
        for item in items {
            if item.isNull {
                error("empty entry in 'resources' of \(label)", at: item)
            } else if let text = string(item, describing: "a 'resources' entry") {
                let id = ResourceID(text)
                entries.append(ResourceEntry(text: id == nil ? text : "", id: id, location: location(of: item)))
            }
        }
        return entries
    }

    // MARK: - Shared checks

    /// The values of a mapping's known keys, found by position among them.
    ///
    /// A mapping has at most four known keys: arrays searched in order cost less than the two
    /// dictionaries per role a keyed lookup would build.
    struct Fields {
        let known: [String]
        var values: [YAMLNode?]

        subscript(key: String) -> YAMLNode? {
            known.firstIndex(of: key).flatMap { values[$0] }
        }
    }

    /// The values of a mapping's known keys; reports non-string, duplicate and unknown keys.
    private mutating func fields(of pairs: [YAMLNode.Pair], known: [String], in context: String) -> Fields {
        var fields = Fields(known: known, values: Array(repeating: nil, count: known.count))
        var knownKeyNodes = [YAMLNode?](repeating: nil, count: known.count)
        // Unknown keys are rare: their first places are kept only once one appears.
        var unknownKeyNodes: [String: YAMLNode] = [:]
        for pair in pairs {
            guard let key = keyText(pair.key) else { continue }
            let slot = known.firstIndex(of: key)
            let first = if let slot { knownKeyNodes[slot] } else { unknownKeyNodes[key] }
            if let first {
                error("duplicate key '\(key)' (first at line \(first.line), column \(first.column))", at: pair.key)
                continue
            }
            guard let slot else {
                unknownKeyNodes[key] = pair.key
                var message = "unknown key '\(key)' in \(context)"
                if key == "<<" {
                    message += "; YAML merge keys are not supported"
                } else if let near = Suggestion.nearest(to: key, among: known) {
                    message += "; did you mean '\(near)'?"
                } else {
                    message += "; expected one of: \(known.map { "'\($0)'" }.joined(separator: ", "))"
                }
                error(message, at: pair.key)
                continue
            }
            knownKeyNodes[slot] = pair.key
            fields.values[slot] = pair.value
        }
        return fields
    }

    private mutating func keyText(_ key: YAMLNode) -> String? {
        guard case .scalar(let text, _) = key.content, checkTag(key) else {
            error("mapping keys must be strings; found \(key.kindDescription)", at: key)
            return nil
        }
        return text
    }

    /// The text of a string scalar, or an error naming what was found instead.
    private mutating func string(_ node: YAMLNode, describing what: String) -> String? {
        guard checkTag(node) else { return nil }
        if node.isNull {
            error("\(what) must be a string; found null", at: node)
            return nil
        }
        guard case .scalar(let text, _) = node.content else {
            error("\(what) must be a string; found \(node.kindDescription)", at: node)
            return nil
        }
        return text
    }

    private mutating func checkTag(_ node: YAMLNode) -> Bool {
        guard let tag = node.tag else { return true }
        error("YAML tags ('\(tag)') are not supported in policy files; remove the tag", at: node)
        return false
    }

    private func location(of node: YAMLNode) -> SourceLocation {
        SourceLocation(path: path, line: node.line, column: node.column)
    }

    private mutating func error(_ message: String, at node: YAMLNode) {
        diagnostics.append(.error(message, at: location(of: node)))
    }
}

/// The syntax of alias names: `[A-Za-z0-9][A-Za-z0-9._-]*`, and not a UUID.
enum AliasName {
    static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, isAlphanumeric(first) else { return false }
        for byte in name.utf8.dropFirst() where !(isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")) {
            return false
        }
        return UUIDText.normalize(name) == nil
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return false
        }
    }
}
