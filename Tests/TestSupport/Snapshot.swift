import Foundation
import Testing

/// Golden files in `Tests/Snapshots/`, shared by the renderer's tests and the CLI's.
/// `EGPOLICY_RECORD_SNAPSHOTS=1 swift test` rewrites them; review the diff before committing.
public enum Snapshot {
    public static let directory = URL(fileURLWithPath: Repository.root).appendingPathComponent("Tests/Snapshots")

    /// The golden file's text.
    public static func expected(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    public static func assertMatches(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["EGPOLICY_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return
        }
        #expect(actual == (try expected(name)), "output differs from Tests/Snapshots/\(name); re-record with EGPOLICY_RECORD_SNAPSHOTS=1",
                sourceLocation: sourceLocation)
    }
}
