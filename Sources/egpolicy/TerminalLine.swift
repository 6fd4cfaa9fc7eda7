import Foundation
import Parallel

/// One line from stdin that a cancelled task stops waiting for. `readLine()` blocks in read(2)
/// and cannot be interrupted, so it runs on a thread of its own; on cancellation the wait ends
/// with `nil` and that thread is left blocked until the process exits, moments later.
enum TerminalLine {
    static func read() async -> String? {
        let waiting = Locked<CheckedContinuation<String?, Never>?>(nil)
        @Sendable func finish(_ line: String?) {
            waiting.withLock { continuation in
                continuation?.resume(returning: line)
                continuation = nil
            }
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiting.withLock { $0 = continuation }
                if Task.isCancelled { finish(nil); return }
                Thread.detachNewThread { finish(readLine()) }
            }
        } onCancel: {
            finish(nil)
        }
    }
}
