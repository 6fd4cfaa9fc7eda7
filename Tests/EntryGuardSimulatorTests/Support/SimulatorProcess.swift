import EntryGuardSimulator
import Foundation
import TestSupport

/// The built `entryguard-sim` executable, run as a child process.
///
/// `swift build` and `swift test` build it into the same directory as the test bundle; when it is not
/// there (e.g. `swift build --product egpolicy` only), build it with `swift build --product entryguard-sim`.
final class SimulatorProcess: @unchecked Sendable {
    private let process = Process()
    private let stdout = Pipe()
    private let exits: AsyncStream<Int32>

    /// Where the executable is: next to the test bundle or up to 3 directories above it, else
    /// `<package root>/.build/debug/entryguard-sim`.
    static func executable() throws -> URL {
        var candidates: [URL] = []
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0...3 {
            candidates.append(directory.appendingPathComponent("entryguard-sim"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: Repository.root).appendingPathComponent(".build/debug/entryguard-sim"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw SimulatorError("entryguard-sim is not built; run `swift build --product entryguard-sim` (looked at "
                + candidates.map(\.path).joined(separator: ", ") + ")")
        }
        return found
    }

    /// Starts the executable with `arguments`.
    init(arguments: [String]) throws {
        process.executableURL = try Self.executable()
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        let (exits, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.exits = exits
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try process.run()
        // A safeguard against a hang, not a timing assertion: a simulator still running after five
        // minutes is killed, so its test fails instead of holding up the run.
        // Held weakly: a strong hold would keep the process's pipe open for the whole five minutes.
        let pid = process.processIdentifier
        Task.detached { [weak process] in
            try? await Task.sleep(for: .seconds(300))
            if let process, process.isRunning { kill(pid, SIGKILL) }
        }
    }

    deinit {
        if process.isRunning {
            process.terminate()
        }
    }

    /// The first line the process writes to stdout, without its newline; nil if it closes stdout first.
    func firstLine() async -> String? {
        let handle = stdout.fileHandleForReading
        return await withCheckedContinuation { continuation in
            // A blocking read belongs on a thread of its own, not on the concurrency pool.
            DispatchQueue.global().async {
                var bytes: [UInt8] = []
                while true {
                    let data = handle.readData(ofLength: 1)
                    guard let byte = data.first else {
                        continuation.resume(returning: bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self))
                        return
                    }
                    if byte == UInt8(ascii: "\n") {
                        continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
                        return
                    }
                    bytes.append(byte)
                }
            }
        }
    }

    /// The rest of stdout, once the process has closed it.
    func remainingOutput() async -> String {
        let handle = stdout.fileHandleForReading
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: String(decoding: handle.readDataToEndOfFile(), as: UTF8.self))
            }
        }
    }

    /// Sends SIGTERM.
    func terminate() {
        process.terminate()
    }

    /// Waits for the process to exit and returns its status.
    func exitStatus() async -> Int32? {
        for await status in exits {
            return status
        }
        return nil
    }
}
