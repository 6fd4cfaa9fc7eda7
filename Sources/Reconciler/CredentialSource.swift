import EntryGuardAPI
import Foundation

/// Where a run's credential comes from (README, "Credentials and logging in"), first match wins:
///
/// | # | source                                                    | how it is used                         |
/// |---|-----------------------------------------------------------|----------------------------------------|
/// | 1 | `--token-file`, then `ENTRYGUARD_TOKEN`                    | a ready access token; never refreshed  |
/// | 2 | `ENTRYGUARD_ORG` + `ENTRYGUARD_EMAIL` + a password          | login (+ MFA), refresh, logout at end  |
/// |   | (`--password-file`, then `ENTRYGUARD_PASSWORD`)           |                                        |
/// | 3 | the stored login of `egpolicy login` for this API URL     | refresh (rotating the stored token)    |
/// | 4 | `ENTRYGUARD_API_KEY`                                      | `X-API-Key`; refused on `/roles`       |
public enum CredentialSource: Sendable {
    case token(Credential, origin: String)
    case password(ServiceLogin)
    case storedLogin(CredentialsFile, CredentialsFile.Entry)
    case apiKey(Credential)

    static let orgVariable = LoginVariables.organization
    static let emailVariable = LoginVariables.email
    static let passwordVariable = LoginVariables.password
    static let totpVariable = LoginVariables.totpSecret
    static let mfaCodeVariable = LoginVariables.mfaCode
    static let loginVariables = LoginVariables.summary

    /// The error for commands that need the API and found no credential.
    public static let missingMessage = "no EntryGuard credentials: log in as an org-admin service user with \(loginVariables), "
        + "or run 'egpolicy login' first; a ready access token can come from \(Credential.tokenVariable) or --token-file"

    /// The credential requests carry as it is; `nil` for a login, whose tokens come later.
    var readyCredential: Credential? {
        switch self {
        case .token(let credential, _), .apiKey(let credential): return credential
        case .password, .storedLogin: return nil
        }
    }

    /// How this source is named to the user (`whoami`, `--verbose`).
    public var label: String {
        switch self {
        case .token(_, let origin): return "access token from \(origin) (not refreshable)"
        case .password(let login): return "service-user login as \(login.email) in '\(login.organizationSlug)' (from \(Self.orgVariable)/\(Self.emailVariable))"
        case .storedLogin(let file, let entry): return "stored login of \(entry.email) in '\(entry.organizationSlug)' (\(file.path))"
        case .apiKey: return "API key from \(Credential.apiKeyVariable)"
        }
    }

    /// The first source that is set; `nil` when none is. A source set only in part is an error
    /// naming what is missing, never a fall-through to the next source.
    public static func resolve(apiURL: String, tokenFile: String?, passwordFile: String?, environment: [String: String],
                               credentialsFile: CredentialsFile?) async throws(CredentialError) -> CredentialSource? {
        let value = { (name: String) in nonEmpty(environment, name) }
        if tokenFile != nil || value(Credential.tokenVariable) != nil {
            guard let credential = try Credential.resolve(tokenFile: tokenFile, environment: environment), credential.kind == .bearer else {
                return nil
            }
            return .token(credential, origin: tokenFile.map { "the token file \($0)" } ?? Credential.tokenVariable)
        }
        let loginParts = [value(orgVariable), value(emailVariable), value(passwordVariable) ?? passwordFile]
        if loginParts.contains(where: { $0 != nil }) {
            return .password(try ServiceLogin.fromEnvironment(environment, passwordFile: passwordFile))
        }
        if let credentialsFile {
            let entry: CredentialsFile.Entry?
            do {
                entry = try await credentialsFile.entry(for: apiURL)
            } catch let error as CredentialError {
                throw error
            } catch {
                throw CredentialError(message: "cannot read the stored login in \(credentialsFile.path): \(error)")
            }
            if let entry { return .storedLogin(credentialsFile, entry) }
        }
        if value(Credential.apiKeyVariable) != nil, let key = try Credential.resolve(tokenFile: nil, environment: environment) {
            return .apiKey(key)
        }
        return nil
    }
}

/// An org-admin service user's login from the environment (source 2 of README, "Credentials and logging in").
public struct ServiceLogin: Sendable {
    public var organizationSlug: String
    public var email: String
    let password: String
    public var mfa: MFASource

    /// How an MFA challenge is answered.
    public enum MFASource: Sendable {
        /// `ENTRYGUARD_TOTP_SECRET`: a base32 secret; the code is computed (RFC 6238).
        case totpSecret(String)
        /// `ENTRYGUARD_MFA_CODE`: a code typed or computed elsewhere.
        case code(String)
        /// Asked on the terminal when needed; `none` when there is no terminal.
        case none
    }

    public init(organizationSlug: String, email: String, password: String, mfa: MFASource) {
        self.organizationSlug = organizationSlug
        self.email = email
        self.password = password
        self.mfa = mfa
    }

    /// The secrets this login carries, for redaction.
    var secrets: [String] {
        switch mfa {
        // Base32 is read case-blind, without spaces or padding: a server may echo it normalized.
        case .totpSecret(let secret): return [password, secret, secret.uppercased().filter { $0 != " " && $0 != "=" }]
        case .code(let code): return [password, code]
        case .none: return [password]
        }
    }

    static func fromEnvironment(_ environment: [String: String], passwordFile: String?) throws(CredentialError) -> ServiceLogin {
        let value = { (name: String) in nonEmpty(environment, name) }
        let org = value(CredentialSource.orgVariable)
        let email = value(CredentialSource.emailVariable)
        var password: String?
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw CredentialError(message: "cannot read the password file \(passwordFile)")
            }
            password = try Credential.checked(String(decoding: data, as: UTF8.self), from: "the password file \(passwordFile)")
        } else if let given = value(CredentialSource.passwordVariable) {
            password = try Credential.checked(given, from: CredentialSource.passwordVariable)
        }
        let missing = [(org, CredentialSource.orgVariable), (email, CredentialSource.emailVariable),
                       (password, "\(CredentialSource.passwordVariable) (or --password-file)")].filter { $0.0 == nil }.map(\.1)
        guard missing.isEmpty, let org, let email, let password else {
            throw CredentialError(message: "a service-user login needs \(CredentialSource.loginVariables); missing: "
                + missing.joined(separator: ", "))
        }
        let mfa: MFASource
        if let secret = value(CredentialSource.totpVariable) {
            mfa = .totpSecret(try Credential.checked(secret, from: CredentialSource.totpVariable))
        } else if let code = value(CredentialSource.mfaCodeVariable) {
            mfa = .code(try Credential.checked(code, from: CredentialSource.mfaCodeVariable))
        } else {
            mfa = .none
        }
        return ServiceLogin(organizationSlug: try Credential.checked(org, from: CredentialSource.orgVariable),
                            email: try Credential.checked(email, from: CredentialSource.emailVariable), password: password, mfa: mfa)
    }
}

/// A variable's value; an empty variable counts as unset.
private func nonEmpty(_ environment: [String: String], _ name: String) -> String? {
    environment[name].flatMap { $0.isEmpty ? nil : $0 }
}
