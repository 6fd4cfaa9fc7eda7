import Foundation
import PolicyModel
import Synchronization

/// Counts finished changes for the progress line on stderr (README, "apply"): rewritten in place on a
/// terminal, a plain line at least every 10 seconds elsewhere (CI logs).
public final class ApplyProgress: Sendable {
    private struct Counts {
        var done = 0
        var failed = 0
    }

    public let total: Int
    private let counts = Mutex(Counts())
    private let write: @Sendable (String) -> Void
    private let liveLine: Bool

    public init(total: Int, liveLine: Bool, write: @escaping @Sendable (String) -> Void) {
        self.total = total
        self.liveLine = liveLine
        self.write = write
    }

    func record(_ status: ChangeStatus) {
        let snapshot = counts.withLock { counts in
            counts.done += 1
            if status == .failed { counts.failed += 1 }
            return counts
        }
        if liveLine { write("\r\(Self.line(snapshot.done, total, snapshot.failed))") }
    }

    /// The current line: `apply: 120/2000 changes done (6%), 0 failed`.
    public var line: String {
        let snapshot = counts.withLock { $0 }
        return Self.line(snapshot.done, total, snapshot.failed)
    }

    private static func line(_ done: Int, _ total: Int, _ failed: Int) -> String {
        let percent = total == 0 ? 100 : done * 100 / total
        return "apply: \(done)/\(total) changes done (\(percent)%), \(failed) failed"
    }

    /// Runs `body` while reporting: on a terminal each change updates the line; otherwise a line
    /// goes out every `interval` until `body` returns, and a final one after.
    public func reporting<Result: Sendable>(every interval: Duration = .seconds(10),
                                            _ body: () async -> Result) async -> Result {
        let result = await withTaskGroup(of: Void.self) { group in
            if !liveLine {
                group.addTask {
                    while (try? await Task.sleep(for: interval)) != nil {
                        self.write(self.line + "\n")
                    }
                }
            }
            let result = await body()
            group.cancelAll()
            return result
        }
        write((liveLine ? "\r" : "") + line + "\n")
        return result
    }
}
