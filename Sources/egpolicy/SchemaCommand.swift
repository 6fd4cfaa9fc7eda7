import ArgumentParser

/// `egpolicy schema`: the policy format as a JSON Schema, for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of policy files, for editors (yaml-language-server).",
        discussion: """
            The same schema is in the repository as \(PolicySchema.repositoryPath). Point an editor at it with a \
            first line like:
              # yaml-language-server: $schema=../schema/egpolicy-policy.schema.json
            The schema checks each document alone; aliases used across files, duplicate roles and live roles are \
            checked by 'egpolicy validate'.
            """)

    func run() throws {
        Console.standardOutput(PolicySchema.document().serialized())
    }
}
