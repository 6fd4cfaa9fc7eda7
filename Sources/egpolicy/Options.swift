import ArgumentParser
import PolicyModel
import Reconciler
import Rendering

/// The policy files or directories to read.
struct PolicyPathOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Policy files or directories (default: ./policies).", valueName: "path"),
              completion: .policyPaths)
    var paths: [String] = []
}

/// How to reach EntryGuard. Credentials come from the environment or a file, never from an argument.
struct APIOptions: ParsableArguments {
    @Option(name: .customLong("api-url"),
            help: ArgumentHelp("EntryGuard API base URL (default: $ENTRYGUARD_API_URL, else \(APIConfiguration.defaultURL)).", valueName: "url"))
    var apiURL: String?

    @Option(name: .customLong("token-file"),
            help: ArgumentHelp("Read a ready access token from this file (else $ENTRYGUARD_TOKEN); it cannot be renewed.", valueName: "file"),
            completion: .file())
    var tokenFile: String?

    @Option(name: .customLong("password-file"),
            help: ArgumentHelp("The service user's password, one line (else $ENTRYGUARD_PASSWORD); with $ENTRYGUARD_ORG and $ENTRYGUARD_EMAIL.",
                               valueName: "file"),
            completion: .file())
    var passwordFile: String?

    @Option(name: .customLong("max-retries"),
            help: ArgumentHelp("Retries per request after 429, 5xx, timeouts and connection errors (0 to \(Self.maxRetriesLimit)).", valueName: "n"))
    var maxRetries = 5

    @Option(name: .customLong("request-timeout"),
            help: ArgumentHelp("Seconds allowed for each attempt of a request (more than 0, at most \(Int(Self.requestTimeoutLimit))).", valueName: "seconds"))
    var requestTimeout = 30.0

    @Option(name: .customLong("ca-file"),
            help: ArgumentHelp("Also trust the CA certificates in this PEM file (else $ENTRYGUARD_CA_FILE); certificates are always verified.", valueName: "file"),
            completion: .file())
    var caFile: String?

    @Flag(help: "Log each API request (method, path, status, duration) to stderr.")
    var verbose = false

    /// More retries than this only delay the error: with the 30-s cap on backoff, 100 is close to an hour.
    static let maxRetriesLimit = 100
    /// An hour per attempt; also keeps the timeout far from the overflow of a `Duration` in milliseconds.
    static let requestTimeoutLimit = 3600.0

    func validate() throws {
        guard (0...Self.maxRetriesLimit).contains(maxRetries) else {
            throw ValidationError("--max-retries must be from 0 to \(Self.maxRetriesLimit), not \(maxRetries)")
        }
        // NaN and infinity fail both comparisons' intent; say so rather than print them back as numbers.
        guard requestTimeout.isFinite, requestTimeout > 0, requestTimeout <= Self.requestTimeoutLimit else {
            throw ValidationError("--request-timeout must be a number of seconds more than 0 and at most \(Int(Self.requestTimeoutLimit))")
        }
    }

    /// The checked API URL and the way to live state; a `--live-state` file replaces the API.
    func access(liveStatePath: String? = nil, maxConnections: Int = 8) throws -> LiveAccess {
        var access = LiveAccess(apiURL: try APIConfiguration.resolveURL(flag: apiURL), liveStatePath: liveStatePath, tokenFile: tokenFile,
                                maxRetries: maxRetries, requestTimeout: .milliseconds(Int64((requestTimeout * 1000).rounded(.up))),
                                maxConnections: maxConnections, verbose: verbose, caFile: APIConfiguration.resolveCAFile(flag: caFile))
        access.passwordFile = passwordFile
        // On a terminal, an MFA challenge without ENTRYGUARD_TOTP_SECRET or ENTRYGUARD_MFA_CODE is asked for.
        if Terminal.isInteractive { access.askMFACode = { question in await Terminal.ask(question, echo: false) } }
        return access
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
            help: ArgumentHelp("Read live roles from this file (the JSON array GET /roles returns) instead of the API.", valueName: "file"),
            completion: .file())
    var path: String?
}

extension CompletionKind {
    /// Policy paths: directories, and the `*.yaml` / `*.yml` files egpolicy reads.
    static var policyPaths: CompletionKind { .file(extensions: ["yaml", "yml"]) }
}

/// What a Markdown plan says about where it was made (README, "Pull-request comments"). Unset
/// values come from the CI's environment (GitHub Actions, GitLab CI).
struct CommentOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Markdown: name the plan in its verdict (say, the environment), for several plans in one pull request.",
                               valueName: "text"))
    var title: String?

    @Option(name: .customLong("head-commit"),
            help: ArgumentHelp("Markdown: the commit planned (default: the pull request's head in GitHub Actions, $CI_COMMIT_SHA in GitLab).",
                               valueName: "commit"))
    var headCommit: String?

    @Option(name: .customLong("base-commit"),
            help: ArgumentHelp("Markdown: the commit or branch merged into (default: the pull request's base in GitHub Actions, "
                                + "$CI_MERGE_REQUEST_DIFF_BASE_SHA in GitLab).", valueName: "commit"))
    var baseCommit: String?

    @Option(name: .customLong("run-url"),
            help: ArgumentHelp("Markdown: a link to the CI run (default: the GitHub Actions run, $CI_JOB_URL in GitLab).", valueName: "url"))
    var runURL: String?

    @Flag(name: .customLong("merge-applies"), help: "Markdown: say in the verdict that merging applies the plan (your CI applies it on merge).")
    var mergeApplies = false

    /// The options over the environment's defaults; `fullPlanFile` is where this run saved or read the plan.
    func context(fullPlanFile: String?) -> MarkdownContext {
        var context = MarkdownContext.fromEnvironment(Console.environment, pullRequest: Console.gitHubPullRequest())
        if let title, !title.isEmpty { context.title = title }
        if let headCommit, !headCommit.isEmpty { context.headCommit = headCommit }
        if let baseCommit, !baseCommit.isEmpty { context.baseCommit = baseCommit }
        if let runURL, !runURL.isEmpty { context.runURL = runURL }
        context.mergeApplies = mergeApplies
        context.fullPlanFile = fullPlanFile.map { String($0.split(separator: "/").last ?? Substring($0)) }
        return context
    }
}
