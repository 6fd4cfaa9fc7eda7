import EntryGuardSimulator
import Foundation
import PolicyModel
import Testing
@testable import EntryGuardAPI

/// A write counts as done only on the status its API page documents: 204 No Content for DELETE
/// (`unassign-resource-from-role.txt`), 200 for POST (`other-endpoints.md`).
@Suite("EntryGuard client: the documented success status of each write", .timeLimit(.minutes(1)))
struct WriteStatusClientTests {
    typealias F = SimulatorFixture
    static let deletePath = "/api/v1/roles/\(F.roleID)/resources/\(F.resource1)"

    @Test("a DELETE answered 200 with a body is a final error naming the status; the role keeps the resource")
    func deleteAnswered200() async throws {
        let simulator = F.configuration { $0.faults = [FaultRule(method: "DELETE", pathPrefix: "/", fault: .hostile(.okWithBody), repeats: true)] }
        try await F.withClient(simulator: simulator, maxRetries: 3) { client, handle, recorder in
            let error = try #require(await expectAPIError { try await client.unassign(ResourceID(F.resource1)!, from: RoleID(F.roleID)!) })
            #expect(error.description == "DELETE \(Self.deletePath): answered HTTP 200, not the documented 204 No Content; the binding may still be there")
            #expect(error.isUnexpectedStatus && error.status == nil && !error.isAuthenticationFailure)
            #expect(error.attempts == 1)
            #expect(await recorder.sleeps.isEmpty)
            #expect(await handle.roles() == [F.exampleRole])
        }
    }

    @Test("a POST answered 204 instead of the documented 200 is an error naming the status")
    func postAnswered204() async throws {
        try await F.withClient(maxRetries: 3) { client, handle, _ in
            await handle.inject(FaultRule(method: "POST", pathPrefix: "/", fault: .body(status: 204, contentType: "application/json", bytes: [])))
            let error = try #require(await expectAPIError { try await client.assign(ResourceID(F.resource2)!, to: RoleID(F.roleID)!) })
            #expect(error.description.hasSuffix(": answered HTTP 204, not the documented 200 OK; the binding may not have been added"), "\(error)")
            #expect(error.attempts == 1)
        }
    }

    @Test("the documented answers still count: DELETE 204, POST 200")
    func documentedAnswers() async throws {
        try await F.withClient { client, handle, _ in
            let unassigned = try await client.unassign(ResourceID(F.resource1)!, from: RoleID(F.roleID)!)
            let assigned = try await client.assign(ResourceID(F.resource1)!, to: RoleID(F.roleID)!)
            #expect(unassigned == 1 && assigned == 1)
            #expect(await handle.requestLog().map(\.status) == [204, 200])
        }
    }
}
