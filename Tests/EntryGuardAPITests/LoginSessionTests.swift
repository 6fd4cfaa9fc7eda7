import EntryGuardAPI
import Parallel
import Testing

/// The token rules of `LoginSession` on an explicit clock (the refresh itself is a plain function
/// here; over HTTP it is tested against the simulator in ReconcilerTests).
@Suite("Login session", .timeLimit(.minutes(10)))
struct LoginSessionTests {
    final class Clock: Sendable {
        let seconds = Locked(1000.0)
        func advance(_ by: Double) { seconds.withLock { $0 += by } }
        var now: Double { seconds.withLock { $0 } }
    }

    final class Renewals: Sendable {
        let state = Locked((count: 0, inFlight: 0, peak: 0, tokens: [String]()))
        func renew(_ refreshToken: String) async throws -> TokenGrant {
            let n = state.withLock { state -> Int in
                state.count += 1
                state.inFlight += 1
                state.peak = max(state.peak, state.inFlight)
                state.tokens.append(refreshToken)
                return state.count
            }
            try await Task.sleep(for: .milliseconds(20))
            state.withLock { $0.inFlight -= 1 }
            return TokenGrant(accessToken: "access-\(n + 1)", refreshToken: "refresh-\(n + 1)", expiresIn: 900)
        }
    }

    @Test("50 requests answered 401 at once: one refresh, with the newest refresh token; later 401s of the old generation refresh nothing")
    func singleFlight() async throws {
        let clock = Clock()
        let renewals = Renewals()
        let session = LoginSession(grant: TokenGrant(accessToken: "access-1", refreshToken: "refresh-1", expiresIn: 900),
                                   now: { clock.now }, renew: renewals.renew)
        let (_, generation) = try await session.accessToken()
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await session.refresh(after: generation).token } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(tokens == ["access-2"])
        #expect(renewals.state.withLock { ($0.count, $0.peak, $0.tokens) } == (1, 1, ["refresh-1"]))
        _ = try await session.refresh(after: generation)
        #expect(renewals.state.withLock { $0.count } == 1)
        // A 401 to the new token is a new reason: the next refresh uses the rotated token.
        _ = try await session.refresh(after: generation + 1)
        #expect(renewals.state.withLock { $0.tokens } == ["refresh-1", "refresh-2"])
        #expect(await session.refreshToken == "refresh-3")
    }

    @Test("renewed a quarter-lifetime before expiry (60 s at most), never handed out expired")
    func renewalAhead() async throws {
        let clock = Clock()
        let renewals = Renewals()
        let session = LoginSession(grant: TokenGrant(accessToken: "access-1", refreshToken: "refresh-1", expiresIn: 2),
                                   now: { clock.now }, renew: renewals.renew)
        clock.advance(1.4)
        #expect(try await session.accessToken().token == "access-1")
        clock.advance(0.2)  // 0.4 s left of 2: inside the half-second margin
        #expect(try await session.accessToken().token == "access-2")
        // A 900-second token is renewed 60 s before it expires, not 225 s.
        clock.advance(839)
        #expect(try await session.accessToken().token == "access-2")
        clock.advance(2)
        #expect(try await session.accessToken().token == "access-3")
        #expect(renewals.state.withLock { $0.count } == 2)
    }
}
