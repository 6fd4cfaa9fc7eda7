import EntryGuardSimulator
import Foundation
import Testing

/// Every numeric option of every command, and the port of the API URL, outside its range: a usage
/// error that states the range (exit 1, like every error of egpolicy), before any request, never a
/// crash or a hang. Serialized: each case starts several processes, which would starve the tests
/// beside it on a small machine.
@Suite("numeric options out of range", .serialized, .timeLimit(.minutes(3)))
struct OptionRangeTests {
    /// The commands that talk to the API, with what they need besides the option.
    static let commands: [[String]] = [
        ["plan", "examples/policies"], ["drift", "examples/policies"], ["import"],
        ["apply", "examples/policies", "--auto-approve"], ["apply", "--plan", "examples/no-such-plan.json"],
    ]

    /// An option value and the message that refuses it.
    static let apiOptionCases: [(arguments: [String], message: String)] = [
        (["--request-timeout", "inf"], "--request-timeout must be a number of seconds more than 0 and at most 3600"),
        (["--request-timeout", "9.3e9"], "--request-timeout must be a number of seconds more than 0 and at most 3600"),
        (["--request-timeout", "nan"], "--request-timeout must be a number of seconds more than 0 and at most 3600"),
        (["--request-timeout", "0"], "--request-timeout must be a number of seconds more than 0 and at most 3600"),
        (["--request-timeout=-5"], "--request-timeout must be a number of seconds more than 0 and at most 3600"),
        (["--request-timeout", "3600.5"], "--request-timeout must be a number of seconds more than 0 and at most 3600"),
        (["--max-retries=-1"], "--max-retries must be from 0 to 100, not -1"),
        (["--max-retries", "101"], "--max-retries must be from 0 to 100, not 101"),
        (["--max-retries", "9223372036854775807"], "--max-retries must be from 0 to 100, not 9223372036854775807"),
    ]

    @Test("--request-timeout and --max-retries, in every command that takes them", arguments: apiOptionCases)
    func apiOptions(arguments: [String], message: String) async throws {
        try await APICommandTests.withSimulator { handle in
            for command in Self.commands {
                let result = try await CLI.run(command + ["--api-url", handle.baseURL] + arguments,
                                               environment: ["ENTRYGUARD_TOKEN": APICommandTests.token])
                #expect(result.status == 1, "\(command) \(arguments): \(result.stderr)")
                #expect(result.stderr.contains("Error: \(message)"), "\(command) \(arguments): \(result.stderr)")
            }
            #expect(await handle.requestLog().isEmpty)
        }
    }

    @Test("apply --concurrency 1 to 256 and --max-unassign 0 or more; near Int.max with --plan too", arguments: [
        (["--concurrency", "0"], "--concurrency must be from 1 to 256, not 0"),
        (["--concurrency", "257"], "--concurrency must be from 1 to 256, not 257"),
        (["--concurrency", "9223372036854775807"], "--concurrency must be from 1 to 256, not 9223372036854775807"),
        (["--max-unassign=-1"], "--max-unassign must be 0 or more, not -1"),
    ])
    func applyOptions(arguments: [String], message: String) async throws {
        try await APICommandTests.withSimulator { handle in
            let plan = try CLI.temporaryFile("plan.json", contents: "")
            let saved = try await CLI.run(["plan", "examples/policies", "--api-url", handle.baseURL, "--out", plan],
                                          environment: ["ENTRYGUARD_TOKEN": APICommandTests.token])
            #expect(saved.status == 0, "\(saved.stderr)")
            let before = await handle.requestLog().count
            for command in [["apply", "examples/policies", "--auto-approve"], ["apply", "--plan", plan], ["apply", "examples/policies", "--dry-run"]] {
                let result = try await CLI.run(command + ["--api-url", handle.baseURL] + arguments,
                                               environment: ["ENTRYGUARD_TOKEN": APICommandTests.token])
                #expect(result.status == 1, "\(command) \(arguments): \(result.stderr)")
                #expect(result.stderr.contains("Error: \(message)"), "\(command) \(arguments): \(result.stderr)")
            }
            #expect(await handle.requestLog().count == before)
        }
    }

    @Test("the ranges are in the help text")
    func rangesInHelp() async throws {
        /// The help text with its line wrapping undone.
        func help(_ command: String) async throws -> String {
            try await CLI.run([command, "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let apply = try await help("apply")
        for text in ["(1 to 256)", "(0 or more)", "(0 to 100)", "(more than 0, at most 3600)"] {
            #expect(apply.contains(text), "\(text)")
        }
        for command in ["plan", "drift", "import"] {
            let text = try await help(command)
            #expect(text.contains("(0 to 100)") && text.contains("(more than 0, at most 3600)"), "\(command)")
        }
    }

    @Test("an API URL with a port outside 1 to 65535, from --api-url or ENTRYGUARD_API_URL: refused, naming the range", arguments: [
        "http://127.0.0.1:65536/api/v1", "http://127.0.0.1:99999/api/v1", "https://api.example.com:0/api/v1",
    ])
    func apiURLPort(url: String) async throws {
        for (arguments, environment) in [(["--api-url", url], [String: String]()), ([], ["ENTRYGUARD_API_URL": url])] {
            for command in [["plan", "examples/policies"], ["import"], ["apply", "examples/policies", "--auto-approve"]] {
                var env = environment
                env["ENTRYGUARD_TOKEN"] = APICommandTests.token
                let result = try await CLI.run(command + arguments + ["--max-retries", "0"], environment: env)
                #expect(result.status == 1, "\(command) \(url): \(result.stderr)")
                #expect(result.stderr.contains("error: API URL '\(url)' has port"), "\(command) \(url): \(result.stderr)")
                #expect(result.stderr.contains("a port is from 1 to 65535"), "\(result.stderr)")
            }
        }
    }
}
