/// A user of the simulated organization: the `GET /users` object plus what the simulator needs to
/// let the user log in. The login fields are never sent back by any endpoint.
public struct SimUser: Codable, Sendable, Equatable {
    /// The user's UUID.
    public var id: String
    /// The login email, matched case-insensitively.
    public var email: String
    /// The display name.
    public var name: String
    /// Whether the user is an organization admin: only their access tokens reach `/roles` and `/users`.
    public var isOrgAdmin: Bool
    /// The platform-wide role, e.g. USER.
    public var platformRole: String
    /// When the user last logged in (RFC 3339); `null` when never. A login sets it.
    public var lastLoginAt: String?
    /// The names of the roles the user holds; nil: the roles whose `userIds` hold the user's id.
    public var roleNames: [String]?
    /// When the user was created (RFC 3339).
    public var createdAt: String
    /// When the user was last changed (RFC 3339).
    public var updatedAt: String

    /// The password `POST /auth/login` accepts; nil: the user cannot log in with a password.
    public var password: String?
    /// The base32 TOTP secret; when set, login asks for an MFA code (`mfaEnabled` is true).
    public var mfaSecret: String?
    /// One-time 8-character recovery codes `POST /auth/verify-mfa` accepts instead of a TOTP code.
    public var recoveryCodes: [String]
    /// Login answers `passwordExpired` with a password-change token instead of tokens.
    public var passwordExpired: Bool
    /// Login, refresh, `/auth/me` and every API request with the user's tokens answer 403.
    public var suspended: Bool

    /// Whether login asks for an MFA code.
    public var mfaEnabled: Bool { mfaSecret != nil }

    /// Creates a user; only the id and the email are required.
    public init(
        id: String,
        email: String,
        name: String? = nil,
        isOrgAdmin: Bool = false,
        platformRole: String = "USER",
        lastLoginAt: String? = nil,
        roleNames: [String]? = nil,
        createdAt: String = SimRole.defaultTimestamp,
        updatedAt: String = SimRole.defaultTimestamp,
        password: String? = nil,
        mfaSecret: String? = nil,
        recoveryCodes: [String] = [],
        passwordExpired: Bool = false,
        suspended: Bool = false
    ) {
        self.id = id
        self.email = email
        self.name = name ?? email
        self.isOrgAdmin = isOrgAdmin
        self.platformRole = platformRole
        self.lastLoginAt = lastLoginAt
        self.roleNames = roleNames
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.password = password
        self.mfaSecret = mfaSecret
        self.recoveryCodes = recoveryCodes
        self.passwordExpired = passwordExpired
        self.suspended = suspended
    }

    private enum CodingKeys: String, CodingKey {
        case id, email, name, isOrgAdmin, platformRole, isActive, lastLoginAt, roleNames, createdAt, updatedAt
        case password, mfaSecret, recoveryCodes, passwordExpired, suspended
    }

    /// Decodes a user from a `GET /users` element with the optional login fields; `isActive: false`
    /// means suspended unless `suspended` says otherwise. `mfaEnabled` is ignored: `mfaSecret` decides.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let email = try container.decode(String.self, forKey: .email)
        let isActive = try container.decodeIfPresent(Bool.self, forKey: .isActive) ?? true
        let suspended = try container.decodeIfPresent(Bool.self, forKey: .suspended)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            email: email,
            name: try container.decodeIfPresent(String.self, forKey: .name),
            isOrgAdmin: try container.decodeIfPresent(Bool.self, forKey: .isOrgAdmin) ?? false,
            platformRole: try container.decodeIfPresent(String.self, forKey: .platformRole) ?? "USER",
            lastLoginAt: try container.decodeIfPresent(String.self, forKey: .lastLoginAt),
            roleNames: try container.decodeIfPresent([String].self, forKey: .roleNames),
            createdAt: try container.decodeIfPresent(String.self, forKey: .createdAt) ?? SimRole.defaultTimestamp,
            updatedAt: try container.decodeIfPresent(String.self, forKey: .updatedAt) ?? SimRole.defaultTimestamp,
            password: try container.decodeIfPresent(String.self, forKey: .password),
            mfaSecret: try container.decodeIfPresent(String.self, forKey: .mfaSecret),
            recoveryCodes: try container.decodeIfPresent([String].self, forKey: .recoveryCodes) ?? [],
            passwordExpired: try container.decodeIfPresent(Bool.self, forKey: .passwordExpired) ?? false,
            suspended: suspended ?? !isActive
        )
    }

    /// Encodes every field, the login ones included: this is the users file, not an API answer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
        try container.encode(name, forKey: .name)
        try container.encode(isOrgAdmin, forKey: .isOrgAdmin)
        try container.encode(platformRole, forKey: .platformRole)
        try container.encodeIfPresent(lastLoginAt, forKey: .lastLoginAt)
        try container.encodeIfPresent(roleNames, forKey: .roleNames)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(password, forKey: .password)
        try container.encodeIfPresent(mfaSecret, forKey: .mfaSecret)
        if !recoveryCodes.isEmpty { try container.encode(recoveryCodes, forKey: .recoveryCodes) }
        try container.encode(passwordExpired, forKey: .passwordExpired)
        try container.encode(suspended, forKey: .suspended)
    }
}
