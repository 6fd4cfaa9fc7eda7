import Foundation
import StrictJSON
import Testing
@testable import EntryGuardAPI

/// A `--live-state` file is read by `LiveRolesReader` (straight into live roles), a `GET /roles`
/// answer by `[LiveRoleObject]` then `liveRoles`: the same role array is refused by both, first
/// refusal first, in the same words.
@Suite("Live roles refused the same from a file and from the API")
struct LiveRoleRefusalTests {
    static let good = #"{"id":"550e8400-e29b-41d4-a716-446655440000","name":"a","resourceIds":[]}"#

    @Test("a role id, a resource id, a role listed twice, and two faults in one array", arguments: [
        #"[{"id":"not-a-uuid","name":"x\u001b[2J","resourceIds":[]}]"#,
        #"[{"id":"550e8400-e29b-41d4-a716-446655440001","name":"b","resourceIds":["660e8400-e29b-41d4-a716-44665544000"]}]"#,
        "[\(good),\(good)]",
        #"[{"id":"550e8400-e29b-41d4-a716-446655440001","name":"b","resourceIds":["bad"]},{"id":"bad","name":"c","resourceIds":[]}]"#,
    ])
    func sameRefusal(array: String) throws {
        let bytes = Array(array.utf8)
        let objects = try bytes.withUnsafeBytes { try JSONReader.decode([LiveRoleObject].self, from: $0) }
        let fromAPI = #expect(throws: InvalidRoleObject.self) { try LiveRoleObject.liveRoles(objects) }
        let fromFile = #expect(throws: LiveStateFile.ReadError.self) { try LiveStateFile.decode(Data(bytes), path: "live.json") }
        #expect(fromFile?.reason == fromAPI?.description)
        #expect(fromAPI?.description.isEmpty == false)
    }
}
