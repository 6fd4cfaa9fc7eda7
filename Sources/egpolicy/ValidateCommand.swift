import ArgumentParser
import PolicyModel
import Reconciler

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check policy files offline; with --live-state, also match roles to live roles.",
        discussion: "Exit codes: 0 valid, 1 errors (printed to stderr as PATH:LINE:COLUMN: error: MESSAGE, "
            + "or with --format json as data on stdout).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var policy: PolicyPathOptions
    @OptionGroup var liveState: LiveStateOption

    @Option(help: "Output format: text (diagnostics on stderr) or json (diagnostics as data on stdout).")
    var format: Format = .text

    func run() async throws {
        let (desired, diagnostics) = await Planner().validate(paths: policy.paths, live: liveState.path.map(LiveStateFileSource.init(path:)))
        defer { KeptUntilExit.keep(desired) }
        if format == .json {
            Output.showValidation(diagnostics, files: desired.fileCount, roles: desired.roles.count)
            if diagnostics.hasErrors { throw ExitCode.failure }
            return
        }
        Console.report(diagnostics)
        if diagnostics.hasErrors { throw ExitCode.failure }
        let warnings = diagnostics.count
        Console.standardError("policy is valid: \(desired.roles.count) \(desired.roles.count == 1 ? "role" : "roles") in \(desired.fileCount) \(desired.fileCount == 1 ? "file" : "files")"
            + (warnings > 0 ? " (\(warnings) \(warnings == 1 ? "warning" : "warnings"))" : ""))
    }
}
