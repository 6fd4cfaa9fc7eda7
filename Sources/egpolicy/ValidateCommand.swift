import ArgumentParser
import PolicyModel
import Reconciler

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check policy files offline; with --live-state, also match roles to live roles.",
        discussion: "Exit codes: 0 valid, 1 errors (printed to stderr as PATH:LINE:COLUMN: error: MESSAGE).")

    @OptionGroup var policy: PolicyPathOptions
    @OptionGroup var liveState: LiveStateOption

    func run() async throws {
        let (desired, diagnostics) = await Planner().validate(paths: policy.paths, live: liveState.path.map(LiveStateFileSource.init(path:)))
        Console.report(diagnostics)
        if diagnostics.hasErrors { throw ExitCode.failure }
        let warnings = diagnostics.count
        Console.standardError("policy is valid: \(desired.roles.count) \(desired.roles.count == 1 ? "role" : "roles") in \(desired.fileCount) \(desired.fileCount == 1 ? "file" : "files")"
            + (warnings > 0 ? " (\(warnings) \(warnings == 1 ? "warning" : "warnings"))" : ""))
    }
}
