import AsyncHTTPClient
import EntryGuardSimulator
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// How `withRunning` starts and stops the server.
@Suite(.timeLimit(.minutes(1))) struct LifecycleTests {
    @Test func listensBeforeTheBodyRunsAndStopsAfterIt() async throws {
        let baseURL = try await EntryGuardSimulator.withRunning(Examples.configuration) { simulator in
            #expect(simulator.port > 0)
            #expect(simulator.baseURL == "http://127.0.0.1:\(simulator.port)/api/v1")
            let reply = try await HTTPClient.withHTTPClient { client in
                try await fetch(.GET, simulator.baseURL + "/roles", credential: .none, with: client)
            }
            #expect(reply.status == 401)
            return simulator.baseURL
        }
        // Nothing listens any more (the client would retry a refused connection until its deadline).
        await #expect(throws: (any Error).self) {
            try await HTTPClient.withHTTPClient { client in
                _ = try await client.execute(HTTPClientRequest(url: baseURL + "/roles"), timeout: .seconds(1))
            }
        }
    }

    @Test func aBodyErrorStopsTheServerAndPropagates() async throws {
        struct BodyFailed: Error {}
        await #expect(throws: BodyFailed.self) {
            try await EntryGuardSimulator.withRunning(Examples.configuration) { _ in
                throw BodyFailed()
            }
        }
    }

    @Test func aPortInUseIsAnErrorNotAHang() async throws {
        try await EntryGuardSimulator.withRunning(Examples.configuration) { first in
            var configuration = Examples.configuration
            configuration.port = first.port
            await #expect(throws: (any Error).self) {
                try await EntryGuardSimulator.withRunning(configuration) { _ in }
            }
        }
    }

    @Test func aHeldRequestDoesNotKeepTheServerRunning() async throws {
        // The fault holds the request far beyond the suite's time limit; stopping must not wait for it.
        try await EntryGuardSimulator.withRunning(SimulatorConfiguration(adminTokens: ["t"])) { simulator in
            await simulator.inject(FaultRule(pathPrefix: "/api/v1", fault: .delay(milliseconds: 600_000)))
            try await HTTPClient.withHTTPClient { client in
                var request = HTTPClientRequest(url: simulator.baseURL + "/roles")
                request.headers.add(name: "Authorization", value: "Bearer t")
                await #expect(throws: HTTPClientError.deadlineExceeded) {
                    _ = try await client.execute(request, timeout: .milliseconds(200))
                }
            }
        }
    }

    @Test func anUnwritableRequestLogIsAnError() async throws {
        let configuration = SimulatorConfiguration(requestLogPath: "/nonexistent-directory/requests.jsonl")
        await #expect(throws: SimulatorError.self) {
            try await EntryGuardSimulator.withRunning(configuration) { _ in }
        }
    }
}
