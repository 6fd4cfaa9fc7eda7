import EntryGuardSimulator
import TestSupport
import Testing

/// The examples of the API reference pages, reproduced against the simulator.
@Suite(.timeLimit(.minutes(10))) struct DocumentedExampleTests {
    @Test func getRoleReturnsTheDocumentedBody() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let reply = try await api.send(.GET, "/roles/\(Examples.roleID)")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "application/json")
            #expect(try reply.json() == JSON.parse(Examples.getRoleBody))
        }
    }

    @Test func getRoleSendsKeysInTheDocumentedOrder() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let text = try await api.send(.GET, "/roles/\(Examples.roleID)").text
            let keys = ["id", "name", "description", "maxSessionDurationHours", "resourceIds", "userIds",
                        "createdAt", "updatedAt"]
            let offsets = keys.map { text.range(of: "\"\($0)\":")?.lowerBound }
            #expect(!offsets.contains(nil))
            #expect(offsets.compactMap { $0 } == offsets.compactMap { $0 }.sorted())
        }
    }

    @Test func listRolesReturnsEveryRole() async throws {
        let other = SimRole(id: "550e8400-e29b-41d4-a716-446655440099", name: "Empty", resourceIds: [])
        var configuration = Examples.configuration
        configuration.roles.append(other)
        try await withSimulator(configuration) { api throws in
            let reply = try await api.send(.GET, "/roles")
            #expect(reply.status == 200)
            #expect(try reply.decode([SimRole].self) == [Examples.devOpsRole, other])
            // Absent optional fields are sent as null, every key present.
            let empty = try reply.json()
            guard case .array(let roles) = empty else {
                Issue.record("not an array: \(reply.text)")
                return
            }
            #expect(roles[1]["description"] == .null)
            #expect(roles[1]["maxSessionDurationHours"] == .null)
            #expect(roles[1]["resourceIds"] == .array([]))
            #expect(roles[1]["userIds"] == .array([]))
        }
    }

    @Test func getUnknownRoleIsTheDocumented404() async throws {
        try await withSimulator { api throws in
            let reply = try await api.send(.GET, "/roles/\(Examples.roleID)")
            #expect(reply.status == 404)
            let body = try reply.json()
            #expect(body["status"]?.int == 404)
            #expect(body["error"]?.string == "Not Found")
            #expect(body["message"]?.string == "Role not found with id: 550e8400-e29b-41d4-a716-446655440000")
            #expect(body["path"]?.string == "/api/v1/roles/550e8400-e29b-41d4-a716-446655440000")
        }
    }

    @Test func unassignAnswers204ThenNotAssigned() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let path = Examples.bindingPath(resource: Examples.resource1)
            let first = try await api.send(.DELETE, path)
            #expect(first.status == 204)
            #expect(first.bytes.isEmpty)
            #expect(await api.simulator.roles().first?.resourceIds == [Examples.resource2])

            let second = try await api.send(.DELETE, path)
            #expect(second.status == 404)
            let body = try second.json()
            #expect(body["message"]?.string == "Resource not assigned to this role")
            #expect(body["path"]?.string ==
                "/api/v1/roles/550e8400-e29b-41d4-a716-446655440000/resources/660e8400-e29b-41d4-a716-446655440001")
        }
    }

    @Test func unassignFromUnknownRoleIsTheDocumented404() async throws {
        try await withSimulator(SimulatorConfiguration(resources: [SimResource(id: Examples.resource1, name: "gw")])) {
            api throws in
            let reply = try await api.send(.DELETE, Examples.bindingPath(resource: Examples.resource1))
            #expect(reply.status == 404)
            let body = try reply.json()
            #expect(body["message"]?.string == "Role not found with id: 550e8400-e29b-41d4-a716-446655440000")
            #expect(body["path"]?.string ==
                "/api/v1/roles/550e8400-e29b-41d4-a716-446655440000/resources/660e8400-e29b-41d4-a716-446655440001")
        }
    }

    @Test func unassignUnknownResourceIsResourceNotFound() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let reply = try await api.send(.DELETE, Examples.bindingPath(resource: Examples.unknownResource))
            #expect(reply.status == 404)
            #expect(try reply.json()["message"]?.string == "Resource not found with id: \(Examples.unknownResource)")
        }
    }

    @Test func assignAnswersTheDocumentedMessageThenAlreadyAssigned() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let path = Examples.bindingPath(resource: Examples.resource1)
            #expect(try await api.send(.DELETE, path).status == 204)

            let assigned = try await api.send(.POST, path)
            #expect(assigned.status == 200)
            #expect(try assigned.json() == .object(["message": .string("Resource assigned to role successfully")]))
            #expect(await api.simulator.roles().first?.resourceIds == [Examples.resource2, Examples.resource1])

            let again = try await api.send(.POST, path)
            #expect(again.status == 400)
            let body = try again.json()
            #expect(body["error"]?.string == "Bad Request")
            #expect(body["message"]?.string == "Resource already assigned to this role")
        }
    }

    @Test func assignToUnknownRoleOrUnknownResourceIs404() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let unknownRole = try await api.send(
                .POST, Examples.bindingPath(role: Examples.unknownRole, resource: Examples.resource1))
            #expect(unknownRole.status == 404)
            #expect(try unknownRole.json()["message"]?.string == "Role not found with id: \(Examples.unknownRole)")

            let unknownResource = try await api.send(.POST, Examples.bindingPath(resource: Examples.unknownResource))
            #expect(unknownResource.status == 404)
            #expect(try unknownResource.json()["message"]?.string ==
                "Resource not found with id: \(Examples.unknownResource)")
            #expect(await api.simulator.roles() == [Examples.devOpsRole])
        }
    }

    @Test func listResourcesDerivesACatalogFromTheRoles() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let reply = try await api.send(.GET, "/resources")
            #expect(reply.status == 200)
            let resources = try reply.decode([SimResource].self)
            #expect(resources.map(\.id) == [Examples.resource1, Examples.resource2])
            #expect(resources.map(\.name) == ["resource-660e8400", "resource-660e8400"])
            let keys = try reply.json()
            guard case .array(let objects) = keys, let first = objects.first else {
                Issue.record("not a non-empty array: \(reply.text)")
                return
            }
            #expect(first.keys == ["config", "createdAt", "credentialId", "credentialName", "id", "isActive",
                                   "lastVerifiedAt", "name", "provider", "region", "resourceIdentifier",
                                   "resourceType", "updatedAt"])
            #expect(first["lastVerifiedAt"] == .null)
        }
    }

    @Test func getResourceAnswers200Or404() async throws {
        let gateway = SimResource(id: Examples.resource1, name: "prod-gateway", provider: "APISIX",
                                  resourceType: "ROUTE", config: ["zone": "a"], lastVerifiedAt: Examples.timestamp)
        try await withSimulator(SimulatorConfiguration(resources: [gateway])) { api throws in
            let found = try await api.send(.GET, "/resources/\(Examples.resource1)")
            #expect(found.status == 200)
            #expect(try found.decode(SimResource.self) == gateway)

            let missing = try await api.send(.GET, "/resources/\(Examples.resource2)")
            #expect(missing.status == 404)
            let body = try missing.json()
            #expect(body["message"]?.string == "Resource not found with id: \(Examples.resource2)")
            // Resources answer errors in the coded shape (authentication.md, "Error bodies").
            #expect(body["error"]?.string == "RESOURCE_NOT_FOUND")
            #expect(body.keys == ["error", "message", "timestamp"])
        }
    }
}
