import ArgumentParser
import Reconciler

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Print a policy file that declares live roles as they are (all roles by default).")

    @Option(name: .customLong("role"), help: ArgumentHelp("A role to import, by id or name (repeatable).", valueName: "id-or-name"))
    var roles: [String] = []

    @OptionGroup var liveState: LiveStateOption
    @OptionGroup var api: APIOptions

    func run() async throws {
        let access = try api.access(liveStatePath: liveState.path)
        let sourceName = liveState.path ?? access.apiURL
        let text = try await SignalTrap.interruptible { [access, roles] in
            try await access.withSource { source, _ in
                let reading = try await source.fetchLiveState()
                Console.report(reading.warnings)
                return try PolicyImporter.policy(from: reading, selecting: roles, source: sourceName)
            }
        }
        Console.standardOutput(text)
    }
}
