import EntryGuardSimulator
import Testing

/// Every error answer has the body `{"timestamp","status","error","message","path"}`.
@Suite(.timeLimit(.minutes(10))) struct ErrorBodyTests {
    /// Checks the shape of one error answer.
    private func expectErrorBody(
        _ reply: TestReply, status: Int, error: String, message: String, path: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(reply.status == status, sourceLocation: sourceLocation)
        #expect(reply.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        let body = try reply.json()
        #expect(body.keys == ["error", "message", "path", "status", "timestamp"], sourceLocation: sourceLocation)
        #expect(body["status"]?.int == status, sourceLocation: sourceLocation)
        #expect(body["error"]?.string == error, sourceLocation: sourceLocation)
        #expect(body["message"]?.string == message, sourceLocation: sourceLocation)
        #expect(body["path"]?.string == path, sourceLocation: sourceLocation)
        #expect(isSecondsTimestamp(body["timestamp"]?.string ?? ""), sourceLocation: sourceLocation)
        // Keys in the reference's order.
        let offsets = ["timestamp", "status", "error", "message", "path"].compactMap {
            reply.text.range(of: "\"\($0)\":")?.lowerBound
        }
        #expect(offsets.count == 5 && offsets == offsets.sorted(), sourceLocation: sourceLocation)
    }

    @Test func badRequestForAnIdThatIsNotAUUID() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let reply = try await api.send(.GET, "/roles/not-a-uuid")
            try expectErrorBody(reply, status: 400, error: "Bad Request", message: "Invalid UUID string: not-a-uuid",
                                path: "/api/v1/roles/not-a-uuid")
            let resource = try await api.send(.DELETE, "/roles/\(Examples.roleID)/resources/660e8400")
            try expectErrorBody(resource, status: 400, error: "Bad Request", message: "Invalid UUID string: 660e8400",
                                path: "/api/v1/roles/\(Examples.roleID)/resources/660e8400")
        }
    }

    @Test func unauthorizedWithoutCredentials() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let reply = try await api.send(.GET, "/roles", credential: .none)
            try expectErrorBody(reply, status: 401, error: "Unauthorized",
                                message: "Full authentication is required to access this resource",
                                path: "/api/v1/roles")
        }
    }

    @Test func forbiddenForANonAdminToken() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let reply = try await api.send(.GET, "/roles", credential: .bearer(TestAPI.nonAdminToken))
            try expectErrorBody(reply, status: 403, error: "Forbidden",
                                message: "Access is denied: ORG_ADMIN role required", path: "/api/v1/roles")
        }
    }

    @Test func notFoundForAnUnknownRoute() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let reply = try await api.send(.GET, "/groups")
            try expectErrorBody(reply, status: 404, error: "Not Found", message: "No endpoint GET /api/v1/groups",
                                path: "/api/v1/groups")
            let wrongMethod = try await api.send(.PUT, "/roles")
            try expectErrorBody(wrongMethod, status: 404, error: "Not Found", message: "No endpoint PUT /api/v1/roles",
                                path: "/api/v1/roles")
        }
    }

    @Test func tooManyRequestsPastTheRateLimit() async throws {
        try await withSimulator(SimulatorConfiguration(rateLimit: 1)) { api throws in
            let replies = try await api.burst(8, .GET, "/roles")
            let limited = try #require(replies.first { $0.status == 429 })
            try expectErrorBody(limited, status: 429, error: "Too Many Requests", message: "Rate limit exceeded",
                                path: "/api/v1/roles")
        }
    }

    @Test func internalServerErrorFromTheErrorRate() async throws {
        try await withSimulator(SimulatorConfiguration(errorRate: 1)) { api throws in
            let reply = try await api.send(.GET, "/roles")
            try expectErrorBody(reply, status: 500, error: "Internal Server Error", message: "Internal server error",
                                path: "/api/v1/roles")
        }
    }
}
