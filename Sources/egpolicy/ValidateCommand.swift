import ArgumentParser
import PolicyModel
import Reconciler

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check policy files offline; with --live-state, also match roles to live roles.",
        discussion: "Exit codes: 0 valid, 1 errors (printed to stderr as PATH:LINE:COLUMN: error: MESSAGE).")

    @OptionGroup var policy: PolicyPathOptions

    @Option(name: .customLong("live-state"),
            help: ArgumentHelp("Also match declared roles against this file (the JSON array GET /roles returns).", valueName: "file"))
    var liveStatePath: String?

    func run() async throws {
        let diagnostics = await Planner().validate(paths: policy.paths, live: liveStatePath.map(LiveStateFileSource.init(path:)))
        Console.report(diagnostics)
        if diagnostics.hasErrors { throw ExitCode.failure }
        let warnings = diagnostics.count
        Console.standardError("policy is valid" + (warnings > 0 ? " (\(warnings) \(warnings == 1 ? "warning" : "warnings"))" : ""))
    }
}
