import Foundation

/// Programs of other projects that some tests hand output to (cmark-gfm, promtool, yamllint, bash):
/// found on `PATH`, and run with files rather than pipes. A test that needs one is disabled, not
/// passed, when it is missing.
public enum ExternalTool {
    /// The program's path, or nil when it is not installed.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `program` with `arguments`, `input` on stdin, in `directory`, and waits for it as `CLI.run`
    /// does: by its termination handler, never `waitUntilExit()`, which spins a run loop on a thread of
    /// the concurrency pool.
    public static func run(_ program: String, _ arguments: [String], input: String = "", directory: String? = nil,
                           environment: [String: String]? = nil) async throws -> Result {
        let scratch = Scratch.root.appendingPathComponent("egpolicy-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let paths = ["in", "out", "err"].map { scratch.appendingPathComponent($0) }
        try Data(input.utf8).write(to: paths[0])
        for path in paths.dropFirst() { _ = FileManager.default.createFile(atPath: path.path, contents: nil) }
        let handles = [try FileHandle(forReadingFrom: paths[0]), try FileHandle(forWritingTo: paths[1]), try FileHandle(forWritingTo: paths[2])]
        defer { for handle in handles { try? handle.close() } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        (process.standardInput, process.standardOutput, process.standardError) = (handles[0], handles[1], handles[2])
        let (exits, exited) = AsyncStream.makeStream(of: Void.self)
        process.terminationHandler = { _ in
            exited.yield()
            exited.finish()
        }
        try process.run()
        for await _ in exits {}
        return Result(status: process.terminationStatus, stdout: try String(contentsOf: paths[1], encoding: .utf8),
                      stderr: try String(contentsOf: paths[2], encoding: .utf8))
    }
}
