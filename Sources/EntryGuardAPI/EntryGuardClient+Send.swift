import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension EntryGuardClient {
    struct Response {
        var status: Int
        var body: ByteBuffer
        var attempts: Int
    }

    /// One request with retries. Returns a 2xx response; anything else ends as an `APIError`.
    func send(_ method: HTTPMethod, _ path: String) async throws(APIError) -> Response {
        let endpoint = endpoint(method, path)
        var attempt = 0
        while true {
            attempt += 1
            let started = ContinuousClock.now
            let failure: RetryPolicy.Failure
            let error: APIError
            switch await attemptOnce(method, path, endpoint: endpoint, attempt: attempt) {
            case .success(let response):
                log(method, path, status: "\(response.status)", since: started, attempt: attempt)
                return response
            case .failure(.final(let finalError)):
                log(method, path, status: finalError.status.map(String.init) ?? "failed", since: started, attempt: attempt)
                throw finalError
            case .failure(.retryable(let retryFailure, let retryError)):
                log(method, path, status: retryError.status.map(String.init) ?? "\(retryFailure)", since: started, attempt: attempt)
                failure = retryFailure
                error = retryError
            }
            switch configuration.retry.decide(after: failure, attempt: attempt, now: timing.now(), jitter: timing.jitter()) {
            case .stop:
                throw error
            case .retry(let wait):
                logger.info("retrying \(endpoint) in \(wait) after: \(error.message.isEmpty ? "\(failure)" : error.message)")
                do {
                    try await timing.sleep(wait)
                } catch {
                    throw APIError.connection(endpoint: endpoint, message: "cancelled while waiting to retry", attempts: attempt)
                }
            }
        }
    }

    enum AttemptFailure: Error {
        case retryable(RetryPolicy.Failure, APIError)
        case final(APIError)
    }

    private func attemptOnce(_ method: HTTPMethod, _ path: String, endpoint: String, attempt: Int) async -> Result<Response, AttemptFailure> {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = method
        request.headers.add(name: configuration.credential.headerName, value: configuration.credential.headerValue)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "egpolicy")
        let limit = configuration.maxResponseBytes
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
                return .failure(.final(.redirect(endpoint: endpoint, status: status, location: response.headers.first(name: "Location"), attempts: attempt)))
            default:
                let message = configuration.credential.redact(Self.serverMessage(body, contentType: response.headers.first(name: "Content-Type")))
                let error = APIError.status(status, endpoint: endpoint, message: message, attempts: attempt)
                return .failure(.retryable(.status(status, retryAfter: response.headers.first(name: "Retry-After")), error))
            }
        } catch is NIOTooManyBytesError {
            return .failure(.final(.responseTooLarge(endpoint: endpoint, limit: limit, attempts: attempt)))
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error) {
            return .failure(.retryable(.timeout, .timeout(endpoint: endpoint, message: "no complete answer within \(configuration.requestTimeout)", attempts: attempt)))
        } catch {
            if let failure = Self.tlsFailure(error, url: configuration.baseURL) {
                return .failure(.final(.tls(endpoint: endpoint, message: failure, attempts: attempt)))
            }
            let message = configuration.credential.redact("connection failed: \(error)")
            return .failure(.retryable(.connection, .connection(endpoint: endpoint, message: message, attempts: attempt)))
        }
    }

    /// The `message` of EntryGuard's error body, else a short, printable excerpt of whatever came back.
    static func serverMessage(_ body: ByteBuffer, contentType: String?) -> String {
        let data = Data(body.readableBytesView)
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let message = object["message"] as? String {
            return message
        }
        guard body.readableBytes > 0 else { return "" }
        let text = String(decoding: data.prefix(160), as: UTF8.self)
            .map { $0.isNewline || $0 == "\t" ? " " : $0 }
            .filter { !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }
        let kind = contentType.map { "non-JSON body (\($0))" } ?? "non-JSON body"
        return "\(kind): \(String(text).trimmingCharacters(in: .whitespaces))\(body.readableBytes > 160 ? "…" : "")"
    }

    private func log(_ method: HTTPMethod, _ path: String, status: String, since start: ContinuousClock.Instant, attempt: Int) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("\(method.rawValue) \(basePath)\(path) \(status) \(String(format: "%.1f", milliseconds)) ms\(attempt > 1 ? " (attempt \(attempt))" : "")")
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
