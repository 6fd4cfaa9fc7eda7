import PolicyLoader
import PolicyModel
import Reconciler
import Testing

@Suite("Import of awkward names", .timeLimit(.minutes(10)))
struct ImportRoundTripTests {
    @Test("names with quotes, backslashes, newlines, tabs, C1 controls and non-ASCII survive import → load")
    func awkwardNames() throws {
        let names = ["Ops \"A\" Team", "back\\slash", "two\nlines", "tab\there", "C1\u{85}next", "Équipe 日本 🚀", "yes", "0123", "- dash", "# hash", "key: value"]
        let roles = names.enumerated().map { index, name in
            LiveRole(id: RoleID(uuid(index))!, name: name, resourceIds: [ResourceID("660E8400-E29B-41D4-A716-446655440001")!])
        }
        let text = try PolicyImporter.policy(from: LiveReading(state: LiveState(roles: roles)), selecting: [], source: "test\nsource")
        let loaded = PolicyLoader().load(sources: [("imported.yaml", Array(text.utf8))])
        #expect(loaded.diagnostics.isEmpty)
        #expect(Set(loaded.desired.roles.compactMap(\.name)) == Set(names))
        #expect(loaded.desired.roles.allSatisfy { $0.resources.map(\.id.rawValue) == ["660e8400-e29b-41d4-a716-446655440001"] })
        // And planning it against the same live roles changes nothing.
        let (diff, diagnostics) = Differ.diff(desired: loaded.desired, live: LiveState(roles: roles))
        #expect(diagnostics.isEmpty)
        #expect(diff?.changes.isEmpty == true && diff?.summary.rolesManaged == names.count)
    }

    private func uuid(_ n: Int) -> String {
        let digits = String(n, radix: 16)
        return "550e8400-e29b-41d4-a716-" + String(repeating: "0", count: 12 - digits.count) + digits
    }
}
