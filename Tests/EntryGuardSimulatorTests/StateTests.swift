import Foundation
import TestSupport
import EntryGuardSimulator
import Testing

/// How the simulated organization changes: timestamps, id case, and the test hooks.
@Suite(.timeLimit(.minutes(10))) struct StateTests {
    @Test func writesStampUpdatedAtAndReadsDoNot() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            _ = try await api.send(.GET, "/roles")
            _ = try await api.send(.GET, "/roles/\(Examples.roleID)")
            #expect(await api.simulator.roles().first?.updatedAt == Examples.timestamp)

            #expect(try await api.send(.DELETE, Examples.bindingPath(resource: Examples.resource1)).status == 204)
            let afterDelete = try await api.send(.GET, "/roles/\(Examples.roleID)").decode(SimRole.self)
            #expect(afterDelete.updatedAt != Examples.timestamp)
            #expect(isSecondsTimestamp(afterDelete.updatedAt))
            #expect(afterDelete.createdAt == Examples.timestamp)

            await api.simulator.updateRole(id: Examples.roleID) { $0.updatedAt = Examples.timestamp }
            #expect(try await api.send(.POST, Examples.bindingPath(resource: Examples.resource1)).status == 200)
            let afterPost = try #require(await api.simulator.roles().first)
            #expect(afterPost.updatedAt != Examples.timestamp)
            #expect(isSecondsTimestamp(afterPost.updatedAt))
        }
    }

    @Test func failedWritesDoNotStampUpdatedAt() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let post = try await api.send(.POST, Examples.bindingPath(resource: Examples.resource1))
            let delete = try await api.send(.DELETE, Examples.bindingPath(resource: Examples.unknownResource))
            #expect(post.status == 400)
            #expect(delete.status == 404)
            #expect(await api.simulator.roles() == [Examples.devOpsRole])
        }
    }

    @Test func idsMatchCaseInsensitivelyAndComeBackAsStored() async throws {
        let upper = SimRole(id: Examples.roleID.uppercased(), name: "Upper",
                            resourceIds: [Examples.resource1.uppercased(), Examples.resource2])
        try await withSimulator(SimulatorConfiguration(roles: [upper])) { api throws in
            let role = try await api.send(.GET, "/roles/\(Examples.roleID)")
            #expect(role.status == 200)
            #expect(try role.decode(SimRole.self).id == Examples.roleID.uppercased())
            #expect(try role.decode(SimRole.self).resourceIds == [Examples.resource1.uppercased(), Examples.resource2])

            let again = try await api.send(.POST, Examples.bindingPath(resource: Examples.resource1))
            #expect(again.status == 400)

            let delete = try await api.send(.DELETE, Examples.bindingPath(resource: Examples.resource1))
            #expect(delete.status == 204)
            #expect(await api.simulator.roles().first?.resourceIds == [Examples.resource2])

            let post = try await api.send(
                .POST, Examples.bindingPath(role: Examples.roleID.uppercased(), resource: Examples.resource1))
            #expect(post.status == 200)
            #expect(await api.simulator.roles().first?.resourceIds == [Examples.resource2, Examples.resource1])
        }
    }

    @Test func hooksChangeWhatTheAPIServes() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let b = SimRole(id: "550e8400-e29b-41d4-a716-44665544000b", name: "B", resourceIds: [Examples.resource1])
            let a = SimRole(id: "550e8400-e29b-41d4-a716-44665544000a", name: "A",
                            resourceIds: [Examples.unknownResource])
            await api.simulator.setRoles([b, a])
            #expect(await api.simulator.roles() == [a, b])
            #expect(try await api.send(.GET, "/roles").decode([SimRole].self) == [b, a])

            // A derived catalog learns the resources of roles set later, and forgets none.
            let resources = try await api.send(.GET, "/resources").decode([SimResource].self)
            #expect(resources.map(\.id) == [Examples.resource1, Examples.resource2, Examples.unknownResource])

            await api.simulator.updateRole(id: a.id.uppercased()) { $0.name = "Renamed" }
            #expect(try await api.send(.GET, "/roles/\(a.id)").decode(SimRole.self).name == "Renamed")
            await api.simulator.updateRole(id: Examples.unknownRole) { $0.name = "Nobody" }
            #expect(await api.simulator.roles().map(\.name) == ["Renamed", "B"])
        }
    }

    /// The list bodies are kept between requests; every write and hook must show in the next list.
    @Test func listsShowEveryChange() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            func listed() async throws -> [String] {
                try await api.send(.GET, "/roles").decode([SimRole].self).first { $0.id == Examples.roleID }?.resourceIds ?? []
            }
            let before = try await listed()
            #expect(before.contains(Examples.resource1))
            #expect(try await listed() == before)
            #expect(try await api.send(.DELETE, Examples.bindingPath(resource: Examples.resource1)).status == 204)
            #expect(try await !listed().contains(Examples.resource1))
            #expect(try await api.send(.POST, Examples.bindingPath(resource: Examples.resource1)).status == 200)
            #expect(try await listed().contains(Examples.resource1))
            await api.simulator.updateRole(id: Examples.roleID) { $0.resourceIds = [] }
            #expect(try await listed() == [])
            await api.simulator.setRoles([SimRole(id: Examples.roleID, name: "Only", resourceIds: [Examples.unknownResource])])
            #expect(try await api.send(.GET, "/roles").decode([SimRole].self).map(\.name) == ["Only"])
            #expect(try await api.send(.GET, "/resources").decode([SimResource].self).map(\.id).contains(Examples.unknownResource))
        }
    }

    @Test func anExplicitCatalogIsTheOnlyOne() async throws {
        let catalog = [SimResource(id: Examples.resource2, name: "db")]
        let configuration = SimulatorConfiguration(roles: [Examples.devOpsRole], resources: catalog)
        try await withSimulator(configuration) { api throws in
            let reply = try await api.send(.DELETE, Examples.bindingPath(resource: Examples.resource1))
            #expect(reply.status == 404)
            #expect(try reply.json()["message"]?.string == "Resource not found with id: \(Examples.resource1)")
            #expect(try await api.send(.GET, "/resources").decode([SimResource].self) == catalog)
        }
    }

    @Test func stateFilesWithoutOptionalFieldsDecode() throws {
        let text = #"[{"id": "\#(Examples.roleID)", "name": "Minimal", "resourceIds": []}]"#
        let roles = try JSONDecoder().decode([SimRole].self, from: Data(text.utf8))
        #expect(roles == [SimRole(id: Examples.roleID, name: "Minimal", resourceIds: [])])
        #expect(roles.first?.userIds == [])
        #expect(roles.first?.createdAt == "2026-01-01T00:00:00Z")
        #expect(roles.first?.updatedAt == "2026-01-01T00:00:00Z")
    }

    @Test func encodingWritesNullForAbsentFields() throws {
        let data = try JSONEncoder().encode(SimRole(id: Examples.roleID, name: "Minimal", resourceIds: []))
        let json = try JSON.parse(String(decoding: data, as: UTF8.self))
        #expect(json.keys == ["createdAt", "description", "id", "maxSessionDurationHours", "name", "resourceIds",
                              "updatedAt", "userIds"])
        #expect(json["description"] == .null)
        #expect(json["maxSessionDurationHours"] == .null)
    }
}
