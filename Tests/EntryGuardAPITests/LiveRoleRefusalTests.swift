import EntryGuardSimulator
import Foundation
import StrictJSON
import Testing
@testable import EntryGuardAPI

/// A `--live-state` file and a `GET /roles` answer are both read by `LiveRolesReader`; the wire
/// types' own check (`[LiveRoleObject]` then `liveRoles`, kept for callers of the types) refuses
/// the same arrays, first refusal first, in the same words.
@Suite("Live roles refused the same from a file, from the API and by the wire types")
struct LiveRoleRefusalTests {
    typealias F = SimulatorFixture
    static let good = #"{"id":"550e8400-e29b-41d4-a716-446655440000","name":"a","resourceIds":[]}"#

    @Test("a role id, a resource id, a role listed twice, and two faults in one array", arguments: [
        #"[{"id":"not-a-uuid","name":"x\u001b[2J","resourceIds":[]}]"#,
        #"[{"id":"550e8400-e29b-41d4-a716-446655440001","name":"b","resourceIds":["660e8400-e29b-41d4-a716-44665544000"]}]"#,
        "[\(good),\(good)]",
        #"[{"id":"550e8400-e29b-41d4-a716-446655440001","name":"b","resourceIds":["bad"]},{"id":"bad","name":"c","resourceIds":[]}]"#,
    ])
    func sameRefusal(array: String) async throws {
        let bytes = Array(array.utf8)
        let objects = try bytes.withUnsafeBytes { try JSONReader.decode([LiveRoleObject].self, from: $0) }
        let fromTypes = #expect(throws: InvalidRoleObject.self) { try LiveRoleObject.liveRoles(objects) }
        let fromFile = #expect(throws: LiveStateFile.ReadError.self) { try LiveStateFile.decode(Data(bytes), path: "live.json") }
        let fromAPI = try await F.withClient(maxRetries: 0) { client, handle, _ in
            await handle.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/roles",
                                          fault: .body(status: 200, contentType: "application/json", bytes: bytes)))
            return await #expect(throws: InvalidRoleObject.self) { try await client.liveRoles() }
        }
        #expect(fromFile?.reason == fromTypes?.description)
        #expect(fromAPI?.description == fromTypes?.description)
        #expect(fromTypes?.description.isEmpty == false)
    }
}
