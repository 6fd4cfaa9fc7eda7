import ArgumentParser
import PolicyModel
import Reconciler

/// The policy files or directories to read.
struct PolicyPathOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Policy files or directories (default: ./policies).", valueName: "path"))
    var paths: [String] = []
}

/// How to reach EntryGuard. Credentials come from the environment or a file, never from an argument.
struct APIOptions: ParsableArguments {
    @Option(name: .customLong("api-url"),
            help: ArgumentHelp("EntryGuard API base URL (default: $ENTRYGUARD_API_URL, else \(APIConfiguration.defaultURL)).", valueName: "url"))
    var apiURL: String?

    @Option(name: .customLong("token-file"),
            help: ArgumentHelp("Read a bearer token from this file (else $ENTRYGUARD_TOKEN, else $ENTRYGUARD_API_KEY).", valueName: "file"))
    var tokenFile: String?

    @Option(name: .customLong("max-retries"), help: "Retries per request after 429, 5xx, timeouts and connection errors.")
    var maxRetries = 5

    @Option(name: .customLong("request-timeout"), help: ArgumentHelp("Seconds allowed for each attempt of a request.", valueName: "seconds"))
    var requestTimeout = 30.0

    @Option(name: .customLong("ca-file"),
            help: ArgumentHelp("Also trust the CA certificates in this PEM file (else $ENTRYGUARD_CA_FILE); certificates are always verified.", valueName: "file"))
    var caFile: String?

    @Flag(help: "Log each API request (method, path, status, duration) to stderr.")
    var verbose = false

    func validate() throws {
        guard maxRetries >= 0 else { throw ValidationError("--max-retries must be 0 or more") }
        guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be more than 0 seconds") }
    }

    /// The checked API URL and the way to live state; a `--live-state` file replaces the API.
    func access(liveStatePath: String? = nil, maxConnections: Int = 8) throws -> LiveAccess {
        LiveAccess(apiURL: try APIConfiguration.resolveURL(flag: apiURL), liveStatePath: liveStatePath, tokenFile: tokenFile,
                   maxRetries: maxRetries, requestTimeout: .milliseconds(Int64(requestTimeout * 1000)),
                   maxConnections: maxConnections, verbose: verbose, caFile: APIConfiguration.resolveCAFile(flag: caFile))
    }
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

/// `--live-state FILE`: read live roles from a file instead of the API.
struct LiveStateOption: ParsableArguments {
    @Option(name: .customLong("live-state"),
            help: ArgumentHelp("Read live roles from this file (the JSON array GET /roles returns) instead of the API.", valueName: "file"))
    var path: String?
}
