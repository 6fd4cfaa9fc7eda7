import Dispatch
import Foundation
import Reconciler

/// While `body` runs, SIGINT and SIGTERM go to apply's `StopRequest` instead of killing the process:
/// before the first change they end the reads or the prompt at once; once changes run, nothing new
/// starts, in-flight requests finish and the report is written (README, "apply").
enum SignalTrap {
    static func withTrap<Result>(_ stop: StopRequest, _ body: () async throws -> Result) async rethrows -> Result {
        let sources = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                stop.request("interrupted by \(name)")
                Console.standardError(stop.executing
                    ? "\(name): starting no new change; waiting for requests in flight, then writing the report"
                    : "\(name): stopping")
            }
            source.resume()
            return (number, source)
        }
        defer {
            for (number, source) in sources {
                source.cancel()
                signal(number, SIG_DFL)
            }
        }
        return try await body()
    }
}

extension SignalTrap {
    /// Runs `body` (a command's reads) so that SIGINT or SIGTERM cancel it instead of killing the
    /// process: the run unwinds, a service-user login is logged out on the way (README, "Credentials and logging in"), and
    /// the command ends with "interrupted by SIG…", exit 1.
    static func interruptible<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let stop = StopRequest()
        return try await withTrap(stop) {
            do {
                return try await stop.cancellable(body)
            } catch is ReconcileError where stop.requested != nil {
                throw ReconcileError.interrupted(stop.requested ?? "interrupted")
            }
        }
    }
}
