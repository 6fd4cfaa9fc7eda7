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
