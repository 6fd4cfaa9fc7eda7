import EntryGuardSimulator
import Foundation
import TestSupport
import OneTimePassword

/// The users of the auth tests: one of each kind the login endpoints treat differently.
enum Logins {
    static let password = "correct-horse-battery-s3cr3t"
    /// Base32 of "Hello!\u{DE}\u{AD}\u{BE}\u{EF}", the secret of many TOTP examples.
    static let mfaSecret = "JBSWY3DPEHPK3PXP"
    static let recoveryCode = "RCV2S3CR"

    static let admin = SimUser(id: "770e8400-e29b-41d4-a716-446655440003", email: "ci-bot@acme.example",
                               name: "CI Bot", isOrgAdmin: true, password: password)
    static let mfaAdmin = SimUser(id: "770e8400-e29b-41d4-a716-446655440004", email: "mfa-bot@acme.example",
                                  name: "MFA Bot", isOrgAdmin: true, password: password, mfaSecret: mfaSecret,
                                  recoveryCodes: [recoveryCode])
    static let member = SimUser(id: "770e8400-e29b-41d4-a716-446655440005", email: "dev@acme.example",
                                name: "Developer", isOrgAdmin: false, password: password)
    static let expired = SimUser(id: "770e8400-e29b-41d4-a716-446655440006", email: "old@acme.example",
                                 isOrgAdmin: true, password: password, passwordExpired: true)
    static let suspended = SimUser(id: "770e8400-e29b-41d4-a716-446655440007", email: "gone@acme.example",
                                   isOrgAdmin: true, password: password, suspended: true)

    /// Every secret of the test users, which no answer of `/users` and no log may hold.
    static let secrets = [password, mfaSecret, recoveryCode]

    /// The example role (whose `userIds` hold `admin` and `mfaAdmin`) and the test users.
    static func configuration(_ change: (inout SimulatorConfiguration) -> Void = { _ in }) -> SimulatorConfiguration {
        var configuration = Examples.configuration
        configuration.users = [admin, mfaAdmin, member, expired, suspended]
        change(&configuration)
        return configuration
    }

    /// The TOTP code of the test secret now.
    static func currentCode() throws -> String {
        TOTP().code(secret: try Base32.decode(mfaSecret), time: Date())
    }

    /// A 6-digit code that is none of the codes the ±1 window accepts now.
    static func wrongCode() throws -> String {
        let secret = try Base32.decode(mfaSecret)
        let now = Date()
        let accepted = Set([-30.0, 0, 30].map { TOTP().code(secret: secret, time: now.addingTimeInterval($0)) })
        var value = 123_456
        while accepted.contains(String(value)) { value += 1 }
        return String(value)
    }

    /// A JSON object of string members.
    static func body(_ members: [String: String]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: members, options: [.sortedKeys]), as: UTF8.self)
    }
}

extension TestAPI {
    /// POSTs a JSON body to `path` (`/auth/login`, …).
    func post(_ path: String, _ members: [String: String], credential: TestCredential = .none) async throws -> TestReply {
        try await fetch(.POST, simulator.baseURL + path, credential: credential, body: Logins.body(members), with: client)
    }

    /// `POST /auth/login` in the test organization.
    func login(_ user: SimUser, password: String = Logins.password, organization: String = "acme") async throws
        -> TestReply
    {
        try await post("/auth/login", ["organizationSlug": organization, "email": user.email, "password": password])
    }

    /// Logs in a user without MFA; returns the access and refresh tokens.
    func tokens(_ user: SimUser) async throws -> (access: String, refresh: String) {
        let reply = try await login(user)
        let body = try reply.json()
        guard reply.status == 200, let access = body["accessToken"]?.string, let refresh = body["refreshToken"]?.string else {
            throw SimulatorError("login of \(user.email) failed: \(reply.status) \(reply.text)")
        }
        return (access, refresh)
    }

    /// `POST /auth/refresh`.
    func refresh(_ token: String) async throws -> TestReply {
        try await post("/auth/refresh", ["refreshToken": token])
    }
}
