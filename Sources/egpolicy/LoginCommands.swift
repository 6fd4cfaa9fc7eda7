import ArgumentParser
import EntryGuardAPI
import Foundation
import PolicyModel
import Reconciler

/// `egpolicy login`: log in as an org-admin service user and keep the login (its refresh token).
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in as an org-admin user and store the login for this API URL.",
        discussion: "Asks on the terminal for the organization, email, password (not shown) and MFA code, or takes them from "
            + "ENTRYGUARD_ORG, ENTRYGUARD_EMAIL, ENTRYGUARD_PASSWORD or --password-file, and ENTRYGUARD_TOTP_SECRET or "
            + "ENTRYGUARD_MFA_CODE (also without a terminal, as in CI). Stores the refresh token, never the password, in "
            + "$XDG_CONFIG_HOME/egpolicy/credentials.json (mode 0600). Later commands use it until 'egpolicy logout'.")

    @OptionGroup var api: APIOptions

    func run() async throws {
        let access = try api.access()
        var ask: StoredLogin.Ask?
        if Terminal.isInteractive {
            ask = { @Sendable question, echo in await Terminal.ask(question, echo: echo) }
        }
        let outcome = try await StoredLogin.logIn(access: access, ask: ask)
        Console.standardError("Logged in to \(access.apiURL) as \(outcome.email) (organization '\(outcome.organizationSlug)')"
            + (outcome.replaced ? ", replacing the login stored before" : "")
            + ". The login is stored in \(outcome.path); run 'egpolicy logout' to end it.")
    }
}

/// `egpolicy logout`: revoke the stored login for this API URL and remove it.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Revoke the login stored for this API URL and remove it.")

    @OptionGroup var api: APIOptions

    func run() async throws {
        let access = try api.access()
        if let removed = try await StoredLogin.logOut(access: access) {
            Console.standardError("Logged out \(removed.email) (organization '\(removed.organizationSlug)') from \(access.apiURL).")
        } else {
            Console.standardError("No login is stored for \(access.apiURL); nothing to do.")
        }
    }
}

/// `egpolicy whoami`: who the credentials are, and which source of README, "Credentials and logging in" is in use.
struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show the user, the organization and the credential source egpolicy would use.")

    @OptionGroup var api: APIOptions

    func run() async throws {
        let identity = try await api.access().identity()
        Console.standardOutput(Self.render(identity))
    }

    /// The identity a line per fact; names and emails come from the server, escaped for the terminal.
    static func render(_ identity: Identity) -> String {
        var lines = ["API:          \(identity.apiURL)", "credentials:  \(identity.source)"]
        if let me = identity.profile {
            lines.append("user:         \(me.email ?? "?")\(me.name.map { " (\($0))" } ?? "")")
            lines.append("organization: \(me.organizationSlug ?? me.organizationName ?? "?")")
            lines.append("org admin:    \(me.isOrgAdmin.map { $0 ? "yes" : "no: EntryGuard will refuse /roles" } ?? "unknown")")
        } else {
            lines.append("user:         unknown (GET /auth/me: \(identity.problem ?? "no answer"))")
        }
        return lines.map { PrintableText.escaped($0) }.joined(separator: "\n") + "\n"
    }
}
