import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// `GET /users` and `GET /users/{id}` as `../shared/api/users-and-sessions.md` documents them.
@Suite(.timeLimit(.minutes(10))) struct UsersTests {
    @Test func listUsersHasTheDocumentedKeysAndNoSecret() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let reply = try await api.send(.GET, "/users")
            #expect(reply.status == 200)
            let users = try #require(try reply.json().array)
            #expect(users.count == 5)
            for user in users {
                #expect(user.keys == ["createdAt", "email", "id", "isActive", "isOrgAdmin", "lastLoginAt", "mfaEnabled",
                                      "name", "platformRole", "roleNames", "updatedAt"])
            }
            #expect(users.map { $0["email"]?.string } == [Logins.admin, Logins.mfaAdmin, Logins.member, Logins.expired,
                                                          Logins.suspended].map(\.email))
            #expect(users[1]["mfaEnabled"]?.bool == true && users[0]["mfaEnabled"]?.bool == false)
            #expect(users[4]["isActive"]?.bool == false && users[0]["isActive"]?.bool == true)
            // The example role's userIds hold the first two users.
            #expect(users[0]["roleNames"] == .array([.string("DevOps Team")]))
            #expect(users[2]["roleNames"] == .array([]))
            for secret in Logins.secrets + ["password", "mfaSecret", "recoveryCodes", "suspended", "passwordExpired"] {
                #expect(!reply.text.contains(secret), "\(secret)")
            }
        }
    }

    @Test func listUsersAfterALoginShowsItAndStillNoSecret() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let (access, refresh) = try await api.tokens(Logins.admin)
            let reply = try await api.send(.GET, "/users", credential: .bearer(access))
            #expect(reply.status == 200)
            #expect(try reply.json().array?.first?["lastLoginAt"]?.string.map(isSecondsTimestamp) == true)
            for secret in Logins.secrets + [access, refresh] {
                #expect(!reply.text.contains(secret))
            }
        }
    }

    @Test func getUserAnswers200Or404() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            let found = try await api.send(.GET, "/users/\(Logins.member.id.uppercased())")
            #expect(found.status == 200)
            #expect(try found.json()["email"]?.string == Logins.member.email)
            #expect(!found.text.contains(Logins.password))

            let missing = try await api.send(.GET, "/users/\(Examples.unknownRole)")
            #expect(missing.status == 404)
            let body = try missing.json()
            #expect(body["message"]?.string == "User not found with id: \(Examples.unknownRole)")
            #expect(body["path"]?.string == "/api/v1/users/\(Examples.unknownRole)")
            #expect(try await api.send(.GET, "/users/not-a-uuid").status == 400)
        }
    }

    @Test func usersNeedAnOrgAdmin() async throws {
        try await withSimulator(Logins.configuration()) { api throws in
            #expect(try await api.send(.GET, "/users", credential: .none).status == 401)
            #expect(try await api.send(.GET, "/users", credential: .bearer(TestAPI.nonAdminToken)).status == 403)
            #expect(try await api.send(.GET, "/users/\(Logins.admin.id)", credential: .bearer(TestAPI.nonAdminToken)).status == 403)
        }
    }

    @Test func aUsersFileReadsTheGETUsersShapeWithLoginFields() throws {
        let text = """
            [{"id": "\(Logins.admin.id)", "email": "a@acme.example", "name": "A", "isOrgAdmin": true,
              "platformRole": "USER", "isActive": true, "mfaEnabled": false, "lastLoginAt": null,
              "roleNames": ["DevOps Team"], "createdAt": "2026-02-18T10:30:00Z", "updatedAt": "2026-02-18T10:30:00Z",
              "password": "pw", "mfaSecret": "JBSWY3DPEHPK3PXP", "passwordExpired": true},
             {"id": "\(Logins.member.id)", "email": "b@acme.example", "isActive": false}]
            """
        let path = Scratch.root.appendingPathComponent("users-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let users = try StateFile.loadUsers(path: path)
        #expect(users.count == 2)
        #expect(users[0].password == "pw" && users[0].mfaEnabled && users[0].passwordExpired && !users[0].suspended)
        #expect(users[0].roleNames == ["DevOps Team"])
        #expect(users[1].suspended && !users[1].isOrgAdmin && users[1].password == nil && users[1].name == "b@acme.example")
    }

    @Test func twoUsersWithOneEmailStopTheSimulator() async throws {
        var configuration = Logins.configuration()
        configuration.users[1].email = Logins.admin.email.uppercased()
        await #expect(throws: SimulatorError.self) {
            try await EntryGuardSimulator.withRunning(configuration) { _ in }
        }
    }

    @Test func aSecretThatIsNotBase32StopsTheSimulator() async throws {
        var configuration = Logins.configuration()
        configuration.users[1].mfaSecret = "not base32!"
        await #expect(throws: SimulatorError.self) {
            try await EntryGuardSimulator.withRunning(configuration) { _ in }
        }
    }
}
