import Foundation
import TestSupport
import Testing
@testable import EntryGuardAPI

@Suite("Retry policy (pure)", .timeLimit(.minutes(10)))
struct RetryPolicyTests {
    let policy = RetryPolicy(maxRetries: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(30), maxRetryAfter: .seconds(120))
    let now = Date(timeIntervalSince1970: 1_795_341_600) // Sun, 22 Nov 2026 10:00:00 GMT

    @Test("401, 403 and other 4xx are never retried", arguments: [400, 401, 403, 404, 409, 301])
    func neverRetried(status: Int) {
        #expect(policy.decide(after: .status(status, retryAfter: "1"), attempt: 1, now: now, jitter: 0.5) == .stop)
    }

    @Test("429 waits what Retry-After says, in delta-seconds, and up to a tenth of it more (at most 0.1 s) by the jitter")
    func retryAfterSeconds() {
        #expect(policy.decide(after: .status(429, retryAfter: "3"), attempt: 1, now: now, jitter: 0) == .retry(after: .seconds(3)))
        #expect(policy.decide(after: .status(429, retryAfter: "3"), attempt: 1, now: now, jitter: 0.9) == .retry(after: .milliseconds(3090)))
        #expect(policy.decide(after: .status(429, retryAfter: " 0 "), attempt: 2, now: now, jitter: 0.9) == .retry(after: .zero))
        #expect(policy.decide(after: .status(503, retryAfter: "7"), attempt: 1, now: now, jitter: 0.5) == .retry(after: .milliseconds(7050)))
        // Under a second, a tenth of it: requests told the same second wake apart, never sooner.
        #expect(RetryPolicy.spread(of: .milliseconds(500), jitter: 1) == .milliseconds(50))
        #expect(RetryPolicy.spread(of: .seconds(1), jitter: 0.5) == .milliseconds(50))
        #expect(RetryPolicy.spread(of: .seconds(60), jitter: 1) == .milliseconds(100))
    }

    @Test("429 waits until an HTTP-date, in all three date forms; a past date means now")
    func retryAfterDate() {
        #expect(policy.decide(after: .status(429, retryAfter: "Sun, 22 Nov 2026 10:00:05 GMT"), attempt: 1, now: now, jitter: 0) == .retry(after: .seconds(5)))
        #expect(RetryPolicy.parseRetryAfter("Sunday, 22-Nov-26 10:00:09 GMT", now: now) == .seconds(9))
        #expect(RetryPolicy.parseRetryAfter("Sun Nov 22 10:01:00 2026", now: now) == .seconds(60))
        #expect(RetryPolicy.parseRetryAfter("Sun, 22 Nov 2026 09:59:00 GMT", now: now) == .zero)
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
        #expect(RetryPolicy.parseRetryAfter("-3", now: now) == nil)
    }

    @Test("429 without a usable Retry-After backs off; one asking for too long stops")
    func retryAfterMissingOrTooLong() {
        #expect(policy.decide(after: .status(429, retryAfter: nil), attempt: 1, now: now, jitter: 0) == .retry(after: .milliseconds(250)))
        #expect(policy.decide(after: .status(429, retryAfter: "later"), attempt: 2, now: now, jitter: 0) == .retry(after: .milliseconds(500)))
        #expect(policy.decide(after: .status(429, retryAfter: "121"), attempt: 1, now: now, jitter: 0) == .stop)
        #expect(policy.decide(after: .status(429, retryAfter: "99999999999999999999999"), attempt: 1, now: now, jitter: 0) == .stop)
    }

    @Test("5xx, connection errors and timeouts back off exponentially with equal jitter, capped")
    func backoff() {
        for failure in [RetryPolicy.Failure.status(500, retryAfter: nil), .status(502, retryAfter: nil), .connection, .timeout] {
            #expect(policy.decide(after: failure, attempt: 1, now: now, jitter: 0) == .retry(after: .milliseconds(250)))
            #expect(policy.decide(after: failure, attempt: 1, now: now, jitter: 1) == .retry(after: .milliseconds(500)))
            #expect(policy.decide(after: failure, attempt: 3, now: now, jitter: 0.5) == .retry(after: .milliseconds(1500)))
        }
        // 0.5 s · 2^9 = 256 s, capped at 30 s.
        #expect(RetryPolicy(maxRetries: 20).backoff(attempt: 10, jitter: 1) == .seconds(30))
        #expect(RetryPolicy(maxRetries: 100).backoff(attempt: 80, jitter: 0) == .seconds(15))
    }

    @Test("at most maxRetries retries")
    func maxRetries() {
        #expect(policy.decide(after: .status(500, retryAfter: nil), attempt: 5, now: now, jitter: 0) != .stop)
        #expect(policy.decide(after: .status(500, retryAfter: nil), attempt: 6, now: now, jitter: 0) == .stop)
        #expect(RetryPolicy(maxRetries: 0).decide(after: .timeout, attempt: 1, now: now, jitter: 0) == .stop)
    }
}

@Suite("Credentials", .timeLimit(.minutes(10)))
struct CredentialTests {
    @Test("token file first, then ENTRYGUARD_TOKEN, then ENTRYGUARD_API_KEY; none is nil")
    func precedence() throws {
        let file = Scratch.root.appendingPathComponent("egpolicy-token-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("file-token\r\n".utf8).write(to: URL(fileURLWithPath: file))
        let env = ["ENTRYGUARD_TOKEN": "env-token", "ENTRYGUARD_API_KEY": "env-key"]
        let fromFile = try #require(try Credential.resolve(tokenFile: file, environment: env))
        #expect(fromFile.kind == .bearer && fromFile.headerValue == "Bearer file-token")
        let fromToken = try #require(try Credential.resolve(tokenFile: nil, environment: env))
        #expect(fromToken.headerName == "Authorization" && fromToken.headerValue == "Bearer env-token")
        let fromKey = try #require(try Credential.resolve(tokenFile: nil, environment: ["ENTRYGUARD_API_KEY": "env-key", "ENTRYGUARD_TOKEN": ""]))
        #expect(fromKey.headerName == "X-API-Key" && fromKey.headerValue == "env-key")
        #expect(try Credential.resolve(tokenFile: nil, environment: [:]) == nil)
    }

    @Test("an unreadable or multi-line token file is an error that does not print the token")
    func badTokenFile() throws {
        #expect(throws: CredentialError.self) { try Credential.resolve(tokenFile: "/nonexistent/token", environment: [:]) }
        let file = Scratch.root.appendingPathComponent("egpolicy-token-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("secret-one\nsecret-two\n".utf8).write(to: URL(fileURLWithPath: file))
        do {
            _ = try Credential.resolve(tokenFile: file, environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(!error.message.contains("secret"))
        }
    }

    @Test("redaction removes every occurrence of the secret")
    func redaction() {
        let credential = Credential(kind: .bearer, secret: "s3cr3t")
        #expect(credential.redact("token s3cr3t is invalid (s3cr3t)") == "token [REDACTED] is invalid ([REDACTED])")
        #expect(credential.redact("nothing here") == "nothing here")
    }
}
