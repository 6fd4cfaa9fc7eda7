/// The errors of the auth endpoints and of tokens, API keys and users that may not do something.
extension APIError {
    static let malformedBody = APIError(status: 400, message: "Malformed JSON request body")
    static let missingLoginFields = APIError(status: 400, message: "organizationSlug, email and password are required")
    static let wrongCredentials = APIError(status: 401, message: "Invalid organization, email or password")
    static let suspended = APIError(status: 403, message: "User account is suspended")
    static let missingChallenge = APIError(status: 400, message: "mfaChallengeToken is required")
    static let missingCode = APIError(status: 400, message: "MFA code is required")
    static let malformedCode = APIError(
        status: 400, message: "MFA code must be 6 digits or an 8-character recovery code")
    static let invalidChallenge = APIError(status: 401, message: "MFA challenge is invalid or has expired")
    static let wrongCode = APIError(status: 401, message: "Invalid MFA code")
    static let reusedCode = APIError(status: 401, message: "MFA code has already been used")
    static let usedRecoveryCode = APIError(status: 401, message: "Recovery code has already been used")
    static let tooManyAttempts = APIError(status: 429, message: "Too many MFA attempts; log in again")
    static let missingRefreshToken = APIError(status: 400, message: "refreshToken is required")
    static let invalidRefreshToken = APIError(status: 401, message: "Invalid refresh token")
    static let revokedRefreshToken = APIError(status: 401, message: "Refresh token has been revoked")
    static let expiredRefreshToken = APIError(status: 401, message: "Refresh token has expired")
    static let expiredAccessToken = APIError(status: 401, message: "Access token has expired")

    /// An unknown API key: 401 in the coded shape, whatever the path.
    static let unknownAPIKey = APIError(
        status: 401, message: unauthenticated.message, shape: .coded)

    /// A valid API key on an endpoint that takes none (`/roles`, `/users`, `/auth/me`), in the coded
    /// shape; `status` is `--api-key-refusal` (401 or 403: the reference leaves it open).
    static func apiKeyRefused(status: Int) -> APIError {
        APIError(status: status,
                 message: "API keys are not accepted for role or user management: use an ORG_ADMIN user's access token",
                 shape: .coded)
    }
}
