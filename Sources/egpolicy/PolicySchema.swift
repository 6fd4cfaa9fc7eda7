import Rendering

/// The JSON Schema of a policy document (README, "Policy files"), for editors: yaml-language-server validates,
/// completes and shows these descriptions on hover. Draft-07, the newest draft every version of
/// yaml-language-server supports (2019-09 and 2020-12 arrived only in 1.20); nothing here needs more.
///
/// The schema checks one document at a time. What needs more than one value — an alias used but
/// defined nowhere, a role declared twice, duplicate keys, live roles — only `egpolicy validate`
/// and `plan` check.
enum PolicySchema {
    /// Where the file lives in the repository; examples point at it by relative path.
    static let repositoryPath = "schema/egpolicy-policy.schema.json"

    static let uuidPattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    static let aliasPattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$"

    /// The schema as written to the file: key order fixed, so the output is byte-stable.
    static func document() -> JSONValue {
        .object([
            ("$schema", .string("http://json-schema.org/draft-07/schema#")),
            ("title", .string("egpolicy policy document")),
            ("description", .string(
                "One YAML document of an egpolicy policy: which cloud resources each EntryGuard role may reach. "
                    + "Roles the policy declares are managed; every live binding of theirs that is not declared here is unassigned by 'egpolicy apply'.")),
            ("type", .string("object")),
            ("required", .array([.string("version")])),
            ("additionalProperties", .bool(false)),
            ("properties", .object([
                ("version", .object([
                    ("description", .string("The policy format version: the integer 1 (a quoted \"1\" is an error).")),
                    ("type", .string("integer")),
                    ("const", .int(1)),
                ])),
                ("resources", .object([
                    ("description", .string(
                        "Resource aliases: a name of yours mapped to an EntryGuard resource UUID. "
                            + "Aliases are shared by every policy file read together; defining one twice with different UUIDs is an error.")),
                    ("type", .array([.string("object"), .string("null")])),
                    ("propertyNames", .object([("$ref", .string("#/definitions/aliasName"))])),
                    ("additionalProperties", .object([("$ref", .string("#/definitions/resourceId"))])),
                ])),
                ("roles", .object([
                    ("description", .string("The roles this policy manages. Roles not declared in any policy file are never touched.")),
                    ("type", .array([.string("array"), .string("null")])),
                    ("items", .object([("$ref", .string("#/definitions/role"))])),
                ])),
            ])),
            ("definitions", .object([
                ("uuid", .object([
                    ("description", .string("A UUID: 8-4-4-4-12 hex digits, either case (egpolicy compares and prints it in lower case).")),
                    ("type", .string("string")),
                    ("pattern", .string(uuidPattern)),
                ])),
                ("resourceId", .object([
                    ("description", .string("The UUID of an EntryGuard cloud resource (8-4-4-4-12 hex digits, either case).")),
                    ("$ref", .string("#/definitions/uuid")),
                ])),
                ("aliasName", .object([
                    ("description", .string("An alias name: a letter or digit, then letters, digits, '.', '_' or '-'; not a UUID.")),
                    ("type", .string("string")),
                    ("pattern", .string(aliasPattern)),
                    ("not", .object([("pattern", .string(uuidPattern))])),
                ])),
                ("role", role()),
                ("resourceEntry", .object([
                    ("description", .string(
                        "A resource the role may reach: its UUID, or an alias defined under 'resources' in any policy file. "
                            + "A plain scalar is read as written, so an alias named 2024 may be listed unquoted "
                            + "(an alias name starts with a letter or digit: never a negative number).")),
                    ("anyOf", .array([
                        .object([("type", .string("string")), ("pattern", .string(aliasPattern))]),
                        .object([("type", .string("number")), ("minimum", .int(0))]),
                        .object([("type", .string("boolean"))]),
                    ])),
                ])),
            ])),
        ])
    }

    private static func role() -> JSONValue {
        .object([
            ("description", .string(
                "A managed role, matched by 'id', by 'name', or by both (then the live name must match). "
                    + "Every live binding of the role that 'resources' does not list is unassigned by 'egpolicy apply'.")),
            ("type", .string("object")),
            ("required", .array([.string("resources")])),
            ("anyOf", .array([
                .object([("required", .array([.string("id")]))]),
                .object([("required", .array([.string("name")]))]),
            ])),
            ("additionalProperties", .bool(false)),
            ("properties", .object([
                ("id", .object([
                    ("description", .string("The EntryGuard role's UUID (8-4-4-4-12 hex digits, either case).")),
                    ("$ref", .string("#/definitions/uuid")),
                ])),
                ("name", .object([
                    ("description", .string(
                        "The EntryGuard role's name, matched exactly. Read as written: 'name: yes' is the name \"yes\", 'name: 0123' is \"0123\".")),
                    ("type", .array([.string("string"), .string("number"), .string("boolean")])),
                    ("minLength", .int(1)),
                ])),
                ("description", .object([
                    ("description", .string("Free text for people; egpolicy ignores it.")),
                    ("type", .array([.string("string"), .string("number"), .string("boolean"), .string("null")])),
                ])),
                ("resources", .object([
                    ("description", .string(
                        "Every resource the role may reach: resource UUIDs or aliases. Required; [] means the role must hold no resource.")),
                    ("type", .string("array")),
                    ("items", .object([("$ref", .string("#/definitions/resourceEntry"))])),
                ])),
            ])),
        ])
    }
}
