import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import TestSupport
import Testing

/// Issue 10, items 4, 10, 11 and 15, over real HTTP against the simulator.
@Suite("Apply hardening", .timeLimit(.minutes(10)))
struct ApplyHardeningTests {
    typealias H = ApplyHarness

    static let roleA = "550e8400-e29b-41d4-a716-44665544a001"
    static let roleB = "550e8400-e29b-41d4-a716-44665544a002"
    static let resources = (0..<3).map { String(format: "660e8400-e29b-41d4-a716-%012x", 0xa100 + $0) }

    static func policy(_ yaml: String) throws -> String {
        let path = H.temporaryPath("policy.yaml")
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func simulator(_ roles: [SimRole], errorRate: Double = 0) -> SimulatorConfiguration {
        SimulatorConfiguration(roles: roles, adminTokens: [H.token], errorRate: errorRate)
    }

    // MARK: item 4

    @Test("a name-only role matches by exact scalars: a live name with a Kelvin sign, an Ohm sign or a decomposed é is another role",
          arguments: [("Kubernetes Admins", "\u{212A}ubernetes Admins"), ("Ohm \u{03A9} Team", "Ohm \u{2126} Team"),
                      ("Caf\u{E9} Ops", "Cafe\u{301} Ops")])
    func exactNames(policyName: String, liveName: String) async throws {
        let path = try Self.policy("version: 1\nroles:\n  - name: \"\(policyName)\"\n    resources: []\n")
        let roles = [SimRole(id: Self.roleA, name: liveName, resourceIds: Self.resources)]
        try await EntryGuardSimulator.withRunning(Self.simulator(roles)) { handle in
            let (status, failure) = await H().run(ApplyOptions(paths: [path], autoApprove: true, safety: SafetyValve(force: true)), on: handle)
            #expect(status == 1)
            #expect(failure.contains { $0.hasPrefix("no live role is named '\(policyName)'") })
            let visibleLive = liveName.unicodeScalars.map { (0x20..<0x7F).contains($0.value) ? String($0) : "\\u{\(String($0.value, radix: 16, uppercase: true))}" }.joined()
            #expect(failure.contains { $0.contains("looks like the live role '\(visibleLive)' (\(Self.roleA)) but is not the same text") })
            #expect(await H.writes(handle).isEmpty)
            #expect(await handle.roles()[0].resourceIds == Self.resources)
        }
    }

    @Test("with both spellings live, the exact one is changed and the look-alike is named in a warning")
    func exactAmongLookalikes() async throws {
        let path = try Self.policy("version: 1\nroles:\n  - name: Kubernetes Admins\n    resources: []\n")
        let roles = [SimRole(id: Self.roleA, name: "\u{212A}ubernetes Admins", resourceIds: Self.resources),
                     SimRole(id: Self.roleB, name: "Kubernetes Admins", resourceIds: [Self.resources[0]])]
        try await EntryGuardSimulator.withRunning(Self.simulator(roles)) { handle in
            let harness = H()
            let (status, failure) = await harness.run(ApplyOptions(paths: [path], autoApprove: true), on: handle)
            #expect(failure == [] && status == 0)
            #expect(await H.writes(handle) == ["DELETE /api/v1/roles/\(Self.roleB)/resources/\(Self.resources[0])"])
            #expect(harness.errors.value.contains("warning: role name 'Kubernetes Admins' looks like the live role '\\u{212A}ubernetes Admins' (\(Self.roleA))"))
        }
    }

    // MARK: item 15

    @Test("GET /roles that lists one role id twice is refused: no plan, no write")
    func duplicateRoleIDs() async throws {
        let path = try Self.policy("version: 1\nroles:\n  - id: \(Self.roleA)\n    resources: []\n")
        let roles = [SimRole(id: Self.roleA, name: "first", resourceIds: []),
                     SimRole(id: Self.roleA.uppercased(), name: "second", resourceIds: Self.resources)]
        try await EntryGuardSimulator.withRunning(Self.simulator(roles)) { handle in
            let (status, failure) = await H().run(ApplyOptions(paths: [path], autoApprove: true), on: handle)
            #expect(status == 1)
            #expect(failure == ["GET /roles returned a role that cannot be trusted: role id \(Self.roleA) is listed twice (elements [0] and [1]); refusing the answer"])
            #expect(await H.writes(handle).isEmpty)
        }
    }

    // MARK: item 10

    @Test("an unwritable --report stops apply before any request; an API failure before the first change still writes the report")
    func reportPath() async throws {
        let path = try Self.policy("version: 1\nroles:\n  - id: \(Self.roleA)\n    resources: []\n")
        let roles = [SimRole(id: Self.roleA, name: "team", resourceIds: Self.resources)]
        try await EntryGuardSimulator.withRunning(Self.simulator(roles)) { handle in
            let nowhere = H.temporaryPath("missing-folder") + "/report.json"
            let (status, failure) = await H().run(ApplyOptions(paths: [path], autoApprove: true), reportPath: nowhere, on: handle)
            #expect(status == 1)
            #expect(failure.first?.hasPrefix("cannot write the report: its folder ") == true)
            let folder = H.temporaryPath("a-folder")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let (_, folderFailure) = await H().run(ApplyOptions(paths: [path], autoApprove: true), reportPath: folder, on: handle)
            #expect(folderFailure == ["cannot write the report: it is a directory; nothing was changed"])
            #expect(await handle.requestLog().isEmpty)
        }
        try await EntryGuardSimulator.withRunning(Self.simulator(roles, errorRate: 1)) { handle in
            let report = H.temporaryPath("report.json")
            let (status, failure) = await H().run(ApplyOptions(paths: [path], autoApprove: true), reportPath: report, on: handle, maxRetries: 0)
            #expect(status == 1)
            #expect(failure.first?.contains("HTTP 500") == true)
            let json = try String(contentsOfFile: report, encoding: .utf8)
            #expect(json.contains("\"stoppedBecause\": \"GET /api/v1/roles: HTTP 500"))
            #expect(json.contains("\"succeeded\": false"))
        }
    }

    // MARK: item 11

    @Test("a stop request while live state is read (retries under way) ends apply at once, before any change")
    func stopWhileReading() async throws {
        let path = try Self.policy("version: 1\nroles:\n  - id: \(Self.roleA)\n    resources: []\n")
        let roles = [SimRole(id: Self.roleA, name: "team", resourceIds: Self.resources)]
        try await EntryGuardSimulator.withRunning(Self.simulator(roles, errorRate: 1)) { handle in
            let stop = StopRequest()
            let report = H.temporaryPath("report.json")
            async let run = H().run(ApplyOptions(paths: [path], autoApprove: true), reportPath: report, on: handle, maxRetries: 100, stop: stop)
            // Wait until the retries are under way (the server has answered 500 at least twice).
            try await Wait.until("two answers of the server") { await handle.requestLog().count >= 2 }
            stop.request("interrupted by SIGINT")
            let (status, failure) = await run
            #expect(status == 1)
            #expect(failure == ["interrupted by SIGINT before the first change: nothing was changed"])
            #expect(await H.writes(handle).isEmpty)
            #expect(try String(contentsOfFile: report, encoding: .utf8).contains("\"stoppedBecause\": \"interrupted by SIGINT before the first change"))
        }
    }

    @Test("a stop request at the prompt ends the wait for an answer; nothing is changed")
    func stopAtPrompt() async throws {
        let path = try Self.policy("version: 1\nroles:\n  - id: \(Self.roleA)\n    resources: []\n")
        let roles = [SimRole(id: Self.roleA, name: "team", resourceIds: Self.resources)]
        try await EntryGuardSimulator.withRunning(Self.simulator(roles)) { handle in
            let stop = StopRequest()
            let asked = AsyncStream<Void>.makeStream()
            // A person who never answers: only cancellation ends this wait.
            let confirm: @Sendable (Plan) async -> Bool = { _ in
                asked.continuation.yield()
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                return true
            }
            async let run = H().run(ApplyOptions(paths: [path], safety: SafetyValve(force: true)), on: handle, stop: stop, confirm: confirm)
            for await _ in asked.stream { break }
            stop.request("interrupted by SIGTERM")
            let (status, failure) = await run
            #expect(status == 1)
            #expect(failure == ["interrupted by SIGTERM before the first change: nothing was changed"])
            #expect(await H.writes(handle).isEmpty)
        }
    }
}
