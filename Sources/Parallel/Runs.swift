#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation

/// Both results, the two computed on two threads at once: for two independent parts of one step
/// (a plan's diff and its policy digest; an answer's decoding and its check for an echoed secret).
///
/// `second` runs on a thread of its own and `first` on the caller's, so `first` may itself spread
/// over all cores (`inRuns`): libdispatch runs a `concurrentPerform` nested in another with the
/// cores divided between them, which left a plan's diff on one core while the digest, done long
/// before, left the other idle. Where POSIX threads are not at hand the two run one after the other.
public func bothAtOnce<First, Second: Sendable>(_ first: () -> First, _ second: @Sendable () -> Second) -> (First, Second) {
    #if canImport(Glibc)
    let slot = UnsafeMutablePointer<Second?>.allocate(capacity: 1)
    slot.initialize(to: nil)
    defer {
        slot.deinitialize(count: 1)
        slot.deallocate()
    }
    return withoutActuallyEscaping(second) { second in
        // Retained until the thread is joined, so nothing holds `second` once this returns.
        let job = Unmanaged.passRetained(ThreadBody { slot.pointee = second() })
        defer { job.release() }
        var thread = pthread_t()
        guard pthread_create(&thread, nil, { context in
            Unmanaged<ThreadBody>.fromOpaque(context!).takeUnretainedValue().run()
            return nil
        }, job.toOpaque()) == 0 else {
            return (first(), second())
        }
        let firstValue = first()
        pthread_join(thread, nil)
        return (firstValue, slot.pointee!)
    }
    #else
    return (first(), second())
    #endif
}

/// The work a thread of `bothAtOnce` does.
private final class ThreadBody {
    let run: () -> Void

    init(_ run: @escaping () -> Void) {
        self.run = run
    }
}

/// `body` of consecutive runs of `0..<count`, the runs on all cores (four a core, so one slow run
/// does not hold the rest back); the results in the runs' order, whatever the scheduling.
public func inRuns<T: Sendable>(of count: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    let runs = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
    let results = Locked([T?](repeating: nil, count: runs))
    DispatchQueue.concurrentPerform(iterations: runs) { run in
        let result = body(count * run / runs..<count * (run + 1) / runs)
        results.withLock { $0[run] = result }
    }
    return results.withLock { $0.map { $0! } }
}

/// `transform` of each of `0..<count`, computed in runs on all cores as `inRuns` computes them, in
/// order. Each result is written straight into its place in the array returned, so no run's part
/// is copied into the whole (for arrays of structs that hold references, a retain per field).
public func mapInRuns<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    Array(unsafeUninitializedCapacity: count) { buffer, initialized in
        // The runs write disjoint places; the array is read only once every run has returned.
        nonisolated(unsafe) let base = buffer.baseAddress
        _ = inRuns(of: count) { range in
            for index in range { (base! + index).initialize(to: transform(index)) }
        }
        initialized = count
    }
}
