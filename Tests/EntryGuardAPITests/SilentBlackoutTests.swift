import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import Testing

/// A server that answers every request with 429 and never says when it will stop, for longer than
/// the longest `Retry-After` the client honours, is given up on (README, "Configuration").
@Suite("Silent blackouts")
struct SilentBlackoutTests {
    @Test("a silent blackout lasts from its first 429 to its latest (idle time does not age it); a 429 with Retry-After, or an admission, ends it")
    func silentBlackoutSpan() {
        var state = PacingStateTests.paced()
        state.rateLimited(sentAt: 10.3, now: 10.302)
        #expect(state.silentBlackout == 0)
        state.rateLimited(sentAt: 12.3, now: 12.302)
        #expect(PacingStateTests.rounded(state.silentBlackout) == 2)
        // Three minutes with nothing sent (a person confirming the apply): still 2 s of refusals.
        #expect(PacingStateTests.rounded(state.reserve(now: 192.3)) == 192.3)
        #expect(PacingStateTests.rounded(state.silentBlackout) == 2)
        state.admitted(sentAt: 192.3, now: 192.31)
        #expect(state.silentBlackout == nil)
        var told = PacingStateTests.paced()
        told.rateLimited(sentAt: 10.3, now: 10.302)
        told.rateLimited(sentAt: 11.4, now: 11.402, retryAfter: 30)
        #expect(told.silentBlackout == nil)
    }

    @Test("over HTTP: every answer a 429 without Retry-After, past the longest wait honoured: the request fails, saying why, with retries left")
    func givesUpOnASilentBlackout() async throws {
        try await EntryGuardSimulator.withRunning(SimulatorFixture.configuration()) { handle in
            await handle.inject(FaultRule(pathPrefix: "/api/v1/roles", fault: .status(429), repeats: true))
            let configuration = EntryGuardClient.Configuration(
                baseURL: handle.baseURL, credential: Credential(kind: .bearer, secret: SimulatorFixture.token),
                retry: RetryPolicy(maxRetries: 6, maxRetryAfter: .seconds(1)), requestTimeout: .seconds(20))
            let error = try await EntryGuardClient.with(configuration) { client in
                await expectAPIError { try await client.listRoles() }
            }
            let failure = try #require(error)
            #expect(failure.status == 429)
            #expect(failure.message.contains("without saying when it will stop (no Retry-After)"))
            let sent = await handle.requestLog().count
            // Six retries would be seven attempts, 15–30 s of backoff: it stopped well before.
            #expect(sent == failure.attempts && sent < 7)
        }
    }
}
