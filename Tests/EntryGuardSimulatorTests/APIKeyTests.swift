import EntryGuardSimulator
import NIOHTTP1
import Testing

/// API keys: refused on `/roles`, `/users` and `/auth/me` (README, "Credentials and logging in"), accepted on `/resources`.
@Suite(.timeLimit(.minutes(10))) struct APIKeyTests {
    @Test(arguments: [403, 401])
    func apiKeysAreRefusedOnRolesAndUsersInTheCodedShape(status: Int) async throws {
        try await withSimulator(Logins.configuration { $0.apiKeyRefusalStatus = status }) { api throws in
            let key = TestCredential.apiKey(TestAPI.apiKey)
            let requests: [(HTTPMethod, String)] = [
                (.GET, "/roles"), (.GET, "/roles/\(Examples.roleID)"), (.GET, "/users"), (.GET, "/users/\(Logins.admin.id)"),
                (.GET, "/auth/me"), (.DELETE, Examples.bindingPath(resource: Examples.resource1)),
                (.POST, Examples.bindingPath(resource: Examples.resource1)),
            ]
            for (method, path) in requests {
                let reply = try await api.send(method, path, credential: key)
                #expect(reply.status == status, "\(method) \(path)")
                let body = try reply.json()
                #expect(body.keys == ["error", "message", "timestamp"], "\(method) \(path)")
                #expect(body["error"]?.string == (status == 401 ? "UNAUTHORIZED" : "FORBIDDEN"))
                #expect(body["message"]?.string?.contains("API keys are not accepted") == true)
            }
            #expect(await api.simulator.roles() == [Examples.devOpsRole])
        }
    }

    @Test func apiKeysAreAcceptedOnResources() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let key = TestCredential.apiKey(TestAPI.apiKey)
            #expect(try await api.send(.GET, "/resources", credential: key).status == 200)
            #expect(try await api.send(.GET, "/resources/\(Examples.resource1)", credential: key).status == 200)
            let restricted = try await api.send(.GET, "/resources", credential: .apiKey(TestAPI.restrictedAPIKey))
            #expect(restricted.status == 403)
            #expect(try restricted.json()["error"]?.string == "FORBIDDEN")
            let unknown = try await api.send(.GET, "/roles", credential: .apiKey("eg_live_unknown"))
            #expect(unknown.status == 401)
            #expect(try unknown.json().keys == ["error", "message", "timestamp"])
        }
    }

    @Test func resourceErrorsUseTheCodedShapeAndRoleErrorsTheOther() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let resource = try await api.send(.GET, "/resources", credential: .none)
            #expect(resource.status == 401)
            #expect(try resource.json().keys == ["error", "message", "timestamp"])
            #expect(try resource.json()["error"]?.string == "UNAUTHORIZED")
            let role = try await api.send(.GET, "/roles", credential: .none)
            #expect(try role.json().keys == ["error", "message", "path", "status", "timestamp"])
        }
    }
}
