/// A YAML node with the place it starts, as libyaml reported it (1-based).
struct YAMLNode: Sendable {
    enum Content: Sendable {
        /// A scalar exactly as written; `plain` is false for quoted and block scalars.
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    struct Pair: Sendable {
        var key: YAMLNode
        var value: YAMLNode
    }

    var content: Content
    var line: Int
    var column: Int
    /// An explicit tag (`!!str`, `!custom`), which policy files do not use.
    var tag: String?

    /// A plain `~`, `null` or empty scalar: YAML's null.
    var isNull: Bool {
        guard case .scalar(let text, plain: true) = content else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// What a user would call this kind of node in an error message.
    var kindDescription: String {
        switch content {
        case .scalar:
            return isNull ? "null" : "a string"
        case .sequence:
            return "a list"
        case .mapping:
            return "a mapping"
        }
    }
}

/// One document of a YAML stream; `root` is nil for a document with no content.
struct YAMLDocument: Sendable {
    var root: YAMLNode?
    var line: Int
    var column: Int
}
