import EntryGuardSimulator
import Foundation
import TestSupport
import OneTimePassword

/// Service users for the login tests of the CLI, one of each kind EntryGuard treats differently
/// (README, "Credentials and logging in"), and the simulator configuration that knows them.
enum TestUsers {
    static let organization = "acme"
    static let password = "pa55-w0rd-for-ci-7f3e91"
    /// Base32; its TOTP codes are computed by the test and by egpolicy, checked by the simulator.
    static let totpSecret = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"

    static let admin = SimUser(id: "770e8400-e29b-41d4-a716-4466554410a1", email: "ci-bot@acme.example", name: "CI Bot",
                               isOrgAdmin: true, password: password)
    static let mfaAdmin = SimUser(id: "770e8400-e29b-41d4-a716-4466554410a2", email: "mfa-bot@acme.example", name: "MFA Bot",
                                  isOrgAdmin: true, password: password, mfaSecret: totpSecret)
    static let member = SimUser(id: "770e8400-e29b-41d4-a716-4466554410a3", email: "dev@acme.example", name: "Developer",
                                isOrgAdmin: false, password: password)
    static let expired = SimUser(id: "770e8400-e29b-41d4-a716-4466554410a4", email: "old@acme.example",
                                 isOrgAdmin: true, password: password, passwordExpired: true)
    static let suspended = SimUser(id: "770e8400-e29b-41d4-a716-4466554410a5", email: "gone@acme.example",
                                   isOrgAdmin: true, password: password, suspended: true)
    static let all = [admin, mfaAdmin, member, expired, suspended]

    /// The login variables of `user`, with `extra` on top.
    static func environment(_ user: SimUser, _ extra: [String: String] = [:]) -> [String: String] {
        ["ENTRYGUARD_ORG": organization, "ENTRYGUARD_EMAIL": user.email, "ENTRYGUARD_PASSWORD": password].merging(extra) { _, new in new }
    }

    /// The example roles, these users, and the given access-token lifetime.
    static func simulator(roles: [SimRole]? = nil, accessTokenTTL: Double = 900) throws -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(roles: try roles ?? Repository.exampleRoles())
        configuration.users = all
        configuration.organizationSlug = organization
        configuration.accessTokenTTL = accessTokenTTL
        return configuration
    }

    /// The code an authenticator shows now.
    static func currentCode() throws -> String {
        TOTP().code(secret: try Base32.decode(totpSecret), time: Date())
    }
}
