import PolicyModel
@testable import Rendering
import TestSupport
import Testing

/// `egpolicy import`'s YAML as yamllint's default profile reads it (issue 15).
@Suite("Imported policy as YAML")
struct PolicyExportTests {
    static let longName = "Shared analytics warehouse for the data engineering and finance reporting teams"

    static func text() -> String {
        let roles = [
            LiveRole(id: RoleID("550e8400-e29b-41d4-a716-446655440001")!, name: "Data Engineering",
                     resourceIds: [ResourceID("660e8400-e29b-41d4-a716-446655440002")!, ResourceID("660e8400-e29b-41d4-a716-446655440001")!]),
            LiveRole(id: RoleID("550e8400-e29b-41d4-a716-446655440002")!, name: "Auditors", resourceIds: []),
        ]
        let names = [ResourceID("660e8400-e29b-41d4-a716-446655440001")!: "prod-db", ResourceID("660e8400-e29b-41d4-a716-446655440002")!: longName]
        let header = "Imported by egpolicy from https://entryguard.example/api/v1/with/a/rather/long/path/that/is/one/word: 2 roles.\n\n"
            + "Review before committing: every binding listed here will be kept, every other one removed."
        return PolicyExport.render(roles, resourceNames: names, header: header)
    }

    @Test("the exact text: a document start, wrapped comments, a long resource name on comment lines of its own")
    func exactText() {
        #expect(Self.text() == """
            # Imported by egpolicy from
            # https://entryguard.example/api/v1/with/a/rather/long/path/that/is/one/word: 2
            # roles.
            #
            # Review before committing: every binding listed here will be kept, every other
            # one removed.
            ---
            version: 1
            roles:
              - id: 550e8400-e29b-41d4-a716-446655440002
                name: "Auditors"
                resources: []
              - id: 550e8400-e29b-41d4-a716-446655440001
                name: "Data Engineering"
                resources:
                  - 660e8400-e29b-41d4-a716-446655440001  # prod-db
                  # Shared analytics warehouse for the data engineering and finance
                  # reporting teams
                  - 660e8400-e29b-41d4-a716-446655440002

            """)
    }

    @Test("no line is longer than 80 characters unless it is one word; no trailing spaces")
    func lineRules() {
        for line in Self.text().split(separator: "\n") {
            #expect(line.unicodeScalars.count <= 80 || !line.drop { $0 == " " || $0 == "#" }.contains(" "), "\(line)")
            #expect(line.last != " ", "\(line)")
        }
    }

    @Test("yamllint's default profile accepts it",
          .enabled(if: ExternalTool.find("yamllint") != nil, "yamllint is not installed (pip install yamllint)"))
    func yamllint() async throws {
        let lint = try await ExternalTool.run(try #require(ExternalTool.find("yamllint")), ["-d", "default", "-f", "parsable", "-"], input: Self.text())
        #expect(lint.status == 0 && lint.stdout.isEmpty, "\(lint.stdout)\(lint.stderr)")
    }
}
