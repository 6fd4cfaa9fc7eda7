import Dispatch
import Foundation
import Synchronization

/// `body` of consecutive runs of `0..<count`, the runs on all cores (four a core, so one slow run
/// does not hold the rest back); the results in the runs' order, whatever the scheduling.
func inRuns<T: Sendable>(of count: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    let runs = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
    let results = Mutex([T?](repeating: nil, count: runs))
    DispatchQueue.concurrentPerform(iterations: runs) { run in
        let result = body(count * run / runs..<count * (run + 1) / runs)
        results.withLock { $0[run] = result }
    }
    return results.withLock { $0.map { $0! } }
}
