import AsyncHTTPClient
import EntryGuardSimulator
import Foundation
import TestSupport
import NIOHTTP1
import Testing

/// The `entryguard-sim` executable, run as a child process (it must be built; see `SimulatorProcess`).
@Suite(.timeLimit(.minutes(1))) struct ExecutableTests {
    @Test func servesThenSavesTheStateOnSIGTERM() async throws {
        let stateFile = Scratch.root
            .appendingPathComponent("entryguard-sim-state-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: stateFile) }
        let other = SimRole(id: "550e8400-e29b-41d4-a716-446655440099", name: "Other", resourceIds: [])
        try JSONEncoder().encode([Examples.devOpsRole, other]).write(to: stateFile)

        let token = "t1-s3cr3t"
        let process = try SimulatorProcess(arguments: [
            "--port", "0", "--state", stateFile.path, "--save", "--token", token,
        ])
        let line = try #require(await process.firstLine())
        let match = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/))
        let port = try #require(Int(match.1))
        #expect(port > 0)
        let base = "http://127.0.0.1:\(port)/api/v1"

        try await HTTPClient.withHTTPClient { client in
            let credential = TestCredential.bearer(token)
            let roles = try await fetch(.GET, base + "/roles", credential: credential, with: client)
            #expect(roles.status == 200)
            #expect(try roles.decode([SimRole].self) == [Examples.devOpsRole, other])
            #expect(try await fetch(.GET, base + "/roles", credential: .bearer("wrong"), with: client).status == 401)
            let delete = try await fetch(.DELETE, base + Examples.bindingPath(resource: Examples.resource1),
                                        credential: credential, with: client)
            #expect(delete.status == 204)
        }

        process.terminate()
        #expect(await process.exitStatus() == 0)
        let output = await process.remainingOutput()
        #expect(!output.contains(token))
        #expect(!line.contains(token))

        let saved = try JSONDecoder().decode([SimRole].self, from: Data(contentsOf: stateFile))
        #expect(saved.map(\.id) == [Examples.roleID, other.id])
        #expect(saved.first?.resourceIds == [Examples.resource2])
        #expect(saved.first?.updatedAt != Examples.timestamp)
        #expect(saved.last == other)
    }

    @Test func usersOrganizationTokenLifetimeAndKeyRefusalFromTheCommandLine() async throws {
        let usersFile = Scratch.root
            .appendingPathComponent("entryguard-sim-users-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: usersFile) }
        try Data("""
            [{"id": "\(Logins.admin.id)", "email": "\(Logins.admin.email)", "isOrgAdmin": true,
              "password": "\(Logins.password)"}]
            """.utf8).write(to: usersFile)
        let key = "k1-s3cr3t"
        let process = try SimulatorProcess(arguments: [
            "--port", "0", "--users", usersFile.path, "--org", "globex", "--access-token-ttl", "7200.5",
            "--api-key", key, "--api-key-refusal", "401",
        ])
        let line = try #require(await process.firstLine())
        let match = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/))
        let base = "http://127.0.0.1:\(match.1)/api/v1"

        try await HTTPClient.withHTTPClient { client in
            func login(_ organization: String) async throws -> TestReply {
                try await fetch(.POST, base + "/auth/login", credential: .none, body: Logins.body(
                    ["organizationSlug": organization, "email": Logins.admin.email, "password": Logins.password]),
                    with: client)
            }
            #expect(try await login("acme").status == 401)
            let reply = try await login("globex")
            #expect(reply.status == 200)
            #expect(try reply.json()["expiresIn"]?.int == 7200)
            let access = try #require(try reply.json()["accessToken"]?.string)
            #expect(try await fetch(.GET, base + "/users", credential: .bearer(access), with: client).status == 200)
            #expect(try await fetch(.GET, base + "/users", credential: .apiKey(key), with: client).status == 401)
        }
        process.terminate()
        #expect(await process.exitStatus() == 0)
        #expect(!(await process.remainingOutput()).contains(Logins.password))
    }

    @Test(arguments: [["--api-key-refusal", "404"], ["--access-token-ttl", "0"], ["--users", "/nonexistent/users.json"]])
    func badAuthOptionsAreUsageErrors(arguments: [String]) async throws {
        let process = try SimulatorProcess(arguments: ["--port", "0"] + arguments)
        let status = await process.exitStatus()
        #expect(status != nil && status != 0)
        #expect(await process.firstLine() == nil)
    }

    @Test("a number out of its range is a usage error (64) before the server starts", arguments: [
        ["--port", "65536"], ["--port", "-1"], ["--latency-ms", "9223372036854775807"], ["--latency-jitter-ms", "600001"],
        ["--latency-ms", "-1"], ["--rate-limit", "0"], ["--rate-limit", "1000001"], ["--error-rate", "nan"], ["--error-rate", "1.5"],
        ["--access-token-ttl", "inf"], ["--refresh-token-ttl", "nan"],
    ])
    func numberOutOfRange(arguments: [String]) async throws {
        let process = try SimulatorProcess(arguments: ["--port", "0"] + arguments)
        #expect(await process.exitStatus() == 64)
        #expect(await process.firstLine() == nil)
    }

    @Test("a limiter option that is unknown, out of range or without what it needs is a usage error (64)", arguments: [
        ["--limiter", "leaky"], ["--rate-limit", "5", "--limiter", "token-bucket", "--burst", "0"], ["--rate-limit", "5", "--burst", "3"],
        ["--burst", "3", "--limiter", "token-bucket"], ["--max-in-flight", "0"], ["--cap-at-arrival"], ["--rate-change", "10:5"],
        ["--rate-limit", "5", "--rate-change", "10:0"], ["--rate-limit", "5", "--rate-change", "10"], ["--rate-limit", "5", "--rate-change", "-1:5"],
        ["--window", "5"], ["--rate-limit", "5", "--window", "0"], ["--rate-limit", "5", "--limiter", "token-bucket", "--window", "5"],
    ])
    func badLimiterOptions(arguments: [String]) async throws {
        let process = try SimulatorProcess(arguments: ["--port", "0"] + arguments)
        #expect(await process.exitStatus() == 64)
        #expect(await process.firstLine() == nil)
    }

    @Test func saveWithoutStateIsAUsageError() async throws {
        let process = try SimulatorProcess(arguments: ["--port", "0", "--save"])
        let status = await process.exitStatus()
        #expect(status != nil && status != 0)
        #expect(await process.firstLine() == nil)
    }
}
