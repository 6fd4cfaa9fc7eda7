import Foundation
import PolicyModel
import Rendering

/// Standard output and error, and what the environment says about them.
enum Console {
    static let environment = ProcessInfo.processInfo.environment
    /// Running as a GitHub Actions step (README, "CI").
    static var inGitHubActions: Bool { environment["GITHUB_ACTIONS"] == "true" }

    static func standardOutput(_ text: String) {
        // The string's own bytes, not a copy: a plan of heavy drift is megabytes of text.
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none))
        }
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Diagnostics to stderr, one a line: `PATH:LINE:COLUMN: error: MESSAGE`; in GitHub Actions also
    /// as annotations. They go to stderr too (the runner reads workflow commands from both streams),
    /// so stdout stays a clean plan, JSON included. Paths and messages are escaped here, at the sink:
    /// a file name with a line break would otherwise start a line of its own (a workflow command).
    static func report(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        var lines = diagnostics.map(\.printable.description)
        if inGitHubActions { lines += diagnostics.map(GitHubAnnotations.render) }
        standardError(lines.joined(separator: "\n"))
    }

    /// In GitHub Actions, the diagnostics' annotations alone (their text is elsewhere, as data).
    static func annotate(_ diagnostics: [Diagnostic]) {
        guard inGitHubActions, !diagnostics.isEmpty else { return }
        standardError(diagnostics.map(GitHubAnnotations.render).joined(separator: "\n"))
    }

    /// In GitHub Actions: a warning annotation per drifted role, and the Markdown plan appended to
    /// the step summary when `GITHUB_STEP_SUMMARY` names a file.
    static func publish(_ plan: Plan, context: MarkdownContext) {
        guard inGitHubActions else { return }
        let warnings = GitHubAnnotations.driftWarnings(plan)
        if !warnings.isEmpty { standardError(warnings.joined(separator: "\n")) }
        guard let summary = environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty else { return }
        let markdown = Data((PlanMarkdown.render(plan, context: context) + "\n").utf8)
        if let handle = FileHandle(forWritingAtPath: summary) {
            handle.seekToEndOfFile()
            handle.write(markdown)
            handle.closeFile()
        } else if !FileManager.default.createFile(atPath: summary, contents: markdown) {
            standardError("warning: cannot write the step summary \(PrintableText.escaped(summary))")
        }
    }

    /// The head and base commits of a GitHub pull-request event (`GITHUB_EVENT_PATH`): in such a run
    /// `GITHUB_SHA` is the merge commit GitHub made, not the commit the author pushed.
    static func gitHubPullRequest() -> (head: String?, base: String?) {
        guard inGitHubActions, let path = environment["GITHUB_EVENT_PATH"], !path.isEmpty,
              let data = FileManager.default.contents(atPath: path),
              let event = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let pullRequest = (event["pull_request"] ?? event["merge_group"]) as? [String: Any]
        else { return (nil, nil) }
        func sha(_ key: String) -> String? {
            if let ref = pullRequest[key] as? [String: Any] { return ref["sha"] as? String }
            return pullRequest[key + "_sha"] as? String // merge_group: head_sha, base_sha
        }
        return (sha("head"), sha("base"))
    }

    /// Colors only on a terminal, never when NO_COLOR is set (README, "CI").
    static func colorsEnabled(disabledByFlag: Bool) -> Bool {
        guard !disabledByFlag, isatty(STDOUT_FILENO) == 1 else { return false }
        return (environment["NO_COLOR"] ?? "").isEmpty
    }
}
