import Testing
import PolicyModel
@testable import PolicyLoader

@Suite("YAML limits")
struct YAMLLimitTests {
    /// The "billion laughs": nine levels of nine aliases would expand to 9^9 nodes.
    static let aliasBomb: String = {
        var lines = ["version: 1", "resources:", "  a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            lines.append("  a\(level): &a\(level) [" + Array(repeating: previous, count: 9).joined(separator: ", ") + "]")
        }
        lines.append("roles: []")
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test("an alias bomb is refused at the alias that crosses the cap, without expanding it")
    func aliasBomb() {
        let outcome = PolicyLoader().load(sources: [("bomb.yaml", Array(Self.aliasBomb.utf8))])
        // 10 + 9·10 + 9·91 + 9·820 + 9·7381 + … : the running total passes 1,000,000 inside level 6.
        #expect(outcome.diagnostics.count == 1)
        let diagnostic = outcome.diagnostics[0]
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains("expand this file past 1000000 nodes"))
        #expect(diagnostic.location?.line == 9)
    }

    @Test("aliases below the cap expand, and a small cap refuses them")
    func aliasCap() {
        let yaml = """
        version: 1
        roles:
          - name: A
            resources: &r [660e8400-e29b-41d4-a716-446655440001, 660e8400-e29b-41d4-a716-446655440002]
          - name: B
            resources: *r
          - name: C
            resources: *r
        """
        let fine = PolicyLoader().load(sources: [("a.yaml", Array(yaml.utf8))])
        #expect(fine.diagnostics.isEmpty)
        #expect(fine.desired.roles.map(\.resources.count) == [2, 2, 2])

        let strict = PolicyLoader(limits: YAMLLimits(maxAliasExpansion: 5))
        let refused = strict.load(sources: [("a.yaml", Array(yaml.utf8))])
        // Each alias adds the anchored list's 3 nodes: the second alias makes 6 > 5.
        #expect(refused.diagnostics.map(\.description) == [
            "a.yaml:8:16: error: YAML aliases expand this file past 5 nodes; refusing to expand further (alias bomb?)",
        ])
    }

    @Test("nesting deeper than the limit is refused at the level that crosses it")
    func depthLimit() {
        let yaml = "version: 1\nroles: " + String(repeating: "[", count: 10) + String(repeating: "]", count: 10) + "\n"
        let outcome = PolicyLoader(limits: YAMLLimits(maxDepth: 4)).load(sources: [("d.yaml", Array(yaml.utf8))])
        #expect(outcome.diagnostics.map(\.description) == ["d.yaml:2:11: error: lists and mappings are nested deeper than 4 levels"])
    }

    @Test("a file over the size cap is refused before parsing")
    func sizeCap() {
        let outcome = PolicyLoader(maxFileSize: 16).load(sources: [("big.yaml", Array("version: 1\nroles: []\n".utf8))])
        #expect(outcome.diagnostics.map(\.description) == ["big.yaml: error: file is larger than 0 MiB; refusing to read it"])
    }

    @Test("anchors do not leak from one document into the next")
    func anchorsScopedToDocument() {
        let yaml = "version: 1\nresources:\n  x: &id 660e8400-e29b-41d4-a716-446655440001\n---\nversion: 1\nresources:\n  y: *id\n"
        let outcome = PolicyLoader().load(sources: [("s.yaml", Array(yaml.utf8))])
        #expect(outcome.diagnostics.map(\.description) == ["s.yaml:7:6: error: unknown alias '*id': no anchor '&id' precedes it"])
    }
}
