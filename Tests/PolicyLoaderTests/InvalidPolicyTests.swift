import Testing
import Foundation
import PolicyModel
@testable import PolicyLoader

/// Every invalid fixture and the exact diagnostics it must produce: location, severity and words.
@Suite("Invalid policies")
struct InvalidPolicyTests {
    static let cases: [(fixture: String, expected: [String])] = [
        ("alias-bad-name.yaml", [
            "alias-bad-name.yaml:3:3: error: invalid alias name 'prod/gateway': it must start with a letter or digit and contain only letters, digits, '.', '_' and '-'",
        ]),
        ("alias-bad-value.yaml", [
            "alias-bad-value.yaml:3:17: error: alias 'prod-gateway' must map to a resource UUID (8-4-4-4-12 hex digits); 'sg-0abc123def456' is not one",
        ]),
        ("alias-conflict", [
            "alias-conflict/a.yaml:3:3: error: alias 'prod-db' is defined as 660e8400-e29b-41d4-a716-446655440002 here and as 660e8400-e29b-41d4-a716-446655440009 at alias-conflict/b.yaml:4:3",
            "alias-conflict/b.yaml:4:3: error: alias 'prod-db' is defined as 660e8400-e29b-41d4-a716-446655440009 here and as 660e8400-e29b-41d4-a716-446655440002 at alias-conflict/a.yaml:3:3",
        ]),
        ("alias-list-value.yaml", [
            "alias-list-value.yaml:4:5: error: alias 'prod-gateway' must be a string; found a list",
        ]),
        ("alias-uuid-name.yaml", [
            "alias-uuid-name.yaml:3:3: error: alias name '660e8400-e29b-41d4-a716-446655440001' is a UUID; an alias must be a name (roles can list the UUID directly)",
        ]),
        ("aliases-not-mapping.yaml", [
            "aliases-not-mapping.yaml:3:3: error: 'resources' must be a mapping of alias names to resource UUIDs; found a list",
        ]),
        // Found by fuzzing (scripts/fuzz): a leading byte-order mark is no column.
        ("bom-control-character.yaml", [
            "bom-control-character.yaml:1:10: error: file is not valid UTF-8 text: control characters are not allowed (byte 0x1)",
        ]),
        ("bad-role-uuid.yaml", [
            "bad-role-uuid.yaml:3:9: error: role id '550e8400-e29b-41d4-a716-44665544000' is not a UUID (8-4-4-4-12 hex digits)",
        ]),
        ("binary.yaml", [
            "binary.yaml:3:11: error: file is not valid UTF-8 text: control characters are not allowed (byte 0x1)",
        ]),
        ("comment-only.yaml", [
            "comment-only.yaml: error: no policy document found: the file is empty or holds only comments",
        ]),
        ("complex-key.yaml", [
            "complex-key.yaml:2:3: error: mapping keys must be strings; found a list",
        ]),
        // Quoted text with line breaks or escape sequences is escaped: one diagnostic, one line.
        ("control-characters.yaml", [
            "control-characters.yaml:2:1: error: unknown key 'rol\\nes\\u{1B}[2J' in the policy document; expected one of: 'version', 'resources', 'roles'",
            "control-characters.yaml:4:5: error: role 'Dev\\u{2028}Ops' has no 'resources'; write 'resources: []' if it must hold no resource",
            "control-characters.yaml:6:17: error: 'x\\ty' is neither a resource UUID nor a valid alias name",
        ]),
        ("deep-nesting.yaml", [
            "deep-nesting.yaml:2:71: error: lists and mappings are nested deeper than 64 levels",
        ]),
        ("description-list.yaml", [
            "description-list.yaml:4:18: error: 'description' must be a string; found a list",
        ]),
        ("duplicate-alias.yaml", [
            "duplicate-alias.yaml:4:3: error: duplicate alias 'prod-db' in this mapping (first at line 3, column 3)",
        ]),
        ("duplicate-role-across-files", [
            "duplicate-role-across-files/b.yaml:5:5: error: role 'DevOps Team' is already declared at duplicate-role-across-files/a.yaml:3:5",
        ]),
        ("duplicate-role-id-case.yaml", [
            "duplicate-role-id-case.yaml:5:5: error: role 550e8400-e29b-41d4-a716-446655440000 is already declared at duplicate-role-id-case.yaml:3:5",
        ]),
        ("duplicate-role-key.yaml", [
            "duplicate-role-key.yaml:5:5: error: duplicate key 'name' (first at line 3, column 5)",
        ]),
        ("duplicate-role-name.yaml", [
            "duplicate-role-name.yaml:5:5: error: role 'DevOps Team' is already declared at duplicate-role-name.yaml:3:5",
        ]),
        ("duplicate-top-key.yaml", [
            "duplicate-top-key.yaml:3:1: error: duplicate key 'roles' (first at line 2, column 1)",
        ]),
        ("empty-file.yaml", [
            "empty-file.yaml: error: no policy document found: the file is empty or holds only comments",
        ]),
        ("empty-name.yaml", [
            "empty-name.yaml:3:11: error: 'name' must not be empty",
        ]),
        ("empty-resource-entry.yaml", [
            "empty-resource-entry.yaml:5:8: error: empty entry in 'resources' of role 'DevOps Team'",
        ]),
        // Found by fuzzing: the empty value of an explicit key (`? name`) that ends the file without
        // a line break is placed on the file's last line, not on a line libyaml adds at the end.
        ("explicit-key-at-end.yaml", [
            "explicit-key-at-end.yaml:3:12: error: alias 'prod-db' must be a string; found null",
        ]),
        ("id-list.yaml", [
            "id-list.yaml:3:9: error: 'id' must be a string; found a list",
        ]),
        ("invalid-resource-entry.yaml", [
            "invalid-resource-entry.yaml:5:9: error: 'prod gateway' is neither a resource UUID nor a valid alias name",
        ]),
        ("resource-negative-number.yaml", [
            "resource-negative-number.yaml:4:17: error: '-1' is neither a resource UUID nor a valid alias name",
        ]),
        ("malformed-resource-uuid.yaml", [
            "malformed-resource-uuid.yaml:5:9: error: '660e8400-e29b-41d4-a716-4466554400' is not a valid UUID (expected 8-4-4-4-12 hex digits)",
        ]),
        ("merge-key.yaml", [
            "merge-key.yaml:6:5: error: unknown key '<<' in a role; YAML merge keys are not supported",
            "merge-key.yaml:6:5: error: role 'SRE' has no 'resources'; write 'resources: []' if it must hold no resource",
        ]),
        ("missing-version.yaml", [
            "missing-version.yaml:1:1: error: missing required key 'version' (write 'version: 1')",
        ]),
        ("non-utf8.yaml", [
            "non-utf8.yaml:3:14: error: file is not valid UTF-8 text: invalid UTF-8 sequence (byte 0xE9)",
        ]),
        // CR line ends count as lines in the reader's errors too, as in libyaml's.
        ("non-utf8-cr-lines.yaml", [
            "non-utf8-cr-lines.yaml:3:14: error: file is not valid UTF-8 text: invalid UTF-8 sequence (byte 0xE9)",
        ]),
        ("null-name.yaml", [
            "null-name.yaml:3:11: error: 'name' must be a string; found null",
        ]),
        ("resource-entry-mapping.yaml", [
            "resource-entry-mapping.yaml:5:9: error: a 'resources' entry must be a string; found a mapping",
        ]),
        ("resources-null.yaml", [
            "resources-null.yaml:4:15: error: 'resources' of role 'DevOps Team' is empty; write 'resources: []' if the role must hold no resource",
        ]),
        ("resources-string.yaml", [
            "resources-string.yaml:4:16: error: 'resources' of role 'DevOps Team' must be a list of resource UUIDs or aliases; found a string",
        ]),
        ("role-not-mapping.yaml", [
            "role-not-mapping.yaml:3:5: error: each role must be a mapping with 'id' and/or 'name' and 'resources'; found a string",
        ]),
        ("role-without-id-or-name.yaml", [
            "role-without-id-or-name.yaml:3:5: error: a role needs 'id' or 'name' (or both)",
        ]),
        ("role-without-resources.yaml", [
            "role-without-resources.yaml:3:5: error: role 'DevOps Team' has no 'resources'; write 'resources: []' if it must hold no resource",
        ]),
        ("roles-not-list.yaml", [
            "roles-not-list.yaml:3:3: error: 'roles' must be a list of roles; found a mapping",
        ]),
        ("root-scalar.yaml", [
            "root-scalar.yaml:1:1: error: a policy document must be a mapping with the keys 'version', 'resources' and 'roles'; found a string",
        ]),
        ("root-sequence.yaml", [
            "root-sequence.yaml:1:1: error: a policy document must be a mapping with the keys 'version', 'resources' and 'roles'; found a list",
        ]),
        // Found by fuzzing: an error at the end of a file whose last line has no line break.
        ("syntax-error-at-end.yaml", [
            "syntax-error-at-end.yaml:3:6: error: invalid YAML: could not find expected ':' (while scanning a simple key at line 3, column 1)",
        ]),
        ("syntax-mapping-value.yaml", [
            "syntax-mapping-value.yaml:3:17: error: invalid YAML: mapping values are not allowed in this context",
        ]),
        // libyaml counts its error index in characters: the tab hint after non-ASCII text.
        ("tab-after-accent.yaml", [
            "tab-after-accent.yaml:4:1: error: invalid YAML: found a tab character that violates indentation (a tab; YAML is indented with spaces) (while scanning a plain scalar at line 3, column 11)",
        ]),
        ("tab-indent.yaml", [
            "tab-indent.yaml:3:1: error: invalid YAML: found character that cannot start any token (a tab; YAML is indented with spaces)",
        ]),
        ("tagged-scalar.yaml", [
            "tagged-scalar.yaml:3:11: error: YAML tags ('!!str') are not supported in policy files; remove the tag",
        ]),
        ("unclosed-quote.yaml", [
            "unclosed-quote.yaml:5:1: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at line 3, column 11)",
        ]),
        ("undefined-alias.yaml", [
            "undefined-alias.yaml:4:16: error: unknown alias '*shared': no anchor '&shared' precedes it",
        ]),
        ("unknown-alias-other-file", [
            "unknown-alias-other-file/a.yaml:4:17: error: unknown resource alias 'prod-db'; did you mean 'prod-dbs'?",
        ]),
        ("unknown-alias.yaml", [
            "unknown-alias.yaml:7:9: error: unknown resource alias 'prod-gatewy'; did you mean 'prod-gateway'?",
        ]),
        ("unknown-key-far.yaml", [
            "unknown-key-far.yaml:4:5: error: unknown key 'members' in a role; expected one of: 'id', 'name', 'description', 'resources'",
        ]),
        ("unknown-role-key.yaml", [
            "unknown-role-key.yaml:3:5: error: role 'DevOps Team' has no 'resources'; write 'resources: []' if it must hold no resource",
            "unknown-role-key.yaml:4:5: error: unknown key 'resource' in a role; did you mean 'resources'?",
        ]),
        ("unknown-top-key.yaml", [
            "unknown-top-key.yaml:2:1: error: unknown key 'role' in the policy document; did you mean 'roles'?",
        ]),
        // libyaml would read UTF-16; policy files are UTF-8.
        ("utf16.yaml", [
            "utf16.yaml:1:1: error: file is not valid UTF-8 text: it starts with a UTF-16 byte-order mark (0xFF 0xFE); save it as UTF-8",
        ]),
        ("version-2.yaml", [
            "version-2.yaml:1:10: error: unsupported policy version 2; this egpolicy reads version 1",
        ]),
        ("version-list.yaml", [
            "version-list.yaml:1:10: error: 'version' must be the integer 1; found a list",
        ]),
        // YAML reads 1.0 as a float; egpolicy reads it as written, and says it is a number, not a string.
        ("version-float.yaml", [
            "version-float.yaml:1:10: error: 'version' must be the integer 1, not the number 1.0 (write 'version: 1')",
        ]),
        ("version-quoted.yaml", [
            "version-quoted.yaml:1:10: error: 'version' must be the integer 1, not the string \"1\" (remove the quotes)",
        ]),    ]

    @Test("each invalid fixture reports exactly its diagnostics", arguments: cases)
    func invalidFixture(fixture: String, expected: [String]) {
        #expect(Fixtures.diagnostics(loading: fixture, under: "invalid") == expected)
    }

    @Test("the corpus covers every invalid fixture on disk, and at least 30")
    func corpusIsComplete() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("invalid")).sorted()
        #expect(onDisk == Self.cases.map(\.fixture).sorted())
        #expect(Self.cases.count >= 30)
    }
}
