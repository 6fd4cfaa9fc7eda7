import Foundation
import NIOCore

/// The JSON bodies the auth endpoints read. Every field is optional here so that a missing one is
/// the endpoint's 400, not a decoding failure.
enum AuthRequest {
    /// `POST /auth/login`.
    struct Login: Decodable, Sendable {
        var organizationSlug: String?
        var email: String?
        var password: String?
    }

    /// `POST /auth/verify-mfa`.
    struct VerifyMFA: Decodable, Sendable {
        var mfaChallengeToken: String?
        var code: String?
    }

    /// `POST /auth/refresh` and `POST /auth/logout`.
    struct RefreshToken: Decodable, Sendable {
        var refreshToken: String?
    }

    /// The body as `Body`; nil when it is not a JSON object of that shape.
    static func decode<Body: Decodable>(_ type: Body.Type, from buffer: ByteBuffer) -> Body? {
        try? JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
    }

    /// A field's text when present and not empty.
    static func present(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
