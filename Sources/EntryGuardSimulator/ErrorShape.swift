import Foundation

/// The two error-body shapes EntryGuard documents; a client must read both.
enum ErrorShape: Sendable, Equatable {
    /// Roles and users: `{"timestamp","status","error": "Not Found","message","path"}`.
    case roles
    /// Resources, sessions, credentials, auth and API-key errors: `{"error": "NOT_FOUND","message","timestamp"}`.
    case coded

    /// The shape the endpoints under `path` answer with.
    static func of(path: String) -> ErrorShape {
        for prefix in ["/resources", "/auth", "/sessions"] {
            let base = Route.basePath + prefix
            if path == base || path.hasPrefix(base + "/") { return .coded }
        }
        return .roles
    }

    /// The coded shape's `error` for a status.
    static func code(status: Int) -> String {
        switch status {
        case 400: "BAD_REQUEST"
        case 401: "UNAUTHORIZED"
        case 403: "FORBIDDEN"
        case 404: "NOT_FOUND"
        case 409: "CONFLICT"
        case 429: "RATE_LIMIT_EXCEEDED"
        case 500: "INTERNAL_ERROR"
        case 502: "BAD_GATEWAY"
        case 503: "SERVICE_UNAVAILABLE"
        case 504: "GATEWAY_TIMEOUT"
        default: APIError.reasonPhrase(status).uppercased().replacingOccurrences(of: " ", with: "_")
        }
    }
}
