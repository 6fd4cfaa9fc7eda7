import EntryGuardSimulator
import Testing

/// Scripted one-shot faults: each rule fires once, in order, for the first request it matches.
@Suite(.timeLimit(.minutes(10))) struct FaultInjectionTests {
    @Test func statusFiresOnceThenTheEndpointAnswers() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            await api.simulator.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(500)))
            let faulted = try await api.send(.GET, "/roles")
            #expect(faulted.status == 500)
            #expect(try faulted.json()["message"]?.string == "Internal server error")
            #expect(try await api.send(.GET, "/roles").status == 200)
        }
    }

    @Test func statusWithRetryAfterAndMessage() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            await api.simulator.inject(FaultRule(pathPrefix: "/api/v1/roles",
                                                 fault: .status(429, message: "slow down", retryAfter: "2")))
            let reply = try await api.send(.GET, "/roles")
            #expect(reply.status == 429)
            #expect(reply.header("Retry-After") == "2")
            let body = try reply.json()
            #expect(body["error"]?.string == "Too Many Requests")
            #expect(body["message"]?.string == "slow down")
        }
    }

    @Test func statusFiresEvenWithoutCredentials() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            await api.simulator.inject(FaultRule(pathPrefix: "/api/v1", fault: .status(503)))
            let reply = try await api.send(.GET, "/roles", credential: .none)
            #expect(reply.status == 503)
            #expect(try reply.json()["error"]?.string == "Service Unavailable")
        }
    }

    @Test func bodyAnswersTheRawBytes() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            let bytes = Array("<html>502 Bad Gateway</html>".utf8) + [0xFF, 0x00]
            await api.simulator.inject(FaultRule(
                method: "GET", pathPrefix: "/api/v1/roles",
                fault: .body(status: 502, contentType: "text/html", bytes: bytes)))
            let reply = try await api.send(.GET, "/roles")
            #expect(reply.status == 502)
            #expect(reply.header("Content-Type") == "text/html")
            #expect(reply.bytes == bytes)
        }
    }

    @Test("a rule on an exact path passes the paths below it by: GET /roles/{id} does not take a rule meant for the list")
    func exactPathRule() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            await api.simulator.inject(FaultRule(method: "GET", pathPrefix: "/api/v1/roles", fault: .status(500), exactPath: true))
            #expect(try await api.send(.GET, "/roles/\(Examples.roleID)").status == 200)
            #expect(try await api.send(.GET, "/roles").status == 500)
            #expect(try await api.send(.GET, "/roles").status == 200)
        }
    }

    @Test func ruleMatchesOnlyItsMethodAndPrefix() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            await api.simulator.inject(FaultRule(method: "delete", pathPrefix: "/api/v1/roles/", fault: .status(500)))
            #expect(try await api.send(.GET, "/roles/\(Examples.roleID)").status == 200)
            #expect(try await api.send(.GET, "/resources").status == 200)
            let delete = try await api.send(.DELETE, Examples.bindingPath(resource: Examples.resource1))
            #expect(delete.status == 500)
            #expect(await api.simulator.roles() == [Examples.devOpsRole])
        }
    }

    @Test func rulesFireInOrder() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            await api.simulator.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(500)))
            await api.simulator.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(503)))
            let statuses = [
                try await api.send(.GET, "/roles").status,
                try await api.send(.GET, "/roles").status,
                try await api.send(.GET, "/roles").status,
            ]
            #expect(statuses == [500, 503, 200])
        }
    }

    @Test func delayHoldsTheRequestThenHandlesIt() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            await api.simulator.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .delay(milliseconds: 300)))
            let reply = try await api.send(.GET, "/roles")
            #expect(reply.status == 200)
            let log = await api.simulator.requestLog()
            #expect(log.count == 1)
            #expect((log.first?.durationMs ?? 0) >= 300)
        }
    }

    @Test func delayedRequestDoesNotHoldUpOthers() async throws {
        try await withSimulator(Examples.configuration) { api throws in
            await api.simulator.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .delay(milliseconds: 2_000)))
            let order = try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask {
                    _ = try await api.send(.GET, "/roles")
                    return "delayed"
                }
                group.addTask {
                    // The rule cannot match this path, so whichever arrives first, only the other is held.
                    _ = try await api.send(.GET, "/resources")
                    return "prompt"
                }
                var order: [String] = []
                for try await name in group {
                    order.append(name)
                }
                return order
            }
            #expect(order == ["prompt", "delayed"])
        }
    }
}
