import Foundation
import PolicyModel

/// Standard output and error, and what the environment says about them.
enum Console {
    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Diagnostics to stderr, one a line: `PATH:LINE:COLUMN: error: MESSAGE`.
    static func report(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        standardError(diagnostics.map(\.description).joined(separator: "\n"))
    }

    /// Colors only on a terminal, never when NO_COLOR is set (CONTRACT §7).
    static func colorsEnabled(disabledByFlag: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard !disabledByFlag, isatty(STDOUT_FILENO) == 1 else { return false }
        return (environment["NO_COLOR"] ?? "").isEmpty
    }
}
