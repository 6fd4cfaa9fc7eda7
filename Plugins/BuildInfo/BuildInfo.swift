import Foundation
import PackagePlugin

/// Writes `BuildCommit.swift` (the git commit the binary is built from) before every build of the
/// target, so `egpolicy --version` and `egpolicy_build_info` name it: in a fresh clone, in a worktree,
/// and in `scripts/release`. `EGPOLICY_COMMIT` in the build's environment overrides git (a build from
/// a source tarball or a container context without `.git`); without either the commit is "unknown".
/// The file is rewritten only when its text changes, so an unchanged commit recompiles nothing.
@main
struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuildInfo")
        let environment = ProcessInfo.processInfo.environment
        let searchPath = (environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        let git = searchPath.map { $0 + "/git" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? ""
        return [
            .prebuildCommand(
                displayName: "Recording the git commit of \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", Self.script, "build-info", context.package.directoryURL.path, output.path, git],
                environment: ["EGPOLICY_COMMIT": environment["EGPOLICY_COMMIT"] ?? ""],
                outputFilesDirectory: output
            ),
        ]
    }

    /// `$1` the package directory, `$2` the output directory, `$3` git (may be empty). The commit is
    /// the package directory's own: `--show-prefix` is empty only at the top of a work tree, so a
    /// source tree unpacked inside another repository does not take that repository's commit.
    /// `-dirty` marks a build from a work tree with changes not committed.
    static let script = #"""
        commit="$EGPOLICY_COMMIT"
        if [ -z "$commit" ] && [ -n "$3" ] && cd "$1" 2>/dev/null \
           && [ "$("$3" rev-parse --show-prefix 2>/dev/null)" = "" ] && [ "$("$3" rev-parse --is-inside-work-tree 2>/dev/null)" = true ]; then
          commit=$("$3" rev-parse HEAD 2>/dev/null) || commit=""
          if [ -n "$commit" ] && ! "$3" --no-optional-locks diff --quiet HEAD -- 2>/dev/null; then commit="$commit-dirty"; fi
        fi
        case "$commit" in ''|*[!0-9A-Za-z._-]*) commit=unknown ;; esac
        mkdir -p "$2" || exit 1
        new="$2/BuildCommit.swift.new"
        printf '// Generated before each build by Plugins/BuildInfo: the commit this binary is built from.\nenum BuildCommit {\n    static let id = "%s"\n}\n' "$commit" >"$new" || exit 1
        if cmp -s "$new" "$2/BuildCommit.swift"; then rm -f "$new"; else mv -f "$new" "$2/BuildCommit.swift"; fi
        """#
}
