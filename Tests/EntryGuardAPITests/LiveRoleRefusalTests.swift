import EntryGuardSimulator
import Foundation
import PolicyModel
import StrictJSON
import Testing
@testable import EntryGuardAPI

/// A `--live-state` file and a `GET /roles` answer are both read by `LiveRolesReader`: each refuses
/// the same arrays with the first refusal in the array, in the words of `InvalidRoleObject`.
@Suite("Live roles refused the same from a file and from the API")
struct LiveRoleRefusalTests {
    typealias F = SimulatorFixture
    static let goodID = "550e8400-e29b-41d4-a716-446655440000"
    static let good = #"{"id":"550e8400-e29b-41d4-a716-446655440000","name":"a","resourceIds":[]}"#
    static let roleB = RoleID("550e8400-e29b-41d4-a716-446655440001")!

    static let cases: [(array: String, refusal: InvalidRoleObject)] = [
        (#"[{"id":"not-a-uuid","name":"x\u001b[2J","resourceIds":[]}]"#,
         .roleIDNotUUID(name: "x\u{1b}[2J", id: "not-a-uuid")),
        (#"[{"id":"550e8400-e29b-41d4-a716-446655440001","name":"b","resourceIds":["660e8400-e29b-41d4-a716-44665544000"]}]"#,
         .resourceIDNotUUID(name: "b", role: roleB, resource: "660e8400-e29b-41d4-a716-44665544000")),
        ("[\(good),\(good)]", .listedTwice(RoleID(goodID)!, first: 0, index: 1)),
        ("[\(good),\(good.replacingOccurrences(of: "0000\"", with: "0001\"")),\(good)]",
         .listedTwice(RoleID(goodID)!, first: 0, index: 2)),
        // Two faults: the first in the array is the one refused.
        (#"[{"id":"550e8400-e29b-41d4-a716-446655440001","name":"b","resourceIds":["bad"]},{"id":"bad","name":"c","resourceIds":[]}]"#,
         .resourceIDNotUUID(name: "b", role: roleB, resource: "bad")),
    ]

    @Test("a role id, a resource id, a role listed twice (next to and apart), and two faults in one array",
          arguments: 0..<cases.count)
    func sameRefusal(index: Int) async throws {
        let (array, refusal) = Self.cases[index]
        let bytes = Array(array.utf8)
        let fromFile = #expect(throws: LiveStateFile.ReadError.self) { try LiveStateFile.decode(Data(bytes), path: "live.json") }
        let fromAPI = try await F.withClient(maxRetries: 0) { client, handle, _ in
            await handle.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/roles",
                                          fault: .body(status: 200, contentType: "application/json", bytes: bytes)))
            return await #expect(throws: InvalidRoleObject.self) { try await client.liveRoles() }
        }
        #expect(fromFile?.reason == refusal.description)
        #expect(fromAPI?.description == refusal.description)
    }
}
