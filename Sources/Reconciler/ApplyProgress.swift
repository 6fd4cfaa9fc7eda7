import Foundation
import PolicyModel
import Parallel

/// Counts finished changes, and with `--end-sessions` finished session stops, for the progress
/// line on stderr (README, "apply"): rewritten in place on a terminal, a plain line at least every
/// 10 seconds elsewhere (CI logs).
public final class ApplyProgress: Sendable {
    private struct Counts {
        var done = 0
        var failed = 0
        var stopsDone = 0
        var stopsFailed = 0
    }

    public let total: Int
    /// The session stops the plan lists (0 without `--end-sessions`: the line does not mention them).
    public let stopsTotal: Int
    private let counts = Locked(Counts())
    private let write: @Sendable (String) -> Void
    private let liveLine: Bool

    public init(total: Int, stops: Int = 0, liveLine: Bool, write: @escaping @Sendable (String) -> Void) {
        self.total = total
        self.stopsTotal = stops
        self.liveLine = liveLine
        self.write = write
    }

    func record(_ status: ChangeStatus) {
        let snapshot = counts.withLock { counts in
            counts.done += 1
            if status == .failed { counts.failed += 1 }
            return counts
        }
        if liveLine { write("\r\(line(snapshot))") }
    }

    /// A stop that ended: sent and answered, or found ended before it was sent.
    func record(_ status: StopStatus) {
        let snapshot = counts.withLock { counts in
            counts.stopsDone += 1
            if status == .failed { counts.stopsFailed += 1 }
            return counts
        }
        if liveLine { write("\r\(line(snapshot))") }
    }

    /// The current line: `apply: 120/2000 changes done (6%), 0 failed`, and with stops
    /// `…, 0 failed; session stops 3/7 done, 0 failed`.
    public var line: String {
        line(counts.withLock { $0 })
    }

    private func line(_ counts: Counts) -> String {
        let percent = total == 0 ? 100 : counts.done * 100 / total
        let changes = "apply: \(counts.done)/\(total) changes done (\(percent)%), \(counts.failed) failed"
        guard stopsTotal > 0 else { return changes }
        return changes + "; session stops \(counts.stopsDone)/\(stopsTotal) done, \(counts.stopsFailed) failed"
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
