import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import StrictJSON

extension EntryGuardClient {
    struct Response {
        var status: Int
        var body: ByteBuffer
        var attempts: Int
    }

    /// One request with retries. Returns a 2xx response; anything else ends as an `APIError`.
    ///
    /// `body` is sent as JSON. An `authenticated` request carries the credential, or the login
    /// session's access token; a 401 to that token refreshes the session once and sends the request
    /// again (README, "Credentials and logging in"), without counting it as a retry.
    func send(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, authenticated: Bool = true) async throws(APIError) -> Response {
        let endpoint = endpoint(method, path)
        var attempt = 0
        var renewed = false
        var waitedRetryAfter = false
        while true {
            attempt += 1
            let (booked, authorization, onWire) = try await slotAndWire(
                endpoint: endpoint, attempt: attempt, waitedRetryAfter: waitedRetryAfter, authenticated: authenticated)
            let failure: RetryPolicy.Failure
            let error: APIError
            let call = Call(method: method, path: path, body: body, authorization: authorization)
            let started = ContinuousClock.now
            let sentAt = max(booked, clockSeconds())
            pacer.sending(at: sentAt)
            let outcome = await attemptOnce(call, endpoint: endpoint, attempt: attempt)
            // The pacer hears the answer before the wire frees: the request waiting for the wire
            // must see a blackout this answer begins (else a blackout's probes go one right after
            // another, each refused).
            switch outcome {
            case .success: admitted(sentAt: sentAt)
            case .failure(.final(let answer)): learn(from: answer, sentAt: sentAt, onWire: onWire)
            case .failure(.retryable(let failure, let answer)):
                learn(from: answer, sentAt: sentAt, onWire: onWire, retryAfter: retryAfterSeconds(failure))
            }
            pacer.leaveWire()
            switch outcome {
            case .success(let response):
                log(method, path, status: "\(response.status)", since: started, attempt: attempt)
                return response
            case .failure(.final(let finalError)):
                log(method, path, status: finalError.status.map(String.init) ?? "failed", since: started, attempt: attempt)
                throw finalError
            case .failure(.retryable(let retryFailure, let retryError)):
                log(method, path, status: retryError.status.map(String.init) ?? "\(retryFailure)", since: started, attempt: attempt)
                if retryError.status == 401, let session, let generation = authorization?.generation, !renewed {
                    renewed = true
                    try await renew(session, after: generation, endpoint: endpoint, attempt: attempt)
                    continue
                }
                failure = retryFailure
                error = hinted(retryError, path: path)
            }
            let decision = configuration.retry.decide(after: failure, attempt: attempt, now: timing.now(), jitter: timing.jitter())
            switch decision {
            case .stop:
                throw error
            case .retry(let wait):
                waitedRetryAfter = Self.carriesRetryAfter(failure)
                logger.info("retrying \(endpoint) in \(String(format: "%.3f", wait.seconds)) s after: \(error.message.isEmpty ? Self.summary(failure) : error.message)")
                // A change waiting out a 429 lends its place of `--concurrency` (see `Admission`).
                let place = error.status == 429 ? Admission.held : nil
                place?.stepAside()
                let blackout = error.status == 429 && !waitedRetryAfter ? pacer.blackoutUnderway : nil
                do {
                    try await waitToRetry(wait, blackout: blackout)
                } catch {
                    throw APIError.connection(endpoint: endpoint, message: "cancelled while waiting to retry", attempts: attempt)
                }
                await place?.takeBack()
            }
        }
    }

    /// Waits `wait` before a retry; after a blackout's 429 without `Retry-After` (`blackout`, its
    /// mark), no longer than until that blackout ends. Our backoff stands in for the server's word
    /// on when to come back; once a request sent after the refusals is let through, the server has
    /// said it, and the retry books a slot at the pace like any other. Against a window of 550
    /// per 5 s without `Retry-After`, a request refused as a blackout's probe three times slept
    /// past the next window's opening, and its change ended the run 0.45 s after the rest.
    /// Checked every `longestPause` (0.25 s), no later than the blackout's own probes (those
    /// sleep up to a fifth of its length). 5xx, connection errors and timeouts, and a 429 outside
    /// a blackout, keep the whole backoff: a server in trouble is no window that has reopened.
    func waitToRetry(_ wait: Duration, blackout mark: Int?) async throws {
        guard let mark else { return try await timing.sleep(wait) }
        let check = Duration.milliseconds(Int64(PacingState.longestPause * 1000))
        var left = wait
        while left > .zero, !pacer.blackoutEnded(after: mark) {
            let step = min(left, check)
            try await timing.sleep(step)
            left -= step
        }
    }

    /// Whether the wait before a retry was the server's `Retry-After` (not a backoff of ours).
    private static func carriesRetryAfter(_ failure: RetryPolicy.Failure) -> Bool {
        guard case .status(_, let retryAfter?) = failure else { return false }
        return RetryPolicy.parseRetryAfter(retryAfter, now: Date()) != nil
    }

    /// The pacer's slot, the credential, then a place on the wire; returns the send time, the
    /// credential and how many requests are on the wire with this one. A request that reaches the
    /// wire more than one slot after its slot (the wire was full: a learned cap, `--concurrency`)
    /// gives its place back and books again, as a late wake does (`waitForSlot`), sharing its
    /// limit: those the wire held beside it would go together when it frees, faster than the pace.
    /// Against a token bucket of 200/s with a burst of 5 at 20 ms, a cap of 5 sent waves of five
    /// every 20 ms (240/s, the pace then 153/s), and the fifth of each was refused.
    private func slotAndWire(endpoint: String, attempt: Int, waitedRetryAfter: Bool, authenticated: Bool)
        async throws(APIError) -> (booked: Double, authorization: Authorization?, onWire: Int) {
        var late = 0
        while true {
            let booked = try await waitForSlot(endpoint: endpoint, attempt: attempt, waitedRetryAfter: waitedRetryAfter, late: &late)
            let authorization = authenticated ? try await self.authorization(endpoint: endpoint, attempt: attempt) : nil
            let onWire = try await enterWire(endpoint: endpoint, attempt: attempt, waitedRetryAfter: waitedRetryAfter)
            guard late < Self.lateRebookings, pacer.heldPastSlot(booked: booked, now: clockSeconds()) else {
                return (booked, authorization, onWire)
            }
            pacer.leaveWire()
            late += 1
        }
    }

    /// How often one request gives up a slot it came to late (woken late, or held at the wire).
    static let lateRebookings = 2

    /// Waits for the pacer's slot (a no-op until the server has answered 429); returns the send time.
    /// A retry that waited the server's `Retry-After` skips a blackout's pause (the server said when);
    /// one that waited a backoff of ours does not.
    /// A slot woken for more than one slot late is given up for a new one, so requests delayed by a
    /// busy machine do not reach the server together and break the pace (`late` counts these, up to
    /// `lateRebookings`).
    private func waitForSlot(endpoint: String, attempt: Int, waitedRetryAfter: Bool, late: inout Int) async throws(APIError) -> Double {
        var rebooked = 0
        while late <= Self.lateRebookings {
            let now = clockSeconds()
            try giveUpOnSilentBlackout(endpoint: endpoint, attempt: attempt)
            let (start, slot) = pacer.reserve(now: now, isRetry: waitedRetryAfter)
            if start > now {
                do {
                    try await timing.sleep(.milliseconds(Int64(((start - now) * 1000).rounded(.up))))
                } catch {
                    throw APIError.connection(endpoint: endpoint, message: "cancelled while waiting to send", attempts: attempt - 1)
                }
            }
            let woke = clockSeconds()
            // A blackout began while this request waited for its slot (a 429 of a request booked
            // before it): it would be refused too. It books again, after the pause, as often as a
            // probe's 429 moves the pause on (a long blackout's probes go seconds apart: a request
            // that went out after a few of them was refused, and spent a retry, for nothing); on a
            // clock that does not move, a few times only, so that it is not held for ever.
            if !waitedRetryAfter, rebooked < Self.maxRebookings, pacer.paused(at: woke) {
                if woke <= now { rebooked += 1 }
                continue
            }
            guard let slot, woke - start > slot else { return max(woke, now) }
            late += 1
        }
        return clockSeconds()
    }

    /// A server that has refused every request for longer than the longest `Retry-After` the client
    /// honours, never saying when it will stop, is not a rate limit to wait out (a ban, an outage
    /// answered 429): the request fails now, unsent, as one told to wait longer would. Its probes
    /// go up to 5 s apart and each spends a retry of the request carrying it: waiting on, 2,000
    /// changes would take hours to fail.
    private func giveUpOnSilentBlackout(endpoint: String, attempt: Int) throws(APIError) {
        let longest = configuration.retry.maxRetryAfter.seconds
        guard let lasted = pacer.silentBlackout, lasted > longest else { return }
        let message = "rate limited: the server has answered every request with 429 for \(Int(lasted)) s without saying when "
            + "it will stop (no Retry-After), longer than the longest wait honoured (\(Int(longest)) s); given up"
        throw APIError.status(429, endpoint: endpoint, message: message, attempts: attempt - 1)
    }

    /// How often one request books again, or waits at the wire, for a pause while the clock does
    /// not move.
    static let maxRebookings = 8

    /// A place on the wire (`RequestPacer.enterWire`); returns how many requests are on it with
    /// this one. A request that waited for the wire while a blackout began (the 429 of the probe
    /// ahead of it) would be refused too: it steps off and waits out the pause first, keeping its
    /// slot (booking again would push the pace's later slots back). So a blackout's probes go a
    /// pause apart, not one right after another. As often as the pause moves on, as above.
    private func enterWire(endpoint: String, attempt: Int, waitedRetryAfter: Bool) async throws(APIError) -> Int {
        var waited = 0
        while true {
            let onWire = await pacer.enterWire(now: clockSeconds())
            let now = clockSeconds()
            guard !waitedRetryAfter, waited < Self.maxRebookings, let end = pacer.pauseEnd(after: now) else { return onWire }
            pacer.leaveWire()
            do {
                try await timing.sleep(.milliseconds(Int64((max(end - now, 0) * 1000).rounded(.up))))
            } catch {
                throw APIError.connection(endpoint: endpoint, message: "cancelled while waiting to send", attempts: attempt - 1)
            }
            if clockSeconds() <= now { waited += 1 }
        }
    }

    /// The `Retry-After` of a 429 in seconds, when it has one the retry policy honours.
    private func retryAfterSeconds(_ failure: RetryPolicy.Failure) -> Double? {
        guard case .status(429, let header?) = failure, let wait = RetryPolicy.parseRetryAfter(header, now: Date()),
              wait <= configuration.retry.maxRetryAfter else { return nil }
        return wait.seconds
    }

    /// Tells the pacer what a failed attempt says about the server's rate limit.
    private func learn(from error: APIError, sentAt: Double, onWire: Int, retryAfter: Double? = nil) {
        guard let status = error.status else { return pacer.unanswered(sentAt: sentAt) }
        guard status == 429 else { return admitted(sentAt: sentAt) }
        switch pacer.rateLimited(sentAt: sentAt, now: clockSeconds(), onWire: onWire, retryAfter: retryAfter) {
        case .rate(let rate):
            logger.info("rate limited by the server: pacing requests at \(String(format: "%.1f", rate))/s")
        case .cap(let cap):
            logger.info("rate limited by the server at \(onWire) requests in flight: sending at most \(cap) at once")
        case nil:
            break
        }
    }

    /// Tells the pacer a request was let through (any answer but 429).
    private func admitted(sentAt: Double) {
        let change = pacer.admitted(sentAt: sentAt, now: clockSeconds())
        if let cap = change.cap, change.capLearned {
            logger.info("rate limited by the server beyond \(cap) requests in flight: sending at most \(cap) at once")
        } else if let cap = change.cap {
            logger.debug("the rest of the burst the cap on requests in flight was learned from got through together: sending at most \(cap) at once")
        }
        guard let rate = change.rate else { return }
        let pace = String(format: "%.1f", rate)
        if change.raised {
            logger.info("the server let requests through again after a long blackout: pacing requests at \(pace)/s, as before it")
        } else {
            logger.info("the server let requests through again: pacing requests at \(pace)/s, under what it let through in a second")
        }
    }

    func clockSeconds() -> Double {
        timing.now().timeIntervalSinceReferenceDate
    }

    enum AttemptFailure: Error {
        case retryable(RetryPolicy.Failure, APIError)
        case final(APIError)
    }

    /// One attempt, the whole of it (headers and body) within the request timeout: the client's own
    /// deadline ends when the headers arrive, and its read timeout only bounds the pause between
    /// two reads, so a server that sends a byte now and then would hold the request for ever.
    private func attemptOnce(_ call: Call, endpoint: String, attempt: Int) async -> Result<Response, AttemptFailure> {
        let timeout = configuration.requestTimeout
        let first = await withTaskGroup(of: Result<Response, AttemptFailure>?.self) { group in
            group.addTask { await exchange(call, endpoint: endpoint, attempt: attempt) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
        return first ?? .failure(.retryable(.timeout, .timeout(endpoint: endpoint, message: "no complete answer within \(timeout)", attempts: attempt)))
    }

    private func exchange(_ call: Call, endpoint: String, attempt: Int) async -> Result<Response, AttemptFailure> {
        let (method, path) = (call.method, call.path)
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = method
        if let authorization = call.authorization {
            request.headers.add(name: authorization.name, value: authorization.value)
        }
        if let body = call.body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "egpolicy")
        // Only the two lists grow with the organization; one role, or a write's answer, stays small.
        let isList = method == .GET && (path == "/roles" || path == "/resources")
        let limit = isList ? configuration.maxResponseBytes : min(configuration.maxResponseBytes, Self.maxSingleObjectBytes)
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(configuration.requestTimeout.nanoseconds))
            let status = Int(response.status.code)
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > limit {
                return .failure(.final(.responseTooLarge(endpoint: endpoint, limit: limit, attempts: attempt)))
            }
            let body = try await response.body.collect(upTo: limit)
            switch status {
            case 200..<300:
                return .success(Response(status: status, body: body, attempts: attempt))
            case 300..<400:
                let location = response.headers.first(name: "Location").map { Self.printable($0, redacting: secrets) }
                return .failure(.final(.redirect(endpoint: endpoint, status: status, location: location, attempts: attempt)))
            default:
                let message = Self.serverMessage(body, contentType: response.headers.first(name: "Content-Type"),
                                                 redacting: secrets)
                let error = APIError.status(status, endpoint: endpoint, message: message, attempts: attempt)
                return .failure(.retryable(.status(status, retryAfter: response.headers.first(name: "Retry-After")), error))
            }
        } catch is NIOTooManyBytesError {
            return .failure(.final(.responseTooLarge(endpoint: endpoint, limit: limit, attempts: attempt)))
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error) {
            return .failure(.retryable(.timeout, .timeout(endpoint: endpoint, message: "no complete answer within \(configuration.requestTimeout)", attempts: attempt)))
        } catch let error as HTTPClientError where Self.requestConstructionErrors.contains(error.shortDescription) {
            // Nothing was sent and the same request would fail the same way: final, and described
            // without the values the client names (a header value is the credential).
            let message = "the request could not be built (\(error.shortDescription.lowercased())); nothing was sent"
            return .failure(.final(.invalidRequest(endpoint: endpoint, message: message, attempts: attempt)))
        } catch {
            if let failure = Self.tlsFailure(error, url: configuration.baseURL) {
                return .failure(.final(.tls(endpoint: endpoint, message: failure, attempts: attempt)))
            }
            let message = "connection failed: \(Self.describe(error, redacting: secrets))"
            return .failure(.retryable(.connection, .connection(endpoint: endpoint, message: message, attempts: attempt)))
        }
    }

    /// The async-http-client errors of a request that cannot be built, by their `shortDescription`
    /// (which, unlike `description`, never carries the offending value).
    static let requestConstructionErrors: Set = [
        "Invalid URL", "Empty host", "Missing socket path", "Empty scheme", "Unsupported scheme", "Invalid header field names",
        "Invalid header field values", "Trace request with body", "Incompatible headers", "Body length mismatch",
    ]

    /// An HTTP client's or the network's error as text that holds no secret: async-http-client's by
    /// its short description, any other redacted in every form and made printable.
    static func describe(_ error: any Error, redacting secrets: SecretRegistry) -> String {
        if let error = error as? HTTPClientError { return error.shortDescription }
        return printable("\(error)", redacting: secrets)
    }

    /// What a failed attempt was, for the retry log line; never the server's `Retry-After` text.
    static func summary(_ failure: RetryPolicy.Failure) -> String {
        switch failure {
        case .status(let status, _): "HTTP \(status)"
        case .connection: "connection failure"
        case .timeout: "timeout"
        }
    }

    /// The server's text for an error: the `message` of EntryGuard's error body, else an excerpt of
    /// whatever came back. The credential is redacted from the raw bytes before anything else (in
    /// every form `SecretRedactor` knows, so neither decoding nor a cut can bring it back), and from
    /// the decoded message again; the text is cut only after that.
    static func serverMessage(_ body: ByteBuffer, contentType: String?, redacting secrets: SecretRegistry?) -> String {
        let raw = Array(body.readableBytesView)
        let bytes = secrets?.redact(raw) ?? raw
        // Both documented error bodies (`{"timestamp","status","error","message","path"}` and
        // `{"error": "UNAUTHORIZED", "message", "timestamp"}`) carry `message`.
        // Read strictly: a body that is not RFC 8259 JSON is shown as text, not half-believed.
        if let object = try? JSONReader.decode(JSONValue.self, from: bytes), let message = object["message"]?.stringValue {
            return printable(message, redacting: secrets)
        }
        guard !bytes.isEmpty else { return "" }
        let kind = contentType.map { "non-JSON body (\($0))" } ?? "non-JSON body"
        // Enough to fill a message after runs of white space collapse; the secret is already gone.
        return printable("\(kind): \(String(decoding: bytes.prefix(65_536), as: UTF8.self))", redacting: secrets)
    }

    /// The cap on any answer but the two lists: 4 MiB holds a role of 100,000 resources.
    static let maxSingleObjectBytes = 4 << 20

    /// The longest server text shown in an error.
    static let maxMessageLength = 200

    /// Server text made safe to print: first the secret is redacted (on scalars, in every encoded
    /// form, also when control characters split it); then line breaks and tabs become one space and
    /// other control characters (an ANSI escape, say) go; then text past `maxMessageLength`
    /// characters is cut with "…".
    static func printable(_ text: String, redacting secrets: SecretRegistry?) -> String {
        let redacted = secrets?.redact(text) ?? text
        var scalars = String.UnicodeScalarView()
        for scalar in redacted.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x09, 0x20: if scalars.last != " " { scalars.append(" ") }
            case 0..<0x20, 0x7F...0x9F: continue
            default: scalars.append(scalar)
            }
        }
        let clean = String(scalars).trimmingCharacters(in: .whitespaces)
        return clean.count > maxMessageLength ? clean.prefix(maxMessageLength) + "…" : clean
    }

    private func log(_ method: HTTPMethod, _ path: String, status: String, since start: ContinuousClock.Instant, attempt: Int) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = elapsed.seconds * 1000
        logger.info("\(method.rawValue) \(basePath)\(path) \(status) \(String(format: "%.1f", milliseconds)) ms\(attempt > 1 ? " (attempt \(attempt))" : "")")
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    /// In seconds, for the pacer's clock.
    var seconds: Double {
        Double(nanoseconds) / 1e9
    }
}
