import ArgumentParser
import PolicyModel
import Reconciler

/// The policy files or directories to read.
struct PolicyPathOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Policy files or directories (default: ./policies).", valueName: "path"))
    var paths: [String] = []
}

/// Where live roles come from and which API they belong to.
struct LiveOptions: ParsableArguments {
    @Option(name: .customLong("live-state"),
            help: ArgumentHelp("Read live roles from this file (the JSON array GET /roles returns) instead of the API.", valueName: "file"))
    var liveStatePath: String?

    @Option(name: .customLong("api-url"),
            help: ArgumentHelp("EntryGuard API base URL (default: $ENTRYGUARD_API_URL, else \(APIConfiguration.defaultURL)).", valueName: "url"))
    var apiURL: String?
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// How a plan is printed.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, json or markdown.")
    var format: OutputFormat = .text

    @Flag(name: .customLong("no-color"), help: "Never color the text output (also: NO_COLOR).")
    var noColor = false
}
