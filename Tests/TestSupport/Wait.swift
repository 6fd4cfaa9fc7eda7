import Foundation

/// A test's wait for something another party does (a process, the simulator), bounded: a condition
/// that never comes fails the test instead of hanging the run. The bound is a safeguard, never a
/// timing assertion — it is far above what any machine needs.
public enum Wait {
    public struct GaveUp: Error, CustomStringConvertible {
        public let description: String
    }

    /// The default bound: two minutes.
    public static let limit: Duration = .seconds(120)

    /// Polls `condition` every `interval` until it holds. Gives up with `GaveUp` naming `what` after
    /// `limit`, or at once when `alive` says the party it waits for has gone (a process that exited
    /// cannot still do it).
    public static func until(_ what: @autoclosure () -> String, limit: Duration = Wait.limit,
                             interval: Duration = .milliseconds(10), alive: () -> Bool = { true },
                             _ condition: () async throws -> Bool) async throws {
        let giveUp = ContinuousClock.now + limit
        while try await !condition() {
            guard alive() else { throw GaveUp(description: "gave up waiting for \(what()): the process exited first") }
            guard ContinuousClock.now < giveUp else { throw GaveUp(description: "gave up waiting for \(what()) after \(limit)") }
            try await Task.sleep(for: interval)
        }
    }
}
