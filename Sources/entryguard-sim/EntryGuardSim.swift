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
    @OptionGroup(title: "TLS") var tls: TLSOptions

    func run() async throws {
        var configuration = try options.configuration()
        configuration.tls = try tls.loaded()
        let scheme = configuration.tls == nil ? "http" : "https"
        let roles = try await EntryGuardSimulator.run(configuration) { host, port in
            let address = host.contains(":") ? "[\(host)]" : host
            FileHandle.standardOutput.write(Data("listening on \(scheme)://\(address):\(port)\n".utf8))
        }
        if options.save, let path = options.state {
            try StateFile.saveRoles(roles, path: path)
        }
    }
}
