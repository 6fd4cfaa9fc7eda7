import PolicyModel

/// Live roles written as a policy file (`egpolicy import`): the file validates, and planning it
/// against the same live state changes nothing.
public enum PolicyExport {
    /// `roles` in name-then-id order; resource names, where known, as comments.
    public static func render(_ roles: [LiveRole], resourceNames: [ResourceID: String], header: String) -> String {
        var text = ""
        for line in header.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "# \(comment(String(line)))\n"
        }
        text += "version: 1\n"
        guard !roles.isEmpty else { return text + "roles: []\n" }
        text += "roles:\n"
        for role in roles.sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
            text += "  - id: \(role.id)\n"
            text += "    name: \(JSONValue.quoted(role.name))\n"
            let resources = Set(role.resourceIds).sorted()
            guard !resources.isEmpty else {
                text += "    resources: []\n"
                continue
            }
            text += "    resources:\n"
            for resource in resources {
                text += "      - \(resource)"
                if let name = resourceNames[resource] { text += "  # \(comment(name))" }
                text += "\n"
            }
        }
        return text
    }

    /// Text that cannot end a YAML comment early: one line, no control characters.
    static func comment(_ text: String) -> String {
        PrintableText.escaped(text)
    }
}
