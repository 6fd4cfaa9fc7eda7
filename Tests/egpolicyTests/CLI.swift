import Foundation
import TestSupport

/// Runs the built `egpolicy` binary as a user would, from the package root.
enum CLI {

    /// The binary next to the test bundle (SwiftPM builds it because the test target depends on it).
    static let binary: String = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("egpolicy").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return Repository.root + "/.build/debug/egpolicy"
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
        let scratch = Scratch.root.appendingPathComponent("egpolicy-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Self.process(arguments, terminal: inTerminal, environment: environment,
                                   configHome: scratch.appendingPathComponent("config").path)
        var handles: [FileHandle] = []
        // Closed by hand once the child has exited: Foundation's Process keeps its handles (and so
        // their descriptors) as long as it lives, and a run of the suite would pile up a thousand.
        defer { for handle in handles { try? handle.close() } }
        if let input {
            let inputURL = scratch.appendingPathComponent("in")
            try Data(input.utf8).write(to: inputURL)
            handles.append(try FileHandle(forReadingFrom: inputURL))
            process.standardInput = handles.last
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        handles.append(try FileHandle(forWritingTo: outURL))
        process.standardOutput = handles.last
        handles.append(try FileHandle(forWritingTo: errURL))
        process.standardError = handles.last
        let (exits, exited) = AsyncStream.makeStream(of: Void.self)
        process.terminationHandler = { _ in
            exited.yield()
            exited.finish()
        }
        try process.run()
        watch(process)
        for await _ in exits {}
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// The test process's environment without anything that would change what egpolicy does (colors,
    /// CI, every ENTRYGUARD_ variable), with `XDG_CONFIG_HOME` at `configHome` — no stored login of the
    /// machine's user may stand in for the credentials a test gives — and `extra` on top.
    static func environment(_ extra: [String: String], configHome: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ENTRYGUARD_") }
        for key in ["NO_COLOR", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"] { environment[key] = nil }
        environment["XDG_CONFIG_HOME"] = configHome
        return environment.merging(extra) { _, new in new }
    }

    /// The binary, from the package root, with the cleaned environment; under util-linux `script` when
    /// `terminal` (a pseudo-terminal: its output is the terminal's).
    static func process(_ arguments: [String], terminal: Bool, environment extra: [String: String], configHome: String) -> Process {
        let process = Process()
        if terminal {
            // `exec`: script runs the command with $SHELL -c, and a shell that forks (dash, CI's
            // /bin/sh) would stand between script and egpolicy — a signal meant for egpolicy would
            // reach the shell instead.
            let command = "exec " + ([binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qefc", command, "/dev/null"]
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
        process.environment = environment(extra, configHome: configHome)
        return process
    }

    /// Starts the binary without waiting for it (in a pseudo-terminal under util-linux `script` when
    /// `terminal`), stdin a FIFO that the returned handle writes to, stdout and stderr into `output`.
    static func start(_ arguments: [String], terminal: Bool, output: String, environment extra: [String: String],
                      configHome: String = Scratch.root.appendingPathComponent("egpolicy-config-\(UUID().uuidString)").path)
        throws -> (process: Process, exits: AsyncStream<Int32>, input: FileHandle)
    {
        let fifo = Scratch.root.appendingPathComponent("egpolicy-fifo-\(UUID().uuidString)").path
        guard mkfifo(fifo, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        // Opened for reading and writing, so neither side waits for the other and no EOF comes.
        guard let input = FileHandle(forUpdatingAtPath: fifo) else { throw CocoaError(.fileReadUnknown) }
        let process = process(arguments, terminal: terminal, environment: extra, configHome: configHome)
        process.standardInput = input
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let written = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardOutput = written
        process.standardError = written
        let (exits, exited) = AsyncStream.makeStream(of: Int32.self)
        // The output's descriptor is closed when the child exits, not when the Process goes away.
        process.terminationHandler = { try? written.close(); exited.yield($0.terminationStatus); exited.finish() }
        try process.run()
        watch(process)
        return (process, exits, input)
    }

    /// How long a child may run before `watch` ends it: far above what any command of the tests needs
    /// on a busy machine — a safeguard against a hang, not a timing assertion.
    static let processLimit: Duration = .seconds(300)

    /// Kills the child (SIGKILL) if it still runs after `processLimit`, so a child that waits forever
    /// fails its test instead of hanging the whole run. The watch holds the process weakly: holding
    /// it would keep its file handles open for the whole limit, and a run of hundreds of tests would
    /// exhaust a 1,024-descriptor limit.
    static func watch(_ process: Process) {
        let pid = process.processIdentifier
        Task.detached { [weak process] in
            try? await Task.sleep(for: processLimit)
            if let process, process.isRunning { kill(pid, SIGKILL) }
        }
    }

    static func temporaryFile(_ name: String, contents: String) throws -> String {
        let directory = Scratch.root.appendingPathComponent("egpolicy-tmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
