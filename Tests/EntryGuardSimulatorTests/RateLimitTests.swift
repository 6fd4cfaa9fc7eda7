import EntryGuardSimulator
import Testing

/// `rateLimit` requests per second pass; the rest of a burst gets 429 with `Retry-After`.
@Suite(.timeLimit(.minutes(10))) struct RateLimitTests {
    @Test func aBurstPastTheLimitGets429WithRetryAfter() async throws {
        try await withSimulator(SimulatorConfiguration(rateLimit: 2)) { api throws in
            let replies = try await api.burst(12, .GET, "/roles")
            let limited = replies.filter { $0.status == 429 }
            #expect(!limited.isEmpty)
            #expect(replies.filter { $0.status == 200 }.count >= 2)
            #expect(replies.allSatisfy { $0.status == 200 || $0.status == 429 })
            for reply in limited {
                let retryAfter = try #require(reply.header("Retry-After").flatMap { Int($0) })
                #expect(retryAfter >= 1)
            }
        }
    }

    @Test func noLimitMeansNo429() async throws {
        try await withSimulator { api throws in
            let replies = try await api.burst(12, .GET, "/roles")
            #expect(replies.allSatisfy { $0.status == 200 })
        }
    }

    @Test func unauthenticatedRequestsAreRefusedBeforeTheLimitCounts() async throws {
        try await withSimulator(SimulatorConfiguration(rateLimit: 1)) { api throws in
            let replies = try await api.burst(6, .GET, "/roles", credential: .none)
            #expect(replies.allSatisfy { $0.status == 401 })
        }
    }
}
