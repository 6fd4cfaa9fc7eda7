import Dispatch
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
