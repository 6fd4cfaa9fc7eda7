import EntryGuardSimulator
import Foundation
import PolicyModel
import TestSupport
import Testing
@testable import EntryGuardAPI

/// JSON is read strictly (README, "Configuration"), `--live-state` files and API answers alike: each class of
/// malformed input is an error naming the line, column and JSON path, and nothing is read from it.
@Suite("Strict JSON in live-state files and API answers", .timeLimit(.minutes(2)))
struct StrictJSONReadingTests {
    typealias F = SimulatorFixture
    static let role = "{\"id\":\"550e8400-e29b-41d4-a716-446655440000\",\"name\":\"DevOps\",\"resourceIds\":[\"660e8400-e29b-41d4-a716-446655440001\"]}"

    /// A malformed `GET /roles` document and the error after `invalid JSON at `.
    struct Sample: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var error: String
        var testDescription: String { name }
    }

    static let samples: [Sample] = [
        Sample(name: "trailing comma", bytes: Array("[\(role),\n]".utf8), error: "line 1, column 118 (at $[0]): trailing comma in an array"),
        Sample(name: "leading zero", bytes: Array("[{\"maxSessionDurationHours\":-01}]".utf8),
               error: "line 1, column 29 (at $[0].maxSessionDurationHours): invalid number: leading zero"),
        Sample(name: "bare control character", bytes: Array("[{\"name\":\"Dev\tOps\"}]".utf8),
               error: "line 1, column 14 (at $[0].name): bare control character U+0009 in a string (it must be escaped)"),
        Sample(name: "bad escape", bytes: Array("[{\"name\":\"Dev\\'Ops\"}]".utf8), error: "line 1, column 14 (at $[0].name): invalid escape '\\'' in a string"),
        Sample(name: "lone surrogate escape", bytes: Array("[{\"name\":\"\\udc00\"}]".utf8),
               error: "line 1, column 11 (at $[0].name): lone surrogate escape \\uDC00: a low surrogate without a high one before it"),
        Sample(name: "invalid UTF-8", bytes: Array("[{\"name\":\"".utf8) + [0xE9] + Array("quipe\"}]".utf8),
               error: "line 1, column 11 (at $[0].name): invalid UTF-8: bad sequence after byte 0xE9"),
        Sample(name: "trailing garbage", bytes: Array("[\(role)]]".utf8), error: "line 1, column 119 (at $): unexpected ']' after the JSON value"),
        Sample(name: "deep nesting", bytes: Array(("[{\"x\":" + String(repeating: "[", count: 600)).utf8),
               error: "line 1, column 517 (at $[0].x" + String(repeating: "[0]", count: 14) + "…[0][0][0][0]): nesting deeper than 512 arrays and objects"),
    ]

    static func file(_ bytes: [UInt8]) throws -> String {
        let path = Scratch.root.appendingPathComponent("live-\(UUID().uuidString).json").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a malformed live-state file is an error with its path, line, column and JSON path", arguments: samples)
    func malformedFile(_ sample: Sample) throws {
        let path = try Self.file(sample.bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: LiveStateFile.ReadError.self) { try LiveStateFile.read(path: path) }
        #expect(error.description == "\(path): error: invalid JSON at \(sample.error)")
    }

    @Test("a live-state file of the wrong shape names the JSON path and the JSON types, never a Swift type")
    func wrongShape() throws {
        func failure(_ text: String) throws -> String {
            let path = try Self.file(Array(text.utf8))
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try LiveStateFile.read(path: path)
                return "no error"
            } catch {
                return String(error.description.dropFirst(path.count))
            }
        }
        let prefix = ": error: not a JSON array of role objects as GET /roles returns: "
        #expect(try failure("[\(Self.role),{\"id\":\"550e8400-e29b-41d4-a716-446655440001\",\"name\":\"x\",\"resourceIds\":[\"a\",7]}]")
            == prefix + "$[1].resourceIds[1]: expected a string, found a number (line 1, column 194)")
        #expect(try failure("{\"roles\":[]}") == prefix + "$: expected an array, found an object (line 1, column 1)")
        #expect(try failure("[{\"name\":\"x\",\"resourceIds\":[]}]") == prefix + "$[0]: missing key 'id' (line 1, column 2)")
        #expect(try failure("[{\"id\":\"a\",\"id\":\"b\"}]") == prefix + "$[0].id: duplicate key 'id' (line 1, column 17)")
        #expect(try failure("[{\"id\":\"x\",\"name\":\"x\",\"resourceIds\":[],\"maxSessionDurationHours\":1.5}]")
            == prefix + "$[0].maxSessionDurationHours: expected an integer, found a number with a fraction or an exponent (line 1, column 66)")
    }

    @Test("a valid live-state file with escapes, nulls and unknown keys is read")
    func validFile() throws {
        let text = """
            [ {"id": "550E8400-E29B-41D4-A716-446655440000", "name": "Dev\\u00e9 \\ud83d\\ude00", "maxSessionDurationHours": null,
               "resourceIds": [], "userIds": null, "extra": {"nested": [1.5e3, true, null, "\\/"]}} ]
            """
        let path = try Self.file(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let state = try LiveStateFile.read(path: path)
        #expect(state.roles.map(\.name) == ["Devé 😀"])
        #expect(state.roles.first?.id.rawValue == "550e8400-e29b-41d4-a716-446655440000")
    }

    @Test("a live-state file that cannot be mapped (a pipe, as `--live-state <(curl …)` gives) is read to its end")
    func pipe() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID().uuidString).fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Megabytes would not fit the pipe's buffer: the writer blocks until the reader has read them.
        let roles = (0..<20_000).map { index in
            "{\"id\":\"550e8400-e29b-41d4-a716-\(String(format: "%012x", index))\",\"name\":\"role-\(index)\",\"resourceIds\":[]}"
        }
        let text = "[" + roles.joined(separator: ",") + "]"
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.write(Data(text.utf8))
            try? handle.close()
        }
        writer.start()
        let state = try LiveStateFile.read(path: path)
        #expect(text.utf8.count > 1 << 20)
        #expect(state.roles.count == 20_000)
        #expect(state.roles.last?.name == "role-19999")
    }

    @Test("a malformed GET /roles answer is an error naming where; the client reads nothing from it", arguments: samples)
    func malformedAnswer(_ sample: Sample) async throws {
        try await F.withClient(maxRetries: 2) { client, handle, _ in
            await handle.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/roles",
                                          fault: .body(status: 200, contentType: "application/json", bytes: sample.bytes)))
            let error = try #require(await expectAPIError { try await client.liveRoles() })
            #expect(error.description == "GET /api/v1/roles: HTTP 200, the body is not the JSON expected: invalid JSON at \(sample.error)")
            #expect(error.attempts == 1)
            #expect(await handle.requestLog().count == 1)
        }
    }

    @Test("an error body is believed only when it is strict JSON; otherwise it is shown as text")
    func errorBodies() async throws {
        try await F.withClient(maxRetries: 0) { client, handle, _ in
            let loose = "{\"status\":400,\"message\":\"bad request\",}"
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles",
                                          fault: .body(status: 400, contentType: "application/json", bytes: Array(loose.utf8))))
            let looseError = try #require(await expectAPIError { try await client.listRoles() })
            #expect(looseError.message == "non-JSON body (application/json): \(loose)")
            let strict = "{\"error\":\"UNAUTHORIZED\",\"message\":\"caf\\u00e9 closed\",\"timestamp\":\"2026-01-01T00:00:00Z\"}"
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles",
                                          fault: .body(status: 400, contentType: "application/json", bytes: Array(strict.utf8))))
            let strictError = try #require(await expectAPIError { try await client.listRoles() })
            #expect(strictError.message == "café closed")
        }
    }

    @Test("a role answer with a key given twice is refused: which would a plan believe?")
    func duplicateKeyAnswer() async throws {
        try await F.withClient(maxRetries: 0) { client, handle, _ in
            let body = "{\"id\":\"\(F.roleID)\",\"name\":\"a\",\"resourceIds\":[],\"resourceIds\":[\"\(F.resource1)\"]}"
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles/", fault: .body(status: 200, contentType: "application/json", bytes: Array(body.utf8))))
            let error = try #require(await expectAPIError { try await client.role(RoleID(F.roleID)!) })
            #expect(error.description.hasSuffix("the body is not the JSON expected: $.resourceIds: duplicate key 'resourceIds' (line 1, column 88)"))
            #expect(try await client.role(RoleID(F.roleID)!).name == "DevOps Team")
        }
    }
}
