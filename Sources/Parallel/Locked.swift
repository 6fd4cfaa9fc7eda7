import NIOConcurrencyHelpers

/// A value behind a lock, shared by tasks and threads: what every module here locks with.
///
/// swift-nio's `NIOLockedValueBox` (a pthread mutex), not the standard library's
/// `Synchronization.Mutex`: on Linux (Swift 6.3.1) ThreadSanitizer does not see `Mutex`'s futex,
/// and reports every access it guards as a race. A 12-line program of 8 threads appending under
/// one `Mutex` drew 5 reports, the same under a pthread mutex none, and `swift test
/// --sanitize=thread` over the API client's, the executor's and `Parallel`'s tests reported only
/// `Mutex`-guarded state (22–35 reports, all in the pacer and `Admission`).
/// Copies share the one lock and value.
public struct Locked<Value> {
    private let box: NIOLockedValueBox<Value>

    public init(_ value: Value) {
        box = NIOLockedValueBox(value)
    }

    /// Runs `body` on the value, holding the lock.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try box.withLockedValue(body)
    }
}

extension Locked: Sendable where Value: Sendable {}
