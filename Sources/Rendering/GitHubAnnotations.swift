import PolicyModel

/// GitHub Actions workflow commands (README, "CI"): diagnostics become annotations on the policy
/// file's line in the pull request, drifted roles a warning at their declaration. Paths and text are
/// first made printable (`PrintableText`: line breaks, controls and invisible characters escaped),
/// then given GitHub's escaping of command data and properties.
public enum GitHubAnnotations {
    /// `::error file=…,line=…,col=…::message`.
    public static func render(_ diagnostic: Diagnostic) -> String {
        let diagnostic = diagnostic.printable
        var properties: [String] = []
        if let location = diagnostic.location {
            properties = ["file=\(property(location.path))", "line=\(location.line)", "col=\(location.column)"]
        } else if let path = diagnostic.path {
            properties = ["file=\(property(path))"]
        }
        let command = diagnostic.severity == .error ? "error" : "warning"
        return "::\(command)\(properties.isEmpty ? "" : " " + properties.joined(separator: ","))::\(data(diagnostic.message))"
    }

    /// One `::warning` per managed role that differs from the policy, at its declaration.
    public static func driftWarnings(_ plan: Plan) -> [String] {
        plan.roles.filter { !$0.isInSync }.map { role in
            var counts: [String] = []
            if !role.unassign.isEmpty { counts.append("\(role.unassign.count) to unassign") }
            if !role.missing.isEmpty { counts.append("\(role.missing.count) missing") }
            let message = "role '\(PrintableText.escaped(role.name))' differs from the policy: \(counts.joined(separator: ", "))"
            return "::warning file=\(property(PrintableText.escaped(role.source.path))),line=\(role.source.line)::\(data(message))"
        }
    }

    /// Escaping of a command's message.
    static func data(_ text: String) -> String {
        escape(text, [("%", "%25"), ("\r\n", "%0D%0A"), ("\r", "%0D"), ("\n", "%0A")])
    }

    /// Escaping of a command's property value.
    static func property(_ text: String) -> String {
        escape(text, [("%", "%25"), ("\r\n", "%0D%0A"), ("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C")])
    }

    private static func escape(_ text: String, _ table: [(Character, String)]) -> String {
        var output = ""
        for character in text {
            if let replacement = table.first(where: { $0.0 == character })?.1 {
                output += replacement
            } else {
                output.append(character)
            }
        }
        return output
    }
}
