import Foundation
import TestSupport
import Testing
@testable import PolicyLoader

/// The JSON Schema for editors (`egpolicy schema`, `schema/egpolicy-policy.schema.json`) against the
/// policy corpus: what egpolicy accepts, the schema accepts; what the schema can express of the
/// invalid corpus, it rejects.
@Suite("Policy JSON Schema")
struct PolicySchemaTests {

    /// Invalid fixtures whose error a JSON Schema of one document cannot express, and why.
    /// A test checks that the schema indeed does not reject them, so the list stays honest.
    static let inexpressible: [String: String] = [
        "alias-conflict": "one alias defined differently in two files: a check across files",
        "binary.yaml": "control characters: libyaml refuses the bytes, there is no document",
        "non-utf8.yaml": "not UTF-8: libyaml refuses the bytes, there is no document",
        "comment-only.yaml": "no document at all: nothing for a schema to check",
        "empty-file.yaml": "no document at all: nothing for a schema to check",
        "complex-key.yaml": "a list as a mapping key has no JSON form",
        "duplicate-alias.yaml": "duplicate keys have no JSON form (editors report them as YAML errors)",
        "duplicate-role-key.yaml": "duplicate keys have no JSON form (editors report them as YAML errors)",
        "duplicate-top-key.yaml": "duplicate keys have no JSON form (editors report them as YAML errors)",
        "duplicate-role-across-files": "a role declared twice: a check across files",
        "duplicate-role-id-case.yaml": "a role declared twice: one field unique across list items, ids compared ignoring case",
        "duplicate-role-name.yaml": "a role declared twice: one field unique across list items",
        "malformed-resource-uuid.yaml": "the entry is a valid alias name; only resolution shows no such alias exists",
        "unknown-alias.yaml": "whether an alias is defined is a reference between values",
        "unknown-alias-other-file": "whether an alias is defined is a reference between values in different files",
        "syntax-mapping-value.yaml": "YAML syntax error: there is no document",
        "version-float.yaml": "1.0 and 1 are the same JSON number: JSON Schema (draft-06 on) counts 1.0 as an integer equal to 1, "
            + "and editors turn YAML into JSON values before checking",
        "tab-indent.yaml": "YAML syntax error: there is no document",
        "unclosed-quote.yaml": "YAML syntax error: there is no document",
        "undefined-alias.yaml": "a YAML alias without its anchor: a YAML error, there is no document",
        "tagged-scalar.yaml": "tags are YAML, not JSON: the editor sees the plain string",
        "bom-control-character.yaml": "control characters: libyaml refuses the bytes, there is no document",
        "non-utf8-cr-lines.yaml": "not UTF-8: libyaml refuses the bytes, there is no document",
        "utf16.yaml": "UTF-16: egpolicy refuses the bytes before YAML, there is no document",
        "syntax-error-at-end.yaml": "YAML syntax error: there is no document",
        "tab-after-accent.yaml": "YAML syntax error: there is no document",
    ]

    static func validator() throws -> SchemaValidator {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.root + "/schema/egpolicy-policy.schema.json"))
        return try SchemaValidator(schema: try JSONDecoder().decode(JSON.self, from: data))
    }

    /// The policy files at or under `path`, found as egpolicy finds them (hidden names skipped).
    static func policyFiles(_ path: String) -> [String] {
        PolicyFileFinder.find([path]).files
    }

    /// The schema's complaints about every document of the files, or the reason they have no JSON form.
    static func verdict(_ files: [String], _ validator: SchemaValidator) -> Result<[String], JSON.DocumentError> {
        var complaints: [String] = []
        for file in files {
            switch JSON.documents(ofFile: file) {
            case .failure(let error):
                return .failure(error)
            case .success(let documents):
                for (index, document) in documents.enumerated() {
                    guard let document else { continue }
                    let errors = validator.errors(document)
                    complaints += errors.map { "\(file): \($0)" }
                    saveForCrossCheck(document, valid: errors.isEmpty, file: file, index: index)
                }
            }
        }
        return .success(complaints)
    }

    /// With `EGPOLICY_SCHEMA_INSTANCES=DIR`, each document checked is also written there as JSON with
    /// this validator's verdict in its name, for `scripts/check-schema` to compare with Python's
    /// `jsonschema`.
    static func saveForCrossCheck(_ document: JSON, valid: Bool, file: String, index: Int) {
        guard let directory = ProcessInfo.processInfo.environment["EGPOLICY_SCHEMA_INSTANCES"],
              let data = try? JSONEncoder().encode(document)
        else { return }
        let name = file.replacingOccurrences(of: Fixtures.root + "/", with: "").replacingOccurrences(of: Repository.root + "/", with: "")
            .replacingOccurrences(of: "/", with: "_")
        try? data.write(to: URL(fileURLWithPath: "\(directory)/\(name).\(index).\(valid ? "valid" : "invalid").json"))
    }

    @Test("every valid fixture and every example passes the schema")
    func validPasses() throws {
        let validator = try Self.validator()
        let files = Self.policyFiles(Fixtures.path("valid")) + Self.policyFiles(Repository.root + "/examples/policies")
        #expect(files.count == 9)
        var documents = 0
        for file in files {
            let parsed = try JSON.documents(ofFile: file).get()
            documents += parsed.compactMap { $0 }.count
            #expect(try Self.verdict([file], validator).get() == [], "\(file)")
        }
        #expect(documents == 10)
    }

    @Test("every invalid fixture the schema can express fails it; the others are listed with the reason")
    func invalidFails() throws {
        let validator = try Self.validator()
        let entries = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("invalid")).sorted()
        #expect(entries.count >= 50)
        for entry in entries {
            let result = Self.verdict(Self.policyFiles(Fixtures.path("invalid/" + entry)), validator)
            if Self.inexpressible[entry] != nil {
                // Not rejected by the schema: no JSON form, or it passes.
                if case .success(let complaints) = result {
                    #expect(complaints == [], "\(entry) is rejected by the schema: take it off the list")
                }
            } else {
                let complaints = try result.get()
                #expect(!complaints.isEmpty, "\(entry) passes the schema")
            }
        }
        #expect(Set(Self.inexpressible.keys).isSubset(of: Set(entries)))
    }

    @Test("what the schema says about single documents", arguments: [
        ("version: 1\nroles:\n  - name: 0123\n    resources: [2024, prod-db, 660E8400-E29B-41D4-A716-446655440001]\n", [String]()),
        ("version: 1\nresources: ~\nroles: ~\n", []),
        ("version: '1'\n", ["$.version: expected integer, found string"]),
        ("version: 1\nroles:\n  - name: ''\n    resources: []\n", ["$.roles[0].name: shorter than 1"]),
        ("version: 1\nroles:\n  - resources: []\n", ["$.roles[0]: matches none of the anyOf alternatives"]),
        ("version: 1\nroles:\n  - id: 550e8400-e29b-41d4-a716-44665544000\n    resources: []\n",
         ["$.roles[0].id: '550e8400-e29b-41d4-a716-44665544000' does not match ^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"]),
        ("version: 1\nresources:\n  bad name: 660e8400-e29b-41d4-a716-446655440001\n",
         ["$.resources key 'bad name': 'bad name' does not match ^[A-Za-z0-9][A-Za-z0-9._-]*$"]),
        ("version: 1\nroles:\n  - name: A\n    resources: [~]\n", ["$.roles[0].resources[0]: matches none of the anyOf alternatives"]),
        ("version: 1\nrole: []\n", ["$: 'role' is not allowed"]),
        ("version: 1\nroles:\n  - name: A\n    resources: [-1, -0.5, 2024, 1.5, true]\n",
         ["$.roles[0].resources[0]: matches none of the anyOf alternatives", "$.roles[0].resources[1]: matches none of the anyOf alternatives"]),
        // What 1.0 is to JSON Schema: the integer 1 (so the schema cannot refuse it; `egpolicy validate` does).
        ("version: 1.0\n", []),
    ])
    func singleDocuments(yaml: String, expected: [String]) throws {
        let documents = try YAMLReader.read(Array(yaml.utf8)).get()
        let root = try #require(documents.first?.root)
        let json = try #require(JSON(root))
        let errors = try Self.validator().errors(json)
        #expect(errors == expected)
    }

    @Test("plain scalars are typed as YAML 1.2's core schema types them (as yaml-language-server does)", arguments: [
        ("0123", JSON.number(123)), ("yes", .string("yes")), ("~", .null), ("True", .bool(true)), ("0x1F", .number(31)),
        ("1.5e3", .number(1500)), ("1.2.3", .string("1.2.3")), ("660e8400-e29b-41d4-a716-446655440001", .string("660e8400-e29b-41d4-a716-446655440001")),
    ])
    func coreSchemaScalars(text: String, expected: JSON) {
        #expect(JSON.coreSchemaScalar(text) == expected)
    }

    @Test("the validator refuses a schema keyword it does not implement")
    func unsupportedKeyword() throws {
        let schema = try JSONDecoder().decode(JSON.self, from: Data(#"{"type": "object", "minProperties": 1}"#.utf8))
        #expect(throws: SchemaValidator.UnsupportedKeyword.self) { try SchemaValidator(schema: schema) }
    }
}
