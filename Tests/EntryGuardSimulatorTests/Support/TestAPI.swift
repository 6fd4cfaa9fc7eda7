import AsyncHTTPClient
import EntryGuardSimulator
import NIOCore
import NIOHTTP1

/// A credential a test request sends.
enum TestCredential: Sendable {
    case bearer(String)
    case apiKey(String)
    case none

    /// The ORG_ADMIN token every `withSimulator` configuration accepts.
    static let admin = TestCredential.bearer(TestAPI.adminToken)
}

/// A running simulator and a real HTTP client talking to it.
struct TestAPI: Sendable {
    static let adminToken = "admin-token-s3cr3t"
    static let nonAdminToken = "non-admin-token-s3cr3t"
    static let apiKey = "api-key-s3cr3t"
    static let restrictedAPIKey = "restricted-api-key-s3cr3t"

    let simulator: SimulatorHandle
    let client: HTTPClient

    /// Sends a request to `path` under the base URL (`/roles`, …) and reads the whole response.
    func send(
        _ method: HTTPMethod, _ path: String, credential: TestCredential = .admin
    ) async throws -> TestReply {
        try await fetch(method, simulator.baseURL + path, credential: credential, with: client)
    }

    /// Sends `count` requests at once and returns the replies in the order they completed.
    func burst(_ count: Int, _ method: HTTPMethod, _ path: String, credential: TestCredential = .admin)
        async throws -> [TestReply]
    {
        try await withThrowingTaskGroup(of: TestReply.self) { group in
            for _ in 0..<count {
                group.addTask { try await send(method, path, credential: credential) }
            }
            var replies: [TestReply] = []
            for try await reply in group {
                replies.append(reply)
            }
            return replies
        }
    }
}

/// Sends one request with `client` and reads the whole response.
func fetch(
    _ method: HTTPMethod, _ url: String, credential: TestCredential, body: String? = nil, with client: HTTPClient
) async throws -> TestReply {
    var request = HTTPClientRequest(url: url)
    request.method = method
    if let body {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
    }
    switch credential {
    case .bearer(let token): request.headers.add(name: "Authorization", value: "Bearer \(token)")
    case .apiKey(let key): request.headers.add(name: "X-API-Key", value: key)
    case .none: break
    }
    let response = try await client.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
    return TestReply(status: Int(response.status.code), headers: response.headers,
                     bytes: Array(body.readableBytesView))
}

/// Runs `body` against a simulator on a free loopback port, with the test credentials configured.
func withSimulator<T: Sendable>(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
    _ body: (TestAPI) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.adminTokens.append(TestAPI.adminToken)
    configuration.nonAdminTokens.append(TestAPI.nonAdminToken)
    configuration.apiKeys.append(TestAPI.apiKey)
    configuration.restrictedAPIKeys.append(TestAPI.restrictedAPIKey)
    return try await EntryGuardSimulator.withRunning(configuration) { simulator in
        try await HTTPClient.withHTTPClient { client in
            try await body(TestAPI(simulator: simulator, client: client))
        }
    }
}
