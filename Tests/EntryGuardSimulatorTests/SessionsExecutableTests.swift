import AsyncHTTPClient
import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// `entryguard-sim --sessions FILE`, run as a child process.
@Suite(.timeLimit(.minutes(1))) struct SessionsExecutableTests {
    @Test func servesTheSessionsFileAndStopsOne() async throws {
        let directory = Scratch.root.appendingPathComponent("entryguard-sim-sessions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sessions = directory.appendingPathComponent("sessions.json")
        try JSONEncoder().encode(SessionOrganization.sessions).write(to: sessions)
        let users = directory.appendingPathComponent("users.json")
        try JSONEncoder().encode(SessionOrganization.users).write(to: users)

        let token = "t-sessions-s3cr3t"
        let process = try SimulatorProcess(arguments: ["--port", "0", "--sessions", sessions.path, "--users", users.path, "--token", token])
        let line = try #require(await process.firstLine())
        let port = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) })
        let base = "http://127.0.0.1:\(port)/api/v1"
        try await HTTPClient.withHTTPClient { client in
            let listed = try await fetch(.GET, base + "/sessions/admin", credential: .bearer(token), with: client)
            #expect(listed.status == 200)
            #expect(try listed.json().array?.count == SessionOrganization.sessions.count)
            let id = SessionOrganization.aliceSession.id
            #expect(try await fetch(.POST, base + "/sessions/admin/\(id)/stop", credential: .bearer(token), with: client).status == 200)
            #expect(try await fetch(.POST, base + "/sessions/admin/\(id)/stop", credential: .bearer(token), with: client).status == 400)
        }
        process.terminate()
        #expect(await process.exitStatus() == 0)
    }
}
