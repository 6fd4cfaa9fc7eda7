import ArgumentParser
import EntryGuardSimulator
import Foundation

/// `entryguard-sim`: serves the simulated EntryGuard API until SIGINT/SIGTERM.
@main
struct EntryGuardSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entryguard-sim",
        abstract: "A local EntryGuard API for testing egpolicy."
    )

    @OptionGroup var options: SimulatorOptions

    func run() async throws {
        let roles = try await EntryGuardSimulator.run(try options.configuration()) { host, port in
            let address = host.contains(":") ? "[\(host)]" : host
            FileHandle.standardOutput.write(Data("listening on http://\(address):\(port)\n".utf8))
        }
        if options.save, let path = options.state {
            try StateFile.saveRoles(roles, path: path)
        }
    }
}
