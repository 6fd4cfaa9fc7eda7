import ArgumentParser
import Foundation

/// The `egpolicy` command: keeps EntryGuard role→resource bindings equal to YAML policy files.
@main
struct Egpolicy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "egpolicy",
        abstract: "Keep EntryGuard role→resource bindings equal to what YAML policy files declare.",
        discussion: """
            Exit codes: 0 success; 1 error; 2 success with drift (plan --detailed-exitcode, drift).
            """,
        version: BuildVersion.line,
        subcommands: [ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DriftCommand.self, ShowCommand.self, ImportCommand.self, SchemaCommand.self,
                      LoginCommand.self, LogoutCommand.self, WhoamiCommand.self]
    )

    /// Runs the command; usage errors exit 1 like every other error (README, "plan"), not 64.
    static func main() async {
        AllocatorTuning.apply()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if reportOwnError(error) { Foundation.exit(1) }
            if exitCode(for: error) == .validationFailure {
                Console.standardError(fullMessage(for: error))
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }
}
