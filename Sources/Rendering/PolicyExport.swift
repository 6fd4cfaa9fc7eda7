import PolicyModel

/// Live roles written as a policy file (`egpolicy import`): the file validates, planning it against
/// the same live state changes nothing, and it passes yamllint's default profile (a document start,
/// two-space indentation, comments two spaces from content, lines of at most 80 characters except a
/// role name too long to fit: a name is one scalar on one line).
public enum PolicyExport {
    /// yamllint's default `line-length`.
    static let lineLimit = 80 // counted in Unicode scalars, as yamllint (Python) counts

    /// `roles` in name-then-id order; resource names, where known, as comments.
    public static func render(_ roles: [LiveRole], resourceNames: [ResourceID: String], header: String) -> String {
        var text = ""
        for line in header.split(separator: "\n", omittingEmptySubsequences: false) {
            text += commentLines(String(line), indent: "")
        }
        text += "---\nversion: 1\n"
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
                let entry = "      - \(resource)"
                guard let name = resourceNames[resource] else {
                    text += entry + "\n"
                    continue
                }
                let trailing = entry + "  # " + comment(name)
                // A name that would make the line too long goes on a comment line of its own, above.
                text += trailing.unicodeScalars.count <= lineLimit ? trailing + "\n" : commentLines(name, indent: "      ") + entry + "\n"
            }
        }
        return text
    }

    /// Text that cannot end a YAML comment early: one line, no control characters.
    static func comment(_ text: String) -> String {
        PrintableText.escaped(text)
    }

    /// `text` as comment lines at `indent`, wrapped at spaces to stay within the line limit (a word
    /// longer than a line, say a URL, stays whole: yamllint allows a line of one word). An empty
    /// line is `#` alone: no trailing space.
    static func commentLines(_ text: String, indent: String) -> String {
        let prefix = indent + "#"
        let words = comment(text).split(separator: " ", omittingEmptySubsequences: true)
        guard !words.isEmpty else { return prefix + "\n" }
        var lines: [String] = []
        var line = prefix
        for word in words {
            if line != prefix && line.unicodeScalars.count + 1 + word.unicodeScalars.count > lineLimit {
                lines.append(line)
                line = prefix
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
