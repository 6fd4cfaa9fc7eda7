import Foundation
import TestSupport
import Testing
import PolicyModel
@testable import PolicyLoader

@Suite("Valid policies")
struct ValidPolicyTests {
    private func resource(_ n: Int) -> ResourceID {
        ResourceID("660e8400-e29b-41d4-a716-4466554400\(n < 10 ? "0" : "")\(n)")!
    }

    @Test("a tricky tree: multi-document streams, YAML 1.1 scalars, comment-only files, cross-file aliases, anchors")
    func trickyTree() throws {
        let root = Fixtures.path("valid/tricky")
        let outcome = PolicyLoader().load(paths: [root])
        let prefix = root + "/"
        #expect(outcome.diagnostics.map { $0.description.replacingOccurrences(of: prefix, with: "") } == [
            "b-roles.yaml:17:9: warning: resource 660e8400-e29b-41d4-a716-446655440003 is listed twice in role '0123' (first at b-roles.yaml:16:9)",
        ])
        let desired = outcome.desired
        // Hidden files and folders and non-YAML files are not read; the comment-only file holds no document.
        #expect(desired.fileCount == 5)
        #expect(desired.documentCount == 5)
        #expect(desired.aliases == ["prod-gateway": resource(1), "prod-db": resource(2)])

        let summary = desired.roles.map { role in
            "\(role.id?.rawValue ?? "-") \(role.name ?? "-") \(role.resources.map(\.id.rawValue).joined(separator: ","))"
        }
        #expect(summary == [
            "550e8400-e29b-41d4-a716-446655440000 DevOps Team \(resource(1)),\(resource(2))",
            "- yes ",
            "- 0123 \(resource(3))",
            "- Blue \(resource(2)),\(resource(4))",
            "- Green \(resource(2)),\(resource(4))",
            "550e8400-e29b-41d4-a716-446655440013 - \(resource(1))",
        ])
        #expect(desired.roles[0].location == SourceLocation(path: prefix + "b-roles.yaml", line: 5, column: 5))
        #expect(desired.roles[0].resources[0].alias == "prod-gateway")
        #expect(desired.roles[5].location.path == prefix + "sub/e.yml")
    }

    @Test("files are read in byte-wise path order, each once, whatever the order given")
    func fileOrder() {
        let root = Fixtures.path("valid/tricky")
        let (files, diagnostics) = PolicyFileFinder.find([root + "/sub/e.yml", root, root + "/notes.txt"])
        #expect(diagnostics.isEmpty)
        #expect(files.map { $0.replacingOccurrences(of: root + "/", with: "") } == [
            "a-aliases.yaml", "b-roles.yaml", "c-comments.yaml", "d-anchors.yaml", "notes.txt", "sub/e.yml",
        ])
    }

    @Test("a missing path is an error naming it, and no files found is an error")
    func missingPaths() throws {
        let missing = PolicyLoader().load(paths: ["/nonexistent/policies"])
        #expect(missing.diagnostics.map(\.description) == ["/nonexistent/policies: error: no such file or directory"])
        let directory = Scratch.root.appendingPathComponent("egpolicy-empty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/.hidden", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = FileManager.default.createFile(atPath: directory + "/README.md", contents: Data("# nothing\n".utf8))
        _ = FileManager.default.createFile(atPath: directory + "/.hidden/a.yaml", contents: Data("version: 1\n".utf8))
        let empty = PolicyLoader().load(paths: [directory])
        #expect(empty.diagnostics.map(\.description) == ["error: no policy files (*.yaml, *.yml) found in \(directory)"])
    }

    @Test("scalars are read as written: yes, no, 0123, 1e3, null-looking quoted text")
    func scalarsAsWritten() {
        let yaml = """
        version: 1
        roles:
          - name: no
            resources: []
          - name: 1e3
            resources: []
          - name: "null"
            resources: []
          - name: 'on'
            resources: []
        """
        let outcome = PolicyLoader().load(sources: [("mem.yaml", Array(yaml.utf8))])
        #expect(outcome.diagnostics.isEmpty)
        #expect(outcome.desired.roles.map(\.name) == ["no", "1e3", "null", "on"])
    }

    @Test("a UTF-8 byte-order mark and CRLF line ends are accepted")
    func bomAndCRLF() {
        let yaml = "\u{FEFF}version: 1\r\nroles:\r\n  - name: Café Team\r\n    resources: []\r\n"
        let outcome = PolicyLoader().load(sources: [("bom.yaml", Array(yaml.utf8))])
        #expect(outcome.diagnostics.isEmpty)
        #expect(outcome.desired.roles.first?.name == "Café Team")
    }

    @Test("columns count characters, not bytes")
    func columnsCountCharacters() {
        let yaml = "version: 1\nroles:\n  - name: Équipe\n    resources: [ünknown]\n"
        let outcome = PolicyLoader().load(sources: [("u.yaml", Array(yaml.utf8))])
        #expect(outcome.diagnostics.map(\.description) == [
            "u.yaml:4:17: error: '\u{fc}nknown' is neither a resource UUID nor a valid alias name",
        ])
    }

    @Test("a resource listed twice is found in short and in long lists", arguments: [3, 31, 32, 33, 80])
    func duplicatesInLongLists(count: Int) {
        let ids = (0..<count).map { String(format: "660e8400-e29b-41d4-a716-%012x", $0) }
        let entries = (ids + [ids[count / 2], ids[count - 1]]).map { "      - \($0)\n" }.joined()
        let yaml = "version: 1\nroles:\n  - name: Big\n    resources:\n" + entries
        let outcome = PolicyLoader().load(sources: [("big.yaml", Array(yaml.utf8))])
        #expect(outcome.desired.roles.first?.resources.map(\.id.rawValue) == ids)
        #expect(outcome.diagnostics.map(\.description) == [
            "big.yaml:\(5 + count):9: warning: resource \(ids[count / 2]) is listed twice in role 'Big' (first at big.yaml:\(5 + count / 2):9)",
            "big.yaml:\(6 + count):9: warning: resource \(ids[count - 1]) is listed twice in role 'Big' (first at big.yaml:\(4 + count):9)",
        ])
    }
}
