import Foundation

/// Runs the built `egpolicy` binary as a user would, from the package root.
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The binary next to the test bundle (SwiftPM builds it because the test target depends on it).
    static let binary: String = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("egpolicy").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return packageRoot + "/.build/debug/egpolicy"
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Output goes through files, not pipes, so a large plan cannot block the child. The wait for
    /// the child is a continuation, not `waitUntilExit()`: a blocked thread of the small concurrency
    /// pool could starve the in-process simulator the child talks to.
    static func run(_ arguments: [String], environment: [String: String] = [:], inTerminal: Bool = false,
                    input: String? = nil) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("egpolicy-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        if inTerminal {
            // util-linux `script` gives the child a pseudo-terminal; its output is the terminal's.
            let command = ([binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qefc", command, "/dev/null"]
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var env = ProcessInfo.processInfo.environment
        for key in ["NO_COLOR", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "ENTRYGUARD_API_URL", "ENTRYGUARD_TOKEN", "ENTRYGUARD_API_KEY", "ENTRYGUARD_CA_FILE",
                    "ENTRYGUARD_ORG", "ENTRYGUARD_EMAIL", "ENTRYGUARD_PASSWORD", "ENTRYGUARD_TOTP_SECRET", "ENTRYGUARD_MFA_CODE"] {
            env[key] = nil
        }
        // No stored login of the machine's user may stand in for the credentials a test gives.
        env["XDG_CONFIG_HOME"] = scratch.appendingPathComponent("config").path
        env.merge(environment) { _, new in new }
        process.environment = env
        if let input {
            let inputURL = scratch.appendingPathComponent("in")
            try Data(input.utf8).write(to: inputURL)
            process.standardInput = try FileHandle(forReadingFrom: inputURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let (exits, exited) = AsyncStream.makeStream(of: Void.self)
        process.terminationHandler = { _ in
            exited.yield()
            exited.finish()
        }
        try process.run()
        for await _ in exits {}
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    static func temporaryFile(_ name: String, contents: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("egpolicy-tmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
