import Foundation
import HTTPTypes
import Hummingbird

/// An error answer of the API: a status, a message, and for 429 a `Retry-After` value.
///
/// The body has one of the two documented shapes: by default the one of the request's path
/// (`ErrorShape.of(path:)`), or `shape` when the error always has its own (API-key refusals).
struct APIError: Error, Equatable, Sendable {
    var status: Int
    var message: String
    var retryAfter: String?
    /// The body shape regardless of the path; nil: the path's.
    var shape: ErrorShape?
    /// The `error` code of the coded shape; nil: the status's (`ErrorShape.code(status:)`).
    var code: String?

    init(status: Int, message: String, retryAfter: String? = nil, shape: ErrorShape? = nil, code: String? = nil) {
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
        self.shape = shape
        self.code = code
    }

    static let unauthenticated = APIError(
        status: 401, message: "Full authentication is required to access this resource")
    static let notAdmin = APIError(status: 403, message: "Access is denied: ORG_ADMIN role required")
    static let lacksResourcesScope = APIError(status: 403, message: "API key lacks the resources:read scope")
    static let internalError = APIError(status: 500, message: "Internal server error")
    static let resourceNotAssigned = APIError(status: 404, message: "Resource not assigned to this role")
    static let resourceAlreadyAssigned = APIError(status: 400, message: "Resource already assigned to this role")

    static func roleNotFound(_ id: String) -> APIError {
        APIError(status: 404, message: "Role not found with id: \(id)")
    }

    static func resourceNotFound(_ id: String) -> APIError {
        APIError(status: 404, message: "Resource not found with id: \(id)", code: "RESOURCE_NOT_FOUND")
    }

    static func userNotFound(_ id: String) -> APIError {
        APIError(status: 404, message: "User not found with id: \(id)")
    }

    static func invalidUUID(_ value: String) -> APIError {
        APIError(status: 400, message: "Invalid UUID string: \(value)")
    }

    static func noEndpoint(method: String, path: String) -> APIError {
        APIError(status: 404, message: "No endpoint \(method) \(path)")
    }

    static func rateLimited(retryAfterSeconds: Int?) -> APIError {
        APIError(status: 429, message: "Rate limit exceeded", retryAfter: retryAfterSeconds.map(String.init))
    }

    /// The message a scripted fault without one gets.
    static func defaultMessage(status: Int) -> String {
        switch status {
        case 401: unauthenticated.message
        case 403: notAdmin.message
        case 429: "Rate limit exceeded"
        case 500: internalError.message
        default: reasonPhrase(status)
        }
    }

    /// The standard reason phrase the `error` key carries.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Error"
        }
    }

    /// The body in this error's shape for a request to `path`, keys in the API's order:
    /// `{"timestamp","status","error","message","path"}` or `{"error","message","timestamp"}`.
    func body(path: String, timestamp: String) -> JSONValue {
        switch shape ?? ErrorShape.of(path: path) {
        case .roles:
            .object([
                ("timestamp", .string(timestamp)),
                ("status", .integer(status)),
                ("error", .string(Self.reasonPhrase(status))),
                ("message", .string(message)),
                ("path", .string(path)),
            ])
        case .coded:
            .object([
                ("error", .string(code ?? ErrorShape.code(status: status))),
                ("message", .string(message)),
                ("timestamp", .string(timestamp)),
            ])
        }
    }

    /// The full HTTP answer for a request to `path`.
    func response(path: String, now: Date) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let retryAfter {
            headers[.retryAfter] = retryAfter
        }
        let text = body(path: path, timestamp: Timestamp.rfc3339(now)).text()
        return Response(
            status: HTTPResponse.Status(code: status, reasonPhrase: Self.reasonPhrase(status)),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}
