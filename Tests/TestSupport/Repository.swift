import EntryGuardSimulator
import Foundation

/// The package's own files, as the tests find them: the root, the bundled example, the golden files.
public enum Repository {
    /// The package root (tests run the CLI from here, as the README's quick start does).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    public static let examplePolicies = root + "/examples/policies"
    public static let exampleLiveState = root + "/examples/live-state.json"

    /// The example's live roles, as the simulator serves them.
    public static func exampleRoles() throws -> [SimRole] {
        try JSONDecoder().decode([SimRole].self, from: Data(contentsOf: URL(fileURLWithPath: exampleLiveState)))
    }
}
