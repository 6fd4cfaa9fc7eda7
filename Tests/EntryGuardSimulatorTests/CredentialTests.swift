import EntryGuardSimulator
import Testing

/// Bearer tokens and API keys, with and without the rights each endpoint needs.
@Suite(.timeLimit(.minutes(10))) struct CredentialTests {
    @Test func adminTokenReachesEveryEndpoint() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            #expect(try await api.send(.GET, "/roles").status == 200)
            #expect(try await api.send(.GET, "/roles/\(Examples.roleID)").status == 200)
            #expect(try await api.send(.GET, "/resources").status == 200)
            #expect(try await api.send(.GET, "/resources/\(Examples.resource1)").status == 200)
            #expect(try await api.send(.DELETE, Examples.bindingPath(resource: Examples.resource1)).status == 204)
            #expect(try await api.send(.POST, Examples.bindingPath(resource: Examples.resource1)).status == 200)
        }
    }

    @Test func nonAdminTokenIsForbiddenEverywhere() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let credential = TestCredential.bearer(TestAPI.nonAdminToken)
            #expect(try await api.send(.GET, "/roles", credential: credential).status == 403)
            #expect(try await api.send(.GET, "/resources", credential: credential).status == 403)
            let delete = try await api.send(.DELETE, Examples.bindingPath(resource: Examples.resource1),
                                            credential: credential)
            #expect(delete.status == 403)
            #expect(await api.simulator.roles() == [Examples.devOpsRole])
        }
    }

    @Test func staticTokensAnswerMeAsAServiceAccountAndNeverExpire() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            await api.simulator.expireAccessTokens()
            let admin = try await api.send(.GET, "/auth/me")
            #expect(admin.status == 200)
            #expect(try admin.json()["isOrgAdmin"]?.bool == true)
            #expect(try admin.json()["organizationSlug"]?.string == "acme")
            let member = try await api.send(.GET, "/auth/me", credential: .bearer(TestAPI.nonAdminToken))
            #expect(member.status == 200)
            #expect(try member.json()["isOrgAdmin"]?.bool == false)
            #expect(try await api.send(.GET, "/auth/me", credential: .none).status == 401)
        }
    }

    @Test func apiKeyIsRefusedOnRolesAndAcceptedOnResources() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let credential = TestCredential.apiKey(TestAPI.apiKey)
            #expect(try await api.send(.GET, "/roles", credential: credential).status == 403)
            #expect(try await api.send(.GET, "/resources", credential: credential).status == 200)
            let delete = try await api.send(.DELETE, Examples.bindingPath(resource: Examples.resource1),
                                            credential: credential)
            #expect(delete.status == 403)
            #expect(await api.simulator.roles() == [Examples.devOpsRole])
        }
    }

    @Test func restrictedAPIKeyReadsNeitherRolesNorResources() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let credential = TestCredential.apiKey(TestAPI.restrictedAPIKey)
            #expect(try await api.send(.GET, "/roles", credential: credential).status == 403)
            #expect(try await api.send(.GET, "/roles/\(Examples.roleID)", credential: credential).status == 403)
            let delete = try await api.send(.DELETE, Examples.bindingPath(resource: Examples.resource1),
                                            credential: credential)
            #expect(delete.status == 403)

            let list = try await api.send(.GET, "/resources", credential: credential)
            #expect(list.status == 403)
            #expect(try list.json()["message"]?.string == "API key lacks the resources:read scope")
            let one = try await api.send(.GET, "/resources/\(Examples.resource1)", credential: credential)
            #expect(one.status == 403)
        }
    }

    @Test(arguments: [
        TestCredential.none,
        .bearer("wrong-token"),
        .apiKey("wrong-key"),
        .bearer(TestAPI.apiKey),
        .apiKey(TestAPI.adminToken),
    ])
    func wrongOrMissingCredentialsAreUnauthorized(credential: TestCredential) async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let reply = try await api.send(.GET, "/roles", credential: credential)
            #expect(reply.status == 401)
            #expect(try reply.json()["message"]?.string == "Full authentication is required to access this resource")
        }
    }
}
