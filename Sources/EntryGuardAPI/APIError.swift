/// A request to EntryGuard that did not succeed. Carries the endpoint, the status and the server's
/// `message` (with the credential redacted) — never the credential itself.
public struct APIError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case status(Int)
        case connection
        case timeout
        case invalidResponse
        case responseTooLarge
        case redirect
        case invalidRequest
        case tls
        case unexpectedStatus(Int)
    }

    private let code: Code
    /// `GET /api/v1/roles`, say.
    public let endpoint: String
    /// The server's `message`, or what went wrong on the way.
    public let message: String
    /// How many attempts were made (1 when not retried).
    public let attempts: Int

    private init(_ code: Code, endpoint: String, message: String, attempts: Int) {
        self.code = code
        self.endpoint = endpoint
        self.message = message
        self.attempts = attempts
    }

    /// The same error with what the user can do about it after the server's text.
    func adding(hint: String) -> APIError {
        APIError(code, endpoint: endpoint, message: message.isEmpty ? hint : "\(message); \(hint)", attempts: attempts)
    }

    static func status(_ status: Int, endpoint: String, message: String, attempts: Int) -> APIError {
        APIError(.status(status), endpoint: endpoint, message: message, attempts: attempts)
    }
    static func connection(endpoint: String, message: String, attempts: Int) -> APIError {
        APIError(.connection, endpoint: endpoint, message: message, attempts: attempts)
    }
    static func timeout(endpoint: String, message: String, attempts: Int) -> APIError {
        APIError(.timeout, endpoint: endpoint, message: message, attempts: attempts)
    }
    static func invalidResponse(endpoint: String, status: Int, message: String) -> APIError {
        APIError(.invalidResponse, endpoint: endpoint, message: "HTTP \(status), \(message)", attempts: 1)
    }
    static func responseTooLarge(endpoint: String, limit: Int, attempts: Int) -> APIError {
        let size = limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
        return APIError(.responseTooLarge, endpoint: endpoint, message: "response larger than \(size); refusing to read it", attempts: attempts)
    }
    static func redirect(endpoint: String, status: Int, location: String?, attempts: Int) -> APIError {
        APIError(.redirect, endpoint: endpoint,
                 message: "HTTP \(status) redirect to \(location ?? "nowhere") not followed (credentials are never sent elsewhere)",
                 attempts: attempts)
    }
    static func tls(endpoint: String, message: String, attempts: Int) -> APIError {
        APIError(.tls, endpoint: endpoint, message: message, attempts: attempts)
    }
    static func invalidRequest(endpoint: String, message: String, attempts: Int = 0) -> APIError {
        APIError(.invalidRequest, endpoint: endpoint, message: message, attempts: attempts)
    }
    /// A write answered with a 2xx other than the one its API page documents: it may not have been
    /// done, so it is not counted as done (nor retried: it may have been).
    static func unexpectedStatus(_ status: Int, endpoint: String, documented: String, consequence: String, attempts: Int) -> APIError {
        APIError(.unexpectedStatus(status), endpoint: endpoint,
                 message: "answered HTTP \(status), not the documented \(documented); \(consequence)", attempts: attempts)
    }

    /// The HTTP status the server answered with, when the failure is an HTTP status.
    public var status: Int? {
        if case .status(let status) = code { return status }
        return nil
    }

    /// 401 or 403: the credential is wrong or lacks rights; retrying cannot help.
    public var isAuthenticationFailure: Bool { status == 401 || status == 403 }
    public var isTimeout: Bool { code == .timeout }
    public var isResponseTooLarge: Bool { code == .responseTooLarge }
    public var isInvalidResponse: Bool { code == .invalidResponse }
    /// The request could not be built (a credential no header can carry, say); never sent, never retried.
    public var isInvalidRequest: Bool { code == .invalidRequest }
    /// A write's answer was a success status other than the documented one.
    public var isUnexpectedStatus: Bool {
        if case .unexpectedStatus = code { return true }
        return false
    }
    /// The server's certificate was not trusted or did not match its host name; never retried.
    public var isTLSFailure: Bool { code == .tls }

    public var description: String {
        var text = "\(endpoint): "
        if let status {
            text += "HTTP \(status) \(Self.reason(status))"
            if !message.isEmpty { text += ": \(message)" }
        } else {
            text += message
        }
        if attempts > 1 { text += " (after \(attempts) attempts)" }
        return text
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 409: return "Conflict"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return status >= 500 ? "Server Error" : "Error"
        }
    }
}
