import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import Logging
import PolicyModel

/// Shared setup: the documented example role in a simulator on port 0, and a client whose sleeps
/// are recorded instead of waited.
enum SimulatorFixture {
    static let token = "test-admin-token-7f3a9c"
    static let roleID = "550e8400-e29b-41d4-a716-446655440000"
    static let resource1 = "660e8400-e29b-41d4-a716-446655440001"
    static let resource2 = "660e8400-e29b-41d4-a716-446655440002"
    static let now = Date(timeIntervalSince1970: 1_795_341_600)

    static var exampleRole: SimRole {
        SimRole(id: roleID, name: "DevOps Team", description: "Full access to production resources", maxSessionDurationHours: 24,
                resourceIds: [resource1, resource2.uppercased()],
                userIds: ["770e8400-e29b-41d4-a716-446655440003", "770e8400-e29b-41d4-a716-446655440004"],
                createdAt: "2026-02-18T10:30:00Z", updatedAt: "2026-02-18T10:30:00Z")
    }

    static func configuration(_ change: (inout SimulatorConfiguration) -> Void = { _ in }) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.roles = [exampleRole]
        configuration.adminTokens = [token]
        configuration.nonAdminTokens = ["viewer-token"]
        configuration.apiKeys = ["ci-api-key"]
        change(&configuration)
        return configuration
    }

    /// Sleeps the client asked for, in order.
    actor SleepRecorder {
        private(set) var sleeps: [Duration] = []
        func record(_ duration: Duration) { sleeps.append(duration) }
    }

    static func timing(_ recorder: SleepRecorder, jitter: Double = 0.5) -> EntryGuardClient.Timing {
        EntryGuardClient.Timing(now: { now }, sleep: { await recorder.record($0) }, jitter: { jitter })
    }

    /// Runs `body` with a client of the simulator; sleeps are recorded, not waited.
    static func withClient<T: Sendable>(
        simulator: SimulatorConfiguration = configuration(), credential: Credential = Credential(kind: .bearer, secret: token),
        maxRetries: Int = 5, timeout: Duration = .seconds(20), maxResponseBytes: Int = 1 << 20,
        _ body: (EntryGuardClient, SimulatorHandle, SleepRecorder) async throws -> T
    ) async throws -> T {
        try await EntryGuardSimulator.withRunning(simulator) { handle in
            let recorder = SleepRecorder()
            let configuration = EntryGuardClient.Configuration(
                baseURL: handle.baseURL, credential: credential, retry: RetryPolicy(maxRetries: maxRetries),
                requestTimeout: timeout, maxResponseBytes: maxResponseBytes)
            return try await EntryGuardClient.with(configuration, timing: timing(recorder)) { client in
                try await body(client, handle, recorder)
            }
        }
    }
}

/// The `APIError` an operation ends with, or `nil` when it succeeds (or fails otherwise).
func expectAPIError<T>(_ operation: () async throws -> T) async -> APIError? {
    do {
        _ = try await operation()
        return nil
    } catch {
        return error as? APIError
    }
}
