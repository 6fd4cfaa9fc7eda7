import Dispatch
import Foundation
import Synchronization

/// Both results, the two computed on two threads at once: for two independent parts of one step
/// (a plan's diff and its policy digest; an answer's decoding and its check for an echoed secret).
public func bothAtOnce<First: Sendable, Second: Sendable>(_ first: @Sendable () -> First, _ second: @Sendable () -> Second)
    -> (First, Second)
{
    let results = Mutex<(First?, Second?)>((nil, nil))
    DispatchQueue.concurrentPerform(iterations: 2) { index in
        if index == 0 {
            let value = first()
            results.withLock { $0.0 = value }
        } else {
            let value = second()
            results.withLock { $0.1 = value }
        }
    }
    return results.withLock { ($0.0!, $0.1!) }
}

/// `body` of consecutive runs of `0..<count`, the runs on all cores (four a core, so one slow run
/// does not hold the rest back); the results in the runs' order, whatever the scheduling.
public func inRuns<T: Sendable>(of count: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    let runs = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
    let results = Mutex([T?](repeating: nil, count: runs))
    DispatchQueue.concurrentPerform(iterations: runs) { run in
        let result = body(count * run / runs..<count * (run + 1) / runs)
        results.withLock { $0[run] = result }
    }
    return results.withLock { $0.map { $0! } }
}
