import EntryGuardAPI
import Foundation
import OneTimePassword

/// Logging in as an org-admin service user (README, "Credentials and logging in", source 2): `POST /auth/login`, the MFA
/// challenge when there is one, and the check that the user may manage roles. Every failure is a
/// message a platform engineer can act on, before any role is read; none is retried but what the
/// client retries for any request (429, 5xx).
enum LoginFlow {
    /// Asks for an MFA code on the terminal; `nil` when there is none (or no answer).
    typealias CodePrompt = @Sendable (_ question: String) async -> String?

    /// The tokens of the login, and who it is when the answer said.
    static func logIn(_ login: ServiceLogin, client: EntryGuardClient, askCode: CodePrompt?,
                      now: @escaping @Sendable () -> Date = { Date() }) async throws(ReconcileError) -> (TokenGrant, UserProfile?) {
        client.secrets.add(login.secrets)
        let who = "\(login.email) in organization '\(login.organizationSlug)'"
        let answer: LoginAnswer
        do {
            answer = try await client.login(organizationSlug: login.organizationSlug, email: login.email, password: login.password)
        } catch {
            switch error.status {
            case 401: throw failure("login failed: EntryGuard refused the organization, email or password of \(who) (\(error.description))")
            case 403: throw failure("login refused: the user \(login.email) or the organization '\(login.organizationSlug)' is suspended (\(error.description))")
            default: throw failure("login failed for \(who): \(error.description)")
            }
        }
        if answer.passwordExpired == true {
            throw failure("the password of \(who) has expired: change it in EntryGuard, then update \(LoginVariables.password) (or the password file)")
        }
        if let grant = answer.grant { return (grant, answer.user) }
        guard answer.mfaRequired == true, let challenge = answer.mfaChallengeToken else {
            throw failure("login of \(who) answered neither tokens nor an MFA challenge; cannot continue")
        }
        let code = try await mfaCode(login, askCode: askCode, now: now)
        do {
            return (try await client.verifyMFA(challengeToken: challenge, code: code), nil)
        } catch {
            switch error.status {
            case 401: throw failure("the MFA code for \(who) was refused: it is wrong, or it was already used in its 30-second step "
                + "(a code works once: to run several commands in one job, run 'egpolicy login' once first and 'egpolicy logout' at the end) "
                + "(\(error.description))")
            case 400: throw failure("the MFA code for \(who) was refused as malformed (\(error.description))")
            case 429: throw failure("too many MFA attempts for \(who); wait, then try again (\(error.description))")
            default: throw failure("MFA verification for \(who) failed: \(error.description)")
            }
        }
    }

    /// Logs in and checks that the user is an org admin (from the login answer, else `GET /auth/me`);
    /// a user who is not is logged out again before the error is thrown. Returns the session whose
    /// tokens authorize requests, and who the user is when known.
    static func openSession(_ login: ServiceLogin, client: EntryGuardClient, askCode: CodePrompt?,
                            now: @escaping @Sendable () -> Date = { Date() }) async throws -> (LoginSession, UserProfile?) {
        let (grant, answered) = try await logIn(login, client: client, askCode: askCode, now: now)
        let session = LoginSession(grant: grant, now: { now().timeIntervalSinceReferenceDate }) { token in
            try await client.refresh(refreshToken: token)
        }
        var profile = answered
        if profile?.isOrgAdmin == nil { profile = try? await client.authenticated(by: session).me() }
        guard profile?.isOrgAdmin != false else {
            await logOut(session, client: client)
            throw failure("\(login.email) is not an organization admin of '\(login.organizationSlug)': EntryGuard accepts only org admins' "
                + "tokens on /roles and /users; make the service user an org admin")
        }
        return (session, profile)
    }

    /// `POST /auth/logout` with the session's newest refresh token, in a task of its own so that a
    /// cancelled run (a signal) still revokes it; a failure is only logged.
    static func logOut(_ session: LoginSession, client: EntryGuardClient) async {
        let token = await session.refreshToken
        await Task.detached {
            do {
                try await client.logout(refreshToken: token)
            } catch {
                client.logger.warning("logout failed; the refresh token stays valid until it expires: \((error as? APIError)?.description ?? "cancelled")")
            }
        }.value
    }

    /// The code from the TOTP secret, the given code, or the terminal — in that order.
    private static func mfaCode(_ login: ServiceLogin, askCode: CodePrompt?, now: @Sendable () -> Date) async throws(ReconcileError) -> String {
        switch login.mfa {
        case .totpSecret(let secret):
            let key: [UInt8]
            do {
                key = try Base32.decode(secret)
            } catch {
                throw failure("\(LoginVariables.totpSecret) is not a base32 secret (\(error.description)); it is the secret shown when MFA "
                    + "was set up for the service user, as an authenticator app reads it")
            }
            return TOTP().code(secret: key, time: now())
        case .code(let code):
            return code
        case .none:
            if let askCode, let code = await askCode("MFA code for \(login.email): "), !code.isEmpty {
                return code
            }
            throw failure("\(login.email) must answer an MFA challenge, but there is no code: set \(LoginVariables.totpSecret) (the base32 "
                + "secret of the service user's authenticator) or \(LoginVariables.mfaCode), or run on a terminal to be asked")
        }
    }

    private static func failure(_ message: String) -> ReconcileError {
        .login(message)
    }
}
